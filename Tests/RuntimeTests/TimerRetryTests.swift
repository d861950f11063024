import Foundation
import Postgres
import Schema
@testable import ServiceRuntime
import TestSupport
import XCTest

/// Timers are never lost: a failing timer is retried with backoff and parked after the
/// configured number of attempts while the other timers keep firing, and a timer that
/// fails once fires exactly once (real PostgreSQL and broker).
final class TimerRetryTests: XCTestCase {
    func testFailingTimerBacksOffAndIsParkedWhileOthersFireAndAFlakyOneFiresOnce() async throws {
        let prefix = uniqueTopicPrefix("timerretry")
        let databaseURL = try makeTestDatabase("timerretry")
        try createTestTopics(prefix: prefix)
        let config = testServiceConfig(service: "timers", databaseURL: databaseURL, topicPrefix: prefix,
                                       overrides: ["AFTERSALES_TIMER_MAX_ATTEMPTS": "3"])
        let attempts = FireLog()
        let runner = ServiceRunner(config: config, migrations: TimerTestHandler.migrations,
                                   handler: TimerTestHandler(log: attempts))
        runner.start()
        XCTAssertTrue(runner.host.isReady)
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }

        // Wait until the poison timer is parked, the late timer fired and the gauge shows it.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let parked: Int = try db.query("""
                SELECT count(*)::bigint AS n FROM deadline_timers WHERE kind = 'poison' AND parked_at IS NOT NULL
                """).first?.get("n") ?? 0
            if parked == 1, attempts.count(kind: "late") > 0, runner.metrics.timersParked == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let stopError = await runner.stop()
        XCTAssertNil(stopError)

        // The poison timer: three attempts, each after a longer wait, then parked (kept).
        let poison = attempts.times(kind: "poison")
        XCTAssertEqual(poison.count, 3, "tried AFTERSALES_TIMER_MAX_ATTEMPTS times, then parked")
        if poison.count == 3 {
            XCTAssertGreaterThanOrEqual(poison[1].timeIntervalSince(poison[0]), 1, "first retry after 1 s")
            XCTAssertGreaterThanOrEqual(poison[2].timeIntervalSince(poison[1]), 2, "second retry after 2 s")
        }
        let row = try XCTUnwrap(db.query("""
            SELECT attempts, last_error, parked_at IS NOT NULL AS parked FROM deadline_timers WHERE kind = 'poison'
            """).first, "a parked timer is kept")
        XCTAssertEqual(try row.get("attempts") as Int, 3)
        XCTAssertEqual(try row.get("parked") as Bool, true)
        XCTAssertTrue((try row.get("last_error") as String).contains("poisoned timer"))

        // Every other timer fired exactly once; the failed attempts left no effect behind.
        let fired = try db.query("SELECT kind || '/' || key AS timer, fired FROM fired ORDER BY 1").map {
            "\(try $0.get("timer") as String)=\(try $0.get("fired") as Int)"
        }
        XCTAssertEqual(fired, ["flaky/f1=1", "good/g1=1", "good/g2=1", "good/g3=1", "late/l1=1"])
        XCTAssertEqual(attempts.count(kind: "flaky"), 2, "the flaky timer failed once, then fired")
        let left: [String] = try db.query("SELECT kind FROM deadline_timers ORDER BY kind").map { try $0.get("kind") }
        XCTAssertEqual(left, ["poison"], "fired timers are gone")
        XCTAssertEqual(runner.metrics.timersParked, 1)
        XCTAssertEqual(runner.metrics.timerFailures, 4, "three poison attempts and one flaky one")
        XCTAssertEqual(runner.metrics.timersFired, 5)

        // A parked timer is not pending; scheduling it again starts it afresh.
        XCTAssertFalse(try TimerStore.exists(kind: "poison", key: "p1", on: db))
        try TimerStore.upsert(kind: "poison", key: "p1", due: Date(), payload: .null, cause: .none, on: db)
        let revived = try XCTUnwrap(db.query("""
            SELECT attempts, last_error IS NULL AS clean, parked_at IS NULL AS pending FROM deadline_timers WHERE kind = 'poison'
            """).first)
        XCTAssertEqual(try revived.get("attempts") as Int, 0)
        XCTAssertEqual(try revived.get("clean") as Bool, true)
        XCTAssertEqual(try revived.get("pending") as Bool, true)
        XCTAssertTrue(try TimerStore.exists(kind: "poison", key: "p1", on: db))
    }

    func testRecurringTimerThatReschedulesItselfKeepsTheNextOccurrence() throws {
        let databaseURL = try makeTestDatabase("recurring")
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        try RuntimeTables.ensure(on: db)
        let now = Date()
        try TimerStore.upsert(kind: "tick", key: "k", due: now, payload: ["n": 1], cause: .none, on: db)
        let next = try db.transaction { db -> Date? in
            let claimed = try TimerStore.claimForFiring(now: now, limit: 10, on: db)
            XCTAssertEqual(claimed.map(\.timer.kind), ["tick"])
            XCTAssertFalse(try TimerStore.exists(kind: "tick", key: "k", on: db), "while it fires, the timer is not pending")
            try TimerStore.upsert(kind: "tick", key: "k", due: now.addingTimeInterval(60), payload: .null, cause: .none, on: db)
            return try db.query("SELECT due_at FROM deadline_timers WHERE kind = 'tick'").first?.get("due_at")
        }
        let stored: Date? = try db.query("SELECT due_at FROM deadline_timers WHERE kind = 'tick'").first?.get("due_at")
        XCTAssertNotNil(next)
        XCTAssertEqual(stored, next, "the next occurrence survives the commit")
    }
}

/// Records every attempt to fire a timer, by kind, with the scheduler's time.
final class FireLog: @unchecked Sendable {
    private let lock = NSLock()
    private var attempts: [(kind: String, at: Date)] = []

    func record(_ kind: String, at: Date) -> Int {
        lock.lock()
        defer { lock.unlock() }
        attempts.append((kind, at))
        return attempts.filter { $0.kind == kind }.count
    }

    func times(kind: String) -> [Date] {
        lock.lock()
        defer { lock.unlock() }
        return attempts.filter { $0.kind == kind }.map(\.at)
    }

    func count(kind: String) -> Int { times(kind: kind).count }
}

/// Timers for the retry test: `poison` always fails, `flaky` fails on its first attempt,
/// `good` and `late` (due a few seconds after start) succeed. Each successful fire adds one
/// to its row in `fired`.
struct TimerTestHandler: EventHandler {
    let log: FireLog
    var subscriptions: [Topic] { [.requests] }

    static let migrations = [
        Migration(version: 1, name: "fired", sql: """
            CREATE TABLE fired (kind text NOT NULL, key text NOT NULL, fired integer NOT NULL, PRIMARY KEY (kind, key));
            """),
    ]

    struct Poisoned: Error, CustomStringConvertible {
        var description: String { "poisoned timer" }
    }

    func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult { .ignored }

    func start(context: HandlerContext) throws {
        for (kind, key) in [("poison", "p1"), ("flaky", "f1"), ("good", "g1"), ("good", "g2"), ("good", "g3")] {
            try context.schedule(timer: kind, key: key, at: context.now, cause: nil)
        }
        try context.schedule(timer: "late", key: "l1", at: context.now.addingTimeInterval(4), cause: nil)
    }

    func fire(_ timer: DueTimer, context: HandlerContext) throws {
        let attempt = log.record(timer.kind, at: context.now)
        try context.db.execute("""
            INSERT INTO fired (kind, key, fired) VALUES (\(timer.kind), \(timer.key), 1)
            ON CONFLICT (kind, key) DO UPDATE SET fired = fired.fired + 1
            """)
        if timer.kind == "poison" || (timer.kind == "flaky" && attempt == 1) { throw Poisoned() }
    }
}
