import Foundation
import Schema

/// What one inbound event asks the surveys service to do, decoded and validated.
public enum SurveysCommand: Equatable, Sendable {
    /// `ticket.opened`: the ticket's customer, region, product and safety hazard.
    case ticketOpened(TicketOpened)
    /// `ticket.assigned`: the ticket's technician.
    case technicianAssigned(ticketId: String, technicianId: String)
    /// `ticket.completed`: schedules the survey of this completion (and maybe an audit); no
    /// technician and `resolvedRemotely` for a remote resolution.
    case ticketCompleted(ticketId: String, technicianId: String?, resolvedRemotely: Bool)
    /// `ticket.reopened`: a survey not sent yet is cancelled.
    case ticketReopened(ticketId: String)
    /// `survey.answered` (with the event id, kept for a duplicate answer).
    case surveyAnswered(SurveyAnswered, eventId: String)
    /// `complaint.investigating` from the operator tool.
    case investigateComplaint(complaintId: String, operatorName: String?)
    /// `complaint.resolved` from the operator tool.
    case resolveComplaint(complaintId: String, resolution: String)
    /// `technician.upserted`: the technician's provider (nil for the brand's own staff).
    case technicianUpserted(technicianId: String, providerId: String?)
    /// `audit.recorded`: the supervisor's verdict.
    case auditRecorded(ticketId: String, auditId: String, passed: Bool, findings: [AuditFinding])

    /// The keys of the rows a batch of commands reads, sorted: what the store loads.
    public struct Keys: Equatable, Sendable {
        /// Tickets whose `survey_tickets` row the commands need.
        public var tickets: [String] = []
        /// Tickets whose latest survey the commands need (reopens, answers).
        public var latestSurveys: [String] = []
        public var complaints: [String] = []
        public var audits: [String] = []
        /// Technicians whose provider a completion records.
        public var technicians: [String] = []

        public init(_ commands: [SurveysCommand]) {
            var tickets = Set<String>(), surveys = Set<String>(), complaints = Set<String>(), audits = Set<String>()
            var technicians = Set<String>()
            for command in commands {
                switch command {
                case .ticketOpened(let opened): tickets.insert(opened.ticketId)
                case .technicianAssigned(let ticketId, _): tickets.insert(ticketId)
                case .ticketCompleted(let ticketId, let technicianId, _):
                    tickets.insert(ticketId)
                    if let technicianId { technicians.insert(technicianId) }
                case .ticketReopened(let ticketId):
                    tickets.insert(ticketId)
                    surveys.insert(ticketId)
                case .surveyAnswered(let answer, _):
                    tickets.insert(answer.ticketId)
                    surveys.insert(answer.ticketId)
                case .investigateComplaint(let complaintId, _), .resolveComplaint(let complaintId, _):
                    complaints.insert(complaintId)
                case .technicianUpserted: break
                case .auditRecorded(_, let auditId, _, _): audits.insert(auditId)
                }
            }
            self.tickets = tickets.sorted()
            latestSurveys = surveys.sorted()
            self.complaints = complaints.sorted()
            self.audits = audits.sorted()
            self.technicians = technicians.sorted()
        }
    }
}
