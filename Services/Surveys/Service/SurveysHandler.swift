import Foundation
import Postgres
import Schema
import ServiceRuntime

/// The follow-up surveys service: schedules a survey after each completion, reads the
/// customer's answer, opens complaints for unhappy or unresolved customers, expires
/// unanswered surveys, and records the complaint lifecycle driven by operators.
public struct SurveysHandler: EventHandler {
    public let settings: SurveysSettings
    let scoring: SurveyScoring

    /// Timer kinds.
    public static let dueTimer = "survey-due"
    public static let expiryTimer = "survey-expiry"

    public init(settings: SurveysSettings = SurveysSettings()) {
        self.settings = settings
        scoring = SurveyScoring(satisfiedAverage: settings.satisfiedAverage)
    }

    public init(config: ServiceConfig) throws {
        self.init(settings: try SurveysSettings(config: config))
    }

    public var subscriptions: [Topic] { [.tickets, .surveyResponses] }

    public func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        switch event.eventType {
        case .ticketOpened: return try ticketOpened(try event.payload(as: TicketOpened.self), context: context)
        case .ticketAssigned: return try technicianChanged(try event.payload(as: TicketAssigned.self), context: context)
        case .ticketCompleted: return try ticketCompleted(try event.payload(as: TicketCompleted.self), event: event, context: context)
        case .ticketReopened: return try ticketReopened(try event.payload(as: TicketReopened.self), context: context)
        case .surveyAnswered: return try answered(try event.payload(as: SurveyAnswered.self), event: event, context: context)
        case .complaintInvestigating:
            let payload = try event.payload(as: ComplaintInvestigating.self)
            return try moveComplaint(payload.complaintId, to: .investigating, operator: payload.operator, resolution: nil, context: context)
        case .complaintResolved:
            let payload = try event.payload(as: ComplaintResolved.self)
            return try moveComplaint(payload.complaintId, to: .resolved, operator: nil, resolution: payload.resolution, context: context)
        default:
            return .ignored
        }
    }

    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        switch timer.kind {
        case Self.dueTimer: try requestSurvey(timer.key, cause: timer.cause, context: context)
        case Self.expiryTimer: try expireSurvey(timer.key, cause: timer.cause, context: context)
        default: break
        }
    }

    // MARK: Ticket facts

    private func ticketOpened(_ ticket: TicketOpened, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            INSERT INTO survey_tickets (ticket_id, customer_id, region, category, model, safety_hazard)
            VALUES (\(ticket.ticketId), \(ticket.customerId), \(ticket.region), \(ticket.product.category.rawValue),
                    \(ticket.product.model), \(ticket.fault.safetyHazard))
            ON CONFLICT (ticket_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, region = EXCLUDED.region,
                category = EXCLUDED.category, model = EXCLUDED.model, safety_hazard = EXCLUDED.safety_hazard
            """)
        return .applied
    }

    private func technicianChanged(_ assigned: TicketAssigned, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            INSERT INTO survey_tickets (ticket_id, technician_id) VALUES (\(assigned.ticketId), \(assigned.technicianId))
            ON CONFLICT (ticket_id) DO UPDATE SET technician_id = EXCLUDED.technician_id
            """)
        return .applied
    }

    /// Schedules the survey of this completion (one per completion: a reopened ticket is asked again).
    /// A completion repeated without a reopen in between (a re-sent event with a new id) schedules nothing.
    private func ticketCompleted(_ completed: TicketCompleted, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        let already: Bool? = try context.db.query("""
            SELECT completed FROM survey_tickets WHERE ticket_id = \(completed.ticketId) FOR UPDATE
            """).first?.get("completed")
        if already == true { return .applied }
        let row = try context.db.query("""
            INSERT INTO survey_tickets (ticket_id, technician_id, completions, completed)
            VALUES (\(completed.ticketId), \(completed.technicianId), 1, true)
            ON CONFLICT (ticket_id) DO UPDATE SET technician_id = EXCLUDED.technician_id,
                completions = survey_tickets.completions + 1, completed = true
            RETURNING completions, region, category, model
            """).first
        let completions: Int = try row?.get("completions") ?? 1
        let surveyId = "SV-\(completed.ticketId)-\(completions)"
        try context.db.execute("""
            INSERT INTO surveys (survey_id, ticket_id, status, technician_id, region, category, model, scheduled_at)
            VALUES (\(surveyId), \(completed.ticketId), 'scheduled', \(completed.technicianId),
                    \(try row?.get("region") as String?), \(try row?.get("category") as String?), \(try row?.get("model") as String?),
                    \(context.now))
            ON CONFLICT (survey_id) DO NOTHING
            """)
        try context.schedule(timer: Self.dueTimer, key: surveyId, at: context.now.addingTimeInterval(settings.delaySeconds),
                             cause: event.cause)
        return .applied
    }

    /// A reopened ticket will be completed again and surveyed then: a survey still waiting
    /// for its delay is cancelled. A survey already sent stays open for the customer's answer.
    private func ticketReopened(_ reopened: TicketReopened, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("UPDATE survey_tickets SET completed = false WHERE ticket_id = \(reopened.ticketId)")
        let cancelled = try context.db.query("""
            UPDATE surveys SET status = 'cancelled', cancelled_at = \(context.now)
            WHERE ticket_id = \(reopened.ticketId) AND status = 'scheduled' RETURNING survey_id
            """)
        for row in cancelled {
            try context.cancelTimer(kind: Self.dueTimer, key: try row.get("survey_id"))
        }
        return .applied
    }

    // MARK: Survey lifecycle

    private func requestSurvey(_ surveyId: String, cause: EventCause, context: HandlerContext) throws {
        guard let row = try context.db.query("""
            UPDATE surveys s SET status = 'requested', requested_at = \(context.now)
            FROM survey_tickets t
            WHERE s.survey_id = \(surveyId) AND s.status = 'scheduled' AND t.ticket_id = s.ticket_id
            RETURNING s.ticket_id, t.customer_id
            """).first else { return }
        let ticketId: String = try row.get("ticket_id")
        let customerId: String? = try row.get("customer_id")
        try context.emit(SurveyRequested(ticketId: ticketId, surveyId: surveyId, customerId: customerId ?? "unknown"), cause: cause)
        try context.schedule(timer: Self.expiryTimer, key: surveyId,
                             at: context.now.addingTimeInterval(settings.expiryDays * 86_400), cause: cause)
    }

    private func expireSurvey(_ surveyId: String, cause: EventCause, context: HandlerContext) throws {
        guard let row = try context.db.query("""
            UPDATE surveys SET status = 'expired', expired_at = \(context.now)
            WHERE survey_id = \(surveyId) AND status = 'requested' RETURNING ticket_id
            """).first else { return }
        try context.emit(SurveyExpired(ticketId: try row.get("ticket_id"), surveyId: surveyId), cause: cause)
    }

    private func answered(_ answer: SurveyAnswered, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard let survey = try context.db.query("""
            SELECT s.survey_id, s.status, t.safety_hazard FROM surveys s JOIN survey_tickets t ON t.ticket_id = s.ticket_id
            WHERE s.ticket_id = \(answer.ticketId) ORDER BY s.scheduled_at DESC, s.survey_id DESC LIMIT 1 FOR UPDATE OF s
            """).first else {
            return .deadLetter(reason: "unknown-ticket: no survey exists for ticket \(answer.ticketId)")
        }
        let surveyId: String = try survey.get("survey_id")
        let status: String = try survey.get("status")
        switch status {
        case "scheduled", "cancelled":
            return .deadLetter(reason: "no-survey-requested: survey \(surveyId) of ticket \(answer.ticketId) has not been sent yet")
        case "expired":
            return .deadLetter(reason: "survey-expired: survey \(surveyId) of ticket \(answer.ticketId) expired before the answer")
        case "completed":
            try context.db.execute("""
                INSERT INTO duplicate_answers (survey_id, ticket_id, event_id, received_at)
                VALUES (\(surveyId), \(answer.ticketId), \(event.envelope.id), \(context.now))
                """)
            return .applied
        default:
            break
        }
        let average = scoring.average(answer.scores)
        let satisfied = scoring.isSatisfied(answer.scores, resolved: answer.resolved)
        try context.db.execute("""
            UPDATE surveys SET status = 'completed', answered_at = \(context.now), attitude = \(answer.scores.attitude),
                efficiency = \(answer.scores.efficiency), quality = \(answer.scores.quality), average = \(average),
                satisfied = \(satisfied), resolved = \(answer.resolved), comment = \(answer.comment)
            WHERE survey_id = \(surveyId)
            """)
        try context.cancelTimer(kind: Self.expiryTimer, key: surveyId)
        try context.emit(SurveyCompleted(ticketId: answer.ticketId, surveyId: surveyId, scores: answer.scores,
                                         average: average, satisfied: satisfied), cause: event.cause)
        let hazard: Bool = try survey.get("safety_hazard")
        if let complaint = ComplaintPolicy.complaint(for: answer.scores, resolved: answer.resolved, safetyHazard: hazard) {
            let complaintId = "CMP-\(surveyId.dropFirst(3))"
            try context.db.execute("""
                INSERT INTO complaints (complaint_id, ticket_id, survey_id, severity, reason, status, opened_at)
                VALUES (\(complaintId), \(answer.ticketId), \(surveyId), \(complaint.severity.rawValue), \(complaint.reason),
                        'opened', \(context.now))
                """)
            try context.emit(ComplaintOpened(ticketId: answer.ticketId, complaintId: complaintId, severity: complaint.severity,
                                             reason: complaint.reason), cause: event.cause)
        }
        return .applied
    }

    // MARK: Complaints

    private func moveComplaint(_ complaintId: String, to next: ComplaintStatus, operator name: String?, resolution: String?,
                               context: HandlerContext) throws -> HandlingResult {
        guard let row = try context.db.query("SELECT status FROM complaints WHERE complaint_id = \(complaintId) FOR UPDATE").first else {
            return .deadLetter(reason: "unknown-complaint: no complaint \(complaintId)")
        }
        let current = ComplaintStatus(rawValue: try row.get("status")) ?? .opened
        guard current.canMove(to: next) else {
            return .deadLetter(reason: "invalid-transition: complaint \(complaintId) is \(current.rawValue) and cannot become \(next.rawValue)")
        }
        if next == .investigating {
            try context.db.execute("""
                UPDATE complaints SET status = 'investigating', investigating_at = \(context.now), operator = \(name)
                WHERE complaint_id = \(complaintId)
                """)
        } else {
            try context.db.execute("""
                UPDATE complaints SET status = 'resolved', resolved_at = \(context.now), resolution = \(resolution)
                WHERE complaint_id = \(complaintId)
                """)
        }
        return .applied
    }
}
