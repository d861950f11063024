import Foundation
import Postgres
import Schema

/// The runtime's own tables in every service database: the inbox (event ids already
/// handled), the outbox (events to publish, written with the state change) and the
/// deadline timers. Created idempotently at start-up under an advisory lock, so two
/// instances starting at once are safe.
enum RuntimeTables {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS inbox (
            event_id    text PRIMARY KEY,
            topic       text NOT NULL,
            partition   integer NOT NULL,
            "offset"    bigint NOT NULL,
            outcome     text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS outbox (
            id         bigserial PRIMARY KEY,
            event_id   text NOT NULL,
            topic      text NOT NULL,
            key        text,
            value      text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            sent_at    timestamptz
        )
        """,
        "CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (id) WHERE sent_at IS NULL",
        """
        CREATE TABLE IF NOT EXISTS deadline_timers (
            kind           text NOT NULL,
            key            text NOT NULL,
            due_at         timestamptz NOT NULL,
            payload        jsonb NOT NULL DEFAULT 'null'::jsonb,
            correlation_id text,
            causation_id   text,
            PRIMARY KEY (kind, key)
        )
        """,
        "CREATE INDEX IF NOT EXISTS deadline_timers_due ON deadline_timers (due_at)",
    ]

    static func ensure(on db: PGConnection) throws {
        try db.transaction { db in
            try db.query("SELECT pg_advisory_xact_lock(hashtext('aftersales-runtime-tables'))")
            for statement in statements {
                try db.simpleExecute(statement)
            }
        }
    }
}

// MARK: - Outbox

/// Writes events to publish; the relay reads them in id order.
enum Outbox {
    static func insert(envelope: Envelope, topic: Topic, key: String?, on db: PGConnection) throws {
        let value = String(decoding: envelope.encoded(), as: UTF8.self)
        try db.execute("""
            INSERT INTO outbox (event_id, topic, key, value) VALUES (\(envelope.id), \(topic.name), \(key), \(value))
            """)
    }
}

// MARK: - Timers

/// Deadline timers, one per (kind, key).
enum TimerStore {
    static func upsert(kind: String, key: String, due: Date, payload: JSONValue, cause: EventCause,
                       on db: PGConnection) throws {
        let json = String(decoding: (try? JSONEncoder().encode(payload)) ?? Data("null".utf8), as: UTF8.self)
        try db.execute("""
            INSERT INTO deadline_timers (kind, key, due_at, payload, correlation_id, causation_id)
            VALUES (\(kind), \(key), \(due), \(json)::jsonb, \(cause.correlationId), \(cause.causationId))
            ON CONFLICT (kind, key) DO UPDATE
            SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
                correlation_id = EXCLUDED.correlation_id, causation_id = EXCLUDED.causation_id
            """)
    }

    static func cancel(kind: String, key: String, on db: PGConnection) throws {
        try db.execute("DELETE FROM deadline_timers WHERE kind = \(kind) AND key = \(key)")
    }

    static func exists(kind: String, key: String, on db: PGConnection) throws -> Bool {
        try db.query("SELECT 1 AS found FROM deadline_timers WHERE kind = \(kind) AND key = \(key)").count > 0
    }

    /// Claims up to `limit` due timers (locked; other instances skip them) and deletes them;
    /// runs inside the caller's transaction, so a crash before commit leaves them pending.
    static func claimDue(now: Date, limit: Int, on db: PGConnection) throws -> [DueTimer] {
        let rows = try db.query("""
            DELETE FROM deadline_timers
            WHERE (kind, key) IN (
                SELECT kind, key FROM deadline_timers WHERE due_at <= \(now)
                ORDER BY due_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING kind, key, due_at, payload::text AS payload, correlation_id, causation_id
            """)
        var timers: [DueTimer] = []
        for row in rows {
            let payloadText: String = try row.get("payload")
            let payload = (try? JSONDecoder().decode(JSONValue.self, from: Data(payloadText.utf8))) ?? .null
            timers.append(DueTimer(
                kind: try row.get("kind"), key: try row.get("key"), dueAt: try row.get("due_at"), payload: payload,
                cause: EventCause(correlationId: try row.get("correlation_id"), causationId: try row.get("causation_id"))))
        }
        return timers.sorted { ($0.dueAt, $0.kind, $0.key) < ($1.dueAt, $1.kind, $1.key) }
    }
}
