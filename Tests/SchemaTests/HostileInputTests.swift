import Foundation
import Schema
import XCTest

/// Issue 13, "bounded input, checked before work": hostile bytes give a clear error, never
/// a crash, a hang or a value the database would mangle.
final class HostileInputTests: XCTestCase {
    // MARK: Envelope fields

    func testNulInIdIsRefused() {
        let text = Samples.envelopeText(.quoteApproved).replacingOccurrences(
            of: "6f1c2c1e-2f0a-4f7e-9a51-3f9b1d2c0e11", with: #"6f1c\u0000-evil"#)
        assertEnvelopeError(text, equals: "field 'id' contains control characters")
    }

    func testFourKilobyteIdIsRefused() {
        let text = Samples.envelopeText(.quoteApproved).replacingOccurrences(
            of: "6f1c2c1e-2f0a-4f7e-9a51-3f9b1d2c0e11", with: String(repeating: "a", count: 4096))
        assertEnvelopeError(text, equals: "field 'id' is longer than 200 characters")
    }

    func testEnvelopeFieldLengthCountsCharactersNotBytes() throws {
        let chinese = String(repeating: "工", count: 200)  // 600 UTF-8 bytes, 200 characters
        let text = Samples.envelopeText(.quoteApproved).replacingOccurrences(of: "\"source\": \"test\"", with: "\"source\": \"\(chinese)\"")
        XCTAssertEqual(try Envelope.decode(Data(text.utf8)).source, chinese)
        let tooLong = text.replacingOccurrences(of: chinese, with: chinese + "工")
        assertEnvelopeError(tooLong, equals: "field 'source' is longer than 200 characters")
    }

    func testControlCharactersInTypeSourceAndIdsAreRefused() {
        // C0 (BEL, ESC, newline), DEL and C1 (NEL U+0085) are all Unicode Cc.
        for control in [#"\u0007"#, #"\u001b[31m"#, #"\n"#, "\u{7F}", "\u{85}"] {
            let type = Samples.envelopeText(.quoteApproved).replacingOccurrences(of: "quote.approved", with: "quote.\(control)approved")
            assertEnvelopeError(type, equals: "field 'type' contains control characters", control)
            let source = Samples.envelopeText(.quoteApproved).replacingOccurrences(of: "\"source\": \"test\"", with: "\"source\": \"te\(control)st\"")
            assertEnvelopeError(source, equals: "field 'source' contains control characters", control)
        }
        let correlation = Samples.envelopeText(.quoteApproved).replacingOccurrences(of: "CRM-20261122-0001", with: #"CRM\u0000"#)
        assertEnvelopeError(correlation, equals: "field 'correlationId' contains control characters")
        let causation = Samples.envelopeText(.quoteApproved).replacingOccurrences(of: "\"causationId\": null", with: "\"causationId\": \"\(String(repeating: "c", count: 201))\"")
        assertEnvelopeError(causation, equals: "field 'causationId' is longer than 200 characters")
    }

    func testTwoHundredCharacterIdIsAccepted() throws {
        let id = String(repeating: "a", count: 200)
        let text = Samples.envelopeText(.quoteApproved).replacingOccurrences(of: "6f1c2c1e-2f0a-4f7e-9a51-3f9b1d2c0e11", with: id)
        XCTAssertEqual(try Envelope.decode(Data(text.utf8)).id, id)
    }

    // MARK: JSON structure

    func testHundredThousandDeepNestingIsAnErrorNotACrash() {
        for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
            let deep = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
            assertEnvelopeError(#"{"id":"a","data":"# + deep + "}", prefix: "not JSON: nesting deeper than 64 levels")
            XCTAssertThrowsError(try JSONParser.parse(Data(deep.utf8)))
        }
    }

    func testNestingBoundIsSixtyFourLevelsIncludingTheEnvelope() throws {
        func envelope(dataDepth: Int) -> String {
            // `data` itself is level 2; each extra array adds one.
            let inner = String(repeating: "[", count: dataDepth - 2) + String(repeating: "]", count: dataDepth - 2)
            return Samples.envelopeText(.quoteApproved, data: #"{"ticketId": "TK-1", "x": "# + (inner.isEmpty ? "0" : inner) + "}")
        }
        XCTAssertNoThrow(try Envelope.decode(Data(envelope(dataDepth: 64).utf8)))
        assertEnvelopeError(envelope(dataDepth: 65), prefix: "not JSON: nesting deeper than 64 levels")
    }

    func testInvalidUTF8IsRefused() {
        let prefix = Array(#"{"id":"a","type":"quote.approved","version":1,"occurredAt":"2026-11-22T08:00:00Z","source":""#.utf8)
        let suffix = Array(#"","data":{"ticketId":"T"}}"#.utf8)
        for bad: [UInt8] in [[0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8]] {
            assertEnvelopeError(Data(prefix + bad + suffix), prefix: "not JSON: invalid UTF-8", "\(bad)")
        }
        // Outside strings any non-ASCII byte is simply not JSON.
        assertEnvelopeError(Data([0xEF, 0xBB, 0xBF] + Array(#"{"id":"a"}"#.utf8)), prefix: "not JSON: unexpected character")
    }

    func testDuplicateMemberNamesAreRefused() {
        let envelope = Samples.envelopeText(.quoteApproved).replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 1, \"id\": \"other\",")
        assertEnvelopeError(envelope, prefix: "not JSON: duplicate member name 'id' at byte")
        let nested = Samples.envelopeText(.quoteApproved, data: #"{"ticketId": "TK-1", "ticketId": "TK-2"}"#)
        assertEnvelopeError(nested, prefix: "not JSON: duplicate member name 'ticketId'")
        // A name that is not plain text is not quoted in the reason.
        let strange = Samples.envelopeText(.quoteApproved, data: #"{"ticketId": "TK-1", "a\nb": 1, "a\nb": 2}"#)
        assertEnvelopeError(strange, prefix: "not JSON: duplicate member name at byte ")
    }

    func testNumbersBeyondDoubleAreRefused() {
        for number in ["1e999", "-1e400", "1" + String(repeating: "0", count: 400)] {
            let text = Samples.envelopeText(.stockReceived, data: #"{"partNumber": "P", "warehouseId": "W", "quantity": "# + number + "}")
            assertEnvelopeError(text, prefix: "not JSON: number out of range", number)
        }
    }

    // MARK: NUL in payload strings

    func testNulInAnyPayloadStringIsAFieldErrorAtItsPath() throws {
        let codes = Validation.codes(.requestSubmitted) { data in
            data = data.setting(["customer", "name"], to: "王\u{0}小明").setting(["description"], to: "leak\u{0}")
        }
        XCTAssertEqual(codes, ["customer.name: invalid-format", "description: invalid-format"])
        XCTAssertEqual(Validation.codes(.partsConsumed) { $0 = $0.setting(["lines"], to: [["partNumber": "P\u{0}", "quantity": 1]]) },
                       ["lines[0].partNumber: invalid-format"])
        // Unknown fields too: a service storing the raw data as jsonb could not store it either.
        XCTAssertEqual(Validation.codes(.ticketAssigned) { $0 = $0.setting(["note"], to: ["deep": ["\u{0}"]]) },
                       ["note.deep[0]: invalid-format"])
        // A NUL in a member name is reported at the object holding it.
        XCTAssertEqual(Validation.codes(.kpiSnapshot) { $0 = $0.setting(["figures"], to: ["a\u{0}b": 1]) },
                       ["figures: invalid-format"])
    }

    func testNulCheckRunsForEveryEventType() throws {
        for type in EventType.allCases {
            var data = try JSONParser.parse(Data(Samples.data[type]!.utf8))
            data = data.setting(["injected"], to: "\u{0}")
            XCTAssertEqual(Validation.codes(type, data: data), ["injected: invalid-format"], type.rawValue)
        }
    }

    func testNulCheckReportsAtMostTwentyErrors() {
        let many = JSONValue.array(Array(repeating: .string("\u{0}"), count: 500))
        XCTAssertEqual(Validation.codes(.ticketAssigned) { $0 = $0.setting(["junk"], to: many) }.count, UnstorableText.maxErrors)
    }

    // MARK: Numbers that would overflow

    func testTwoToTheFiftyThirdQuantityIsAFieldError() throws {
        let data = #"{"partNumber": "P", "warehouseId": "W", "quantity": 9007199254740992}"#
        XCTAssertEqual(try Validation.codes(envelopeOf: .stockReceived, dataText: data), ["quantity: out-of-range"])
        let line = #"{"ticketId": "TK-1", "lines": [{"partNumber": "P", "quantity": 9007199254740992}]}"#
        XCTAssertEqual(try Validation.codes(envelopeOf: .partsConsumed, dataText: line), ["lines[0].quantity: out-of-range"])
    }

    func testIntegersBeyondTwoToTheFiftyThirdOrFractionalAreTypeErrorsNotTraps() throws {
        for number in ["1e300", "-1e300", "18446744073709551616", "2.5", "1e-3"] {
            let data = #"{"partNumber": "P", "warehouseId": "W", "quantity": "# + number + "}"
            XCTAssertEqual(try Validation.codes(envelopeOf: .stockReceived, dataText: data), ["quantity: invalid-type"], number)
        }
    }

    func testThousandLineDiagnosisIsRefusedWithOneListError() {
        let lines = JSONValue.array(Array(repeating: ["partNumber": "P", "quantity": 0], count: 1_000))
        let codes = Validation.codes(.diagnosisReported) { $0 = $0.setting(["parts"], to: lines) }
        XCTAssertEqual(codes.first, "parts: too-long")
        XCTAssertEqual(codes.count, 1 + 100, "the list error, then the first 100 lines' errors only")
        let hundred = JSONValue.array(Array(repeating: ["partNumber": "P", "quantity": 1], count: 100))
        XCTAssertEqual(Validation.codes(.diagnosisReported) { $0 = $0.setting(["parts"], to: hundred) }, [])
    }

    func testTwoToTheThirtyFirstDayLeadTimeIsAFieldError() {
        XCTAssertEqual(Validation.codes(.partUpserted) { $0 = $0.setting(["leadTimeDays"], to: 2_147_483_648) },
                       ["leadTimeDays: out-of-range"])
        XCTAssertEqual(Validation.codes(.partUpserted) { $0 = $0.setting(["leadTimeDays"], to: 366) }, ["leadTimeDays: out-of-range"])
        XCTAssertEqual(Validation.codes(.partUpserted) { $0 = $0.setting(["leadTimeDays"], to: 365) }, [])
    }

    func testOtherNumericBounds() {
        XCTAssertEqual(Validation.codes(.technicianUpserted) { $0 = $0.setting(["dailyCapacity"], to: 1_001) }, ["dailyCapacity: out-of-range"])
        XCTAssertEqual(Validation.codes(.technicianUpserted) { $0 = $0.setting(["dailyCapacity"], to: 1_000) }, [])
        XCTAssertEqual(Validation.codes(.stockReceived) { $0 = $0.setting(["quantity"], to: 100_001) }, ["quantity: out-of-range"])
        XCTAssertEqual(Validation.codes(.stockReceived) { $0 = $0.setting(["quantity"], to: 100_000) }, [])
        XCTAssertEqual(Validation.codes(.stockCounted) { $0 = $0.setting(["countedQuantity"], to: 10_000_001) }, ["countedQuantity: out-of-range"])
        XCTAssertEqual(Validation.codes(.stockCounted) { $0 = $0.setting(["countedQuantity"], to: 10_000_000) }, [])
        XCTAssertEqual(Validation.codes(.partUpserted) { $0 = $0.setting(["unitPrice"], to: 10_000_000.01) }, ["unitPrice: out-of-range"])
        XCTAssertEqual(Validation.codes(.partUpserted) { $0 = $0.setting(["unitPrice"], to: "NaN") }, ["unitPrice: out-of-range"])
        XCTAssertEqual(Validation.codes(.partUpserted) { $0 = $0.setting(["reorderPoint"], to: 10_000_001) }, ["reorderPoint: out-of-range"])
        XCTAssertEqual(Validation.codes(.diagnosisReported) { $0 = $0.setting(["quote", "labour"], to: 1e12) }, ["quote.labour: out-of-range"])
        XCTAssertEqual(Validation.codes(.warehouseUpserted) { $0 = $0.setting(["location"], to: ["lat": "Infinity", "lon": 0]) },
                       ["location.lat: out-of-range"])
        XCTAssertEqual(Validation.codes(.partsReserved) { $0 = $0.setting(["lines"], to: 1) }, ["lines: invalid-type"])
        XCTAssertEqual(Validation.codes(.stockLow) { $0 = $0.setting(["reorderPoint"], to: -1) }, ["reorderPoint: out-of-range"])
        XCTAssertEqual(Validation.codes(.reorderSuggested) { $0 = $0.setting(["quantity"], to: 0) }, ["quantity: out-of-range"])
        XCTAssertEqual(Validation.codes(.surveyCompleted) { $0 = $0.setting(["average"], to: 7) }, ["average: out-of-range"])
    }

    // MARK: Strings

    func testIdsNamesAndTextAreBounded() {
        let long = JSONValue.string(String(repeating: "x", count: 201))
        XCTAssertEqual(Validation.codes(.assignmentAccepted) { $0 = $0.setting(["ticketId"], to: long) }, ["ticketId: too-long"])
        XCTAssertEqual(Validation.codes(.technicianUpserted) { $0 = $0.setting(["name"], to: long) }, ["name: too-long"])
        XCTAssertEqual(Validation.codes(.requestSubmitted) { $0 = $0.setting(["customer", "name"], to: long) }, ["customer.name: too-long"])
        XCTAssertEqual(Validation.codes(.partsConsumed) { $0 = $0.setting(["lines"], to: [["partNumber": long, "quantity": 1]]) },
                       ["lines[0].partNumber: too-long"])
        let essay = JSONValue.string(String(repeating: "漏", count: 2_001))
        XCTAssertEqual(Validation.codes(.requestSubmitted) { $0 = $0.setting(["description"], to: essay) }, ["description: too-long"])
        XCTAssertEqual(Validation.codes(.surveyAnswered) { $0 = $0.setting(["comment"], to: essay) }, ["comment: too-long"])
        XCTAssertEqual(Validation.codes(.alertRaised) { $0 = $0.setting(["message"], to: essay) }, ["message: too-long"])
        XCTAssertEqual(Validation.codes(.requestSubmitted) { $0 = $0.setting(["description"], to: .string(String(repeating: "漏", count: 2_000))) }, [])
    }

    func testDecodingOddIntegerTypesNeverRecurses() throws {
        struct Odd: Decodable, Equatable { var a: UInt; var b: UInt8; var c: Int16; var d: UInt64 }
        XCTAssertEqual(try JSONValueDecoder.decode(Odd.self, from: ["a": 1, "b": 255, "c": -3, "d": 7]), Odd(a: 1, b: 255, c: -3, d: 7))
        XCTAssertThrowsError(try JSONValueDecoder.decode(Odd.self, from: ["a": -1, "b": 0, "c": 0, "d": 0]))
        XCTAssertThrowsError(try JSONValueDecoder.decode(Odd.self, from: ["a": 0, "b": 256, "c": 0, "d": 0]))
    }

    // MARK: Helpers

    private func assertEnvelopeError(
        _ text: String, equals reason: String? = nil, prefix: String? = nil, _ note: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) {
        assertEnvelopeError(Data(text.utf8), equals: reason, prefix: prefix, note, file: file, line: line)
    }

    private func assertEnvelopeError(
        _ bytes: Data, equals reason: String? = nil, prefix: String? = nil, _ note: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            _ = try Envelope.decode(bytes)
            XCTFail("decoded \(note)", file: file, line: line)
        } catch {
            if let reason { XCTAssertEqual(error.reason, reason, note, file: file, line: line) }
            if let prefix { XCTAssertTrue(error.reason.hasPrefix(prefix), "\(error.reason) lacks \(prefix) \(note)", file: file, line: line) }
        }
    }
}
