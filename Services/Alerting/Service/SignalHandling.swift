import Foundation
import Postgres
import Schema
import ServiceRuntime

// MARK: Stock, parts, surveys and complaints

extension AlertingHandler {
    /// `stock.low`: a warning per part and warehouse; every new warning restarts the quiet
    /// period after which the alert resolves (inventory publishes no recovery event).
    func stockLow(_ low: StockLow, _ event: InboundEvent, alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        let draft = settings.rules.stockLow(partNumber: low.partNumber, warehouseId: low.warehouseId, available: low.available,
                                            reorderPoint: low.reorderPoint)
        try alerts.raise(draft, cause: event.cause)
        try context.schedule(timer: TimerKind.stockLowQuiet, key: draft.subject,
                             at: context.now.addingTimeInterval(settings.stockLowQuietSeconds), cause: event.cause)
        return .applied
    }

    /// `parts.reserved` / `parts.backordered`: quantities for the fill rate.
    func partsAnswer(_ ticketId: String, reserved: [PartLine], backordered: [PartLine], _ event: InboundEvent,
                     context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            INSERT INTO parts_facts (event_id, ticket_id, reserved, backordered, at)
            VALUES (\(event.envelope.id), \(ticketId), \(reserved.map(\.quantity).reduce(0, +))::int,
                    \(backordered.map(\.quantity).reduce(0, +))::int, \(event.envelope.occurredAt))
            ON CONFLICT (event_id) DO NOTHING
            """)
        return .applied
    }

    /// `survey.completed`: a survey fact, then the technician's rolling CSAT decides whether a
    /// technician-csat alert is raised or resolved.
    func surveyCompleted(_ survey: SurveyCompleted, _ event: InboundEvent, alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        let technician: String? = try context.db.query("SELECT technician_id FROM ticket_facts WHERE ticket_id = \(survey.ticketId)")
            .first?.get("technician_id")
        let inserted = try context.db.execute("""
            INSERT INTO survey_facts (survey_id, ticket_id, technician_id, satisfied, attitude, efficiency, quality, completed_at)
            VALUES (\(survey.surveyId), \(survey.ticketId), \(technician), \(survey.satisfied), \(survey.scores.attitude)::int,
                    \(survey.scores.efficiency)::int, \(survey.scores.quality)::int, \(event.envelope.occurredAt))
            ON CONFLICT (survey_id) DO NOTHING
            """)
        guard inserted == 1 else { return .ignored }
        guard let technician else { return .applied }
        let newestFirst = try context.db.query("""
            SELECT satisfied FROM survey_facts WHERE technician_id = \(technician)
            ORDER BY completed_at DESC, survey_id DESC LIMIT \(settings.rules.csatSurveys)::int
            """).map { try $0.get("satisfied") as Bool }
        let satisfied = Array(newestFirst.reversed())
        if let alert = settings.rules.technicianCSAT(technicianId: technician, satisfied: satisfied) {
            try alerts.raise(alert, cause: event.cause)
        } else if let csat = settings.rules.rollingCSAT(satisfied) {
            try alerts.resolve(AlertRuleName.technicianCSAT, subject: technician,
                               message: "technician \(technician): CSAT back to \(Int((csat * 100).rounded())) %", cause: event.cause)
        }
        return .applied
    }

    /// `complaint.opened`: a complaint fact, then the spike rule.
    func complaintOpened(_ complaint: ComplaintOpened, _ event: InboundEvent, alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        let inserted = try context.db.execute("""
            INSERT INTO complaint_facts (complaint_id, ticket_id, opened_at)
            VALUES (\(complaint.complaintId), \(complaint.ticketId), \(event.envelope.occurredAt))
            ON CONFLICT (complaint_id) DO NOTHING
            """)
        guard inserted == 1 else { return .ignored }
        try checkComplaintSpike(now: max(event.envelope.occurredAt, context.now), cause: event.cause, alerts: alerts, context: context)
        return .applied
    }

    /// Raises the spike alert while above the threshold (re-checking when the oldest complaint
    /// leaves the window), resolves it once back at or under the threshold.
    func checkComplaintSpike(now: Date, cause: EventCause?, alerts: AlertStore, context: HandlerContext) throws {
        let since = now.addingTimeInterval(-settings.rules.complaintWindow)
        let times = try context.db.query("SELECT opened_at FROM complaint_facts WHERE opened_at > \(since) AND opened_at <= \(now)")
            .map { try $0.get("opened_at") as Date }
        if let spike = settings.rules.complaintSpike(complaintTimes: times, now: now) {
            try alerts.raise(spike, cause: cause)
            let oldest = times.min() ?? now
            let at = max(oldest.addingTimeInterval(settings.rules.complaintWindow + 1), context.now.addingTimeInterval(1))
            try context.schedule(timer: TimerKind.complaintRecheck, key: "platform", at: at, cause: cause)
        } else {
            try alerts.resolve(AlertRuleName.complaintSpike, subject: "platform",
                               message: "complaints back at or under \(settings.rules.complaintSpikeThreshold) per window", cause: cause)
        }
    }
}
