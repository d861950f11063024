import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// An outbox row the broker refuses for good is parked and dead-lettered, and the rows
/// after it are published in order (real PostgreSQL and broker).
final class PoisonOutboxTests: XCTestCase {
    func testOversizedRowIsParkedDeadLetteredAndTheRowsAfterItFlowInOrder() async throws {
        let prefix = uniqueTopicPrefix("bigrow")
        let databaseURL = try makeTestDatabase("bigrow")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.rejections, .deadLetters])
        var config = testServiceConfig(service: "counting", databaseURL: databaseURL, topicPrefix: prefix)
        // The producer refuses anything larger, locally, with "Message size too large".
        config.kafka.extra["message.max.bytes"] = "20000"
        let runner = ServiceRunner(config: config, migrations: CountingHandler.migrations, handler: CountingHandler())
        runner.start()
        XCTAssertTrue(runner.host.isReady)

        func rejection(_ requestId: String, padding: Int = 0) -> Envelope {
            Envelope(payload: RequestRejected(requestId: requestId,
                                              reasons: [FieldError(field: "f", code: "c", message: String(repeating: "x", count: padding))]),
                     source: "counting", correlationId: "corr-\(requestId)", causationId: nil)
        }
        let rows = [rejection("OB-1"), rejection("OB-2", padding: 50_000), rejection("OB-3"), rejection("OB-4")]
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        // One statement, so the relay sees all four rows together, in this order, on one key.
        let values = rows.map { envelope -> PGQuery in
            "(\(envelope.id), \(Topic.rejections.name), 'OB', \(String(decoding: envelope.encoded(), as: UTF8.self)))"
        }
        try db.execute("INSERT INTO outbox (event_id, topic, key, value) VALUES " + PGQuery.joined(values, separator: ", "))

        try probe.collect(timeout: 60) { seen in
            seen.filter { $0.type == EventType.requestRejected.rawValue }.count >= 3
                && seen.contains { $0.type == EventType.messageDeadLettered.rawValue }
        }
        try probe.settle(seconds: 1)
        let stopError = await runner.stop()
        XCTAssertNil(stopError)

        XCTAssertEqual(probe.payloads(RequestRejected.self).map(\.requestId), ["OB-1", "OB-3", "OB-4"],
                       "the rows after the refused one were published, in order")
        let letters = probe.envelopes(.messageDeadLettered)
        XCTAssertEqual(letters.count, 1)
        let letter = try XCTUnwrap(letters.first).payload(as: MessageDeadLettered.self)
        let parkedId: Int = try XCTUnwrap(db.query("SELECT id FROM outbox WHERE event_id = \(rows[1].id)").first).get("id")
        XCTAssertEqual(letter.service, "counting")
        XCTAssertEqual(letter.topic, prefix + Topic.rejections.name)
        XCTAssertEqual(letter.key, "OB")
        XCTAssertTrue(letter.reason.contains("outbox row \(parkedId)"), letter.reason)
        XCTAssertTrue(letter.reason.contains(rows[1].id), letter.reason)
        XCTAssertTrue(letter.reason.lowercased().contains("too large"), letter.reason)
        XCTAssertEqual(letters.first?.causationId, rows[1].id, "the dead letter is caused by the refused event")
        XCTAssertEqual(letters.first?.correlationId, "corr-OB-2")

        let parked = try XCTUnwrap(db.query("""
            SELECT parked_at IS NOT NULL AS parked, sent_at IS NULL AS unsent, attempts, last_error
            FROM outbox WHERE id = \(parkedId)
            """).first)
        XCTAssertEqual(try parked.get("parked") as Bool, true)
        XCTAssertEqual(try parked.get("unsent") as Bool, true)
        XCTAssertEqual(try parked.get("attempts") as Int, 1)
        XCTAssertTrue((try parked.get("last_error") as String).lowercased().contains("too large"))
        let pending: Int = try db.query("""
            SELECT count(*)::bigint AS n FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL
            """).first?.get("n") ?? -1
        XCTAssertEqual(pending, 0, "every other row, the dead letter included, was sent")

        let metrics = runner.metrics
        XCTAssertEqual(metrics.outboxParked, 1)
        XCTAssertEqual(metrics.outboxDeadLettered, 1)
        XCTAssertEqual(metrics.outboxLag, 0)
        XCTAssertTrue(runner.host.metrics.prometheusText().contains("aftersales_outbox_parked{service=\"counting\"} 1"))
    }
}
