import AlertingService
import DispatchService
import Foundation
import IntakeService
import InventoryService
import Kafka
import Postgres
import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// The worst hostile cases through the real broker, one running service each (in process):
/// a NUL envelope id, a 2 MB value and 100,000-deep nesting, then a valid message with the
/// same key. The valid message's effect appears on its output topic, the three bad ones on
/// `aftersales.dead-letters`, and the service keeps running.
final class BrokerHostileInputTests: XCTestCase {
    func testIntake() async throws {
        try await run(service: "intake", migrations: IntakeMigrations.all, handler: { try IntakeHandler(config: $0) },
                      topic: .requests, valid: Messages.requestSubmitted("REQ-BROKER-1"),
                      effect: { $0.type == "ticket.opened" && $0.data["requestId"]?.stringValue == "REQ-BROKER-1" })
    }

    func testDispatch() async throws {
        try await run(service: "dispatch", migrations: DispatchMigrations.all, handler: { try DispatchHandler(config: $0) },
                      setUp: [(.roster, Messages.technicianUpserted("TECH-BROKER"))],
                      topic: .tickets, valid: Messages.ticketOpened("TK-BROKER-1"),
                      effect: { $0.type == "ticket.assigned" && $0.data["ticketId"]?.stringValue == "TK-BROKER-1" })
    }

    func testInventory() async throws {
        try await run(service: "inventory", migrations: InventoryMigrations.all, handler: { try InventoryHandler(config: $0) },
                      setUp: [(.stock, Messages.warehouseUpserted("WH-H")), (.stock, Messages.partUpserted("P-H")),
                              (.stock, Messages.stockReceived("P-H", quantity: 10))],
                      topic: .parts, valid: Messages.partsRequested("TK-BROKER-1"),
                      effect: { $0.type == "parts.reserved" && $0.data["ticketId"]?.stringValue == "TK-BROKER-1" })
    }

    func testSurveys() async throws {
        try await run(service: "surveys", migrations: SurveysMigrations.all, handler: { try SurveysHandler(config: $0) },
                      settings: ["AFTERSALES_SURVEYS_DELAY_SECONDS": "0"],
                      setUp: [(.tickets, Messages.ticketOpened("TK-BROKER-1"))],
                      topic: .tickets, valid: Messages.ticketCompleted("TK-BROKER-1"),
                      effect: { $0.type == "survey.requested" && $0.data["ticketId"]?.stringValue == "TK-BROKER-1" })
    }

    func testAlerting() async throws {
        try await run(service: "alerting", migrations: AlertingMigrations.all, handler: { try AlertingHandler(config: $0) },
                      topic: .tickets, valid: Messages.ticketOpened("TK-BROKER-1", model: "M-BROKER", hazard: true),
                      effect: { $0.type == "alert.raised" && $0.data["subject"]?.stringValue == "TK-BROKER-1" })
    }

    // MARK: The run

    /// The worst cases, in order, all with the valid message's key.
    private static let worst: [(name: String, reason: String, make: @Sendable (Message) -> [UInt8]?)] = [
        ("NUL in envelope id", "control character", { Wire.envelope($0, id: "broker\u{0}id-\(EventID.make())") }),
        ("2 MB value", "exceeds the limit", {
            Wire.envelope($0, appendingRawMembers: "\"padding\":\"" + String(repeating: "x", count: HostileCases.hugeValueBytes) + "\"")
        }),
        ("100,000-deep nesting", "nesting", {
            Wire.envelope($0, appendingRawMembers: "\"nest\":" + Wire.nestedArrays(depth: HostileCases.deepNesting))
        }),
    ]

    private func run(service: String, migrations: [Migration], handler: (ServiceConfig) throws -> any ServiceHandler,
                     settings: [String: String] = [:], setUp: [(Topic, Message)] = [], topic: Topic, valid: Message,
                     effect: @escaping (Envelope) -> Bool) async throws {
        let prefix = uniqueTopicPrefix("hostile\(service)")
        let config = testServiceConfig(service: service, databaseURL: try makeTestDatabase("hostile\(service)"),
                                       topicPrefix: prefix, overrides: settings)
        let probe = try TopicProbe(topicPrefix: prefix, topics: Topic.all)
        // A producer that may send what the probe's default producer (1 MB messages) refuses.
        var producerConfig = KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "hostile-producer")
        producerConfig.extra["message.max.bytes"] = "\(4 * 1_048_576)"
        let producer = try KafkaProducer(config: producerConfig)
        defer { producer.close() }
        func send(_ records: [ProducerRecord]) {
            for (index, result) in producer.sendAll(records, timeout: .seconds(30)).enumerated() {
                if case .failure(let error) = result { XCTFail("could not produce record \(index): \(error)") }
            }
        }

        let runner = ServiceRunner(config: config, migrations: migrations, handler: try handler(config))
        runner.start()
        // Set-up first, on other topics (no order between topics): wait until it is applied.
        send(setUp.map { ProducerRecord(topic: prefix + $0.0.name, key: $0.1.key, value: Wire.envelope($0.1)) })
        eventually(timeout: 60, "\(service) applied its set-up") { runner.metrics.processed >= setUp.count }
        var records = Self.worst.map { ProducerRecord(topic: prefix + topic.name, key: valid.key, value: $0.make(valid) ?? []) }
        records.append(ProducerRecord(topic: prefix + topic.name, key: valid.key, value: Wire.envelope(valid)))
        send(records)
        let seen = try probe.collect(timeout: 90) { seen in
            seen.contains(where: effect)
                && seen.filter { $0.type == "message.dead-lettered" && $0.data["service"]?.stringValue == service }.count >= Self.worst.count
        }
        let stopError = await runner.stop()

        XCTAssertTrue(seen.contains(where: effect), "\(service): the valid message after the bad ones was processed")
        let letters = probe.payloads(MessageDeadLettered.self).filter { $0.service == service }
        XCTAssertEqual(letters.count, Self.worst.count, "\(service): one dead letter per bad message")
        for (worst, letter) in zip(Self.worst, letters.sorted { $0.offset < $1.offset }) {
            XCTAssertTrue(letter.reason.contains(worst.reason), "\(service), \(worst.name): \(letter.reason)")
            XCTAssertEqual(letter.key, valid.key, "\(service), \(worst.name): the dead letter keeps the original key")
            XCTAssertEqual(letter.topic, prefix + topic.name)
            XCTAssertLessThanOrEqual(Data(base64Encoded: letter.value)?.count ?? .max, 64 * 1024,
                                     "\(service), \(worst.name): at most 64 KiB of the original")
            print("HOSTILE-BROKER | \(service) | \(topic.name) | \(worst.name) | \(HostileSuite.shorten(letter.reason)) |")
        }
        XCTAssertEqual(runner.metrics.deadLettered, Self.worst.count, "\(service): dead letters counted")
        XCTAssertNil(stopError, "\(service) ran to the end without an error")
    }
}
