import Foundation

/// The technician accepts the ticket offered to them.
public struct AssignmentAccepted: EventPayload, Hashable {
    public static let eventType = EventType.assignmentAccepted
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The technician reporting.
    public var technicianId: String

    public init(ticketId: String, technicianId: String) {
        self.ticketId = ticketId
        self.technicianId = technicianId
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        return checks.errors
    }
}

/// The technician declines the ticket offered to them.
public struct AssignmentDeclined: EventPayload, Hashable {
    public static let eventType = EventType.assignmentDeclined
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The technician reporting.
    public var technicianId: String
    /// Why (required, non-empty).
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

/// The technician books the visit with the customer.
public struct VisitScheduled: EventPayload, Hashable {
    public static let eventType = EventType.visitScheduled
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The technician reporting.
    public var technicianId: String
    /// When the visit is planned.
    public var scheduledFor: Date
    /// Addition: on a reschedule, who moved it (a `VisitRequester` raw value: customer, technician).
    public var requestedBy: String?

    public init(ticketId: String, technicianId: String, scheduledFor: Date, requestedBy: String? = nil) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.scheduledFor = scheduledFor
        self.requestedBy = requestedBy
    }

    public var messageKey: String { ticketId }

    /// `requestedBy` as a vocabulary value, when present and valid.
    public var requestedByValue: VisitRequester? { requestedBy.flatMap(VisitRequester.init(rawValue:)) }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        if let requestedBy { checks.oneOf(requestedBy, VisitRequester.self, "requestedBy") }
        return checks.errors
    }
}

/// The technician arrives on site.
public struct VisitStarted: EventPayload, Hashable {
    public static let eventType = EventType.visitStarted
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The technician reporting.
    public var technicianId: String

    public init(ticketId: String, technicianId: String) {
        self.ticketId = ticketId
        self.technicianId = technicianId
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        return checks.errors
    }
}

/// The technician reports what is wrong, the parts needed and, out of warranty, a quote.
public struct DiagnosisReported: EventPayload, Hashable {
    public static let eventType = EventType.diagnosisReported
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The technician reporting.
    public var technicianId: String
    /// What was found.
    public var finding: String
    /// Parts needed (may be empty).
    public var parts: [PartLine]
    /// The price to the customer, when chargeable.
    public var quote: Quote?

    public init(
        ticketId: String,
        technicianId: String,
        finding: String,
        parts: [PartLine],
        quote: Quote? = nil
    ) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.finding = finding
        self.parts = parts
        self.quote = quote
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        checks.maxLength(finding, SchemaLimits.maxTextLength, "finding")
        checks.boundedPartLines(parts, "parts")
        if let quote {
            checks.amount(quote.labour, "quote.labour", cents: false)
            checks.amount(quote.parts, "quote.parts", cents: false)
            checks.currency(quote.currency, "quote.currency")
        }
        return checks.errors
    }
}

/// The customer accepts the quote.
public struct QuoteApproved: EventPayload, Hashable {
    public static let eventType = EventType.quoteApproved
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String

    public init(ticketId: String) {
        self.ticketId = ticketId
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        return checks.errors
    }
}

/// The customer refuses the quote.
public struct QuoteDeclined: EventPayload, Hashable {
    public static let eventType = EventType.quoteDeclined
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String

    public init(ticketId: String) {
        self.ticketId = ticketId
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        return checks.errors
    }
}

/// The technician finishes the job.
public struct WorkCompleted: EventPayload, Hashable {
    public static let eventType = EventType.workCompleted
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    /// The technician reporting.
    public var technicianId: String
    /// Whether the problem is fixed.
    public var resolved: Bool
    /// Parts actually used.
    public var partsUsed: [PartLine]
    /// Who signed the work off on site.
    public var signedOffBy: String?
    /// Addition: photos, part serials and the customer's signature (provider settlement).
    public var evidence: Evidence?

    public init(
        ticketId: String,
        technicianId: String,
        resolved: Bool,
        partsUsed: [PartLine],
        signedOffBy: String? = nil,
        evidence: Evidence? = nil
    ) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.resolved = resolved
        self.partsUsed = partsUsed
        self.signedOffBy = signedOffBy
        self.evidence = evidence
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        checks.boundedPartLines(partsUsed, "partsUsed")
        checks.optionalName(signedOffBy, "signedOffBy")
        if let evidence { evidence.check(&checks, "evidence") }
        return checks.errors
    }
}
