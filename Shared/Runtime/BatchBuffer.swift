import Foundation
import Postgres
import Schema

/// The runtime rows of one batch — inbox, outbox and deadline-timer changes — written at the
/// end of the batch with one set-based statement per table (`INSERT … SELECT FROM unnest(…)`)
/// instead of one statement per message.
///
/// Duplicates are found up front: one query reads which of the batch's event ids the inbox
/// already holds, and ids repeated inside the batch are caught in memory. The inbox rows are
/// inserted without `ON CONFLICT`, so if another instance handled the same event meanwhile
/// (a rebalance race), the insert fails with a unique violation, the batch rolls back and is
/// retried (`InboxRace`), and the retry skips the event: exactly-once still holds.
final class BatchBuffer {
    struct InboxRow {
        var eventId: String
        var topic: String
        var partition: Int32
        var offset: Int64
        var outcome: String
    }

    struct OutboxRow {
        var eventId: String
        var topic: String
        var key: String?
        var value: String
    }

    /// The last change of one timer in this batch: set to come due, or cancelled.
    struct TimerChange {
        var due: Date?
        var payload: JSONValue
        var cause: EventCause
    }

    /// A position to roll back to when one event's handling fails (isolation mode).
    struct Mark {
        var outbox: Int
        var timers: [TimerKey: TimerChange]
    }

    struct TimerKey: Hashable {
        var kind: String
        var key: String
    }

    private var known: Set<String> = []
    private(set) var inbox: [InboxRow] = []
    private(set) var outbox: [OutboxRow] = []
    private(set) var timers: [TimerKey: TimerChange] = [:]
    /// How many outbox rows are already written (`flushChanges` in isolation mode).
    private var writtenOutbox = 0

    init() {}

    /// Reads which of `candidateIds` the inbox already holds (one query).
    func loadKnown(_ candidateIds: [String], on db: PGConnection) throws {
        guard !candidateIds.isEmpty else { return }
        for row in try db.query("SELECT event_id FROM inbox WHERE event_id = ANY(\(candidateIds)::text[])") {
            known.insert(try row.get("event_id"))
        }
    }

    /// Claims an event id for this batch; false when it was handled before (or earlier in the batch).
    func claim(_ eventId: String) -> Bool { known.insert(eventId).inserted }

    /// Records the outcome of a claimed event.
    func record(_ eventId: String, topic: String, partition: Int32, offset: Int64, outcome: String) {
        inbox.append(InboxRow(eventId: eventId, topic: topic, partition: partition, offset: offset, outcome: outcome))
    }

    func append(_ row: OutboxRow) { outbox.append(row) }

    // MARK: Timers (read-your-writes within the batch)

    func schedule(kind: String, key: String, due: Date, payload: JSONValue, cause: EventCause) {
        timers[TimerKey(kind: kind, key: key)] = TimerChange(due: due, payload: payload, cause: cause)
    }

    func cancel(kind: String, key: String) {
        timers[TimerKey(kind: kind, key: key)] = TimerChange(due: nil, payload: .null, cause: .none)
    }

    /// The batch's own view of a timer: true/false when this batch set or cancelled it, nil when untouched.
    func pendingState(kind: String, key: String) -> Bool? {
        timers[TimerKey(kind: kind, key: key)].map { $0.due != nil }
    }

    // MARK: Isolation

    var mark: Mark { Mark(outbox: outbox.count, timers: timers) }

    /// Drops what was buffered after `mark` (the handler that buffered it failed; its savepoint,
    /// rolled back with it, removed whatever of it `flushChanges` had written).
    func rollBack(to mark: Mark) {
        outbox.removeSubrange(mark.outbox...)
        writtenOutbox = min(writtenOutbox, mark.outbox)
        timers = mark.timers
    }

    // MARK: Writing

    /// Writes the buffered rows: inbox, outbox (in emission order), timer changes.
    func flush(on db: PGConnection) throws {
        if !inbox.isEmpty {
            do {
                try db.execute("""
                    INSERT INTO inbox (event_id, topic, partition, "offset", outcome)
                    SELECT * FROM unnest(\(inbox.map(\.eventId))::text[], \(inbox.map(\.topic))::text[],
                                         \(inbox.map { Int($0.partition) })::int[], \(inbox.map(\.offset))::bigint[],
                                         \(inbox.map(\.outcome))::text[])
                    """)
            } catch {
                // `execute` throws PGError only.
                if error.isUniqueViolation { throw InboxRace() }
                throw error
            }
        }
        try flushChanges(on: db)
    }

    /// Writes the outbox rows not written yet and the timer changes (idempotent upserts and
    /// deletes), not the inbox. Isolation mode calls it inside each event's savepoint, so that a
    /// row PostgreSQL refuses (a NUL in a timer key, say) fails that event alone, not the batch.
    func flushChanges(on db: PGConnection) throws {
        let pending = outbox[writtenOutbox...]
        if !pending.isEmpty {
            // WITH ORDINALITY keeps the emission order in the bigserial ids the relay follows.
            try db.execute("""
                INSERT INTO outbox (event_id, topic, key, value)
                SELECT event_id, topic, key, value
                FROM unnest(\(pending.map(\.eventId))::text[], \(pending.map(\.topic))::text[],
                            \(pending.map(\.key))::text[], \(pending.map(\.value))::text[])
                     WITH ORDINALITY AS rows (event_id, topic, key, value, position)
                ORDER BY position
                """)
            writtenOutbox = outbox.count
        }
        try flushTimers(on: db)
    }

    private func flushTimers(on db: PGConnection) throws {
        guard !timers.isEmpty else { return }
        let cancelled = timers.filter { $0.value.due == nil }.map(\.key)
        if !cancelled.isEmpty {
            try db.execute("""
                DELETE FROM deadline_timers t
                USING unnest(\(cancelled.map(\.kind))::text[], \(cancelled.map(\.key))::text[]) AS gone (kind, key)
                WHERE t.kind = gone.kind AND t.key = gone.key
                """)
        }
        let set = timers.compactMap { entry in entry.value.due.map { (entry.key, $0, entry.value) } }
        guard !set.isEmpty else { return }
        try db.execute("""
            INSERT INTO deadline_timers (kind, key, due_at, payload, correlation_id, causation_id)
            SELECT kind, key, due_at, payload::jsonb, correlation_id, causation_id
            FROM unnest(\(set.map(\.0.kind))::text[], \(set.map(\.0.key))::text[], \(set.map(\.1))::timestamptz[],
                        \(set.map { Self.json($0.2.payload) })::text[],
                        \(set.map(\.2.cause.correlationId))::text[], \(set.map(\.2.cause.causationId))::text[])
                 AS rows (kind, key, due_at, payload, correlation_id, causation_id)
            ON CONFLICT (kind, key) DO UPDATE
            SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
                correlation_id = EXCLUDED.correlation_id, causation_id = EXCLUDED.causation_id,
                attempts = 0, last_error = NULL, parked_at = NULL
            """)
    }

    private static func json(_ payload: JSONValue) -> String {
        String(decoding: (try? JSONEncoder().encode(payload)) ?? Data("null".utf8), as: UTF8.self)
    }
}
