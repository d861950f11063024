import Foundation
import Schema

/// What one inbound event asks of intake, read from its payload before any database work.
enum IntakeIntent: Sendable {
    /// A `request.submitted` with a usable request id.
    case submit(Submission)
    /// A valid `request.cancelled`.
    case cancel(requestId: String, reason: String)
    /// An invalid `request.cancelled` that still names a request: rejected with the field reasons.
    case rejectCancellation(requestId: String, reasons: [FieldError])
    /// `ticket.completed` from dispatch, completed at the event's `occurredAt`.
    case complete(ticketId: String, at: Date)
    /// `ticket.closed` or `ticket.reopened`.
    case setStatus(ticketId: String, status: TicketRecord.Status)
    /// An event intake does not act on.
    case ignore
    /// Unusable (no request or ticket id to act on): dead-lettered with the reason.
    case deadLetter(reason: String)
}

/// A `request.submitted` as the rules see it.
struct Submission: Sendable {
    /// The de-duplication key: `requestId` of the data when it can be stored, else the message key.
    var requestId: String
    /// The sha-256 of the canonical data (`CanonicalJSON`).
    var bodyHash: String
    var data: JSONValue
    /// The encoded size of the message (the validator's size limit).
    var messageBytes: Int
}

/// Text that can serve as a key of intake's tables and of the messages it emits: not blank,
/// at most 200 characters, no control characters (NUL would be refused by PostgreSQL).
/// Whether it is also a well-formed identifier is the validator's business.
enum StorableKey {
    static let maxLength = 200

    static func usable(_ text: String?) -> String? {
        guard let text, !text.trimmingCharactersInSet().isEmpty, text.unicodeScalars.count <= maxLength,
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return text
    }
}
