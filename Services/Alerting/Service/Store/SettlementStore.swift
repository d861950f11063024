import Foundation
import Postgres
import Schema

/// SQL of settlement: each ticket's latest work evidence status (`work_evidence`, from
/// `work.completed`), the visits of providers' technicians (`settlement_visits`, one row per
/// ticket and completion time) and each provider's visit rate (`provider_rates`). Only the
/// evidence's verdict is kept, never the signature (it names a person).
enum SettlementStore {
    /// The evidence status recorded for each of `ticketIds` that has one.
    static func evidence(_ ticketIds: [String], on db: PGConnection) throws -> [String: SettlementLineStatus] {
        guard !ticketIds.isEmpty else { return [:] }
        var statuses: [String: SettlementLineStatus] = [:]
        for row in try db.query("SELECT ticket_id, status FROM work_evidence WHERE ticket_id = ANY(\(ticketIds)::text[])") {
            if let status = SettlementLineStatus(rawValue: try row.get("status")) { statuses[try row.get("ticket_id")] = status }
        }
        return statuses
    }

    /// Writes the latest evidence status of each ticket, one statement.
    static func upsertEvidence(_ changes: [(ticketId: String, status: SettlementLineStatus, at: Date)], on db: PGConnection) throws {
        guard !changes.isEmpty else { return }
        try db.execute("""
            INSERT INTO work_evidence (ticket_id, status, at)
            SELECT * FROM unnest(\(changes.map(\.ticketId))::text[], \(changes.map(\.status.rawValue))::text[],
                                 \(changes.map(\.at))::timestamptz[])
            ON CONFLICT (ticket_id) DO UPDATE SET status = EXCLUDED.status, at = EXCLUDED.at
            """)
    }

    /// Inserts new visits, one statement (the same ticket and completion time again is the same visit).
    static func insertVisits(_ visits: [SettlementLineFact], on db: PGConnection) throws {
        guard !visits.isEmpty else { return }
        try db.execute("""
            INSERT INTO settlement_visits (ticket_id, completed_at, provider_id, status)
            SELECT * FROM unnest(\(visits.map(\.ticketId))::text[], \(visits.map(\.completedAt))::timestamptz[],
                                 \(visits.map(\.providerId))::text[], \(visits.map(\.status.rawValue))::text[])
            ON CONFLICT (ticket_id, completed_at) DO NOTHING
            """)
    }

    /// Writes each provider's latest rates (nil: none), one statement.
    static func upsertRates(_ changes: [(providerId: String, rates: ProviderUpserted.Rates?)], on db: PGConnection) throws {
        guard !changes.isEmpty else { return }
        try db.execute("""
            INSERT INTO provider_rates (provider_id, visit_cents, currency)
            SELECT * FROM unnest(\(changes.map(\.providerId))::text[], \(changes.map { $0.rates.flatMap { Money.cents($0.visit) } })::bigint[],
                                 \(changes.map { $0.rates?.currency.uppercased() })::text[])
            ON CONFLICT (provider_id) DO UPDATE SET visit_cents = EXCLUDED.visit_cents, currency = EXCLUDED.currency
            """)
    }

    /// The visits completed in `[start, end)` and the rates of every provider recorded.
    static func month(start: Date, end: Date, on db: PGConnection) throws
        -> (visits: [SettlementLineFact], rates: [String: ProviderUpserted.Rates]) {
        let visits = try db.query("""
            SELECT ticket_id, provider_id, completed_at, status FROM settlement_visits
            WHERE completed_at >= \(start) AND completed_at < \(end)
            """).compactMap { row -> SettlementLineFact? in
            guard let status = SettlementLineStatus(rawValue: try row.get("status")) else { return nil }
            return SettlementLineFact(ticketId: try row.get("ticket_id"), providerId: try row.get("provider_id"),
                                      completedAt: try row.get("completed_at"), status: status)
        }
        var rates: [String: ProviderUpserted.Rates] = [:]
        for row in try db.query("SELECT provider_id, visit_cents, currency FROM provider_rates WHERE visit_cents IS NOT NULL") {
            let cents: Int64 = try row.get("visit_cents")
            let currency: String? = try row.get("currency")
            rates[try row.get("provider_id")] = ProviderUpserted.Rates(visit: Money.amount(cents: cents), currency: currency ?? "CNY")
        }
        return (visits, rates)
    }
}
