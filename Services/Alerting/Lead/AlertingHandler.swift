import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Alerting: SLA clocks per ticket, rule-based alerts (safety hazard, unassignable, stock
/// low, quality signal, complaint spike, technician CSAT) and KPI snapshots every interval.
public struct AlertingHandler: ServiceHandler {
    public let settings: AlertingSettings

    public init(settings: AlertingSettings = AlertingSettings()) { self.settings = settings }

    public init(config: ServiceConfig) throws { self.init(settings: try AlertingSettings(config: config)) }

    public var subscriptions: [Topic] { [.tickets, .parts, .inventory, .surveys] }

    /// Timer kinds.
    enum Timer {
        static let atRisk = "sla-at-risk", breach = "sla-breach", escalate = "sla-escalate"
        static let kpi = "kpi-snapshot", stockQuiet = "stock-low-quiet", complaintCheck = "complaint-spike-check"
    }

    public func start(context: HandlerContext) throws {
        if try !context.hasTimer(kind: Timer.kpi, key: "kpi") {
            try context.schedule(timer: Timer.kpi, key: "kpi", at: context.now.addingTimeInterval(settings.kpiIntervalSeconds), cause: .none)
        }
    }

    public func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        let book = AlertBook(context: context)
        let cause = event.cause
        switch event.eventType {
        case .ticketOpened:
            return try opened(try event.payload(as: TicketOpened.self), at: event.envelope.occurredAt, cause: cause, book: book, context: context)
        case .ticketAssigned:
            let assigned = try event.payload(as: TicketAssigned.self)
            try context.db.execute("UPDATE ticket_facts SET technician_id = \(assigned.technicianId) WHERE ticket_id = \(assigned.ticketId)")
            try book.resolve("unassignable", subject: assigned.ticketId, message: "ticket \(assigned.ticketId) was assigned", cause: cause)
            return .applied
        case .ticketAccepted: return try met(try event.payload(as: TicketAccepted.self).ticketId, .respond, column: "accepted_at", cause: cause, book: book, context: context)
        case .ticketOnSite: return try met(try event.payload(as: TicketOnSite.self).ticketId, .onSite, column: "onsite_at", cause: cause, book: book, context: context)
        case .ticketCompleted:
            let done = try event.payload(as: TicketCompleted.self)
            try context.db.execute("""
                UPDATE ticket_facts SET first_time_fix = \(done.firstTimeFix), technician_id = \(done.technicianId) WHERE ticket_id = \(done.ticketId)
                """)
            try book.resolve("safety-hazard", subject: done.ticketId, message: "hazard ticket \(done.ticketId) completed", cause: cause)
            return try met(done.ticketId, .resolve, column: "completed_at", cause: cause, book: book, context: context)
        case .ticketCancelled: return try stopped(try event.payload(as: TicketCancelled.self).ticketId, cause: cause, book: book, context: context)
        case .ticketClosed: return try stopped(try event.payload(as: TicketClosed.self).ticketId, cause: cause, book: book, context: context)
        case .ticketUnassignable:
            let u = try event.payload(as: TicketUnassignable.self)
            try context.db.execute("UPDATE ticket_facts SET unassignable_at = \(context.now) WHERE ticket_id = \(u.ticketId)")
            try book.raise("unassignable", subject: u.ticketId, severity: .critical, message: "no technician for \(u.ticketId): \(u.reason)",
                           tickets: [u.ticketId], details: ["reason": u.reason], cause: cause)
            return .applied
        case .stockLow:
            let low = try event.payload(as: StockLow.self)
            let subject = "\(low.partNumber)@\(low.warehouseId)"
            try book.raise("stock-low", subject: subject, severity: .warning,
                           message: "\(low.partNumber) at \(low.warehouseId): \(low.available) available, reorder point \(low.reorderPoint)",
                           details: ["available": "\(low.available)", "reorderPoint": "\(low.reorderPoint)"], cause: cause)
            try context.schedule(timer: Timer.stockQuiet, key: subject, at: context.now.addingTimeInterval(settings.stockLowQuietSeconds), cause: cause)
            return .applied
        case .partsReserved, .partsBackordered:
            let ticketId = event.envelope.data["ticketId"]?.stringValue ?? ""
            let lines = event.envelope.data["lines"]?.arrayValue?.count ?? 0
            let backordered = event.eventType == .partsBackordered
            try context.db.execute("""
                INSERT INTO parts_facts (ticket_id, reserved, backordered, at)
                VALUES (\(ticketId), \(backordered ? 0 : lines)::int, \(backordered ? lines : 0)::int, \(context.now))
                """)
            return .applied
        case .surveyCompleted: return try surveyCompleted(try event.payload(as: SurveyCompleted.self), cause: cause, book: book, context: context)
        case .complaintOpened:
            let complaint = try event.payload(as: ComplaintOpened.self)
            try context.db.execute("""
                INSERT INTO complaint_facts (complaint_id, ticket_id, opened_at) VALUES (\(complaint.complaintId), \(complaint.ticketId), \(context.now))
                ON CONFLICT DO NOTHING
                """)
            try checkComplaintSpike(cause: cause, book: book, context: context)
            return .applied
        default:
            return .ignored
        }
    }

    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        let book = AlertBook(context: context)
        switch timer.kind {
        case Timer.kpi:
            try publishKPIs(context: context)
            try context.schedule(timer: Timer.kpi, key: "kpi", at: context.now.addingTimeInterval(settings.kpiIntervalSeconds), cause: .none)
        case Timer.atRisk, Timer.breach, Timer.escalate:
            let parts = timer.key.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let deadline = SLAClock.Deadline(rawValue: parts[1]) else { return }
            try slaTimer(timer.kind, ticketId: parts[0], deadline: deadline, cause: timer.cause, book: book, context: context)
        case Timer.stockQuiet:
            try book.resolve("stock-low", subject: timer.key, message: "no new low-stock warning for \(timer.key) in the quiet period", cause: timer.cause)
        case Timer.complaintCheck:
            try checkComplaintSpike(cause: timer.cause, book: book, context: context)
        default:
            break
        }
    }

    // MARK: Tickets and SLA clocks

    private func opened(_ t: TicketOpened, at openedAt: Date, cause: EventCause, book: AlertBook, context: HandlerContext) throws -> HandlingResult {
        let inserted = try context.db.execute("""
            INSERT INTO ticket_facts (ticket_id, correlation_id, opened_at, priority, model, fault, hazard, repeat_of, respond_by, onsite_by, resolve_by)
            VALUES (\(t.ticketId), \(cause.correlationId), \(openedAt), \(t.priority.rawValue), \(t.product.model), \(t.fault.category.rawValue),
                    \(t.fault.safetyHazard), \(t.repeatOf), \(t.sla.respondBy), \(t.sla.onSiteBy), \(t.sla.resolveBy))
            ON CONFLICT (ticket_id) DO NOTHING
            """)
        guard inserted == 1 else { return .ignored }
        for clock in [SLAClock(deadline: .respond, start: openedAt, due: t.sla.respondBy),
                      SLAClock(deadline: .onSite, start: openedAt, due: t.sla.onSiteBy),
                      SLAClock(deadline: .resolve, start: openedAt, due: t.sla.resolveBy)] {
            let key = "\(t.ticketId)/\(clock.deadline.rawValue)"
            try context.schedule(timer: Timer.atRisk, key: key, at: clock.atRiskAt, cause: cause)
            try context.schedule(timer: Timer.breach, key: key, at: clock.breachAt, cause: cause)
            try context.schedule(timer: Timer.escalate, key: key, at: clock.escalateAt, cause: cause)
        }
        if t.fault.safetyHazard {
            try book.raise("safety-hazard", subject: t.ticketId, severity: .critical,
                           message: "safety hazard reported on \(t.product.model) (\(t.product.category.rawValue)), ticket \(t.ticketId)",
                           tickets: [t.ticketId], cause: cause)
        }
        // Quality signal: the same model failing with the same fault class again and again.
        let facts = try context.db.query("""
            SELECT ticket_id, hazard, opened_at FROM ticket_facts WHERE model = \(t.product.model) AND fault = \(t.fault.category.rawValue)
            """).map { TicketFact(ticketId: try $0.get("ticket_id"), model: t.product.model, fault: t.fault.category.rawValue,
                                  hazard: try $0.get("hazard"), openedAt: try $0.get("opened_at")) }
        if t.fault.category != .unknown,
           let signal = settings.rules.qualitySignal(model: t.product.model, fault: t.fault.category.rawValue, facts: facts, now: max(openedAt, context.now)) {
            try book.raise("quality-signal", subject: t.product.model, severity: signal.critical ? .critical : .warning,
                           message: "\(t.product.model): \(signal.tickets.count) \(t.fault.category.rawValue) faults within \(Int(settings.rules.qualityWindow / 86_400)) days",
                           tickets: signal.tickets, details: ["model": t.product.model, "fault": t.fault.category.rawValue], cause: cause)
        }
        return .applied
    }

    private func met(_ ticketId: String, _ deadline: SLAClock.Deadline, column: String, cause: EventCause, book: AlertBook,
                     context: HandlerContext) throws -> HandlingResult {
        // The column name comes from a fixed set in this file, never from input.
        let updated = try context.db.execute("""
            UPDATE ticket_facts SET \(unsafeRaw: column) = \(context.now) WHERE ticket_id = \(ticketId) AND \(unsafeRaw: column) IS NULL
            """)
        guard updated == 1 else { return .ignored }
        try endClock(ticketId, deadline, message: "\(deadline.rawValue) deadline of \(ticketId) met", cause: cause, book: book, context: context)
        return .applied
    }

    private func stopped(_ ticketId: String, cause: EventCause, book: AlertBook, context: HandlerContext) throws -> HandlingResult {
        let updated = try context.db.execute("UPDATE ticket_facts SET stopped_at = \(context.now) WHERE ticket_id = \(ticketId) AND stopped_at IS NULL")
        guard updated == 1 else { return .ignored }
        for deadline in SLAClock.Deadline.allCases {
            try endClock(ticketId, deadline, message: "ticket \(ticketId) ended; \(deadline.rawValue) clock stopped", cause: cause, book: book, context: context)
        }
        try book.resolve("safety-hazard", subject: ticketId, message: "ticket \(ticketId) ended", cause: cause)
        try book.resolve("unassignable", subject: ticketId, message: "ticket \(ticketId) ended", cause: cause)
        return .applied
    }

    private func endClock(_ ticketId: String, _ deadline: SLAClock.Deadline, message: String, cause: EventCause, book: AlertBook,
                          context: HandlerContext) throws {
        let key = "\(ticketId)/\(deadline.rawValue)"
        for kind in [Timer.atRisk, Timer.breach, Timer.escalate] { try context.cancelTimer(kind: kind, key: key) }
        try book.resolve("sla-at-risk", subject: key, message: message, cause: cause)
        try book.resolve("sla-breached", subject: key, message: message, cause: cause)
    }

    private func slaTimer(_ kind: String, ticketId: String, deadline: SLAClock.Deadline, cause: EventCause, book: AlertBook,
                          context: HandlerContext) throws {
        let column = ["respond": "accepted_at", "on-site": "onsite_at", "resolve": "completed_at"][deadline.rawValue]!
        guard let row = try context.db.query("""
            SELECT \(unsafeRaw: column) IS NULL AND stopped_at IS NULL AS running FROM ticket_facts WHERE ticket_id = \(ticketId)
            """).first, try row.get("running") as Bool else { return }
        let subject = "\(ticketId)/\(deadline.rawValue)"
        switch kind {
        case Timer.atRisk:
            try book.raise("sla-at-risk", subject: subject, severity: .warning, message: "\(ticketId): 80 % of the \(deadline.rawValue) window gone",
                           tickets: [ticketId], details: ["deadline": deadline.rawValue], cause: cause)
        case Timer.breach:
            try book.raise("sla-breached", subject: subject, severity: .critical, message: "\(ticketId): \(deadline.rawValue) deadline breached",
                           tickets: [ticketId], details: ["deadline": deadline.rawValue], cause: cause)
        default:
            try book.escalate("sla-breached", subject: subject, message: "\(ticketId): \(deadline.rawValue) breach still open at 150 % of the window",
                              cause: cause)
        }
    }

    // MARK: Surveys and complaints

    private func surveyCompleted(_ survey: SurveyCompleted, cause: EventCause, book: AlertBook, context: HandlerContext) throws -> HandlingResult {
        let technician: String? = try context.db.query("SELECT technician_id FROM ticket_facts WHERE ticket_id = \(survey.ticketId)")
            .first?.get("technician_id")
        try context.db.execute("""
            INSERT INTO survey_facts (survey_id, ticket_id, technician_id, satisfied, attitude, efficiency, quality, completed_at)
            VALUES (\(survey.surveyId), \(survey.ticketId), \(technician), \(survey.satisfied), \(survey.scores.attitude)::int,
                    \(survey.scores.efficiency)::int, \(survey.scores.quality)::int, \(context.now))
            ON CONFLICT DO NOTHING
            """)
        guard let technician else { return .applied }
        let recent = try context.db.query("""
            SELECT satisfied FROM survey_facts WHERE technician_id = \(technician)
            ORDER BY completed_at DESC, survey_id DESC LIMIT \(settings.rules.csatSurveys)::int
            """).map { try $0.get("satisfied") as Bool }.reversed()
        guard let csat = settings.rules.technicianCSAT(Array(recent)) else { return .applied }
        let percent = Int((csat.csat * 100).rounded())
        if csat.isLow {
            try book.raise("technician-csat", subject: technician, severity: .warning,
                           message: "\(technician): CSAT \(percent) % over the last \(recent.count) surveys", details: ["csat": "\(csat.csat)"], cause: cause)
        } else {
            try book.resolve("technician-csat", subject: technician, message: "\(technician): CSAT back to \(percent) %", cause: cause)
        }
        return .applied
    }

    private func checkComplaintSpike(cause: EventCause, book: AlertBook, context: HandlerContext) throws {
        let since = context.now.addingTimeInterval(-settings.rules.complaintWindow)
        let times = try context.db.query("SELECT opened_at FROM complaint_facts WHERE opened_at > \(since)").map { try $0.get("opened_at") as Date }
        if let count = settings.rules.complaintSpike(complaintTimes: times, now: context.now) {
            let raised = try book.raise("complaint-spike", subject: "platform", severity: .warning,
                                        message: "\(count) complaints in the last \(Int(settings.rules.complaintWindow / 60)) minutes",
                                        details: ["count": "\(count)"], cause: cause)
            _ = raised
            do {
                try context.schedule(timer: Timer.complaintCheck, key: "platform",
                                     at: context.now.addingTimeInterval(settings.rules.complaintWindow / 4), cause: cause)
            }
        } else {
            try book.resolve("complaint-spike", subject: "platform", message: "complaints back under the threshold", cause: cause)
        }
    }

    // MARK: KPIs

    private func publishKPIs(context: HandlerContext) throws {
        var facts = KPIFacts()
        let since = context.now.addingTimeInterval(-8 * 86_400)
        facts.tickets = try context.db.query("""
            SELECT opened_at, respond_by, onsite_by, resolve_by, accepted_at, onsite_at, completed_at, first_time_fix, repeat_of IS NOT NULL AS is_repeat,
                   unassignable_at
            FROM ticket_facts WHERE opened_at > \(since) OR completed_at > \(since)
            """).map { row in
            KPIFacts.Ticket(openedAt: try row.get("opened_at"), respondBy: try row.get("respond_by"), onSiteBy: try row.get("onsite_by"),
                            resolveBy: try row.get("resolve_by"), acceptedAt: try row.get("accepted_at"), onSiteAt: try row.get("onsite_at"),
                            completedAt: try row.get("completed_at"), firstTimeFix: try row.get("first_time_fix"),
                            isRepeat: try row.get("is_repeat"), unassignableAt: try row.get("unassignable_at"))
        }
        facts.surveys = try context.db.query("""
            SELECT completed_at, satisfied, attitude, efficiency, quality FROM survey_facts WHERE completed_at > \(since)
            """).map { KPIFacts.Survey(completedAt: try $0.get("completed_at"), satisfied: try $0.get("satisfied"), attitude: try $0.get("attitude"),
                                       efficiency: try $0.get("efficiency"), quality: try $0.get("quality")) }
        facts.complaintTimes = try context.db.query("SELECT opened_at FROM complaint_facts WHERE opened_at > \(since)").map { try $0.get("opened_at") }
        facts.parts = try context.db.query("SELECT at, reserved, backordered FROM parts_facts WHERE at > \(since)")
            .map { (at: try $0.get("at") as Date, reserved: try $0.get("reserved") as Int, backordered: try $0.get("backordered") as Int) }
        let open = try context.db.query("""
            SELECT count(*) FILTER (WHERE severity = 'critical')::bigint AS critical, count(*) FILTER (WHERE severity = 'warning')::bigint AS warning
            FROM alerts WHERE status <> 'resolved'
            """).first
        facts.openAlerts = (try open?.get("critical") ?? 0, try open?.get("warning") ?? 0)
        for window in KPICalculator.windows(now: context.now) {
            try context.emit(KpiSnapshot(window: window.name, figures: KPICalculator.figures(facts, from: window.start, to: context.now),
                                         generatedAt: context.now), cause: .none)
        }
    }
}
