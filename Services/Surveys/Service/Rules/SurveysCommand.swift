import Foundation
import Schema

/// What one inbound event asks the surveys service to do, decoded and validated.
public enum SurveysCommand: Equatable, Sendable {
    /// `ticket.opened`: the ticket's customer, region, product and safety hazard.
    case ticketOpened(TicketOpened)
    /// `ticket.assigned`: the ticket's technician.
    case technicianAssigned(ticketId: String, technicianId: String)
    /// `ticket.completed`: schedules the survey of this completion.
    case ticketCompleted(ticketId: String, technicianId: String?)
    /// `ticket.reopened`: a survey not sent yet is cancelled.
    case ticketReopened(ticketId: String)
    /// `survey.answered` (with the event id, kept for a duplicate answer).
    case surveyAnswered(SurveyAnswered, eventId: String)
    /// `complaint.investigating` from the operator tool.
    case investigateComplaint(complaintId: String, operatorName: String?)
    /// `complaint.resolved` from the operator tool.
    case resolveComplaint(complaintId: String, resolution: String)

    /// The ticket the command is about, or nil (complaint commands name a complaint).
    public var ticketId: String? {
        switch self {
        case .ticketOpened(let opened): opened.ticketId
        case .technicianAssigned(let ticketId, _), .ticketCompleted(let ticketId, _), .ticketReopened(let ticketId):
            ticketId
        case .surveyAnswered(let answer, _): answer.ticketId
        case .investigateComplaint, .resolveComplaint: nil
        }
    }

    /// The complaint the command is about, or nil.
    public var complaintId: String? {
        switch self {
        case .investigateComplaint(let complaintId, _), .resolveComplaint(let complaintId, _): complaintId
        case .ticketOpened, .technicianAssigned, .ticketCompleted, .ticketReopened, .surveyAnswered: nil
        }
    }
}
