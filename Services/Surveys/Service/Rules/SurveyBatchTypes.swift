import Foundation
import Schema

/// What the store loaded for one batch: the rows of every key the batch touches.
public struct SurveySnapshot: Equatable, Sendable {
    /// By ticket id.
    public var tickets: [String: SurveyTicketRow]
    /// The latest survey of each ticket (highest `sequence`), by ticket id.
    public var latestSurveys: [String: SurveyRow]
    /// By complaint id.
    public var complaints: [String: ComplaintRow]
    /// By audit id.
    public var audits: [String: AuditRow]
    /// The technicians the roster told surveys about, by technician id.
    public var technicians: [String: TechnicianRow]

    public init(tickets: [String: SurveyTicketRow] = [:], latestSurveys: [String: SurveyRow] = [:],
                complaints: [String: ComplaintRow] = [:], audits: [String: AuditRow] = [:],
                technicians: [String: TechnicianRow] = [:]) {
        self.tickets = tickets
        self.latestSurveys = latestSurveys
        self.complaints = complaints
        self.audits = audits
        self.technicians = technicians
    }
}

/// Something the handler does for an event once the batch is decided: an event to emit or
/// a timer to set or cancel (both buffered by the runtime).
public enum SurveyOutput: Equatable, Sendable {
    /// Sets the `survey-due` timer of a survey.
    case scheduleDue(surveyId: String, at: Date)
    /// Removes the `survey-due` timer of a cancelled survey.
    case cancelDue(surveyId: String)
    /// Removes the `survey-expiry` timer of an answered survey.
    case cancelExpiry(surveyId: String)
    case surveyCompleted(SurveyCompleted)
    case complaintOpened(ComplaintOpened)
    /// `audit.requested` for a sampled completion.
    case auditRequested(ticketId: String, auditId: String)
}

/// The outcome of one command.
public enum SurveyOutcome: Equatable, Sendable {
    case applied
    /// A business-rule rejection, with a reason a person can act on.
    case deadLetter(reason: String)
}
