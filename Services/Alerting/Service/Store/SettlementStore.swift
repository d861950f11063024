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

    /// The visits completed in `[start, end)` (each with its verdict now: `Settlement.verdict`
    /// of the recorded one and the ticket's latest evidence) and the rates of every provider recorded.
    static func month(start: Date, end: Date, on db: PGConnection) throws
        -> (visits: [SettlementLineFact], rates: [String: ProviderUpserted.Rates]) {
        let visits = try db.query("""
            SELECT v.ticket_id, v.provider_id, v.completed_at, v.status, e.status AS evidence_status, e.at AS evidence_at
            FROM settlement_visits v LEFT JOIN work_evidence e ON e.ticket_id = v.ticket_id
            WHERE v.completed_at >= \(start) AND v.completed_at < \(end)
            """).compactMap { row -> SettlementLineFact? in
            guard let recorded = SettlementLineStatus(rawValue: try row.get("status")) else { return nil }
            let completedAt: Date = try row.get("completed_at")
            let evidenceStatus: String? = try row.get("evidence_status")
            let evidenceAt: Date? = try row.get("evidence_at")
            let evidence = evidenceStatus.flatMap(SettlementLineStatus.init(rawValue:)).flatMap { status in evidenceAt.map { (status, $0) } }
            return SettlementLineFact(ticketId: try row.get("ticket_id"), providerId: try row.get("provider_id"), completedAt: completedAt,
                                      status: Settlement.verdict(recorded: recorded, completedAt: completedAt, latestEvidence: evidence))
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
