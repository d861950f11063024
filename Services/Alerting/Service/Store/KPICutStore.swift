import Foundation
import Postgres

/// The facts of the KPI cuts, read from alerting's tables: tickets completed since a moment
/// (with their latest survey, complaints and whether a later ticket repeats them) and audits
/// recorded since then (with their ticket's region, provider and category).
enum KPICutStore {
    static func load(since: Date, on db: PGConnection) throws -> (tickets: [CutTicket], audits: [CutAudit]) {
        let tickets = try db.query("""
            SELECT t.ticket_id, t.region, t.category, t.provider_id, t.completed_at, t.resolve_by, t.first_time_fix,
                   t.resolved_remotely, t.parts_used, t.visits,
                   EXISTS (SELECT 1 FROM ticket_facts r WHERE r.repeat_of = t.ticket_id) AS returned,
                   (SELECT s.satisfied FROM survey_facts s WHERE s.ticket_id = t.ticket_id
                    ORDER BY s.completed_at DESC, s.survey_id DESC LIMIT 1) AS satisfied,
                   (SELECT count(*)::bigint FROM complaint_facts c WHERE c.ticket_id = t.ticket_id) AS complaints
            FROM ticket_facts t WHERE t.completed_at > \(since)
            """).map { row -> CutTicket in
            let remote: Bool = try row.get("resolved_remotely") ?? false
            let completedAt: Date = try row.get("completed_at")
            let resolveBy: Date = try row.get("resolve_by")
            let complaints: Int64 = try row.get("complaints")
            let fact = ScorecardFact(
                ticketId: try row.get("ticket_id"), providerId: try row.get("provider_id"),
                region: try row.get("region") ?? "unknown", category: try row.get("category") ?? "unknown",
                visits: try row.get("visits") ?? (remote ? 0 : 1), firstTimeFix: try row.get("first_time_fix") ?? false,
                returned: try row.get("returned"), slaMet: completedAt <= resolveBy, partsUsed: try row.get("parts_used") ?? 0,
                satisfied: try row.get("satisfied"), complaints: Int(complaints))
            return CutTicket(fact: fact, completedAt: completedAt, resolvedRemotely: remote)
        }
        let audits = try db.query("""
            SELECT a.passed, a.recorded_at, t.region, t.provider_id, t.category
            FROM audit_facts a LEFT JOIN ticket_facts t USING (ticket_id) WHERE a.recorded_at > \(since)
            """).map { row in
            CutAudit(passed: try row.get("passed"), recordedAt: try row.get("recorded_at"), region: try row.get("region"),
                     providerId: try row.get("provider_id"), category: try row.get("category"))
        }
        return (tickets, audits)
    }
}
