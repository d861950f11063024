import Foundation
import Schema
import ServiceRuntime

extension IntakeHandler {
    /// Reads what an event asks for, without the database: the request or ticket id it acts
    /// on (one that can be stored and keyed, or a dead letter naming the problem), the hash of
    /// a request's canonical body, a cancellation's validated fields.
    /// The dead letter for a ticket event that breaks its contract (wrong types, bounds), or nil.
    static func contractViolation<P: EventPayload>(_ event: InboundEvent, _ type: P.Type) -> IntakeIntent? {
        do {
            _ = try event.payload(as: type)
            return nil
        } catch {
            return .deadLetter(reason: "invalid \(event.envelope.type): " + error.errors.map(\.description).joined(separator: "; "))
        }
    }

    func intent(of event: InboundEvent, today: CalendarDay) -> IntakeIntent {
        let data = event.envelope.data
        let key = StorableKey.usable(event.key)
        switch event.eventType {
        case .requestSubmitted:
            let messageBytes = event.envelope.encoded().count
            guard let requestId = RequestValidator.requestId(in: data) ?? key else {
                var reasons: [FieldError] = []
                if case .failure(let failure) = validator.validate(data, messageBytes: messageBytes, today: today) {
                    reasons = failure.errors
                }
                return .deadLetter(reason: "request.submitted without a usable requestId or message key: "
                    + reasons.map(\.description).joined(separator: "; "))
            }
            return .submit(Submission(requestId: requestId, bodyHash: CanonicalJSON.hash(of: data), data: data,
                                      messageBytes: messageBytes))
        case .requestCancelled:
            switch validator.validateCancellation(data) {
            case .success(let cancellation):
                return .cancel(requestId: cancellation.requestId, reason: cancellation.reason)
            case .failure(let failure):
                guard let requestId = RequestValidator.requestId(in: data) ?? key else {
                    return .deadLetter(reason: "request.cancelled without a usable requestId or message key: "
                        + failure.errors.map(\.description).joined(separator: "; "))
                }
                return .rejectCancellation(requestId: requestId, reasons: failure.errors)
            }
        case .ticketCompleted:
            // Only the ticket id matters here, but an event that breaks the contract is refused
            // with its field-level reasons rather than half-read.
            if let invalid = Self.contractViolation(event, TicketCompleted.self) { return invalid }
            guard let ticketId = StorableKey.usable(data["ticketId"]?.stringValue) else {
                return .deadLetter(reason: "ticket.completed without a usable ticketId")
            }
            return .complete(ticketId: ticketId, at: event.envelope.occurredAt)
        case .ticketClosed, .ticketReopened:
            let invalid = event.eventType == .ticketClosed
                ? Self.contractViolation(event, TicketClosed.self) : Self.contractViolation(event, TicketReopened.self)
            if let invalid { return invalid }
            guard let ticketId = StorableKey.usable(data["ticketId"]?.stringValue) else {
                return .deadLetter(reason: "\(event.envelope.type) without a usable ticketId")
            }
            return .setStatus(ticketId: ticketId, status: event.eventType == .ticketClosed ? .closed : .reopened)
        default:
            return .ignore
        }
    }
}
