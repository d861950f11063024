import Foundation
import Schema
import XCTest

/// Reading and writing the envelope (DESIGN.md "Envelope").
final class EnvelopeTests: XCTestCase {
    /// The example from DESIGN.md, verbatim (including the elided causation id).
    let designExample = """
        {
          "id": "6f1c2c1e-2f0a-4f7e-9a51-3f9b1d2c0e11",
          "type": "ticket.opened",
          "version": 1,
          "occurredAt": "2026-11-22T08:00:00Z",
          "source": "intake",
          "correlationId": "CRM-20261122-0001",
          "causationId": "0b8d…",
          "data": { }
        }
        """

    func testDesignExampleDecodes() throws {
        let envelope = try Envelope.decode(Data(designExample.utf8))
        XCTAssertEqual(envelope.id, "6f1c2c1e-2f0a-4f7e-9a51-3f9b1d2c0e11")
        XCTAssertEqual(envelope.type, "ticket.opened")
        XCTAssertEqual(envelope.eventType, .ticketOpened)
        XCTAssertEqual(envelope.version, 1)
        XCTAssertEqual(envelope.occurredAt, Date(timeIntervalSince1970: 1_795_334_400))
        XCTAssertEqual(envelope.source, "intake")
        XCTAssertEqual(envelope.correlationId, "CRM-20261122-0001")
        XCTAssertEqual(envelope.causationId, "0b8d…")
        XCTAssertEqual(envelope.data, .object([:]))
    }

    func testEmptyDataOfTheDesignExampleFailsPayloadValidationWithRequiredField() throws {
        let envelope = try Envelope.decode(Data(designExample.utf8))
        XCTAssertThrowsError(try envelope.payload(as: TicketOpened.self)) { error in
            let failure = error as! ValidationFailure
            XCTAssertEqual(failure.errors.first?.code, "required")
            XCTAssertEqual(failure.errors.first?.field, "ticketId")
        }
    }

    func testDecodesFromRawByteArrays() throws {
        let bytes = Array(Samples.envelopeText(.surveyExpired).utf8)
        let envelope = try Envelope.decode(bytes)
        XCTAssertEqual(try envelope.payload(as: SurveyExpired.self), SurveyExpired(ticketId: "TK-1", surveyId: "SV-1"))
    }

    func testCorrelationAndCausationMayBeNullOrAbsent() throws {
        let absent = #"{"id":"a","type":"quote.approved","version":1,"occurredAt":"2026-11-22T08:00:00Z","source":"app","data":{"ticketId":"T"}}"#
        let null = #"{"id":"a","type":"quote.approved","version":1,"occurredAt":"2026-11-22T08:00:00Z","source":"app","correlationId":null,"causationId":null,"data":{"ticketId":"T"}}"#
        for text in [absent, null] {
            let envelope = try Envelope.decode(Data(text.utf8))
            XCTAssertNil(envelope.correlationId)
            XCTAssertNil(envelope.causationId)
            XCTAssertEqual(try envelope.payload(as: QuoteApproved.self).ticketId, "T")
        }
    }

    func testOccurredAtWithFractionalSecondsAndOffset() throws {
        let text = Samples.envelopeText(.quoteApproved)
            .replacingOccurrences(of: "2026-11-22T08:00:00Z", with: "2026-11-22T16:00:00.123456+08:00")
        let envelope = try Envelope.decode(Data(text.utf8))
        XCTAssertEqual(envelope.occurredAt.timeIntervalSince1970, 1_795_334_400.123456, accuracy: 1e-6)
    }

    func testEncodedIsCompactAndDecodesToTheSameEnvelope() throws {
        let occurred = Date(timeIntervalSince1970: 1_795_334_400.25)
        let envelope = Envelope(
            payload: TicketUnassignable(ticketId: "TK-9", reason: UnassignableReason.noCapacity.rawValue),
            source: "dispatch", correlationId: "CRM-9", causationId: "cause-1", id: "evt-1", occurredAt: occurred)
        let bytes = envelope.encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertFalse(text.contains("\n"))
        XCTAssertFalse(text.contains(": "))
        XCTAssertTrue(text.contains(#""occurredAt":"2026-11-22T08:00:00.250Z""#), text)
        XCTAssertTrue(text.contains(#""type":"ticket.unassignable""#))
        let decoded = try Envelope.decode(bytes)
        XCTAssertEqual(decoded, envelope)
        XCTAssertEqual(try decoded.payload(as: TicketUnassignable.self).reason, "no-capacity")
    }

    func testInitFromPayloadFillsTheEnvelope() throws {
        let before = Date()
        let envelope = Envelope(
            payload: StockLow(partNumber: "P-1", warehouseId: "W", available: 2, reorderPoint: 5),
            source: "inventory", correlationId: nil, causationId: "c")
        XCTAssertEqual(envelope.type, "stock.low")
        XCTAssertEqual(envelope.version, 1)
        XCTAssertEqual(envelope.source, "inventory")
        XCTAssertEqual(envelope.id, envelope.id.lowercased())
        XCTAssertNotNil(UUID(uuidString: envelope.id))
        XCTAssertGreaterThanOrEqual(envelope.occurredAt, before.addingTimeInterval(-1))
        XCTAssertEqual(envelope.data["available"], .number(2))
        XCTAssertEqual(envelope.data["partNumber"], .string("P-1"))
        let other = Envelope(
            payload: StockLow(partNumber: "P-1", warehouseId: "W", available: 2, reorderPoint: 5),
            source: "inventory", correlationId: nil, causationId: "c")
        XCTAssertNotEqual(envelope.id, other.id)
    }

    func testEnvelopeIsCodableWithTheSharedCoders() throws {
        let envelope = try Envelope.decode(Data(Samples.envelopeText(.visitScheduled).utf8))
        let bytes = try SchemaCoding.encode(envelope)
        XCTAssertEqual(try SchemaCoding.decode(Envelope.self, from: bytes), envelope)
    }

    // MARK: Errors

    func testGarbageBytesAreNotJSON() {
        assertEnvelopeError(Data([0xFF, 0x00, 0x13, 0x37]), prefix: "not JSON: ")
        assertEnvelopeError(Data("hello".utf8), prefix: "not JSON: ")
        assertEnvelopeError(Data(), prefix: "not JSON: ")
        assertEnvelopeError(Data(#"{"id": "a",}"#.utf8), prefix: "not JSON: ")
        assertEnvelopeError(Data(#"{"id": "a"} trailing"#.utf8), prefix: "not JSON: ")
    }

    func testNonObjectJSONIsRejected() {
        for text in ["[1, 2]", "\"text\"", "42", "null", "true"] {
            assertEnvelopeError(Data(text.utf8), equals: "not a JSON object")
        }
    }

    func testEachMissingEnvelopeFieldIsNamed() throws {
        for field in ["id", "type", "version", "occurredAt", "source", "data"] {
            var object = try JSONParser.parse(Data(Samples.envelopeText(.quoteApproved).utf8)).objectValue!
            object.removeValue(forKey: field)
            assertEnvelopeError(JSONWriter.data(.object(object)), equals: "missing field '\(field)'")
            object[field] = .null
            assertEnvelopeError(JSONWriter.data(.object(object)), equals: "missing field '\(field)'")
        }
    }

    func testMalformedEnvelopeFields() throws {
        func with(_ field: String, _ value: JSONValue) throws -> Data {
            var object = try JSONParser.parse(Data(Samples.envelopeText(.quoteApproved).utf8)).objectValue!
            object[field] = value
            return JSONWriter.data(.object(object))
        }
        assertEnvelopeError(try with("occurredAt", "yesterday"), equals: "occurredAt is not RFC 3339: yesterday")
        assertEnvelopeError(try with("occurredAt", "2026-11-22 08:00:00"), prefix: "occurredAt is not RFC 3339")
        assertEnvelopeError(try with("occurredAt", "2026-11-22T08:00:00"), prefix: "occurredAt is not RFC 3339")
        assertEnvelopeError(try with("occurredAt", 1_795_334_400), equals: "field 'occurredAt' is not a string")
        assertEnvelopeError(try with("version", "1"), equals: "field 'version' is not an integer")
        assertEnvelopeError(try with("version", 1.5), equals: "field 'version' is not an integer")
        assertEnvelopeError(try with("id", 7), equals: "field 'id' is not a string")
        assertEnvelopeError(try with("id", ""), equals: "field 'id' is empty")
        assertEnvelopeError(try with("data", [1, 2]), equals: "field 'data' is not an object")
        assertEnvelopeError(try with("correlationId", 5), equals: "field 'correlationId' is not a string")
    }

    func testUnknownTypeDecodesAsEnvelopeButNotAsPayload() throws {
        let text = Samples.envelopeText(.quoteApproved).replacingOccurrences(of: "quote.approved", with: "quote.revised")
        let envelope = try Envelope.decode(Data(text.utf8))
        XCTAssertNil(envelope.eventType)
        XCTAssertThrowsError(try EventCatalog.payload(of: envelope)) { error in
            XCTAssertEqual((error as! ValidationFailure).errors.map(\.field), ["type"])
            XCTAssertEqual((error as! ValidationFailure).errors.map(\.code), ["unknown-value"])
        }
        XCTAssertNil(EventCatalog.messageKey(of: envelope))
    }

    func testDescriptionsAreReadable() {
        XCTAssertEqual(EnvelopeError(reason: "x").description, "invalid envelope: x")
        let failure = ValidationFailure(errors: [
            FieldError(field: "a", code: "required", message: "a is required"),
            FieldError(field: "b", code: "out-of-range", message: "b too big"),
        ])
        XCTAssertEqual(failure.description, "validation failed: a: required (a is required); b: out-of-range (b too big)")
    }

    // MARK: Helpers

    private func assertEnvelopeError(
        _ bytes: Data, equals reason: String? = nil, prefix: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let envelope = try Envelope.decode(bytes)
            XCTFail("decoded \(envelope)", file: file, line: line)
        } catch {
            if let reason { XCTAssertEqual(error.reason, reason, file: file, line: line) }
            if let prefix {
                XCTAssertTrue(error.reason.hasPrefix(prefix), "\(error.reason) lacks \(prefix)", file: file, line: line)
            }
        }
    }
}
