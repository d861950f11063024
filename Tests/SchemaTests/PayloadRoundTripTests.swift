import Foundation
import Schema
import XCTest

/// Every event type: DESIGN.md-style JSON → payload → envelope bytes → payload again, equal.
final class PayloadRoundTripTests: XCTestCase {
    func testSamplesCoverEveryEventType() {
        XCTAssertEqual(Set(Samples.data.keys), Set(EventType.allCases))
    }

    func testEverySampleRoundTripsThroughItsPayloadType() throws {
        for type in EventType.allCases {
            let envelope = try Envelope.decode(Data(Samples.envelopeText(type).utf8))
            let first: any EventPayload
            do {
                first = try EventCatalog.payload(of: envelope)
            } catch {
                XCTFail("\(type.rawValue): \(error)")
                continue
            }
            XCTAssertEqual(Swift.type(of: first).eventType, type)
            let again = try roundTrip(first)
            XCTAssertNotNil(first as? AnyHashable, type.rawValue)
            XCTAssertEqual(again as? AnyHashable, first as? AnyHashable, type.rawValue)
        }
    }

    func testEncodedDataKeepsEveryFieldOfTheSample() throws {
        // The samples contain no unknown fields, so encoding a decoded payload must give
        // back the same JSON members (timestamps compared as instants).
        for type in EventType.allCases {
            let original = try JSONParser.parse(Data(Samples.data[type]!.utf8))
            let envelope = try Envelope.decode(Data(Samples.envelopeText(type).utf8))
            let payload = try EventCatalog.payload(of: envelope)
            let encoded = JSONValueCoder.encode(payload)
            XCTAssertEqual(normalized(encoded), normalized(original), type.rawValue)
        }
    }

    func testMessageKeyIsTheTopicKeyField() throws {
        for type in EventType.allCases {
            let data = try JSONParser.parse(Data(Samples.data[type]!.utf8))
            let envelope = try Envelope.decode(Data(Samples.envelopeText(type).utf8))
            let payload = try EventCatalog.payload(of: envelope)
            XCTAssertEqual(payload.messageKey, data[type.keyField]?.stringValue, type.rawValue)
        }
    }

    func testRequestSubmittedFieldsAreRead() throws {
        let envelope = try Envelope.decode(Data(Samples.envelopeText(.requestSubmitted).utf8))
        let request = try envelope.payload(as: RequestSubmitted.self)
        XCTAssertEqual(request.requestId, "CRM-20261122-0001")
        XCTAssertEqual(request.channelValue, .hotline)
        XCTAssertEqual(request.kindValue, .repair)
        XCTAssertEqual(request.customer.name, "王小明")
        XCTAssertEqual(request.customer.location, GeoPoint(lat: 31.2304, lon: 121.4737))
        XCTAssertEqual(request.product.categoryValue, .refrigerator)
        XCTAssertEqual(request.product.purchaseDate, "2025-06-01")
        XCTAssertEqual(request.preferredTime, "weekday mornings")
        XCTAssertEqual(request.messageKey, "CRM-20261122-0001")
    }

    func testTicketOpenedFieldsAreTyped() throws {
        let envelope = try Envelope.decode(Data(Samples.envelopeText(.ticketOpened).utf8))
        let ticket = try envelope.payload(as: TicketOpened.self)
        XCTAssertEqual(ticket.kind, .repair)
        XCTAssertEqual(ticket.channel, .hotline)
        XCTAssertEqual(ticket.priority, .normal)
        XCTAssertEqual(ticket.product.category, .refrigerator)
        XCTAssertEqual(ticket.warranty, TicketOpened.Warranty(status: .inWarranty, expiresOn: "2026-06-01"))
        XCTAssertEqual(ticket.fault, TicketOpened.Fault(category: .hardware, safetyHazard: false))
        XCTAssertEqual(ticket.sla.onSiteBy, Timestamp.parse("2026-11-24T08:00:00Z"))
        XCTAssertEqual(ticket.repeatOf, "TK-0")
        XCTAssertEqual(ticket.description, "fridge not cooling")
    }

    func testOptionalFieldsMayBeAbsent() throws {
        let minimal = """
            {"ticketId": "TK-1", "requestId": "CRM-1", "kind": "installation", "channel": "web",
             "customerId": "C", "region": "r", "location": {"lat": 0, "lon": 0},
             "product": {"sku": "S", "category": "smart-lock", "model": "M"},
             "warranty": {"status": "unknown"}, "fault": {"category": "unknown", "safetyHazard": true},
             "priority": "emergency",
             "sla": {"respondBy": "2026-11-22T09:00:00Z", "onSiteBy": "2026-11-22T12:00:00Z", "resolveBy": "2026-11-23T08:00:00Z"}}
            """
        let envelope = try Envelope.decode(Data(Samples.envelopeText(.ticketOpened, data: minimal).utf8))
        let ticket = try envelope.payload(as: TicketOpened.self)
        XCTAssertNil(ticket.repeatOf)
        XCTAssertNil(ticket.description)
        XCTAssertNil(ticket.product.serialNumber)
        XCTAssertNil(ticket.product.purchaseDate)
        XCTAssertNil(ticket.warranty.expiresOn)
        XCTAssertEqual(ticket.priority, .emergency)

        let alert = try Envelope.decode(Data(Samples.envelopeText(.alertEscalated).utf8)).payload(as: AlertEscalated.self)
        XCTAssertNil(alert.tickets)
        XCTAssertNil(alert.details)
        XCTAssertEqual(alert.severity, .critical)
    }

    func testOptionalFieldsMayBeNull() throws {
        let data = #"{"ticketId": "TK-1", "technicianId": "T", "resolved": false, "partsUsed": [], "signedOffBy": null}"#
        let envelope = try Envelope.decode(Data(Samples.envelopeText(.workCompleted, data: data).utf8))
        let work = try envelope.payload(as: WorkCompleted.self)
        XCTAssertNil(work.signedOffBy)
        XCTAssertEqual(work.partsUsed, [])
        XCTAssertFalse(work.resolved)
    }

    func testUnknownFieldsAreIgnored() throws {
        let data = """
            {"ticketId": "TK-1", "technicianId": "TECH-1", "distanceKm": 1.5, "attempt": 2,
             "futureField": {"nested": [1, 2, 3]}, "another": null}
            """
        let text = Samples.envelopeText(.ticketAssigned, data: data)
            .replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 1, \"traceparent\": \"00-abc\",")
        let envelope = try Envelope.decode(Data(text.utf8))
        let assigned = try envelope.payload(as: TicketAssigned.self)
        XCTAssertEqual(assigned, TicketAssigned(ticketId: "TK-1", technicianId: "TECH-1", distanceKm: 1.5, attempt: 2))
    }

    func testNonFiniteKpiFiguresSurviveTheRoundTrip() throws {
        let snapshot = KpiSnapshot(window: "last-hour", figures: ["ratio": .nan, "big": .infinity, "n": 3])
        let envelope = Envelope(payload: snapshot, source: "alerting", correlationId: nil, causationId: nil)
        let decoded = try Envelope.decode(envelope.encoded()).payload(as: KpiSnapshot.self)
        XCTAssertTrue(decoded.figures["ratio"]!.isNaN)
        XCTAssertEqual(decoded.figures["big"], .infinity)
        XCTAssertEqual(decoded.figures["n"], 3)
    }

    func testOnlyRequestSubmittedCarriesCustomerContactDetails() throws {
        func keys(_ value: JSONValue) -> Set<String> {
            switch value {
            case .object(let members): members.keys.reduce(into: Set(members.keys)) { $0.formUnion(keys(members[$1]!)) }
            case .array(let elements): elements.reduce(into: Set<String>()) { $0.formUnion(keys($1)) }
            default: []
            }
        }
        for type in EventType.allCases where type != .requestSubmitted {
            let envelope = try Envelope.decode(Data(Samples.envelopeText(type).utf8))
            let encoded = JSONValueCoder.encode(try EventCatalog.payload(of: envelope))
            XCTAssertTrue(keys(encoded).isDisjoint(with: ["phone", "address", "customer"]), type.rawValue)
        }
    }

    // MARK: Helpers

    private func roundTrip<P: EventPayload>(_ payload: P) throws -> P {
        let envelope = Envelope(payload: payload, source: "test", correlationId: "c", causationId: "x")
        let bytes = envelope.encoded()
        return try Envelope.decode(bytes).payload(as: P.self)
    }

    /// Replaces timestamp strings by their instant so "…00Z" equals "…00.000Z".
    private func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            if text.count >= 20, let date = Timestamp.parse(text) { return .number(date.timeIntervalSince1970) }
            return value
        case .array(let elements): return .array(elements.map(normalized))
        case .object(let members): return .object(members.mapValues(normalized))
        default: return value
        }
    }
}
