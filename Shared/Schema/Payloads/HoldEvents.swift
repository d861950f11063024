import Foundation

/// The ticket is on hold: some SLA clocks pause (which ones is configuration).
public struct TicketOnHold: EventPayload, Hashable {
    public static let eventType = EventType.ticketOnHold
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// waiting-parts, customer-requested or customer-unreachable.
    public var reason: HoldReason
    /// When the hold began.
    public var since: Date

    public init(ticketId: String, reason: HoldReason, since: Date) {
        self.ticketId = ticketId
        self.reason = reason
        self.since = since
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        return checks.errors
    }
}

/// The hold ended (the next `visit.scheduled` or `visit.started`, or parts arrived).
public struct TicketResumed: EventPayload, Hashable {
    public static let eventType = EventType.ticketResumed
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// Why the hold ended (free text, e.g. "visit-scheduled", "visit-started", "parts-arrived").
    public var reason: String
    /// How long the ticket was on hold, in whole seconds (0…315,360,000).
    public var heldSeconds: Int

    public init(ticketId: String, reason: String, heldSeconds: Int) {
        self.ticketId = ticketId
        self.reason = reason
        self.heldSeconds = heldSeconds
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.text(reason, "reason")
        checks.within(heldSeconds, SchemaLimits.heldSeconds, "heldSeconds")
        return checks.errors
    }
}

/// Dispatch accepted a `visit.failed`: which visit failed and why.
public struct TicketVisitFailed: EventPayload, Hashable {
    public static let eventType = EventType.ticketVisitFailed
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The technician who went.
    public var technicianId: String
    public var reason: VisitFailureReason
    /// The visit number, counted from 1.
    public var visit: Int

    public init(ticketId: String, technicianId: String, reason: VisitFailureReason, visit: Int) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.reason = reason
        self.visit = visit
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        checks.within(visit, SchemaLimits.visit, "visit")
        return checks.errors
    }
}
