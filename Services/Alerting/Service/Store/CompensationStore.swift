import Foundation
import Postgres
import Schema

/// SQL of `compensation_grants`: one row per ticket, the once-per-ticket guarantee of
/// `compensation.granted` across redeliveries, replays, restarts and two instances.
enum CompensationStore {
    /// Records `grants` with one statement and returns the ticket ids actually inserted: a
    /// ticket that already has a grant (an earlier batch, another instance) conflicts and is
    /// left out, so only the returned ones are emitted (in the same transaction).
    static func insert(_ grants: [CompensationGranted], now: Date, on db: PGConnection) throws -> Set<String> {
        guard !grants.isEmpty else { return [] }
        let cents: [Int64?] = grants.map { grant in grant.amount.flatMap { Money.cents($0) } }
        let rows = try db.query("""
            INSERT INTO compensation_grants (ticket_id, idempotency_key, reason, kind, amount_cents, currency, months, granted_at)
            SELECT g.ticket_id, g.idempotency_key, g.reason, g.kind, g.amount_cents, g.currency, g.months, \(now)
            FROM unnest(\(grants.map(\.ticketId))::text[], \(grants.map { Compensation.idempotencyKey(ticketId: $0.ticketId) })::text[],
                        \(grants.map(\.reason))::text[], \(grants.map(\.kind.rawValue))::text[], \(cents)::bigint[],
                        \(grants.map(\.currency))::text[], \(grants.map(\.months))::integer[])
                 AS g(ticket_id, idempotency_key, reason, kind, amount_cents, currency, months)
            ORDER BY g.ticket_id
            ON CONFLICT DO NOTHING
            RETURNING ticket_id
            """)
        return Set(try rows.map { try $0.get("ticket_id") as String })
    }
}
