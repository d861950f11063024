import Foundation

/// The contact centre solved the problem by phone or online guidance (DESIGN.md
/// "Remote-first resolution"): the ticket completes with `resolvedRemotely`, no technician.
public struct RemoteResolved: EventPayload, Hashable {
    public static let eventType = EventType.remoteResolved
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The contact-centre agent.
    public var agentId: String
    /// What solved it (free text).
    public var resolution: String

    public init(ticketId: String, agentId: String, resolution: String) {
        self.ticketId = ticketId
        self.agentId = agentId
        self.resolution = resolution
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(agentId, "agentId")
        checks.text(resolution, "resolution")
        return checks.errors
    }
}

/// Remote guidance did not help: the ticket is dispatched as usual.
public struct RemoteFailed: EventPayload, Hashable {
    public static let eventType = EventType.remoteFailed
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The contact-centre agent.
    public var agentId: String
    /// Why (free text).
    public var reason: String

    public init(ticketId: String, agentId: String, reason: String) {
        self.ticketId = ticketId
        self.agentId = agentId
        self.reason = reason
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(agentId, "agentId")
        checks.text(reason, "reason")
        return checks.errors
    }
}
