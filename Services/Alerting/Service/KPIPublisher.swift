import Foundation
import Postgres
import Schema
import ServiceRuntime

// MARK: KPI snapshots

extension AlertingHandler {
    /// Reads the facts of the last eight days and publishes one `kpi.snapshot` per window.
    func publishKPIs(context: HandlerContext) throws {
        let facts = try loadKPIFacts(context: context)
        var figures: [(String, [String: Double])] = []
        for window in KPICalculator.windows(now: context.now) {
            var f = KPICalculator.figures(facts.kpi, from: window.start, to: context.now)
            f["requests.rejected"] = Double(facts.counted.filter { $0.type == EventType.requestRejected.rawValue && $0.at >= window.start }.count)
            f["messages.dead-lettered"] = Double(facts.counted.filter { $0.type == EventType.messageDeadLettered.rawValue && $0.at >= window.start }.count)
            figures.append((window.name, f))
        }
        for (name, f) in figures {
            try context.emit(KpiSnapshot(window: name, figures: f, generatedAt: context.now), cause: nil)
        }
    }

    private func loadKPIFacts(context: HandlerContext) throws -> (kpi: KPIFacts, counted: [(type: String, at: Date)]) {
        var facts = KPIFacts()
        let since = context.now.addingTimeInterval(-8 * 86_400)
        facts.tickets = try context.db.query("""
            SELECT opened_at, respond_by, onsite_by, resolve_by, accepted_at, onsite_at, completed_at, first_time_fix,
                   (repeat_of IS NOT NULL) AS is_repeat, unassignable_at
            FROM ticket_facts WHERE opened_at > \(since) OR completed_at > \(since) OR unassignable_at > \(since)
            """).map { row in
            KPIFacts.Ticket(openedAt: try row.get("opened_at"), respondBy: try row.get("respond_by"), onSiteBy: try row.get("onsite_by"),
                            resolveBy: try row.get("resolve_by"), acceptedAt: try row.get("accepted_at"), onSiteAt: try row.get("onsite_at"),
                            completedAt: try row.get("completed_at"), firstTimeFix: try row.get("first_time_fix"),
                            isRepeat: try row.get("is_repeat"), unassignableAt: try row.get("unassignable_at"))
        }
        facts.surveys = try context.db.query("""
            SELECT completed_at, satisfied, attitude, efficiency, quality FROM survey_facts WHERE completed_at > \(since)
            """).map { row in
            KPIFacts.Survey(completedAt: try row.get("completed_at"), satisfied: try row.get("satisfied"), attitude: try row.get("attitude"),
                            efficiency: try row.get("efficiency"), quality: try row.get("quality"))
        }
        facts.complaintTimes = try context.db.query("SELECT opened_at FROM complaint_facts WHERE opened_at > \(since)")
            .map { try $0.get("opened_at") }
        facts.parts = try context.db.query("SELECT at, reserved, backordered FROM parts_facts WHERE at > \(since)").map { row in
            KPIFacts.PartsAnswer(at: try row.get("at"), reservedQuantity: try row.get("reserved"), backorderedQuantity: try row.get("backordered"))
        }
        for row in try context.db.query("SELECT severity, count(*)::bigint AS n FROM alerts WHERE status <> 'resolved' GROUP BY severity") {
            facts.openAlerts[try row.get("severity")] = try row.get("n")
        }
        let counted = try context.db.query("SELECT event_type, at FROM stream_facts WHERE at > \(since)").map { row in
            (type: try row.get("event_type") as String, at: try row.get("at") as Date)
        }
        return (facts, counted)
    }
}
