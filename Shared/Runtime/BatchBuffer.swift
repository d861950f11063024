import Foundation
import Postgres
import Schema

/// The inbox and outbox rows of one batch, written with a few multi-row statements at the
/// end of the batch instead of one statement per message.
///
/// Duplicates are found up front: one query reads which of the batch's event ids the inbox
/// already holds, and ids repeated inside the batch are caught in memory. The inbox rows are
/// inserted without `ON CONFLICT`, so if another instance handled the same event meanwhile
/// (a rebalance race), the insert fails with a unique violation, the whole batch rolls back
/// and is retried, and the retry skips the event: exactly-once still holds.
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

    private var known: Set<String>
    private(set) var inbox: [InboxRow] = []
    private(set) var outbox: [OutboxRow] = []

    /// Reads which of `candidateIds` the inbox already holds.
    init(candidateIds: [String], on db: PGConnection) throws {
        known = []
        guard !candidateIds.isEmpty else { return }
        for row in try db.query("SELECT event_id FROM inbox WHERE event_id = ANY(\(candidateIds)::text[])") {
            known.insert(try row.get("event_id"))
        }
    }

    /// Claims an event id for this batch; false when it was handled before (or earlier in the batch).
    func claim(_ eventId: String, topic: String, partition: Int32, offset: Int64, outcome: String) -> Bool {
        guard known.insert(eventId).inserted else { return false }
        inbox.append(InboxRow(eventId: eventId, topic: topic, partition: partition, offset: offset, outcome: outcome))
        return true
    }

    /// Changes the recorded outcome of the last claimed event.
    func setLastOutcome(_ outcome: String) {
        guard !inbox.isEmpty else { return }
        inbox[inbox.count - 1].outcome = outcome
    }

    func append(_ row: OutboxRow) { outbox.append(row) }

    /// How many outbox rows are buffered (a mark to roll back to).
    var outboxMark: Int { outbox.count }

    /// Drops outbox rows buffered after `mark` (the handler that emitted them failed).
    func rollBackOutbox(to mark: Int) { outbox.removeSubrange(mark...) }

    /// Writes the buffered rows, in order, in chunks that stay well below PostgreSQL's bind limit.
    func flush(on db: PGConnection) throws {
        for chunk in stride(from: 0, to: inbox.count, by: 2_000) {
            let rows = inbox[chunk..<min(inbox.count, chunk + 2_000)].map { row -> PGQuery in
                "(\(row.eventId), \(row.topic), \(Int(row.partition)), \(row.offset), \(row.outcome))"
            }
            try db.execute("INSERT INTO inbox (event_id, topic, partition, \"offset\", outcome) VALUES "
                           + PGQuery.joined(rows, separator: ", "))
        }
        for chunk in stride(from: 0, to: outbox.count, by: 2_000) {
            let rows = outbox[chunk..<min(outbox.count, chunk + 2_000)].map { row -> PGQuery in
                "(\(row.eventId), \(row.topic), \(row.key), \(row.value))"
            }
            try db.execute("INSERT INTO outbox (event_id, topic, key, value) VALUES " + PGQuery.joined(rows, separator: ", "))
        }
    }
}
