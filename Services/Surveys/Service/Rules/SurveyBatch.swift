import Foundation
import Schema

/// Folds a batch's commands over the loaded rows, in order, in memory (pure: no I/O, the
/// time comes from the caller). Several commands for the same ticket in one batch see each
/// other's effects exactly as if they had come one batch at a time.
public struct SurveyBatch {
    public let settings: SurveysSettings
    public let now: Date
    let scoring: SurveyScoring
    let sampling: AuditSampling

    public private(set) var tickets: [String: SurveyTicketRow]
    public private(set) var latestSurveys: [String: SurveyRow]
    public private(set) var complaints: [String: ComplaintRow]
    public private(set) var audits: [String: AuditRow]
    public private(set) var technicians: [String: TechnicianRow]
    /// Outputs per command, in the order of `apply` calls.
    public private(set) var outputs: [[SurveyOutput]] = []
    public private(set) var duplicateAnswers: [DuplicateAnswerRow] = []

    private var changedTickets: Set<String> = []
    private var changedSurveys: [String: SurveyRow] = [:]
    private var changedComplaints: Set<String> = []
    private var changedAudits: Set<String> = []
    private var changedTechnicians: Set<String> = []

    public init(snapshot: SurveySnapshot, settings: SurveysSettings, now: Date) {
        self.settings = settings
        self.now = now
        scoring = SurveyScoring(satisfiedAverage: settings.satisfiedAverage)
        sampling = AuditSampling(share: settings.auditShare)
        tickets = snapshot.tickets
        latestSurveys = snapshot.latestSurveys
        complaints = snapshot.complaints
        audits = snapshot.audits
        technicians = snapshot.technicians
    }

    // MARK: What to write

    /// Ticket rows created or changed, sorted by ticket id.
    public var ticketWrites: [SurveyTicketRow] { changedTickets.sorted().compactMap { tickets[$0] } }
    /// Survey rows created or changed, sorted by survey id.
    public var surveyWrites: [SurveyRow] { changedSurveys.values.sorted { $0.surveyId < $1.surveyId } }
    /// Complaint rows created or changed, sorted by complaint id.
    public var complaintWrites: [ComplaintRow] { changedComplaints.sorted().compactMap { complaints[$0] } }
    /// Audit rows created or changed, sorted by audit id.
    public var auditWrites: [AuditRow] { changedAudits.sorted().compactMap { audits[$0] } }
    /// Technician rows created or changed, sorted by technician id.
    public var technicianWrites: [TechnicianRow] { changedTechnicians.sorted().compactMap { technicians[$0] } }

    // MARK: Folding

    /// Applies one command; its outputs are appended to `outputs` (one entry per call).
    @discardableResult
    public mutating func apply(_ command: SurveysCommand) -> SurveyOutcome {
        var emitted: [SurveyOutput] = []
        let outcome: SurveyOutcome
        switch command {
        case .ticketOpened(let opened):
            outcome = ticketOpened(opened)
        case .technicianAssigned(let ticketId, let technicianId):
            var ticket = tickets[ticketId] ?? SurveyTicketRow(ticketId: ticketId)
            ticket.technicianId = technicianId
            save(ticket)
            outcome = .applied
        case .ticketCompleted(let ticketId, let technicianId, let resolvedRemotely):
            outcome = ticketCompleted(ticketId, technicianId: technicianId, resolvedRemotely: resolvedRemotely, emitted: &emitted)
        case .ticketReopened(let ticketId):
            outcome = ticketReopened(ticketId, emitted: &emitted)
        case .surveyAnswered(let answer, let eventId):
            outcome = answered(answer, eventId: eventId, emitted: &emitted)
        case .investigateComplaint(let complaintId, let operatorName):
            outcome = moveComplaint(complaintId, to: .investigating) { complaint, now in
                complaint.investigatingAt = now
                complaint.operatorName = operatorName
            }
        case .resolveComplaint(let complaintId, let resolution):
            outcome = moveComplaint(complaintId, to: .resolved) { complaint, now in
                complaint.resolvedAt = now
                complaint.resolution = resolution
            }
        case .technicianUpserted(let technicianId, let providerId):
            technicians[technicianId] = TechnicianRow(technicianId: technicianId, providerId: providerId)
            changedTechnicians.insert(technicianId)
            outcome = .applied
        case .auditRecorded(let ticketId, let auditId, let passed, let findings):
            outcome = auditRecorded(ticketId: ticketId, auditId: auditId, passed: passed, findings: findings, emitted: &emitted)
        }
        outputs.append(emitted)
        return outcome
    }

    private mutating func ticketOpened(_ opened: TicketOpened) -> SurveyOutcome {
        var ticket = tickets[opened.ticketId] ?? SurveyTicketRow(ticketId: opened.ticketId)
        ticket.customerId = opened.customerId
        ticket.region = opened.region
        ticket.category = opened.product.category.rawValue
        ticket.model = opened.product.model
        ticket.safetyHazard = opened.fault.safetyHazard
        save(ticket)
        return .applied
    }

    /// Schedules the survey of this completion (one per completion: a reopened ticket is asked
    /// again) and, when the ticket is sampled, requests its audit at once. A completion
    /// repeated without a reopen in between does neither.
    private mutating func ticketCompleted(_ ticketId: String, technicianId: String?, resolvedRemotely: Bool,
                                          emitted: inout [SurveyOutput]) -> SurveyOutcome {
        var ticket = tickets[ticketId] ?? SurveyTicketRow(ticketId: ticketId)
        guard !ticket.completed else { return .applied }
        ticket.completions += 1
        ticket.completed = true
        if let technicianId { ticket.technicianId = technicianId }
        save(ticket)
        let roster = technicianId.flatMap { technicians[$0] }
        let work = WorkAttribution(technicianId: technicianId, providerId: roster?.providerId, rosterKnown: roster != nil,
                                   resolvedRemotely: resolvedRemotely)
        let survey = SurveyRow(
            surveyId: SurveyLifecycle.surveyId(ticketId: ticketId, completion: ticket.completions), ticketId: ticketId,
            sequence: ticket.completions, status: .scheduled, work: work, region: ticket.region,
            category: ticket.category, model: ticket.model, scheduledAt: now)
        save(survey)
        emitted.append(.scheduleDue(surveyId: survey.surveyId, at: settings.due(ofSurveyCompletedAt: now)))
        requestAuditIfSampled(ticket, work: work, emitted: &emitted)
        return .applied
    }

    /// A reopened ticket will be completed again and surveyed then: a survey still waiting
    /// for its delay is cancelled. A survey already sent stays open for the customer's answer.
    private mutating func ticketReopened(_ ticketId: String, emitted: inout [SurveyOutput]) -> SurveyOutcome {
        guard var ticket = tickets[ticketId] else { return .applied }
        ticket.completed = false
        save(ticket)
        if var survey = latestSurveys[ticketId], SurveyLifecycle.can(.cancel, from: survey.status) {
            survey.status = SurveyLifecycle.Transition.cancel.to
            survey.cancelledAt = now
            save(survey)
            emitted.append(.cancelDue(surveyId: survey.surveyId))
        }
        return .applied
    }

    private mutating func answered(_ answer: SurveyAnswered, eventId: String, emitted: inout [SurveyOutput]) -> SurveyOutcome {
        let latest = latestSurveys[answer.ticketId]
        switch SurveyLifecycle.decide(answerFor: answer.ticketId, latest: latest.map { ($0.surveyId, $0.status) }) {
        case .reject(let reason):
            return .deadLetter(reason: reason)
        case .duplicate:
            duplicateAnswers.append(DuplicateAnswerRow(surveyId: latest?.surveyId ?? "", ticketId: answer.ticketId,
                                                       eventId: eventId, receivedAt: now))
            return .applied
        case .complete:
            break
        }
        guard var survey = latest else { return .applied }
        let average = scoring.average(answer.scores)
        let satisfied = scoring.isSatisfied(answer.scores, resolved: answer.resolved)
        survey.status = SurveyLifecycle.Transition.answer.to
        survey.answeredAt = now
        survey.answer = SurveyAnswerRecord(scores: answer.scores, average: average, satisfied: satisfied,
                                           resolved: answer.resolved, comment: answer.comment)
        save(survey)
        emitted.append(.cancelExpiry(surveyId: survey.surveyId))
        emitted.append(.surveyCompleted(SurveyCompleted(ticketId: answer.ticketId, surveyId: survey.surveyId,
                                                        scores: answer.scores, average: average, satisfied: satisfied)))
        let hazard = tickets[answer.ticketId]?.safetyHazard ?? false
        if let complaint = ComplaintPolicy.complaint(for: answer.scores, resolved: answer.resolved, safetyHazard: hazard) {
            let row = ComplaintRow(complaintId: SurveyLifecycle.complaintId(forSurvey: survey.surveyId),
                                   ticketId: answer.ticketId, surveyId: survey.surveyId, severity: complaint.severity,
                                   reason: complaint.reason, status: .opened, openedAt: now)
            save(row)
            emitted.append(.complaintOpened(ComplaintOpened(ticketId: row.ticketId, complaintId: row.complaintId,
                                                            severity: row.severity, reason: row.reason)))
        }
        return .applied
    }

    private mutating func moveComplaint(_ complaintId: String, to next: ComplaintStatus,
                                        _ change: (inout ComplaintRow, Date) -> Void) -> SurveyOutcome {
        guard var complaint = complaints[complaintId] else {
            return .deadLetter(reason: "unknown-complaint: no complaint \(complaintId)")
        }
        guard complaint.status.canMove(to: next) else {
            return .deadLetter(reason: "invalid-transition: complaint \(complaintId) is \(complaint.status.rawValue) and cannot become \(next.rawValue)")
        }
        complaint.status = next
        change(&complaint, now)
        save(complaint)
        return .applied
    }

    // MARK: Bookkeeping (the only writers of the rows above)

    mutating func save(_ ticket: SurveyTicketRow) {
        tickets[ticket.ticketId] = ticket
        changedTickets.insert(ticket.ticketId)
    }

    mutating func save(_ survey: SurveyRow) {
        // An older survey that changes does not displace the latest.
        if (latestSurveys[survey.ticketId]?.sequence ?? Int.min) <= survey.sequence {
            latestSurveys[survey.ticketId] = survey
        }
        changedSurveys[survey.surveyId] = survey
    }

    mutating func save(_ complaint: ComplaintRow) {
        complaints[complaint.complaintId] = complaint
        changedComplaints.insert(complaint.complaintId)
    }

    mutating func save(_ audit: AuditRow) {
        audits[audit.auditId] = audit
        changedAudits.insert(audit.auditId)
    }
}
