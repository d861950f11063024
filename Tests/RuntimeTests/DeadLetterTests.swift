import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Bad messages become dead letters with their cause, and the partition keeps moving.
final class DeadLetterTests: XCTestCase {
    func testPoisonMessagesAreDeadLetteredAndTheNextMessageIsProcessed() async throws {
        let prefix = uniqueTopicPrefix("poison")
        let databaseURL = try makeTestDatabase("poison")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.deadLetters, .rejections])
        // All on one key, so on one partition, in this order.
        try probe.send(RequestCancelled(requestId: "P-1", reason: "test"))
        try probe.sendRaw(topic: .requests, key: "P-1", value: Array("this is not json".utf8))
        try probe.sendRaw(topic: .requests, key: "P-1", value: Array(#"{"id":"x1","type":"request.cancelled","version":1,"occurredAt":"2026-11-22T08:00:00Z","source":"crm","data":{"reason":"no id"}}"#.utf8))
        try probe.send(RequestCancelled(requestId: "P-1", reason: "explode"))
        try probe.sendRaw(topic: .requests, key: "P-1", value: Array(#"{"id":"x2","type":"request.teleported","version":1,"occurredAt":"2026-11-22T08:00:00Z","source":"crm","data":{}}"#.utf8))
        try probe.send(RequestCancelled(requestId: "P-2", reason: "test"))

        let runner = ServiceRunner(config: testServiceConfig(service: "counting", databaseURL: databaseURL, topicPrefix: prefix),
                                   migrations: CountingHandler.migrations, handler: CountingHandler())
        runner.start()
        let effects = try EffectsTable(databaseURL: databaseURL).waitFor(rows: 2, timeout: 60)
        try probe.collect(.messageDeadLettered, count: 3, timeout: 30)
        try probe.settle(seconds: 1)
        await runner.stop()

        XCTAssertEqual(effects.rows, 2, "the messages after the poison ones were applied")
        let letters = probe.payloads(MessageDeadLettered.self)
        XCTAssertEqual(letters.count, 3, "garbage, invalid payload and handler failure; the unknown type is skipped")
        XCTAssertTrue(letters.allSatisfy { $0.service == "counting" && $0.topic == prefix + "aftersales.requests" })
        XCTAssertTrue(letters.allSatisfy { $0.key == "P-1" }, "the dead letter keeps the original key")
        let reasons = letters.map(\.reason)
        XCTAssertTrue(reasons[0].contains("not a valid event envelope"), reasons[0])
        XCTAssertEqual(Data(base64Encoded: letters[0].value), Data("this is not json".utf8), "original bytes kept")
        XCTAssertTrue(reasons[1].contains("requestId"), "field-level reason: \(reasons[1])")
        XCTAssertTrue(reasons[2].contains("the handler exploded"), reasons[2])
        XCTAssertEqual(runner.metrics.unknownTypes, 1)
        XCTAssertEqual(runner.metrics.deadLettered, 3)
    }

    func testRedeliveredEventIsAppliedOnce() async throws {
        let prefix = uniqueTopicPrefix("dupes")
        let databaseURL = try makeTestDatabase("dupes")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.rejections])
        for _ in 0..<3 { try probe.send(RequestCancelled(requestId: "SAME", reason: "test"), id: "event-1") }
        try probe.send(RequestCancelled(requestId: "OTHER", reason: "test"))
        let runner = ServiceRunner(config: testServiceConfig(service: "counting", databaseURL: databaseURL, topicPrefix: prefix),
                                   migrations: CountingHandler.migrations, handler: CountingHandler())
        runner.start()
        let effects = try EffectsTable(databaseURL: databaseURL).waitFor(rows: 2, timeout: 60)
        await runner.stop()
        XCTAssertEqual(effects.rows, 2)
        XCTAssertEqual(effects.doubled, 0)
        XCTAssertEqual(runner.metrics.duplicates, 2)
    }
}
