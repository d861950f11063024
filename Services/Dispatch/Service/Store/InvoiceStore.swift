import Foundation
import Postgres

/// SQL of `invoices`: one account per issued invoice (`InvoiceAccount`), written in the
/// transaction that emits its `ticket.invoiced`, updated by accepted payments. At most one
/// read and one write per batch.
enum InvoiceStore {
    /// The accounts with these ids, locked in id order until the batch commits (two
    /// instances never apply two payments to one invoice from the same balance).
    static func load(_ invoiceIds: [String], on db: PGConnection) throws -> [String: InvoiceAccount] {
        guard !invoiceIds.isEmpty else { return [:] }
        let rows = try db.query("""
            SELECT invoice_id, ticket_id, chargeable, total_cents, paid_cents, currency FROM invoices
             WHERE invoice_id = ANY(\(invoiceIds.sorted())::text[])
             ORDER BY invoice_id
               FOR UPDATE
            """)
        var accounts: [String: InvoiceAccount] = [:]
        for row in rows {
            let account = InvoiceAccount(invoiceId: try row.get("invoice_id"), ticketId: try row.get("ticket_id"),
                                         chargeable: try row.get("chargeable"), totalCents: try row.get("total_cents"),
                                         currency: try row.get("currency"), paidCents: try row.get("paid_cents"))
            accounts[account.invoiceId] = account
        }
        return accounts
    }

    /// The ticket and issue time of the invoices with these ids (not locked: an issued
    /// invoice's ticket and time never change).
    static func issued(_ invoiceIds: [String], on db: PGConnection) throws -> [(ticketId: String, issuedAt: Date)] {
        guard !invoiceIds.isEmpty else { return [] }
        return try db.query("""
            SELECT ticket_id, issued_at FROM invoices WHERE invoice_id = ANY(\(invoiceIds.sorted())::text[])
            """).map { (try $0.get("ticket_id"), try $0.get("issued_at")) }
    }

    /// Inserts new accounts and records what was paid on existing ones, with one statement
    /// (invoice-id order). An invoice's ticket, total and currency never change once issued;
    /// `paid_at` is set by the payment that settles it.
    static func write(_ accounts: [InvoiceAccount], now: Date, on db: PGConnection) throws {
        guard !accounts.isEmpty else { return }
        let rows = accounts.sorted { $0.invoiceId < $1.invoiceId }
        let paidAt = rows.map { $0.isPaid ? now : nil }
        try db.execute("""
            INSERT INTO invoices (invoice_id, ticket_id, chargeable, total_cents, paid_cents, currency, issued_at, paid_at,
                                  updated_at)
            SELECT u.invoice_id, u.ticket_id, u.chargeable, u.total_cents, u.paid_cents, u.currency, \(now), u.paid_at, \(now)
              FROM unnest(\(rows.map(\.invoiceId))::text[], \(rows.map(\.ticketId))::text[], \(rows.map(\.chargeable))::boolean[],
                          \(rows.map(\.totalCents))::bigint[], \(rows.map(\.paidCents))::bigint[],
                          \(rows.map(\.currency))::text[], \(paidAt)::timestamptz[])
                   AS u (invoice_id, ticket_id, chargeable, total_cents, paid_cents, currency, paid_at)
            ON CONFLICT (invoice_id) DO UPDATE
               SET paid_cents = EXCLUDED.paid_cents, paid_at = coalesce(invoices.paid_at, EXCLUDED.paid_at),
                   updated_at = EXCLUDED.updated_at
            """)
    }
}
