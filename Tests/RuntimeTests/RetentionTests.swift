import Foundation
import Postgres
import Schema
@testable import ServiceRuntime
import TestSupport
import XCTest

/// Retention prunes old inbox and outbox rows in bounded chunks and keeps recent ones,
/// pending rows and parked rows younger than the window (real PostgreSQL).
final class RetentionTests: XCTestCase {
    /// Fills a fresh database with inbox and outbox rows of different ages and states.
    private func seededDatabase(_ label: String) throws -> (url: String, db: PGConnection) {
        let url = try makeTestDatabase(label)
        let db = try PGConnection(url: url)
        try RuntimeTables.ensure(on: db)
        try db.simpleExecute("""
            INSERT INTO inbox (event_id, topic, partition, "offset", outcome, received_at)
            SELECT 'old-' || n, 't', 0, n, 'applied', now() - interval '20 days' FROM generate_series(1, 7) AS n;
            INSERT INTO inbox (event_id, topic, partition, "offset", outcome, received_at)
            VALUES ('recent-1', 't', 0, 100, 'applied', now() - interval '13 days'),
                   ('recent-2', 't', 0, 101, 'applied', now());
            INSERT INTO outbox (event_id, topic, key, value, created_at, sent_at, parked_at) VALUES
                ('sent-old',     'aftersales.tickets', 'k', '{}', now() - interval '3 hours',  now() - interval '3 hours', NULL),
                ('sent-recent',  'aftersales.tickets', 'k', '{}', now() - interval '10 minutes', now() - interval '10 minutes', NULL),
                ('parked-old',   'aftersales.tickets', 'k', '{}', now() - interval '20 days', NULL, now() - interval '20 days'),
                ('parked-young', 'aftersales.tickets', 'k', '{}', now() - interval '20 days', NULL, now() - interval '2 days'),
                ('pending-old',  'aftersales.tickets', 'k', '{}', now() - interval '30 days', NULL, NULL);
            """)
        return (url, db)
    }

    private func ids(_ sql: String, on db: PGConnection) throws -> [String] {
        try db.query(PGQuery(stringLiteral: sql)).map { try $0.get("event_id") }
    }

    func testPrunerDeletesInBoundedChunksAndKeepsWhatIsStillNeeded() throws {
        let (_, db) = try seededDatabase("prunechunks")
        defer { db.close() }
        let pruner = RetentionPruner(settings: RuntimeSettings(retentionDays: 14, sentOutboxRetentionHours: 1),
                                     interval: 600, chunkSize: 3)
        var steps: [String] = []
        let start = Date()
        while let (target, rows) = try pruner.step(on: db, now: start) {
            steps.append("\(target)=\(rows)")
            if !pruner.isBusy { break }
        }
        XCTAssertEqual(steps, ["inbox=3", "inbox=3", "inbox=1", "sentOutbox=1", "parkedOutbox=1"],
                       "at most one chunk per step, each target until a chunk comes back short")
        XCTAssertNil(try pruner.step(on: db, now: start.addingTimeInterval(60)), "the next pass waits for the interval")
        XCTAssertNotNil(try pruner.step(on: db, now: start.addingTimeInterval(601)))

        XCTAssertEqual(try ids("SELECT event_id FROM inbox ORDER BY event_id", on: db), ["recent-1", "recent-2"])
        XCTAssertEqual(try ids("SELECT event_id FROM outbox ORDER BY event_id", on: db),
                       ["parked-young", "pending-old", "sent-recent"],
                       "pending rows are never pruned; parked rows stay for the retention window")
    }

    func testRunningServicePrunesOldRowsAtStartAndKeepsRecentOnes() async throws {
        let (url, db) = try seededDatabase("pruneservice")
        defer { db.close() }
        let prefix = uniqueTopicPrefix("pruneservice")
        let config = testServiceConfig(service: "counting", databaseURL: url, topicPrefix: prefix,
                                       overrides: ["AFTERSALES_RETENTION_DAYS": "14", "AFTERSALES_OUTBOX_RETENTION_HOURS": "2"])
        let runner = ServiceRunner(config: config, migrations: CountingHandler.migrations, handler: CountingHandler())
        runner.start()
        XCTAssertTrue(runner.host.isReady)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let m = runner.metrics
            // The parked gauge is read again right after a pass pruned parked rows.
            if m.inboxPruned >= 7 && m.outboxPruned >= 2 && m.outboxParked == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let stopError = await runner.stop()
        XCTAssertNil(stopError)
        XCTAssertEqual(runner.metrics.inboxPruned, 7)
        XCTAssertEqual(runner.metrics.outboxPruned, 2, "the sent row older than 2 h and the parked row older than 14 days")
        XCTAssertEqual(runner.metrics.outboxParked, 1, "the parked gauge counts the young parked row")
        XCTAssertEqual(try ids("SELECT event_id FROM inbox ORDER BY event_id", on: db), ["recent-1", "recent-2"])
        XCTAssertEqual(try ids("SELECT event_id FROM outbox ORDER BY event_id", on: db),
                       ["parked-young", "pending-old", "sent-recent"])
        let pendingSent: Bool = try db.query("SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE event_id = 'pending-old'")
            .first?.get("sent") ?? false
        XCTAssertTrue(pendingSent, "the old pending row was published, not pruned")
    }

    func testTablesOfAnOlderVersionAreUpgradedInPlace() throws {
        let url = try makeTestDatabase("upgrade")
        let db = try PGConnection(url: url)
        defer { db.close() }
        try db.simpleExecute("""
            CREATE TABLE outbox (id bigserial PRIMARY KEY, event_id text NOT NULL, topic text NOT NULL, key text,
                                 value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz);
            CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
            CREATE TABLE deadline_timers (kind text NOT NULL, key text NOT NULL, due_at timestamptz NOT NULL,
                                          payload jsonb NOT NULL DEFAULT 'null'::jsonb, correlation_id text,
                                          causation_id text, PRIMARY KEY (kind, key));
            CREATE INDEX deadline_timers_due ON deadline_timers (due_at);
            INSERT INTO outbox (event_id, topic, value) VALUES ('e1', 'aftersales.tickets', '{}');
            INSERT INTO deadline_timers (kind, key, due_at) VALUES ('k', 'v', now());
            """)
        try RuntimeTables.ensure(on: db)
        try RuntimeTables.ensure(on: db)   // idempotent
        let columns: [String] = try db.query("""
            SELECT table_name || '.' || column_name AS name FROM information_schema.columns
            WHERE column_name IN ('attempts', 'last_error', 'parked_at') ORDER BY 1
            """).map { try $0.get("name") }
        XCTAssertEqual(columns, ["deadline_timers.attempts", "deadline_timers.last_error", "deadline_timers.parked_at",
                                 "outbox.attempts", "outbox.last_error", "outbox.parked_at"])
        let indexes: [String] = try db.query("""
            SELECT indexname FROM pg_indexes WHERE tablename IN ('outbox', 'deadline_timers', 'inbox') ORDER BY 1
            """).map { try $0.get("indexname") }
        XCTAssertTrue(indexes.contains("outbox_pending") && !indexes.contains("outbox_unsent"), "\(indexes)")
        XCTAssertTrue(indexes.contains("deadline_timers_pending") && !indexes.contains("deadline_timers_due"), "\(indexes)")
        XCTAssertEqual(try Outbox.pending(limit: 10, on: db).map(\.eventId), ["e1"], "existing rows stay pending")
    }
}
