import Foundation

/// Extension (additive, docs/contract-extensions.md): an operator takes a complaint and
/// starts investigating it. Produced by the operator tool on `aftersales.survey-responses`.
public struct ComplaintInvestigating: EventPayload, Hashable {
    public static let eventType = EventType.complaintInvestigating
    public static let topic = Topic.surveyResponses

    public var ticketId: String
    public var complaintId: String
    /// Who took it (an operator's name or id).
    public var `operator`: String?

    public init(ticketId: String, complaintId: String, operator: String? = nil) {
        self.ticketId = ticketId
        self.complaintId = complaintId
        self.operator = `operator`
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(complaintId, "complaintId")
        checks.optionalName(`operator`, "operator")
        return checks.errors
    }
}

/// Extension (additive, docs/contract-extensions.md): an operator resolves a complaint
/// with a note saying what was done.
public struct ComplaintResolved: EventPayload, Hashable {
    public static let eventType = EventType.complaintResolved
    public static let topic = Topic.surveyResponses

    public var ticketId: String
    public var complaintId: String
    public var resolution: String

    public init(ticketId: String, complaintId: String, resolution: String) {
        self.ticketId = ticketId
        self.complaintId = complaintId
        self.resolution = resolution
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(complaintId, "complaintId")
        checks.text(resolution, "resolution")
        return checks.errors
    }
}
