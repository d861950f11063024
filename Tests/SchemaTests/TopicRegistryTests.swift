import Schema
import XCTest

/// The topic registry matches DESIGN.md's topics, keys and event types.
final class TopicRegistryTests: XCTestCase {
    func testEveryEventTypeBelongsToExactlyOneTopic() {
        var seen: [EventType: [String]] = [:]
        for topic in Topic.all {
            for type in topic.eventTypes { seen[type, default: []].append(topic.name) }
        }
        for type in EventType.allCases {
            XCTAssertEqual(seen[type]?.count, 1, "\(type.rawValue) is on \(seen[type] ?? [])")
            XCTAssertEqual(type.topic.name, seen[type]?.first)
        }
        XCTAssertEqual(seen.count, EventType.allCases.count)
    }

    func testTopicNamesKeysAndPartitions() {
        let expected: [(Topic, String, String)] = [
            (.requests, "aftersales.requests", "requestId"),
            (.rejections, "aftersales.rejections", "requestId"),
            (.tickets, "aftersales.tickets", "ticketId"),
            (.field, "aftersales.field", "ticketId"),
            (.roster, "aftersales.roster", "technicianId"),
            (.stock, "aftersales.stock", "partNumber"),
            (.parts, "aftersales.parts", "ticketId"),
            (.inventory, "aftersales.inventory", "partNumber"),
            (.surveys, "aftersales.surveys", "ticketId"),
            (.surveyResponses, "aftersales.survey-responses", "ticketId"),
            (.alerts, "aftersales.alerts", "subject"),
            (.kpis, "aftersales.kpis", "window"),
            (.deadLetters, "aftersales.dead-letters", "key"),
        ]
        XCTAssertEqual(Topic.all.count, 13)
        XCTAssertEqual(Set(Topic.all.map(\.name)).count, 13)
        for (topic, name, key) in expected {
            XCTAssertEqual(topic.name, name)
            XCTAssertEqual(topic.keyField, key, name)
            XCTAssertEqual(topic.partitions, 6, name)
            XCTAssertEqual(Topic.named(name), topic)
        }
        XCTAssertNil(Topic.named("aftersales.nope"))
        XCTAssertNil(Topic.named("tickets"))
    }

    func testEventTypesPerTopicFollowDesign() {
        XCTAssertEqual(Topic.requests.eventTypes, [.requestSubmitted, .requestCancelled])
        XCTAssertEqual(
            Set(Topic.field.eventTypes),
            [.assignmentAccepted, .assignmentDeclined, .visitScheduled, .visitStarted, .diagnosisReported,
             .quoteApproved, .quoteDeclined, .workCompleted,
             .visitFailed, .assignmentReturned, .paymentRecorded, .remoteResolved, .remoteFailed])
        XCTAssertEqual(Topic.roster.eventTypes, [.technicianUpserted, .providerUpserted])
        XCTAssertEqual(Topic.alerts.eventTypes, [.alertRaised, .alertEscalated, .alertResolved, .compensationGranted])
        XCTAssertEqual(Topic.kpis.eventTypes, [.kpiSnapshot, .settlementStatement])
        XCTAssertEqual(
            Set(Topic.surveys.eventTypes),
            [.surveyRequested, .surveyCompleted, .surveyExpired, .complaintOpened, .auditRequested])
        XCTAssertEqual(Set(Topic.stock.eventTypes), [.partUpserted, .warehouseUpserted, .stockReceived, .stockCounted])
        XCTAssertEqual(Topic.tickets.eventTypes.count, 18, "13 of DESIGN.md's first table plus 5 additions")
        XCTAssertTrue(Topic.tickets.eventTypes.allSatisfy { $0.rawValue.hasPrefix("ticket.") })
        XCTAssertEqual(
            Topic.surveyResponses.eventTypes, [.surveyAnswered, .complaintInvestigating, .complaintResolved, .auditRecorded])
        XCTAssertEqual(Topic.inventory.eventTypes, [.stockLow, .reorderSuggested])
    }

    func testEveryPayloadTypeAgreesWithItsEventTypeAndTopic() {
        for type in EventType.allCases {
            let payloadType = EventCatalog.payloadType(for: type)
            XCTAssertEqual(payloadType.eventType, type)
            XCTAssertEqual(payloadType.topic, type.topic, type.rawValue)
            XCTAssertTrue(payloadType.topic.eventTypes.contains(type))
        }
    }

    func testWireNamesAreLowercaseDotted() {
        XCTAssertEqual(EventType.allCases.count, 63, "46 of DESIGN.md, 15 of its December additions, 2 complaint extensions")
        for type in EventType.allCases {
            XCTAssertEqual(type.rawValue, type.rawValue.lowercased())
            XCTAssertEqual(type.rawValue.split(separator: ".").count, 2, type.rawValue)
        }
        XCTAssertEqual(EventType.ticketOnSite.rawValue, "ticket.on-site")
        XCTAssertEqual(EventType.ticketWaitingParts.rawValue, "ticket.waiting-parts")
        XCTAssertEqual(EventType.messageDeadLettered.rawValue, "message.dead-lettered")
    }

    func testInboundTypesAreThoseFromOutsideSystems() {
        let inbound = Set(EventType.allCases.filter(\.isInbound))
        XCTAssertEqual(inbound.count, 25, "16 of DESIGN.md, 7 of its additions, the operator's complaint events")
        XCTAssertTrue(inbound.contains(.requestSubmitted))
        XCTAssertTrue(inbound.contains(.surveyAnswered))
        XCTAssertFalse(inbound.contains(.requestRejected))
        XCTAssertFalse(inbound.contains(.ticketOpened))
        XCTAssertTrue(inbound.isSuperset(of: [.visitFailed, .paymentRecorded, .providerUpserted, .auditRecorded]))
        XCTAssertFalse(inbound.contains(.settlementStatement))
    }

    func testKeyFieldsOfTypesKeyedDifferentlyFromTheirTopic() {
        XCTAssertEqual(EventType.warehouseUpserted.keyField, "warehouseId")
        XCTAssertEqual(EventType.providerUpserted.keyField, "providerId")
        XCTAssertEqual(EventType.settlementStatement.keyField, "providerId")
        XCTAssertEqual(EventType.compensationGranted.keyField, "ticketId")
        XCTAssertEqual(EventType.alertRaised.keyField, "subject")
        XCTAssertEqual(EventType.ticketInvoiced.keyField, "ticketId")
    }
}
