import Foundation
import Postgres
import Schema
import ServiceRuntime

// MARK: Tickets: facts, SLA clocks, safety, unassignable, quality signal

extension AlertingHandler {
    /// The ticket_facts column a deadline is met in (a fixed set: never from input).
    static func metColumn(_ deadline: SLAClock.Deadline) -> String {
        switch deadline {
        case .respond: "accepted_at"
        case .onSite: "onsite_at"
        case .resolve: "completed_at"
        }
    }

    /// Records the ticket, starts its three clocks, raises safety and quality alerts.
    /// A second `ticket.opened` for the same ticket (redelivery under a new id) does nothing.
    func opened(_ event: InboundEvent, alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        let ticket = try event.payload(as: TicketOpened.self)
        let openedAt = event.envelope.occurredAt
        let model = ticket.product.model, fault = ticket.fault.category.rawValue
        let inserted = try context.db.execute("""
            INSERT INTO ticket_facts (ticket_id, opened_at, model, fault, hazard, repeat_of, respond_by, onsite_by, resolve_by)
            VALUES (\(ticket.ticketId), \(openedAt), \(model), \(fault), \(ticket.fault.safetyHazard), \(ticket.repeatOf),
                    \(ticket.sla.respondBy), \(ticket.sla.onSiteBy), \(ticket.sla.resolveBy))
            ON CONFLICT (ticket_id) DO NOTHING
            """)
        guard inserted == 1 else { return .ignored }
        let cause = event.cause
        for (deadline, due) in [(SLAClock.Deadline.respond, ticket.sla.respondBy), (.onSite, ticket.sla.onSiteBy),
                                (.resolve, ticket.sla.resolveBy)] {
            let clock = SLAClock(deadline: deadline, start: openedAt, due: due)
            let key = SLAClock.key(ticketId: ticket.ticketId, deadline: deadline)
            for threshold in SLAClock.Threshold.allCases {
                try context.schedule(timer: TimerKind.sla(threshold), key: key, at: clock.dueTime(of: threshold), cause: cause)
            }
        }
        if let hazard = settings.rules.safetyHazard(ticketId: ticket.ticketId, model: model, hazard: ticket.fault.safetyHazard) {
            try alerts.raise(hazard, cause: cause)
        }
        try checkQuality(model: model, fault: fault, now: openedAt, cause: cause, alerts: alerts, context: context)
        return .applied
    }

    /// Assignment: remembers the technician and clears an unassignable alert.
    func assigned(_ assigned: TicketAssigned, _ event: InboundEvent, alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("UPDATE ticket_facts SET technician_id = \(assigned.technicianId) WHERE ticket_id = \(assigned.ticketId)")
        try alerts.resolve(AlertRuleName.unassignable, subject: assigned.ticketId,
                           message: "ticket \(assigned.ticketId) was assigned", cause: event.cause)
        return .applied
    }

    /// Completion meets the resolve clock, records first-time fix, and clears a safety alert.
    func completed(_ done: TicketCompleted, _ event: InboundEvent, alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            UPDATE ticket_facts SET first_time_fix = \(done.firstTimeFix) WHERE ticket_id = \(done.ticketId) AND first_time_fix IS NULL
            """)
        try alerts.resolve(AlertRuleName.safetyHazard, subject: done.ticketId,
                           message: "hazard ticket \(done.ticketId) completed", cause: event.cause)
        return try clockMet(done.ticketId, .resolve, technicianId: done.technicianId, event, alerts: alerts, context: context)
    }

    /// A deadline is met: the first time only, the fact is recorded, the clock's timers are
    /// cancelled and its SLA alerts resolved.
    func clockMet(_ ticketId: String, _ deadline: SLAClock.Deadline, technicianId: String?, _ event: InboundEvent,
                  alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        let column = Self.metColumn(deadline)
        let updated = try context.db.execute("""
            UPDATE ticket_facts SET \(unsafeRaw: column) = \(event.envelope.occurredAt), technician_id = COALESCE(\(technicianId), technician_id)
            WHERE ticket_id = \(ticketId) AND \(unsafeRaw: column) IS NULL
            """)
        guard updated == 1 else { return .ignored }
        try stopClock(ticketId, deadline, message: "\(deadline.rawValue) deadline of \(ticketId) met", cause: event.cause,
                      alerts: alerts, context: context)
        return .applied
    }

    /// Cancellation or closing stops every clock still running and clears the ticket's alerts.
    func ended(_ ticketId: String, _ event: InboundEvent, alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        let updated = try context.db.execute("""
            UPDATE ticket_facts SET stopped_at = \(event.envelope.occurredAt) WHERE ticket_id = \(ticketId) AND stopped_at IS NULL
            """)
        guard updated == 1 else { return .ignored }
        let cause = event.cause
        for deadline in SLAClock.Deadline.allCases {
            try stopClock(ticketId, deadline, message: "ticket \(ticketId) ended; \(deadline.rawValue) clock stopped", cause: cause,
                          alerts: alerts, context: context)
        }
        try alerts.resolve(AlertRuleName.safetyHazard, subject: ticketId, message: "ticket \(ticketId) ended", cause: cause)
        try alerts.resolve(AlertRuleName.unassignable, subject: ticketId, message: "ticket \(ticketId) ended", cause: cause)
        return .applied
    }

    func stopClock(_ ticketId: String, _ deadline: SLAClock.Deadline, message: String, cause: EventCause?, alerts: AlertStore,
                   context: HandlerContext) throws {
        let key = SLAClock.key(ticketId: ticketId, deadline: deadline)
        for threshold in SLAClock.Threshold.allCases { try context.cancelTimer(kind: TimerKind.sla(threshold), key: key) }
        try alerts.resolve(AlertRuleName.slaAtRisk, subject: key, message: message, cause: cause)
        try alerts.resolve(AlertRuleName.slaBreached, subject: key, message: message, cause: cause)
    }

    /// An SLA timer fired: acts only if the clock still runs (not met, ticket not ended).
    func slaThreshold(_ kind: String, ticketId: String, deadline: SLAClock.Deadline, cause: EventCause, alerts: AlertStore,
                      context: HandlerContext) throws {
        let column = Self.metColumn(deadline)
        guard let row = try context.db.query("""
            SELECT (\(unsafeRaw: column) IS NULL AND stopped_at IS NULL) AS running FROM ticket_facts WHERE ticket_id = \(ticketId)
            """).first, try row.get("running") as Bool else { return }
        let subject = SLAClock.key(ticketId: ticketId, deadline: deadline)
        let details = ["ticketId": ticketId, "deadline": deadline.rawValue]
        switch kind {
        case TimerKind.slaAtRisk:
            try alerts.raise(AlertDraft(rule: AlertRuleName.slaAtRisk, subject: subject, severity: .warning,
                                        message: "ticket \(ticketId): 80 % of the \(deadline.rawValue) window has passed",
                                        tickets: [ticketId], details: details), cause: cause)
        case TimerKind.slaBreach:
            try alerts.raise(AlertDraft(rule: AlertRuleName.slaBreached, subject: subject, severity: .critical,
                                        message: "ticket \(ticketId): \(deadline.rawValue) deadline breached",
                                        tickets: [ticketId], details: details), cause: cause)
        default:
            try alerts.escalate(AlertRuleName.slaBreached, subject: subject,
                                message: "ticket \(ticketId): \(deadline.rawValue) breach still open at 150 % of the window",
                                tickets: [ticketId], cause: cause)
        }
    }

    /// `ticket.unassignable`: critical alert on the ticket.
    func unassignable(_ u: TicketUnassignable, _ event: InboundEvent, alerts: AlertStore, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            UPDATE ticket_facts SET unassignable_at = \(event.envelope.occurredAt) WHERE ticket_id = \(u.ticketId) AND unassignable_at IS NULL
            """)
        try alerts.raise(settings.rules.unassignable(ticketId: u.ticketId, reason: u.reason), cause: event.cause)
        return .applied
    }

    // MARK: Quality signal

    /// Facts of one model opened within the quality window ending at `now`.
    private func qualityFacts(model: String, now: Date, context: HandlerContext) throws -> [QualityFact] {
        let since = now.addingTimeInterval(-settings.rules.qualityWindow)
        return try context.db.query("""
            SELECT ticket_id, fault, hazard, opened_at FROM ticket_facts
            WHERE model = \(model) AND opened_at > \(since) AND opened_at <= \(now)
            """).map { row in
            QualityFact(ticketId: try row.get("ticket_id"), model: model, fault: try row.get("fault"), hazard: try row.get("hazard"),
                        openedAt: try row.get("opened_at"))
        }
    }

    func checkQuality(model: String, fault: String, now: Date, cause: EventCause?, alerts: AlertStore, context: HandlerContext) throws {
        let facts = try qualityFacts(model: model, now: now, context: context)
        guard let signal = settings.rules.qualitySignal(model: model, fault: fault, facts: facts, now: now) else { return }
        if try alerts.raise(signal, cause: cause) {
            try scheduleQualityRecheck(model: model, facts: facts, signal: signal, cause: cause, context: context)
        }
    }

    /// The signal clears when fewer than the threshold remain in the window: re-check when the
    /// oldest ticket of the signal leaves it.
    private func scheduleQualityRecheck(model: String, facts: [QualityFact], signal: AlertDraft, cause: EventCause?,
                                        context: HandlerContext) throws {
        let oldest = facts.filter { signal.tickets?.contains($0.ticketId) ?? false }.map(\.openedAt).min() ?? context.now
        let at = max(oldest.addingTimeInterval(settings.rules.qualityWindow + 1), context.now.addingTimeInterval(1))
        try context.schedule(timer: TimerKind.qualityRecheck, key: model, at: at, cause: cause)
    }

    func recheckQuality(model: String, cause: EventCause, alerts: AlertStore, context: HandlerContext) throws {
        let facts = try qualityFacts(model: model, now: context.now, context: context)
        let signals = Set(facts.map(\.fault)).sorted().compactMap {
            settings.rules.qualitySignal(model: model, fault: $0, facts: facts, now: context.now)
        }
        if let signal = signals.first {
            try scheduleQualityRecheck(model: model, facts: facts, signal: signal, cause: cause, context: context)
        } else {
            try alerts.resolve(AlertRuleName.qualitySignal, subject: model,
                               message: "model \(model): fewer than \(settings.rules.qualityThreshold) tickets of one fault class in the window",
                               cause: cause)
        }
    }
}
