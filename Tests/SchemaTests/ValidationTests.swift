import Foundation
import Schema
import XCTest

/// Decoding errors and `validate()` give one `FieldError` per problem, at the exact path.
final class ValidationTests: XCTestCase {
    // MARK: Decoding errors

    func testMissingNestedFieldIsRequiredAtItsDottedPath() {
        let errors = failures(.requestSubmitted) { data in
            data = data.setting(["customer", "location"], to: ["lon": 121.0])
        }
        XCTAssertEqual(errors, [FieldError(field: "customer.location.lat", code: "required", message: "customer.location.lat is required")])
    }

    func testNullRequiredFieldIsRequired() {
        let errors = failures(.requestSubmitted) { $0 = $0.setting(["customer", "phone"], to: .null) }
        XCTAssertEqual(errors.map(\.field), ["customer.phone"])
        XCTAssertEqual(errors.map(\.code), ["required"])
    }

    func testMissingTopLevelFieldIsRequired() {
        let errors = failures(.ticketAssigned) { $0 = $0.removing("attempt") }
        XCTAssertEqual(errors.map(\.field), ["attempt"])
        XCTAssertEqual(errors.map(\.code), ["required"])
    }

    func testWrongJSONTypeIsInvalidType() {
        XCTAssertEqual(
            codes(.requestSubmitted) { $0 = $0.setting(["customer", "location", "lat"], to: "north") },
            ["customer.location.lat: invalid-type"])
        XCTAssertEqual(codes(.workCompleted) { $0 = $0.setting(["resolved"], to: "yes") }, ["resolved: invalid-type"])
        XCTAssertEqual(codes(.stockReceived) { $0 = $0.setting(["quantity"], to: 2.5) }, ["quantity: invalid-type"])
        XCTAssertEqual(codes(.stockReceived) { $0 = $0.setting(["quantity"], to: "2") }, ["quantity: invalid-type"])
        XCTAssertEqual(codes(.partsConsumed) { $0 = $0.setting(["lines"], to: ["partNumber": "P"]) }, ["lines: invalid-type"])
        XCTAssertEqual(codes(.surveyAnswered) { $0 = $0.setting(["scores"], to: 5) }, ["scores: invalid-type"])
    }

    func testArrayElementPathsUseBrackets() {
        let data: JSONValue = ["ticketId": "TK-1", "lines": [["partNumber": "P-1", "quantity": 1], ["partNumber": "P-2"]]]
        XCTAssertEqual(codes(.partsConsumed, data: data), ["lines[1].quantity: required"])
        let wrong: JSONValue = ["ticketId": "TK-1", "lines": [["partNumber": 7, "quantity": 1]]]
        XCTAssertEqual(codes(.partsConsumed, data: wrong), ["lines[0].partNumber: invalid-type"])
    }

    func testBadTimestampOrEnumIsInvalidFormat() {
        XCTAssertEqual(
            codes(.visitScheduled) { $0 = $0.setting(["scheduledFor"], to: "tomorrow at nine") },
            ["scheduledFor: invalid-format"])
        XCTAssertEqual(
            codes(.ticketOpened) { $0 = $0.setting(["sla", "resolveBy"], to: "2026-11-25") },
            ["sla.resolveBy: invalid-format"])
        XCTAssertEqual(codes(.ticketOpened) { $0 = $0.setting(["priority"], to: "urgent") }, ["priority: invalid-format"])
        XCTAssertEqual(
            codes(.ticketOpened) { $0 = $0.setting(["warranty", "status"], to: "lifetime") },
            ["warranty.status: invalid-format"])
        XCTAssertEqual(codes(.alertRaised) { $0 = $0.setting(["severity"], to: "fatal") }, ["severity: invalid-format"])
    }

    func testWrongEnvelopeTypeIsReportedOnTheTypeField() throws {
        let envelope = try Envelope.decode(Data(Samples.envelopeText(.quoteApproved).utf8))
        XCTAssertThrowsError(try envelope.payload(as: QuoteDeclined.self)) { error in
            let failure = error as! ValidationFailure
            XCTAssertEqual(failure.errors.count, 1)
            XCTAssertEqual(failure.errors.first?.field, "type")
            XCTAssertEqual(failure.errors.first?.code, "unexpected-type")
        }
    }

    // MARK: RequestSubmitted

    func testSampleRequestIsValid() {
        XCTAssertEqual(codes(.requestSubmitted) { _ in }, [])
    }

    func testEveryBadRequestFieldGetsItsOwnError() {
        let errors = codes(.requestSubmitted) { data in
            data = data
                .setting(["requestId"], to: "")
                .setting(["channel"], to: "fax")
                .setting(["kind"], to: "refund")
                .setting(["customer", "id"], to: " ")
                .setting(["customer", "location"], to: ["lat": 91, "lon": -181])
                .setting(["product", "sku"], to: "")
                .setting(["product", "category"], to: "toaster")
                .setting(["product", "purchaseDate"], to: "2025-02-30")
        }
        XCTAssertEqual(errors, [
            "requestId: required",
            "channel: unknown-value",
            "kind: unknown-value",
            "customer.id: required",
            "customer.location.lat: out-of-range",
            "customer.location.lon: out-of-range",
            "product.sku: required",
            "product.category: unknown-value",
            "product.purchaseDate: invalid-format",
        ])
    }

    func testEveryVocabularyValueIsAccepted() {
        for channel in Channel.allCases {
            XCTAssertEqual(codes(.requestSubmitted) { $0 = $0.setting(["channel"], to: .string(channel.rawValue)) }, [])
        }
        for kind in RequestKind.allCases {
            XCTAssertEqual(codes(.requestSubmitted) { $0 = $0.setting(["kind"], to: .string(kind.rawValue)) }, [])
        }
        for category in ProductCategory.allCases {
            XCTAssertEqual(
                codes(.requestSubmitted) { $0 = $0.setting(["product", "category"], to: .string(category.rawValue)) }, [])
        }
    }

    func testBoundaryCoordinatesAreAccepted() {
        XCTAssertEqual(codes(.requestSubmitted) { $0 = $0.setting(["customer", "location"], to: ["lat": -90, "lon": 180]) }, [])
        XCTAssertEqual(codes(.requestSubmitted) { $0 = $0.setting(["customer", "location"], to: ["lat": 90.0001, "lon": 0]) },
                       ["customer.location.lat: out-of-range"])
    }

    func testPurchaseDateFormats() {
        for bad in ["2025-6-1", "01/06/2025", "2025-06-01T00:00:00Z", "2025-13-01", "", "2025-06-0a"] {
            XCTAssertEqual(
                codes(.requestSubmitted) { $0 = $0.setting(["product", "purchaseDate"], to: .string(bad)) },
                ["product.purchaseDate: invalid-format"], bad)
        }
        XCTAssertEqual(codes(.requestSubmitted) { $0 = $0.setting(["product", "purchaseDate"], to: "2024-02-29") }, [])
    }

    func testMissingOptionalRequestFieldsAreFine() {
        XCTAssertEqual(codes(.requestSubmitted) { $0 = $0.removing("preferredTime") }, [])
        XCTAssertEqual(codes(.requestSubmitted) { data in
            var product = data["product"]!.objectValue!
            product.removeValue(forKey: "serialNumber")
            data = data.setting(["product"], to: .object(product))
        }, [])
    }

    // MARK: Other inbound payloads

    func testFieldEventsNeedIds() {
        XCTAssertEqual(codes(.assignmentAccepted) { $0 = $0.setting(["ticketId"], to: "") }, ["ticketId: required"])
        XCTAssertEqual(codes(.visitStarted) { $0 = $0.setting(["technicianId"], to: "") }, ["technicianId: required"])
        XCTAssertEqual(codes(.quoteDeclined) { $0 = $0.setting(["ticketId"], to: "") }, ["ticketId: required"])
        XCTAssertEqual(codes(.requestCancelled) { $0 = $0.setting(["requestId"], to: "") }, ["requestId: required"])
    }

    func testAssignmentDeclinedNeedsAReason() {
        XCTAssertEqual(codes(.assignmentDeclined) { $0 = $0.setting(["reason"], to: "") }, ["reason: required"])
        XCTAssertEqual(codes(.assignmentDeclined) { $0 = $0.removing("reason") }, ["reason: required"])
    }

    func testPartLinesNeedPartNumberAndPositiveQuantity() {
        let lines: JSONValue = [["partNumber": "", "quantity": 1], ["partNumber": "P", "quantity": 0], ["partNumber": "Q", "quantity": -2]]
        XCTAssertEqual(codes(.diagnosisReported) { $0 = $0.setting(["parts"], to: lines) }, [
            "parts[0].partNumber: required", "parts[1].quantity: out-of-range", "parts[2].quantity: out-of-range",
        ])
        XCTAssertEqual(codes(.workCompleted) { $0 = $0.setting(["partsUsed"], to: lines) }, [
            "partsUsed[0].partNumber: required", "partsUsed[1].quantity: out-of-range", "partsUsed[2].quantity: out-of-range",
        ])
        XCTAssertEqual(codes(.diagnosisReported) { $0 = $0.setting(["parts"], to: []).removing("quote") }, [])
    }

    func testTechnicianUpsertedChecks() {
        let errors = codes(.technicianUpserted) { data in
            data = data
                .setting(["skills"], to: ["refrigerator", "spaceship"])
                .setting(["dailyCapacity"], to: -1)
                .setting(["location", "lon"], to: 200)
        }
        XCTAssertEqual(errors, ["skills[1]: unknown-value", "dailyCapacity: out-of-range", "location.lon: out-of-range"])
        XCTAssertEqual(codes(.technicianUpserted) { $0 = $0.setting(["dailyCapacity"], to: 0).setting(["skills"], to: []) }, [])
    }

    func testTechnicianSkillCategories() throws {
        let envelope = try Envelope.decode(Data(Samples.envelopeText(.technicianUpserted).utf8))
        XCTAssertEqual(try envelope.payload(as: TechnicianUpserted.self).skillCategories, [.refrigerator, .airConditioner])
    }

    func testPartUpsertedChecks() {
        let errors = codes(.partUpserted) { data in
            data = data.setting(["unitPrice"], to: -0.01).setting(["leadTimeDays"], to: -1).setting(["currency"], to: "RMB$")
        }
        XCTAssertEqual(errors, ["unitPrice: out-of-range", "currency: invalid-format", "leadTimeDays: out-of-range"])
        XCTAssertEqual(codes(.partUpserted) { $0 = $0.setting(["unitPrice"], to: 0).setting(["leadTimeDays"], to: 0) }, [])
        XCTAssertEqual(codes(.partUpserted) { $0 = $0.setting(["currency"], to: "12a") }, ["currency: invalid-format"])
        XCTAssertEqual(codes(.partUpserted) { $0 = $0.removing("reorderPoint").removing("supplier") }, [])
    }

    func testStockQuantities() {
        XCTAssertEqual(codes(.stockReceived) { $0 = $0.setting(["quantity"], to: 0) }, ["quantity: out-of-range"])
        XCTAssertEqual(codes(.stockReceived) { $0 = $0.setting(["quantity"], to: 1) }, [])
        XCTAssertEqual(codes(.stockCounted) { $0 = $0.setting(["countedQuantity"], to: -1) }, ["countedQuantity: out-of-range"])
        XCTAssertEqual(codes(.stockCounted) { $0 = $0.setting(["countedQuantity"], to: 0) }, [])
        XCTAssertEqual(codes(.stockCounted) { $0 = $0.setting(["warehouseId"], to: "") }, ["warehouseId: required"])
        XCTAssertEqual(codes(.warehouseUpserted) { $0 = $0.setting(["location", "lat"], to: -100) }, ["location.lat: out-of-range"])
    }

    func testSurveyScoresMustBeOneToFive() {
        let errors = codes(.surveyAnswered) { $0 = $0.setting(["scores"], to: ["attitude": 0, "efficiency": 6, "quality": 5]) }
        XCTAssertEqual(errors, ["scores.attitude: out-of-range", "scores.efficiency: out-of-range"])
        XCTAssertEqual(codes(.surveyAnswered) { $0 = $0.setting(["scores"], to: ["attitude": 1, "efficiency": 5, "quality": 3]) }, [])
        XCTAssertEqual(codes(.surveyAnswered) { $0 = $0.removing("comment") }, [])
    }

    func testOutboundPayloadsTrustTheirProducer() {
        // Platform events are not re-validated beyond decoding.
        XCTAssertEqual(codes(.ticketAssigned) { $0 = $0.setting(["attempt"], to: 0) }, [])
        XCTAssertEqual(codes(.ticketAssigned) { $0 = $0.setting(["distanceKm"], to: -5) }, [])
    }

    // MARK: Helpers

    /// The errors reading the sample of `type` after `edit`, as "field: code".
    private func codes(_ type: EventType, edit: (inout JSONValue) -> Void) -> [String] {
        failures(type, edit: edit).map { "\($0.field): \($0.code)" }
    }

    private func codes(_ type: EventType, data: JSONValue) -> [String] {
        failures(type) { $0 = data }.map { "\($0.field): \($0.code)" }
    }

    private func failures(_ type: EventType, edit: (inout JSONValue) -> Void) -> [FieldError] {
        var data = try! JSONParser.parse(Data(Samples.data[type]!.utf8))
        edit(&data)
        let envelope = Envelope(
            id: "e", type: type.rawValue, occurredAt: Date(), source: "test", correlationId: nil, causationId: nil, data: data)
        // Go through bytes, as a consumer does.
        let decoded = try! Envelope.decode(envelope.encoded())
        do {
            _ = try EventCatalog.payload(of: decoded)
            return []
        } catch {
            return error.errors
        }
    }
}

extension JSONValue {
    /// A copy with the value at `path` replaced (intermediate objects must exist).
    func setting(_ path: [String], to value: JSONValue) -> JSONValue {
        guard let first = path.first, var members = objectValue else { return value }
        members[first] = (members[first] ?? .object([:])).setting(Array(path.dropFirst()), to: value)
        return .object(members)
    }

    /// A copy without the top-level member `key`.
    func removing(_ key: String) -> JSONValue {
        guard var members = objectValue else { return self }
        members.removeValue(forKey: key)
        return .object(members)
    }
}
