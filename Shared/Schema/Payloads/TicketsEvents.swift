import Foundation

/// Intake opened a ticket: warranty, fault class, priority and SLA deadlines.
/// Extension: optional `description`.
public struct TicketOpened: EventPayload, Hashable {
    public static let eventType = EventType.ticketOpened
    public static let topic = Topic.tickets

    /// The new ticket.
    public var ticketId: String
    /// The request it came from.
    public var requestId: String
    public var kind: RequestKind
    public var channel: Channel
    /// The customer (PII stays in intake).
    public var customerId: String
    public var region: String
    /// Where the visit happens.
    public var location: GeoPoint
    public var product: ProductInfo
    public var warranty: Warranty
    public var fault: Fault
    public var priority: Priority
    /// The deadlines.
    public var sla: SLA
    /// The earlier ticket for the same product, when this is a repeat.
    public var repeatOf: String?
    /// Extension: the customer's description of the fault (free text, no PII fields).
    public var description: String?
    /// Addition: the playbook the contact centre follows first, when the fault class and
    /// category have one (remote-first resolution).
    public var remoteGuidance: RemoteGuidance?

    public init(
        ticketId: String,
        requestId: String,
        kind: RequestKind,
        channel: Channel,
        customerId: String,
        region: String,
        location: GeoPoint,
        product: ProductInfo,
        warranty: Warranty,
        fault: Fault,
        priority: Priority,
        sla: SLA,
        repeatOf: String? = nil,
        description: String? = nil,
        remoteGuidance: RemoteGuidance? = nil
    ) {
        self.ticketId = ticketId
        self.requestId = requestId
        self.kind = kind
        self.channel = channel
        self.customerId = customerId
        self.region = region
        self.location = location
        self.product = product
        self.warranty = warranty
        self.fault = fault
        self.priority = priority
        self.sla = sla
        self.repeatOf = repeatOf
        self.description = description
        self.remoteGuidance = remoteGuidance
    }

    public var messageKey: String { ticketId }

    /// A remote-resolution playbook: its id and the steps to walk the customer through.
    public struct RemoteGuidance: Codable, Sendable, Hashable {
        public var playbookId: String
        /// At most 100 steps.
        public var steps: [String]

        public init(playbookId: String, steps: [String]) {
            self.playbookId = playbookId
            self.steps = steps
        }
    }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(requestId, "requestId")
        checks.identifier(customerId, "customerId")
        checks.maxLength(region, SchemaLimits.maxNameLength, "region")
        checks.location(location, "location")
        checks.maxLength(product.sku, SchemaLimits.maxIdentifierLength, "product.sku")
        checks.maxLength(product.model, SchemaLimits.maxNameLength, "product.model")
        checks.optionalName(product.serialNumber, "product.serialNumber")
        checks.identifier(repeatOf, "repeatOf")
        checks.optionalText(description, "description")
        if let remoteGuidance {
            checks.identifier(remoteGuidance.playbookId, "remoteGuidance.playbookId")
            checks.labels(remoteGuidance.steps, "remoteGuidance.steps", maximum: SchemaLimits.maxTextLength)
        }
        return checks.errors
    }

    /// The product as intake recorded it.
    public struct ProductInfo: Codable, Sendable, Hashable {
        public var sku: String
        public var category: ProductCategory
        public var model: String
        public var serialNumber: String?
        /// "YYYY-MM-DD", when known.
        public var purchaseDate: String?

        public init(sku: String, category: ProductCategory, model: String, serialNumber: String? = nil, purchaseDate: String? = nil) {
            self.sku = sku
            self.category = category
            self.model = model
            self.serialNumber = serialNumber
            self.purchaseDate = purchaseDate
        }
    }

    /// Warranty standing and, when known, its last day ("YYYY-MM-DD").
    public struct Warranty: Codable, Sendable, Hashable {
        public var status: WarrantyStatus
        public var expiresOn: String?

        public init(status: WarrantyStatus, expiresOn: String? = nil) {
            self.status = status
            self.expiresOn = expiresOn
        }
    }

    /// Fault class and whether it endangers people.
    public struct Fault: Codable, Sendable, Hashable {
        public var category: FaultCategory
        public var safetyHazard: Bool

        public init(category: FaultCategory, safetyHazard: Bool) {
            self.category = category
            self.safetyHazard = safetyHazard
        }
    }

    /// SLA deadlines: acceptance, visit start, completion.
    public struct SLA: Codable, Sendable, Hashable {
        public var respondBy: Date
        public var onSiteBy: Date
        public var resolveBy: Date

        public init(respondBy: Date, onSiteBy: Date, resolveBy: Date) {
            self.respondBy = respondBy
            self.onSiteBy = onSiteBy
            self.resolveBy = resolveBy
        }
    }
}

/// Dispatch offered the ticket to a technician.
public struct TicketAssigned: EventPayload, Hashable {
    public static let eventType = EventType.ticketAssigned
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The technician offered the job.
    public var technicianId: String
    /// Great-circle distance to the site.
    public var distanceKm: Double
    /// 1 for the first offer, 2 after one decline or timeout, …
    public var attempt: Int

    public init(ticketId: String, technicianId: String, distanceKm: Double, attempt: Int) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.distanceKm = distanceKm
        self.attempt = attempt
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        checks.within(attempt, 0...10_000, "attempt")
        if !distanceKm.isFinite { checks.add("distanceKm", "out-of-range", "distanceKm must be a finite number") }
        return checks.errors
    }
}

/// No technician can take the ticket.
public struct TicketUnassignable: EventPayload, Hashable {
    public static let eventType = EventType.ticketUnassignable
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// Why: usually an `UnassignableReason` raw value.
    public var reason: String

    public init(ticketId: String, reason: String) {
        self.ticketId = ticketId
        self.reason = reason
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.maxLength(reason, SchemaLimits.maxTextLength, "reason")
        return checks.errors
    }
}

/// The technician accepted (meets "respond").
public struct TicketAccepted: EventPayload, Hashable {
    public static let eventType = EventType.ticketAccepted
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The assigned technician.
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

/// The visit is booked.
public struct TicketScheduled: EventPayload, Hashable {
    public static let eventType = EventType.ticketScheduled
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The assigned technician.
    public var technicianId: String
    /// Addition: the visit number (1, 2, … after waiting for parts or a failed visit).
    public var visit: Int?

    public init(ticketId: String, technicianId: String, visit: Int? = nil) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.visit = visit
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        if let visit { checks.within(visit, SchemaLimits.visit, "visit") }
        return checks.errors
    }
}

/// The technician is on site (meets "on site").
public struct TicketOnSite: EventPayload, Hashable {
    public static let eventType = EventType.ticketOnSite
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The assigned technician.
    public var technicianId: String
    /// Addition: the visit number (1, 2, … after waiting for parts or a failed visit).
    public var visit: Int?

    public init(ticketId: String, technicianId: String, visit: Int? = nil) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.visit = visit
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        if let visit { checks.within(visit, SchemaLimits.visit, "visit") }
        return checks.errors
    }
}

/// The fault is diagnosed.
public struct TicketDiagnosed: EventPayload, Hashable {
    public static let eventType = EventType.ticketDiagnosed
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The assigned technician.
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

/// A quote awaits the customer's answer.
public struct TicketQuoted: EventPayload, Hashable {
    public static let eventType = EventType.ticketQuoted
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The assigned technician.
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

/// The repair waits for backordered parts.
public struct TicketWaitingParts: EventPayload, Hashable {
    public static let eventType = EventType.ticketWaitingParts
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The assigned technician.
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

/// The work is done (meets "resolve").
public struct TicketCompleted: EventPayload, Hashable {
    public static let eventType = EventType.ticketCompleted
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// The assigned technician; nil (absent or null on the wire) when the ticket was
    /// resolved remotely, with no technician (DESIGN.md "Remote-first resolution").
    public var technicianId: String?
    public var resolved: Bool
    /// Completed on the first visit with no return for parts (true for remote resolutions).
    public var firstTimeFix: Bool
    public var partsUsed: [PartLine]
    /// Addition: true when the contact centre resolved it remotely (`remote.resolved`).
    public var resolvedRemotely: Bool?
    /// Addition: the visit number the work was completed on; nil for remote resolutions.
    public var visit: Int?

    public init(
        ticketId: String,
        technicianId: String?,
        resolved: Bool,
        firstTimeFix: Bool,
        partsUsed: [PartLine],
        resolvedRemotely: Bool? = nil,
        visit: Int? = nil
    ) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.resolved = resolved
        self.firstTimeFix = firstTimeFix
        self.partsUsed = partsUsed
        self.resolvedRemotely = resolvedRemotely
        self.visit = visit
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        checks.boundedPartLines(partsUsed, "partsUsed")
        if let visit { checks.within(visit, SchemaLimits.visit, "visit") }
        return checks.errors
    }
}

/// The ticket is reopened (unresolved, complaint).
public struct TicketReopened: EventPayload, Hashable {
    public static let eventType = EventType.ticketReopened
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// Why.
    public var reason: String

    public init(ticketId: String, reason: String) {
        self.ticketId = ticketId
        self.reason = reason
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.maxLength(reason, SchemaLimits.maxTextLength, "reason")
        return checks.errors
    }
}

/// The ticket is cancelled.
public struct TicketCancelled: EventPayload, Hashable {
    public static let eventType = EventType.ticketCancelled
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// Why.
    public var reason: String

    public init(ticketId: String, reason: String) {
        self.ticketId = ticketId
        self.reason = reason
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.maxLength(reason, SchemaLimits.maxTextLength, "reason")
        return checks.errors
    }
}

/// The ticket is closed for good.
public struct TicketClosed: EventPayload, Hashable {
    public static let eventType = EventType.ticketClosed
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    /// Why.
    public var reason: String

    public init(ticketId: String, reason: String) {
        self.ticketId = ticketId
        self.reason = reason
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.maxLength(reason, SchemaLimits.maxTextLength, "reason")
        return checks.errors
    }
}
