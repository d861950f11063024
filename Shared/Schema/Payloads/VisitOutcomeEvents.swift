import Foundation

/// The technician went but could not do the visit (DESIGN.md "Field flow"). Valid once the
/// ticket is accepted or scheduled, before completion; puts the ticket on hold.
/// Inbound: `reason` stays text, checked by `validate()`, read as `reasonValue`.
public struct VisitFailed: EventPayload, Hashable {
    public static let eventType = EventType.visitFailed
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The technician reporting.
    public var technicianId: String
    /// A `VisitFailureReason` raw value: customer-absent, no-access, wrong-address, unsafe-site.
    public var reason: String

    public init(ticketId: String, technicianId: String, reason: String) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.reason = reason
    }

    /// Convenience for producers: a typed reason.
    public init(ticketId: String, technicianId: String, reason: VisitFailureReason) {
        self.init(ticketId: ticketId, technicianId: technicianId, reason: reason.rawValue)
    }

    public var messageKey: String { ticketId }

    /// `reason` as a vocabulary value, when valid.
    public var reasonValue: VisitFailureReason? { VisitFailureReason(rawValue: reason) }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        checks.oneOf(reason, VisitFailureReason.self, "reason")
        return checks.errors
    }
}

/// The technician hands an accepted ticket back; dispatch offers it to the next candidate,
/// never the same technician again.
public struct AssignmentReturned: EventPayload, Hashable {
    public static let eventType = EventType.assignmentReturned
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The technician handing it back.
    public var technicianId: String
    /// Why (free text, required).
    public var reason: String

    public init(ticketId: String, technicianId: String, reason: String) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.reason = reason
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        checks.text(reason, "reason")
        return checks.errors
    }
}
