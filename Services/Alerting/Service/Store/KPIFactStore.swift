import Foundation
import Postgres

/// The facts KPI snapshots are computed from, read from alerting's tables.
enum KPIFactStore {
    /// Every fact since `since`, and the counted events (type and time) since then.
    static func load(since: Date, on db: PGConnection) throws -> (kpi: KPIFacts, counted: [CountedFact]) {
        var facts = KPIFacts()
        facts.tickets = try db.query("""
            SELECT opened_at, respond_by, onsite_by, resolve_by, accepted_at, onsite_at, completed_at, first_time_fix,
                   (repeat_of IS NOT NULL) AS is_repeat, unassignable_at
            FROM ticket_facts WHERE opened_at > \(since) OR completed_at > \(since) OR unassignable_at > \(since)
            """).map { row in
            KPIFacts.Ticket(openedAt: try row.get("opened_at"), respondBy: try row.get("respond_by"), onSiteBy: try row.get("onsite_by"),
                            resolveBy: try row.get("resolve_by"), acceptedAt: try row.get("accepted_at"), onSiteAt: try row.get("onsite_at"),
                            completedAt: try row.get("completed_at"), firstTimeFix: try row.get("first_time_fix"),
                            isRepeat: try row.get("is_repeat"), unassignableAt: try row.get("unassignable_at"))
        }
        facts.surveys = try db.query("""
            SELECT completed_at, satisfied, attitude, efficiency, quality FROM survey_facts WHERE completed_at > \(since)
            """).map { row in
            KPIFacts.Survey(completedAt: try row.get("completed_at"), satisfied: try row.get("satisfied"), attitude: try row.get("attitude"),
                            efficiency: try row.get("efficiency"), quality: try row.get("quality"))
        }
        facts.complaintTimes = try ComplaintFactStore.openedSince(since, on: db)
        facts.parts = try db.query("SELECT at, reserved, backordered FROM parts_facts WHERE at > \(since)").map { row in
            KPIFacts.PartsAnswer(at: try row.get("at"), reservedQuantity: try row.get("reserved"), backorderedQuantity: try row.get("backordered"))
        }
        facts.openAlerts = try AlertStore.openCounts(on: db)
        let counted = try db.query("SELECT event_id, event_type, at FROM stream_facts WHERE at > \(since)").map { row in
            CountedFact(eventId: try row.get("event_id"), eventType: try row.get("event_type"), at: try row.get("at"))
        }
        return (facts, counted)
    }
}
