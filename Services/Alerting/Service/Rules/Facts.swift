import Foundation
import Schema

/// One ticket as alerting records it: the `ticket.opened` facts, when each deadline was met,
/// and when the ticket was stopped (cancelled or closed). Its three SLA clocks are derived
/// from it. Times are event times (`occurredAt`).
public struct TicketFact: Sendable, Equatable {
    public var ticketId: String
    public var openedAt: Date
    public var model: String
    public var fault: String
    public var hazard: Bool
    public var repeatOf: String?
    public var respondBy: Date, onSiteBy: Date, resolveBy: Date
    /// The last technician assigned, accepting, on site or completing.
    public var technicianId: String?
    public var acceptedAt: Date?, onSiteAt: Date?, completedAt: Date?
    public var firstTimeFix: Bool?
    public var unassignableAt: Date?
    public var stoppedAt: Date?
    /// The ticket's region (its service day is in the region's time zone); nil for tickets
    /// recorded before regions were.
    public var region: String?
    /// Every hold, in the order recorded.
    public var holds: [TicketHold]
    /// The ticket's priority (sizes a compensation); nil for tickets recorded before it was.
    public var priority: Priority?
    /// The customer's id (never PII) for a compensation; nil for tickets recorded before it was.
    public var customerId: String?
    /// The product category (wire value), for KPI cuts; nil for tickets recorded before it was.
    public var category: String?
    /// At completion: the completing technician's provider (nil: own staff, remote, unknown),
    /// whether it was resolved remotely, part units used and the visit it was completed on.
    public var providerId: String?
    public var resolvedRemotely: Bool?
    public var partsUsed: Int?
    public var visits: Int?
    /// The assigned technician's distance (`ticket.assigned` `distanceKm`), for the forecast.
    public var distanceKm: Double?

    public init(ticketId: String, openedAt: Date, model: String, fault: String, hazard: Bool, repeatOf: String? = nil,
                respondBy: Date, onSiteBy: Date, resolveBy: Date, technicianId: String? = nil, acceptedAt: Date? = nil,
                onSiteAt: Date? = nil, completedAt: Date? = nil, firstTimeFix: Bool? = nil, unassignableAt: Date? = nil,
                stoppedAt: Date? = nil, region: String? = nil, holds: [TicketHold] = [],
                priority: Priority? = nil, customerId: String? = nil, category: String? = nil) {
        self.ticketId = ticketId
        self.openedAt = openedAt
        self.model = model
        self.fault = fault
        self.hazard = hazard
        self.repeatOf = repeatOf
        self.respondBy = respondBy
        self.onSiteBy = onSiteBy
        self.resolveBy = resolveBy
        self.technicianId = technicianId
        self.acceptedAt = acceptedAt
        self.onSiteAt = onSiteAt
        self.completedAt = completedAt
        self.firstTimeFix = firstTimeFix
        self.unassignableAt = unassignableAt
        self.stoppedAt = stoppedAt
        self.region = region
        self.holds = holds
        self.priority = priority
        self.customerId = customerId
        self.category = category
    }

    /// The deadline's due time.
    public func due(_ deadline: SLAClock.Deadline) -> Date {
        switch deadline {
        case .respond: respondBy
        case .onSite: onSiteBy
        case .resolve: resolveBy
        }
    }

    /// When the deadline was met, if it was.
    public func metAt(_ deadline: SLAClock.Deadline) -> Date? {
        switch deadline {
        case .respond: acceptedAt
        case .onSite: onSiteAt
        case .resolve: completedAt
        }
    }

    /// Records that the deadline was met at `at`.
    public mutating func meet(_ deadline: SLAClock.Deadline, at: Date) {
        switch deadline {
        case .respond: acceptedAt = at
        case .onSite: onSiteAt = at
        case .resolve: completedAt = at
        }
    }

    /// True while the deadline's clock runs: not met, ticket not stopped.
    public func isRunning(_ deadline: SLAClock.Deadline) -> Bool { metAt(deadline) == nil && stoppedAt == nil }

    /// The deadline's clock (window from the opening to the due time).
    public func clock(_ deadline: SLAClock.Deadline) -> SLAClock {
        SLAClock(deadline: deadline, start: openedAt, due: due(deadline))
    }

    /// True while a hold of the ticket is open.
    public var isOnHold: Bool { holds.contains { $0.until == nil } }

    /// The ticket as the quality-signal rule sees it.
    public var quality: QualityFact {
        QualityFact(ticketId: ticketId, model: model, fault: fault, hazard: hazard, openedAt: openedAt)
    }
}

/// One completed survey, with the technician it is credited to (if known).
public struct SurveyFact: Sendable, Equatable {
    public var surveyId: String
    public var ticketId: String
    public var technicianId: String?
    public var satisfied: Bool
    public var attitude: Int, efficiency: Int, quality: Int
    public var completedAt: Date

    public init(surveyId: String, ticketId: String, technicianId: String? = nil, satisfied: Bool, attitude: Int,
                efficiency: Int, quality: Int, completedAt: Date) {
        self.surveyId = surveyId
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.satisfied = satisfied
        self.attitude = attitude
        self.efficiency = efficiency
        self.quality = quality
        self.completedAt = completedAt
    }
}

/// A technician's survey as the rolling-CSAT rule sees it.
public struct SurveyPoint: Sendable, Equatable {
    public var surveyId: String
    public var satisfied: Bool
    public var completedAt: Date

    public init(surveyId: String, satisfied: Bool, completedAt: Date) {
        self.surveyId = surveyId
        self.satisfied = satisfied
        self.completedAt = completedAt
    }
}

/// One recorded audit (`audit.recorded`).
public struct AuditFact: Sendable, Equatable {
    public var auditId: String
    public var ticketId: String
    public var passed: Bool
    /// The findings' codes, for the alert's text.
    public var findings: [String]
    public var recordedAt: Date

    public init(auditId: String, ticketId: String, passed: Bool, findings: [String] = [], recordedAt: Date) {
        self.auditId = auditId
        self.ticketId = ticketId
        self.passed = passed
        self.findings = findings
        self.recordedAt = recordedAt
    }
}

/// What `ticket.completed` says beyond first-time fix, for the KPI cuts.
public struct CompletionDetails: Sendable, Equatable {
    public var resolvedRemotely: Bool
    /// Part units used (sum of the `partsUsed` quantities).
    public var partsUsed: Int
    /// The visit it was completed on (nil: not said).
    public var visit: Int?

    public init(resolvedRemotely: Bool = false, partsUsed: Int = 0, visit: Int? = nil) {
        self.resolvedRemotely = resolvedRemotely
        self.partsUsed = partsUsed
        self.visit = visit
    }
}

/// One opened complaint.
public struct ComplaintFact: Sendable, Equatable {
    public var complaintId: String
    public var ticketId: String
    public var openedAt: Date

    public init(complaintId: String, ticketId: String, openedAt: Date) {
        self.complaintId = complaintId
        self.ticketId = ticketId
        self.openedAt = openedAt
    }
}

/// Inventory's answer to a parts request: reserved and backordered quantities (fill rate).
public struct PartsFact: Sendable, Equatable {
    public var eventId: String
    public var ticketId: String
    public var reserved: Int
    public var backordered: Int
    public var at: Date

    public init(eventId: String, ticketId: String, reserved: Int, backordered: Int, at: Date) {
        self.eventId = eventId
        self.ticketId = ticketId
        self.reserved = reserved
        self.backordered = backordered
        self.at = at
    }
}

/// An event that only feeds a KPI counter (rejections, dead letters).
public struct CountedFact: Sendable, Equatable {
    public var eventId: String
    public var eventType: String
    public var at: Date

    public init(eventId: String, eventType: String, at: Date) {
        self.eventId = eventId
        self.eventType = eventType
        self.at = at
    }
}
