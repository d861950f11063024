import Foundation
import Schema
import ServiceRuntime

/// One thing dispatch acts on, decoded: an inbound event of a handled type, or a due
/// acceptance or remote-window timer.
enum DispatchCommand: Sendable {
    case roster(TechnicianUpserted)
    /// `occurredAt`: the envelope's, when the remote-first window starts.
    case opened(TicketOpened, occurredAt: Date)
    case cancelled(TicketCancelled)
    case accepted(AssignmentAccepted)
    case declined(AssignmentDeclined)
    case returned(AssignmentReturned)
    case scheduled(VisitScheduled)
    case started(VisitStarted)
    case failed(VisitFailed)
    case diagnosed(DiagnosisReported)
    case quoteApproved(QuoteApproved)
    case quoteDeclined(QuoteDeclined)
    case completed(WorkCompleted)
    case backordered(PartsBackordered)
    case reserved(PartsReserved)
    case complaint(ComplaintOpened)
    case surveyCompleted(SurveyCompleted)
    case surveyExpired(SurveyExpired)
    /// A catalogue price (`aftersales.stock`).
    case partPrice(PartUpserted)
    case payment(PaymentRecorded)
    /// The acceptance deadline of offer `attempt` passed.
    case acceptanceTimeout(ticketId: String, attempt: Int)
    /// Remote-first window (`BatchFold+Remote`): the contact centre's answer, or the window's end.
    case remoteResolved(RemoteResolved)
    case remoteFailed(RemoteFailed)
    case remoteWindowEnded(ticketId: String)

    /// The event types dispatch acts on; every other type on its topics (its own outputs,
    /// `parts.requested/consumed/released`, `survey.requested`, the rest of `aftersales.stock` …)
    /// costs it nothing.
    static let handledTypes: Set<EventType> = [
        .technicianUpserted, .ticketOpened, .ticketCancelled, .assignmentAccepted, .assignmentDeclined,
        .assignmentReturned, .visitScheduled, .visitStarted, .visitFailed, .diagnosisReported, .quoteApproved, .quoteDeclined, .workCompleted,
        .partsBackordered, .partsReserved, .complaintOpened, .surveyCompleted, .surveyExpired,
        .partUpserted, .paymentRecorded,
        .remoteResolved, .remoteFailed,
    ]

    /// Decodes and validates an event's payload; nil for a type dispatch does not act on.
    static func decode(_ event: InboundEvent) throws(ValidationFailure) -> DispatchCommand? {
        switch event.eventType {
        case .technicianUpserted: .roster(try event.payload(as: TechnicianUpserted.self))
        case .ticketOpened: .opened(try event.payload(as: TicketOpened.self), occurredAt: event.envelope.occurredAt)
        case .ticketCancelled: .cancelled(try event.payload(as: TicketCancelled.self))
        case .assignmentAccepted: .accepted(try event.payload(as: AssignmentAccepted.self))
        case .assignmentDeclined: .declined(try event.payload(as: AssignmentDeclined.self))
        case .assignmentReturned: .returned(try event.payload(as: AssignmentReturned.self))
        case .visitScheduled: .scheduled(try event.payload(as: VisitScheduled.self))
        case .visitStarted: .started(try event.payload(as: VisitStarted.self))
        case .visitFailed: .failed(try event.payload(as: VisitFailed.self))
        case .diagnosisReported: .diagnosed(try event.payload(as: DiagnosisReported.self))
        case .quoteApproved: .quoteApproved(try event.payload(as: QuoteApproved.self))
        case .quoteDeclined: .quoteDeclined(try event.payload(as: QuoteDeclined.self))
        case .workCompleted: .completed(try event.payload(as: WorkCompleted.self))
        case .partsBackordered: .backordered(try event.payload(as: PartsBackordered.self))
        case .partsReserved: .reserved(try event.payload(as: PartsReserved.self))
        case .complaintOpened: .complaint(try event.payload(as: ComplaintOpened.self))
        case .surveyCompleted: .surveyCompleted(try event.payload(as: SurveyCompleted.self))
        case .surveyExpired: .surveyExpired(try event.payload(as: SurveyExpired.self))
        case .partUpserted: .partPrice(try event.payload(as: PartUpserted.self))
        case .paymentRecorded: .payment(try event.payload(as: PaymentRecorded.self))
        case .remoteResolved: .remoteResolved(try event.payload(as: RemoteResolved.self))
        case .remoteFailed: .remoteFailed(try event.payload(as: RemoteFailed.self))
        default: nil
        }
    }

    /// The ticket the command is about (nil for roster updates).
    var ticketId: String? {
        switch self {
        case .roster, .partPrice: nil
        case .opened(let p, _): p.ticketId
        case .cancelled(let p): p.ticketId
        case .accepted(let p): p.ticketId
        case .declined(let p): p.ticketId
        case .returned(let p): p.ticketId
        case .scheduled(let p): p.ticketId
        case .started(let p): p.ticketId
        case .failed(let p): p.ticketId
        case .diagnosed(let p): p.ticketId
        case .quoteApproved(let p): p.ticketId
        case .quoteDeclined(let p): p.ticketId
        case .completed(let p): p.ticketId
        case .backordered(let p): p.ticketId
        case .reserved(let p): p.ticketId
        case .complaint(let p): p.ticketId
        case .surveyCompleted(let p): p.ticketId
        case .surveyExpired(let p): p.ticketId
        case .payment(let p): p.ticketId
        case .acceptanceTimeout(let ticketId, _): ticketId
        case .remoteResolved(let p): p.ticketId
        case .remoteFailed(let p): p.ticketId
        case .remoteWindowEnded(let ticketId): ticketId
        }
    }

    /// The technician a roster update is about.
    var rosterTechnicianId: String? {
        if case .roster(let p) = self { return p.technicianId }
        return nil
    }
}
