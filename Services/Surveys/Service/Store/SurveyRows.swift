import Foundation
import Schema

// The typed rows of the surveys tables, as the store reads and writes them and the rules
// fold them. Status columns are enums: no raw status strings in SQL or in switches.

/// The values of `surveys.status`: scheduled → requested → completed | expired, or
/// scheduled → cancelled (the transitions are `SurveyLifecycle`'s, in Rules/).
public enum SurveyStatus: String, Sendable, CaseIterable {
    case scheduled, requested, completed, expired, cancelled

    /// The statuses of a survey that was sent to the customer (what response rates count).
    public static let sent: [SurveyStatus] = [.requested, .completed, .expired]
}

/// The values of `complaints.status`: opened → investigating → resolved
/// (the transitions are `ComplaintLifecycle`'s, in Rules/).
public enum ComplaintStatus: String, Sendable, CaseIterable {
    case opened, investigating, resolved
}

/// One `survey_tickets` row: what surveys knows of a ticket (customer id only — no PII).
public struct SurveyTicketRow: Equatable, Sendable {
    public var ticketId: String
    public var customerId: String?
    public var region: String?
    public var category: String?
    public var model: String?
    public var safetyHazard: Bool
    public var technicianId: String?
    /// Completions so far: the number of the next survey.
    public var completions: Int
    /// True between a completion and the next reopen (a repeated completion schedules nothing).
    public var completed: Bool

    public init(ticketId: String, customerId: String? = nil, region: String? = nil, category: String? = nil,
                model: String? = nil, safetyHazard: Bool = false, technicianId: String? = nil, completions: Int = 0,
                completed: Bool = false) {
        self.ticketId = ticketId
        self.customerId = customerId
        self.region = region
        self.category = category
        self.model = model
        self.safetyHazard = safetyHazard
        self.technicianId = technicianId
        self.completions = completions
        self.completed = completed
    }
}

/// A customer's answer as stored on its survey.
public struct SurveyAnswerRecord: Equatable, Sendable {
    public var scores: SurveyScores
    public var average: Double
    public var satisfied: Bool
    public var resolved: Bool
    public var comment: String?

    public init(scores: SurveyScores, average: Double, satisfied: Bool, resolved: Bool, comment: String?) {
        self.scores = scores
        self.average = average
        self.satisfied = satisfied
        self.resolved = resolved
        self.comment = comment
    }
}

/// One `surveys` row: the survey of one completion of a ticket, with the ticket's facts at
/// that time (technician, region, category, model) for the report.
public struct SurveyRow: Equatable, Sendable {
    public var surveyId: String
    public var ticketId: String
    /// Which completion of the ticket it surveys (1, 2, …): the latest survey has the highest.
    public var sequence: Int
    public var status: SurveyStatus
    /// Who did the work (technician, provider, remote).
    public var work: WorkAttribution
    public var region: String?
    public var category: String?
    public var model: String?
    public var scheduledAt: Date
    public var requestedAt: Date?
    public var answeredAt: Date?
    public var expiredAt: Date?
    public var cancelledAt: Date?
    public var answer: SurveyAnswerRecord?

    public init(surveyId: String, ticketId: String, sequence: Int, status: SurveyStatus, work: WorkAttribution,
                region: String?, category: String?, model: String?, scheduledAt: Date, requestedAt: Date? = nil,
                answeredAt: Date? = nil, expiredAt: Date? = nil, cancelledAt: Date? = nil,
                answer: SurveyAnswerRecord? = nil) {
        self.surveyId = surveyId
        self.ticketId = ticketId
        self.sequence = sequence
        self.status = status
        self.work = work
        self.region = region
        self.category = category
        self.model = model
        self.scheduledAt = scheduledAt
        self.requestedAt = requestedAt
        self.answeredAt = answeredAt
        self.expiredAt = expiredAt
        self.cancelledAt = cancelledAt
        self.answer = answer
    }
}

/// One `complaints` row.
public struct ComplaintRow: Equatable, Sendable {
    public var complaintId: String
    public var ticketId: String
    /// The survey whose answer opened it (nil for an audit's complaint).
    public var surveyId: String?
    /// The failed audit that opened it (nil for a survey's complaint).
    public var auditId: String?
    public var severity: ComplaintSeverity
    public var reason: String
    public var status: ComplaintStatus
    public var openedAt: Date
    public var investigatingAt: Date?
    public var resolvedAt: Date?
    public var operatorName: String?
    public var resolution: String?

    public init(complaintId: String, ticketId: String, surveyId: String?, auditId: String? = nil, severity: ComplaintSeverity,
                reason: String, status: ComplaintStatus, openedAt: Date, investigatingAt: Date? = nil,
                resolvedAt: Date? = nil, operatorName: String? = nil, resolution: String? = nil) {
        self.complaintId = complaintId
        self.ticketId = ticketId
        self.surveyId = surveyId
        self.auditId = auditId
        self.severity = severity
        self.reason = reason
        self.status = status
        self.openedAt = openedAt
        self.investigatingAt = investigatingAt
        self.resolvedAt = resolvedAt
        self.operatorName = operatorName
        self.resolution = resolution
    }
}

/// One `duplicate_answers` row: a second answer to a completed survey (it changes nothing).
public struct DuplicateAnswerRow: Equatable, Sendable {
    public var surveyId: String
    public var ticketId: String
    public var eventId: String
    public var receivedAt: Date

    public init(surveyId: String, ticketId: String, eventId: String, receivedAt: Date) {
        self.surveyId = surveyId
        self.ticketId = ticketId
        self.eventId = eventId
        self.receivedAt = receivedAt
    }
}
