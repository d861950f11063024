import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport

/// End-to-end pipeline throughput: events produced to the broker, consumed, applied in
/// PostgreSQL with inbox and outbox, and the outputs published — with batching and with
/// one transaction per message.
enum PipelineBenchmarks {
    struct EchoHandler: EventHandler {
        var subscriptions: [Topic] { [.requests] }
        static let migrations = [Migration(version: 1, name: "effects", sql: "CREATE TABLE effects (request_id text PRIMARY KEY);")]

        func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
            let request = try event.payload(as: RequestCancelled.self)
            try context.db.execute("INSERT INTO effects (request_id) VALUES (\(request.requestId)) ON CONFLICT DO NOTHING")
            try context.emit(RequestRejected(requestId: request.requestId,
                                             reasons: [FieldError(field: "bench", code: "echo", message: "echo")]),
                             cause: event.cause)
            return .applied
        }
    }

    /// The same service, batch-native: one set-based effect statement per batch.
    struct SetBasedEchoHandler: ServiceHandler {
        var subscriptions: [Topic] { [.requests] }
        var handledTypes: Set<EventType> { [.requestCancelled] }

        func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
            var ids: [String] = []
            var results: [HandlingResult] = []
            for event in batch {
                let request: RequestCancelled
                do {
                    request = try event.payload(as: RequestCancelled.self)
                } catch {
                    results.append(.invalid(event, error))
                    continue
                }
                ids.append(request.requestId)
                try context.emit(RequestRejected(requestId: request.requestId,
                                                 reasons: [FieldError(field: "bench", code: "echo", message: "echo")]),
                                 cause: event.cause)
                results.append(.applied)
            }
            try context.db.execute("""
                INSERT INTO effects (request_id) SELECT * FROM unnest(\(ids)::text[]) ON CONFLICT DO NOTHING
                """)
            return results
        }
    }

    static func run() async {
        print("Pipeline (real PostgreSQL + Tansu, each event: inbox insert + effect row + outbox row + publish)")
        let runs: [(String, any ServiceHandler, Int, Int)] = [
            ("set-based, 1000 per batch", SetBasedEchoHandler(), 1_000, 50_000),
            ("set-based, 200 per batch", SetBasedEchoHandler(), 200, 20_000),
            ("per-event handler, 200 per batch", EchoHandler(), 200, 20_000),
            ("one transaction per message", EchoHandler(), 1, 2_000),
        ]
        for (label, handler, batchSize, count) in runs {
            do {
                try await runOnce(label: label, handler: handler, batchSize: batchSize, count: count)
            } catch {
                print("  \(label): failed: \(error)")
            }
        }
    }

    /// Rates are measured from the first applied event (the consumer group's join, ~3 s on
    /// Tansu, is start-up, not throughput).
    static func runOnce(label: String, handler: any ServiceHandler, batchSize: Int, count: Int) async throws {
        let prefix = uniqueTopicPrefix("bench")
        let databaseURL = try makeTestDatabase("bench")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.rejections])
        for chunk in stride(from: 0, to: count, by: 1_000) {
            _ = try probe.sendAll((chunk..<min(count, chunk + 1_000)).map { RequestCancelled(requestId: "B-\($0)", reason: "bench") })
        }
        let config = testServiceConfig(service: "bench", databaseURL: databaseURL, topicPrefix: prefix, batchSize: batchSize)
        let runner = ServiceRunner(config: config, migrations: EchoHandler.migrations, handler: handler)
        runner.start()
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        var applied = 0
        var started = Date()
        var firstApplied = 0
        while applied < count && Date().timeIntervalSince(started) < 600 {
            try await Task.sleep(for: .milliseconds(20))
            applied = (try? db.query("SELECT count(*)::bigint AS n FROM effects").first?.get("n")) ?? applied
            if firstApplied == 0 && applied > 0 {
                firstApplied = applied
                started = Date()
            }
        }
        applied -= firstApplied
        let appliedAt = Date()
        var unsent = 1
        while unsent > 0 && Date().timeIntervalSince(started) < 600 {
            unsent = (try? db.query("SELECT count(*)::bigint AS n FROM outbox WHERE sent_at IS NULL").first?.get("n")) ?? unsent
            if unsent > 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        let publishedAt = Date()
        let metrics = runner.metrics
        await runner.stop()
        let applySeconds = appliedAt.timeIntervalSince(started)
        let totalSeconds = publishedAt.timeIntervalSince(started)
        let meanBatchMs = metrics.batches > 0 ? metrics.batchSeconds / Double(metrics.batches) * 1000 : 0
        print("  \(label.padding(toLength: 34, withPad: " ", startingAt: 0))" + String(
            format: "%6d events: applied %7.0f/s, applied+published %7.0f/s, %d batches, mean batch %.1f ms, RSS %.0f MiB",
            count, Double(applied) / applySeconds, Double(applied) / totalSeconds, metrics.batches, meanBatchMs, residentMegabytes()))
    }
}
