import Foundation
import Postgres

/// The facts KPI snapshots are computed from, read from alerting's tables. Surveys,
/// complaints and parts answers carry their ticket's region (for the region's "today").
enum KPIFactStore {
    /// Every fact since `since`, holds turned into clock pauses by `holdPolicy`, and the
    /// counted events (type and time) since then.
    static func load(since: Date, holdPolicy: HoldPolicy, on db: PGConnection) throws -> (kpi: KPIFacts, counted: [CountedFact]) {
        var facts = KPIFacts()
        let holds = try TicketHoldStore.forKPIs(since: since, on: db)
        facts.tickets = try db.query("""
            SELECT ticket_id, region, opened_at, respond_by, onsite_by, resolve_by, accepted_at, onsite_at, completed_at,
                   first_time_fix, (repeat_of IS NOT NULL) AS is_repeat, unassignable_at
            FROM ticket_facts WHERE opened_at > \(since) OR completed_at > \(since) OR unassignable_at > \(since)
            """).map { row in
            let ticketHolds = holds[try row.get("ticket_id"), default: []]
            return KPIFacts.Ticket(
                openedAt: try row.get("opened_at"), respondBy: try row.get("respond_by"), onSiteBy: try row.get("onsite_by"),
                resolveBy: try row.get("resolve_by"), acceptedAt: try row.get("accepted_at"), onSiteAt: try row.get("onsite_at"),
                completedAt: try row.get("completed_at"), firstTimeFix: try row.get("first_time_fix"),
                isRepeat: try row.get("is_repeat"), unassignableAt: try row.get("unassignable_at"), region: try row.get("region"),
                holds: ticketHolds.map(\.pause),
                pauses: SLAClock.Deadline.allCases.reduce(into: [:]) { $0[$1] = holdPolicy.pauses(ticketHolds, for: $1) })
        }
        facts.surveys = try db.query("""
            SELECT s.completed_at, s.satisfied, s.attitude, s.efficiency, s.quality, t.region
            FROM survey_facts s LEFT JOIN ticket_facts t USING (ticket_id) WHERE s.completed_at > \(since)
            """).map { row in
            KPIFacts.Survey(completedAt: try row.get("completed_at"), satisfied: try row.get("satisfied"), attitude: try row.get("attitude"),
                            efficiency: try row.get("efficiency"), quality: try row.get("quality"), region: try row.get("region"))
        }
        facts.complaints = try db.query("""
            SELECT c.opened_at, t.region FROM complaint_facts c LEFT JOIN ticket_facts t USING (ticket_id) WHERE c.opened_at > \(since)
            """).map { row in KPIFacts.Complaint(openedAt: try row.get("opened_at"), region: try row.get("region")) }
        facts.parts = try db.query("""
            SELECT p.at, p.reserved, p.backordered, t.region FROM parts_facts p LEFT JOIN ticket_facts t USING (ticket_id)
            WHERE p.at > \(since)
            """).map { row in
            KPIFacts.PartsAnswer(at: try row.get("at"), reservedQuantity: try row.get("reserved"),
                                 backorderedQuantity: try row.get("backordered"), region: try row.get("region"))
        }
        facts.openAlerts = try AlertStore.openCounts(on: db)
        let counted = try db.query("SELECT event_id, event_type, at FROM stream_facts WHERE at > \(since)").map { row in
            CountedFact(eventId: try row.get("event_id"), eventType: try row.get("event_type"), at: try row.get("at"))
        }
        return (facts, counted)
    }
}
