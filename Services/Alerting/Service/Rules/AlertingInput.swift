import Foundation
import Schema

/// One thing alerting acts on, decoded: an inbound event (times are its `occurredAt`) or a
/// timer that came due. The handler turns events and timers into inputs; `AlertingFold`
/// applies them in order.
public enum AlertingInput: Sendable, Equatable {
    // MARK: Tickets
    /// `ticket.opened`: the ticket as first recorded.
    case ticketOpened(TicketFact)
    /// `ticket.assigned`.
    case ticketAssigned(ticketId: String, technicianId: String, distanceKm: Double? = nil)
    /// `ticket.accepted` (respond) or `ticket.on-site` (on-site) meets a deadline.
    case deadlineMet(ticketId: String, deadline: SLAClock.Deadline, technicianId: String?, at: Date)
    /// `ticket.completed` meets the resolve deadline and records first-time fix.
    case ticketCompleted(ticketId: String, technicianId: String?, firstTimeFix: Bool, at: Date,
                         details: CompletionDetails = CompletionDetails())
    /// `ticket.cancelled` / `ticket.closed` stop every clock.
    case ticketEnded(ticketId: String, at: Date)
    /// `ticket.unassignable`.
    case ticketUnassignable(ticketId: String, reason: String, at: Date)
    /// `ticket.on-hold`: a hold begins at `since` (the hold's identity).
    case ticketOnHold(ticketId: String, reason: String, since: Date)
    /// `ticket.resumed`: the open hold ends at `at`.
    case ticketResumed(ticketId: String, at: Date)

    // MARK: Other streams
    /// `stock.low`.
    case stockLow(partNumber: String, warehouseId: String, available: Int, reorderPoint: Int)
    /// `parts.reserved` / `parts.backordered`.
    case partsAnswered(PartsFact)
    /// `survey.completed` (the technician is looked up from the ticket).
    case surveyCompleted(SurveyFact)
    /// `complaint.opened`.
    case complaintOpened(ComplaintFact)
    /// `request.rejected` / `message.dead-lettered`: counted only.
    case counted(CountedFact)
    /// `technician.upserted`: the technician's provider (nil: own staff).
    case technicianUpserted(technicianId: String, providerId: String?)
    /// `audit.recorded`: a supervisor's verdict (`eventId`: its envelope id), counted only for
    /// an audit surveys requested (`AuditVerdictGate`).
    case auditRecorded(AuditFact, eventId: String)
    /// `audit.requested`: surveys requested the audit (its verdicts may count).
    case auditRequested(AuditRequestFact)
    /// `work.completed`: the evidence's verdict for the ticket's settlement.
    case workCompleted(ticketId: String, status: SettlementLineStatus, at: Date)
    /// `provider.upserted`: the provider's rates (nil: none).
    case providerUpserted(providerId: String, rates: ProviderUpserted.Rates?)
    /// `complaint.resolved` (resolves the ticket's `audit-failed` alert).
    case complaintResolved(ticketId: String, complaintId: String)

    // MARK: Timers
    /// An SLA threshold's timer came due.
    case slaThresholdDue(ticketId: String, deadline: SLAClock.Deadline, threshold: SLAClock.Threshold)
    /// A stock-low alert's quiet period ended.
    case stockQuietOver(subject: String)
    /// A model's quality signal is due for a re-check.
    case qualityRecheckDue(model: String)
    /// The complaint spike is due for a re-check.
    case complaintRecheckDue
    /// A ticket's `sla-forecast` check came due.
    case forecastDue(ticketId: String, deadline: SLAClock.Deadline)
    /// A ticket's `audit-failed` alert has been quiet for the quiet period.
    case auditQuietOver(ticketId: String)

    /// The ticket the input is about, if any.
    public var ticketId: String? {
        switch self {
        case .ticketOpened(let t): t.ticketId
        case .ticketAssigned(let id, _, _), .deadlineMet(let id, _, _, _), .ticketCompleted(let id, _, _, _, _),
             .ticketEnded(let id, _), .ticketUnassignable(let id, _, _), .slaThresholdDue(let id, _, _),
             .ticketOnHold(let id, _, _), .ticketResumed(let id, _): id
        case .surveyCompleted(let s): s.ticketId
        case .auditRecorded(let a, _): a.ticketId
        case .auditRequested(let r): r.ticketId
        case .complaintResolved(let id, _), .auditQuietOver(let id), .forecastDue(let id, _): id
        case .workCompleted(let id, _, _): id
        case .technicianUpserted, .providerUpserted: nil
        case .partsAnswered, .complaintOpened, .stockLow, .counted, .stockQuietOver, .qualityRecheckDue,
             .complaintRecheckDue: nil
        }
    }
}

/// What applying an input did (the handler reports it as the event's result).
public enum InputOutcome: Sendable, Equatable {
    /// The state changed (or alerts were decided).
    case applied
    /// Nothing to do: a repeat (the ticket already opened, the deadline already met…).
    case ignored
}
