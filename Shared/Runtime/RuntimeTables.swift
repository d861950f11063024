import Foundation
import Postgres
import Schema

/// The runtime's own tables in every service database: the inbox (event ids already
/// handled), the outbox (events to publish, written with the state change) and the
/// deadline timers. Created idempotently at start-up under an advisory lock, so two
/// instances starting at once are safe; columns and indexes added later are added with
/// `IF NOT EXISTS`, so databases created by an older version are brought up to date.
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
        // Retention finds old inbox rows through this (tiny, insert-cheap) block-range index.
        "CREATE INDEX IF NOT EXISTS inbox_received_at ON inbox USING brin (received_at)",
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
        // Parking (a row the broker refuses for good is set aside and dead-lettered).
        """
        ALTER TABLE outbox
            ADD COLUMN IF NOT EXISTS attempts   integer NOT NULL DEFAULT 0,
            ADD COLUMN IF NOT EXISTS last_error text,
            ADD COLUMN IF NOT EXISTS parked_at  timestamptz
        """,
        // The relay reads pending rows (unsent and not parked) in id order.
        "CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE sent_at IS NULL AND parked_at IS NULL",
        "DROP INDEX IF EXISTS outbox_unsent",
        "CREATE INDEX IF NOT EXISTS outbox_parked ON outbox (parked_at) WHERE parked_at IS NOT NULL",
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
        // Retries of failing timers; a parked timer is no longer due.
        """
        ALTER TABLE deadline_timers
            ADD COLUMN IF NOT EXISTS attempts   integer NOT NULL DEFAULT 0,
            ADD COLUMN IF NOT EXISTS last_error text,
            ADD COLUMN IF NOT EXISTS parked_at  timestamptz
        """,
        "CREATE INDEX IF NOT EXISTS deadline_timers_pending ON deadline_timers (due_at) WHERE parked_at IS NULL",
        "DROP INDEX IF EXISTS deadline_timers_due",
        "CREATE INDEX IF NOT EXISTS deadline_timers_parked ON deadline_timers (parked_at) WHERE parked_at IS NOT NULL",
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

    /// The first `limit` pending rows (unsent, not parked), in id order.
    static func pending(limit: Int, on db: PGConnection) throws -> [PendingOutboxRow] {
        try db.query("""
            SELECT id, event_id, topic, key, value, attempts FROM outbox
            WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT \(limit)
            """).map { row in
            PendingOutboxRow(id: try row.get("id"), eventId: try row.get("event_id"), topic: try row.get("topic"),
                             key: try row.get("key"), value: try row.get("value"), attempts: try row.get("attempts"))
        }
    }

    /// Records a relay round in one statement: marks the acknowledged rows sent, parks the
    /// refused ones (with the error), counts a persistent failure on the retried head row,
    /// and inserts the dead letters that replace the parked rows (published next round).
    static func finish(_ plan: OutboxRoundPlan, deadLetters: [(envelope: Envelope, key: String)],
                       on db: PGConnection) throws {
        var steps: [PGQuery] = []
        if !plan.acknowledged.isEmpty {
            steps.append("UPDATE outbox SET sent_at = now() WHERE id = ANY(\(plan.acknowledged)::bigint[])")
        }
        if !plan.parked.isEmpty {
            let ids = plan.parked.map(\.row.id)
            let errors = plan.parked.map { errorText($0.error.description) }
            steps.append("""
                UPDATE outbox SET parked_at = now(), attempts = outbox.attempts + 1, last_error = refused.error
                FROM unnest(\(ids)::bigint[], \(errors)::text[]) AS refused(id, error) WHERE outbox.id = refused.id
                """)
        }
        if let retry = plan.retry, retry.counts {
            steps.append("""
                UPDATE outbox SET attempts = attempts + 1, last_error = \(errorText(retry.error.description))
                WHERE id = \(retry.row.id)
                """)
        }
        if !deadLetters.isEmpty {
            let rows = deadLetters.map { letter -> PGQuery in
                let value = String(decoding: letter.envelope.encoded(), as: UTF8.self)
                return "(\(letter.envelope.id), \(Topic.deadLetters.name), \(letter.key), \(value))"
            }
            steps.append("INSERT INTO outbox (event_id, topic, key, value) VALUES " + PGQuery.joined(rows, separator: ", "))
        }
        guard let last = steps.last else { return }
        // Data-modifying statements in WITH run exactly once: one round trip, one atomic statement.
        var statement: PGQuery = ""
        for (index, step) in steps.dropLast().enumerated() {
            statement += (index == 0 ? "WITH " : ", ") + "step\(unsafeRaw: String(index)) AS (\(fragment: step))"
        }
        try db.execute(steps.count == 1 ? last : statement + " " + last)
    }

    /// How many rows wait to be published (unsent, not parked).
    static func pendingCount(on db: PGConnection) throws -> Int {
        try db.query("SELECT count(*)::bigint AS n FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL")
            .first?.get("n") ?? 0
    }

    /// How many rows are parked.
    static func parkedCount(on db: PGConnection) throws -> Int {
        try db.query("SELECT count(*)::bigint AS n FROM outbox WHERE parked_at IS NOT NULL").first?.get("n") ?? 0
    }

    /// Errors are stored for operators; bounded so that a long message cannot bloat a row.
    static func errorText(_ text: String) -> String { String(text.prefix(1_000)) }
}

// MARK: - Timers

/// A due timer claimed for firing, with what is needed to put it back if its handler fails.
struct ClaimedTimer: Sendable {
    let timer: DueTimer
    /// The stored payload, exactly as it was.
    let payloadText: String
    /// Failed attempts so far.
    let attempts: Int
}

/// A claimed timer whose handler failed, going back into the table.
struct FailedTimer: Sendable {
    let claimed: ClaimedTimer
    let error: String
    /// Attempts including this failure.
    let attempts: Int
    let retryAt: Date
    /// Set when the timer is given up on (no longer due).
    let parkedAt: Date?
}

/// Deadline timers, one per (kind, key).
enum TimerStore {
    /// Sets or moves a timer; a timer that was failing or parked starts afresh.
    static func upsert(kind: String, key: String, due: Date, payload: JSONValue, cause: EventCause,
                       on db: PGConnection) throws {
        let json = String(decoding: (try? JSONEncoder().encode(payload)) ?? Data("null".utf8), as: UTF8.self)
        try db.execute("""
            INSERT INTO deadline_timers (kind, key, due_at, payload, correlation_id, causation_id)
            VALUES (\(kind), \(key), \(due), \(json)::jsonb, \(cause.correlationId), \(cause.causationId))
            ON CONFLICT (kind, key) DO UPDATE
            SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
                correlation_id = EXCLUDED.correlation_id, causation_id = EXCLUDED.causation_id,
                attempts = 0, last_error = NULL, parked_at = NULL
            """)
    }

    static func cancel(kind: String, key: String, on db: PGConnection) throws {
        try db.execute("DELETE FROM deadline_timers WHERE kind = \(kind) AND key = \(key)")
    }

    /// Whether a timer is pending (set and not parked).
    static func exists(kind: String, key: String, on db: PGConnection) throws -> Bool {
        try db.query("""
            SELECT 1 AS found FROM deadline_timers WHERE kind = \(kind) AND key = \(key) AND parked_at IS NULL
            """).count > 0
    }

    /// Claims up to `limit` due timers (see `claimForFiring`) and returns them; for code
    /// that fires timers by hand (test harnesses).
    static func claimDue(now: Date, limit: Int, on db: PGConnection) throws -> [DueTimer] {
        try claimForFiring(now: now, limit: limit, on: db).map(\.timer)
    }

    /// Claims up to `limit` due, unparked timers in one statement: locked with
    /// `FOR UPDATE SKIP LOCKED` (other instances skip them) and removed, inside the caller's
    /// transaction. Nothing is lost: a crash before the commit leaves them in place, and a
    /// timer whose handler fails is put back (`putBack`) in the same transaction. Removing
    /// before firing keeps what handlers see: during `fire` the timer no longer exists, and
    /// scheduling it again from `fire` (a recurring timer) simply sets the next one.
    static func claimForFiring(now: Date, limit: Int, on db: PGConnection) throws -> [ClaimedTimer] {
        let rows = try db.query("""
            DELETE FROM deadline_timers
            WHERE (kind, key) IN (
                SELECT kind, key FROM deadline_timers WHERE due_at <= \(now) AND parked_at IS NULL
                ORDER BY due_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING kind, key, due_at, payload::text AS payload, correlation_id, causation_id, attempts
            """)
        var timers: [ClaimedTimer] = []
        for row in rows {
            let payloadText: String = try row.get("payload")
            let payload = (try? JSONDecoder().decode(JSONValue.self, from: Data(payloadText.utf8))) ?? .null
            let timer = DueTimer(
                kind: try row.get("kind"), key: try row.get("key"), dueAt: try row.get("due_at"), payload: payload,
                cause: EventCause(correlationId: try row.get("correlation_id"), causationId: try row.get("causation_id")))
            timers.append(ClaimedTimer(timer: timer, payloadText: payloadText, attempts: try row.get("attempts")))
        }
        return timers.sorted { ($0.timer.dueAt, $0.timer.kind, $0.timer.key) < ($1.timer.dueAt, $1.timer.kind, $1.timer.key) }
    }

    /// Puts failed timers back in one statement, with their attempts, error, next due time
    /// and, when given up on, the time they were parked. A timer the handler scheduled
    /// again meanwhile is left as scheduled.
    static func putBack(_ failures: [FailedTimer], on db: PGConnection) throws {
        guard !failures.isEmpty else { return }
        let rows = failures.map { failure -> PGQuery in
            let timer = failure.claimed.timer
            return """
                (\(timer.kind), \(timer.key), \(failure.retryAt), \(failure.claimed.payloadText)::jsonb, \
                \(timer.cause.correlationId), \(timer.cause.causationId), \(failure.attempts), \
                \(Outbox.errorText(failure.error)), \(failure.parkedAt))
                """
        }
        try db.execute("""
            INSERT INTO deadline_timers
                (kind, key, due_at, payload, correlation_id, causation_id, attempts, last_error, parked_at)
            VALUES \(fragment: PGQuery.joined(rows, separator: ", "))
            ON CONFLICT (kind, key) DO NOTHING
            """)
    }

    /// How many timers are parked.
    static func parkedCount(on db: PGConnection) throws -> Int {
        try db.query("SELECT count(*)::bigint AS n FROM deadline_timers WHERE parked_at IS NOT NULL").first?.get("n") ?? 0
    }
}
