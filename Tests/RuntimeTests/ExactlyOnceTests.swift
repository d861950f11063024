import Foundation
import Kafka
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// The processing guarantees of DESIGN.md against the real broker and database: crashes
/// at every dangerous instant neither lose nor double work.
final class ExactlyOnceTests: XCTestCase {
    func testTenThousandEventsSurviveCrashesAtEveryPoint() async throws {
        let prefix = uniqueTopicPrefix("crash")
        let databaseURL = try makeTestDatabase("crash")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.rejections])
        let total = 10_000
        for chunk in stride(from: 0, to: total, by: 1_000) {
            _ = try probe.sendAll((chunk..<chunk + 1_000).map { RequestCancelled(requestId: "R-\($0)", reason: "test") })
        }
        let config = testServiceConfig(service: "counting", databaseURL: databaseURL, topicPrefix: prefix)
        let crashes: [(String, FaultInjector)] = [
            ("mid-batch", crashOnce { if case .midBatch(batch: 3, index: 57) = $0 { return true } else { return false } }),
            ("after database commit, before offset commit", crashOnce { if case .afterDatabaseCommit(batch: 4) = $0 { return true } else { return false } }),
            ("after outbox insert, before the relay publishes", crashOnce { if case .beforePublish(round: 3) = $0 { return true } else { return false } }),
            ("after publishing, before marking sent", crashOnce { if case .afterPublish(round: 2) = $0 { return true } else { return false } }),
        ]
        for (name, injector) in crashes {
            let runner = ServiceRunner(config: config, migrations: CountingHandler.migrations, handler: CountingHandler(),
                                       faults: injector)
            runner.start()
            let error = await runner.waitForExit()
            XCTAssertTrue(error is InjectedCrash, "expected an injected crash \(name), got \(String(describing: error))")
        }
        let survivor = ServiceRunner(config: config, migrations: CountingHandler.migrations, handler: CountingHandler())
        survivor.start()
        let effects = try EffectsTable(databaseURL: databaseURL).waitFor(rows: total, timeout: 180)
        let stopError = await survivor.stop()
        XCTAssertNil(stopError)
        XCTAssertEqual(effects.rows, total, "every event's effect exists")
        XCTAssertEqual(effects.doubled, 0, "no effect was applied twice")

        let published = try probe.collect(timeout: 120) { seen in
            Set(seen.compactMap { try? $0.payload(as: RequestRejected.self).requestId }).count >= total
        }
        let distinctRequests = Set(published.compactMap { try? $0.payload(as: RequestRejected.self).requestId })
        XCTAssertEqual(distinctRequests.count, total, "every produced event reached its topic")
        let distinctEventIds = Set(published.map(\.id))
        XCTAssertEqual(distinctEventIds.count, total, "a republished event keeps its id, so consumers can de-duplicate")
    }

    func testDatabaseOutageMidStreamLosesNothing() async throws {
        let prefix = uniqueTopicPrefix("outage")
        let databaseURL = try makeTestDatabase("outage")
        let databaseName = String(URLComponents(string: databaseURL)!.path.dropFirst())
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.rejections])
        let total = 3_000
        for chunk in stride(from: 0, to: total, by: 1_000) {
            _ = try probe.sendAll((chunk..<chunk + 1_000).map { RequestCancelled(requestId: "D-\($0)", reason: "test") })
        }
        let config = testServiceConfig(service: "counting", databaseURL: databaseURL, topicPrefix: prefix, batchSize: 50)
        let runner = ServiceRunner(config: config, migrations: CountingHandler.migrations, handler: CountingHandler())
        runner.start()
        let admin = try PGConnection(url: TestEnvironment.adminDatabaseURL)
        defer { admin.close() }
        let effects = EffectsTable(databaseURL: databaseURL)
        // Take the database away three times while the stream is being applied.
        for _ in 0..<3 {
            _ = try? effects.waitFor(rows: Int.max, timeout: 0.7)
            try admin.execute("UPDATE pg_database SET datallowconn = false WHERE datname = \(databaseName)")
            try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(databaseName)")
            try await Task.sleep(for: .milliseconds(1500))
            try admin.execute("UPDATE pg_database SET datallowconn = true WHERE datname = \(databaseName)")
        }
        let result = try effects.waitFor(rows: total, timeout: 120)
        await runner.stop()
        XCTAssertEqual(result.rows, total)
        XCTAssertEqual(result.doubled, 0)
        XCTAssertGreaterThan(runner.metrics.retries, 0, "the outage was noticed and the batch retried")
        let published = try probe.collect(timeout: 60) { seen in
            Set(seen.map(\.id)).count >= total
        }
        XCTAssertEqual(Set(published.map(\.id)).count, total)
    }
}
