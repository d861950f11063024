import Foundation
import Postgres

/// SQL of `ticket_holds`: one row per ticket and hold start (`since`), so that a hold
/// redelivered or replayed is the same row and is never counted twice.
enum TicketHoldStore {
    /// The holds of `ticketIds` (their ticket rows are locked by `TicketFactStore.lock`), oldest first.
    static func load(_ ticketIds: [String], on db: PGConnection) throws -> [String: [TicketHold]] {
        guard !ticketIds.isEmpty else { return [:] }
        var holds: [String: [TicketHold]] = [:]
        for row in try db.query("""
            SELECT ticket_id, since, reason, until FROM ticket_holds
            WHERE ticket_id = ANY(\(ticketIds)::text[]) ORDER BY ticket_id, since
            """) {
            holds[try row.get("ticket_id"), default: []].append(
                TicketHold(since: try row.get("since"), reason: try row.get("reason"), until: try row.get("until")))
        }
        return holds
    }

    /// Writes new holds and ended ones with one statement (a hold's start and reason never change).
    static func upsert(_ holds: [(ticketId: String, hold: TicketHold)], on db: PGConnection) throws {
        guard !holds.isEmpty else { return }
        try db.execute("""
            INSERT INTO ticket_holds (ticket_id, since, reason, until)
            SELECT * FROM unnest(\(holds.map(\.ticketId))::text[], \(holds.map(\.hold.since))::timestamptz[],
                                 \(holds.map(\.hold.reason))::text[], \(holds.map(\.hold.until))::timestamptz[])
            ON CONFLICT (ticket_id, since) DO UPDATE SET until = EXCLUDED.until
            """)
    }

    /// Every hold of the tickets `KPIFactStore` reads (opened, completed or unassignable since `since`).
    static func forKPIs(since: Date, on db: PGConnection) throws -> [String: [TicketHold]] {
        var holds: [String: [TicketHold]] = [:]
        for row in try db.query("""
            SELECT h.ticket_id, h.since, h.reason, h.until FROM ticket_holds h JOIN ticket_facts t USING (ticket_id)
            WHERE t.opened_at > \(since) OR t.completed_at > \(since) OR t.unassignable_at > \(since)
            ORDER BY h.ticket_id, h.since
            """) {
            holds[try row.get("ticket_id"), default: []].append(
                TicketHold(since: try row.get("since"), reason: try row.get("reason"), until: try row.get("until")))
        }
        return holds
    }
}
