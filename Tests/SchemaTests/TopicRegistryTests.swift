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
             .quoteApproved, .quoteDeclined, .workCompleted])
        XCTAssertEqual(Set(Topic.stock.eventTypes), [.partUpserted, .warehouseUpserted, .stockReceived, .stockCounted])
        XCTAssertEqual(Topic.tickets.eventTypes.count, 13)
        XCTAssertTrue(Topic.tickets.eventTypes.allSatisfy { $0.rawValue.hasPrefix("ticket.") })
        XCTAssertEqual(Topic.surveyResponses.eventTypes, [.surveyAnswered, .complaintInvestigating, .complaintResolved])
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
        XCTAssertEqual(EventType.allCases.count, 48, "the 46 of DESIGN.md plus the two complaint extensions")
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
        XCTAssertEqual(inbound.count, 18, "16 of DESIGN.md plus the operator's complaint events")
        XCTAssertTrue(inbound.contains(.requestSubmitted))
        XCTAssertTrue(inbound.contains(.surveyAnswered))
        XCTAssertFalse(inbound.contains(.requestRejected))
        XCTAssertFalse(inbound.contains(.ticketOpened))
    }
}
