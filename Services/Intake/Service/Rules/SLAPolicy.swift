import Foundation
import Schema

/// The three SLA deadlines of a ticket.
public struct SLADeadlines: Sendable, Equatable {
    /// Met by the technician's acceptance.
    public var respondBy: Date
    /// Met by the visit's start.
    public var onSiteBy: Date
    /// Met by completion.
    public var resolveBy: Date

    public init(respondBy: Date, onSiteBy: Date, resolveBy: Date) {
        self.respondBy = respondBy
        self.onSiteBy = onSiteBy
        self.resolveBy = resolveBy
    }
}

/// Hours allowed per priority for respond / on site / resolve (DESIGN.md "SLA").
public struct SLATargets: Sendable, Equatable {
    public var respondHours: Double
    public var onSiteHours: Double
    public var resolveHours: Double

    public init(respondHours: Double, onSiteHours: Double, resolveHours: Double) {
        self.respondHours = respondHours
        self.onSiteHours = onSiteHours
        self.resolveHours = resolveHours
    }
}

/// The SLA policy table: deadlines are the ticket's opening instant plus the hours of its
/// priority. Defaults: emergency 1/4/24 h, high 4/24/48 h, normal 24/48/72 h,
/// low 48/96/168 h.
public struct SLAPolicy: Sendable, Equatable {
    public var targets: [Priority: SLATargets]

    public init(targets: [Priority: SLATargets] = SLAPolicy.defaultTargets) {
        self.targets = targets
    }

    public static let defaultTargets: [Priority: SLATargets] = [
        .emergency: SLATargets(respondHours: 1, onSiteHours: 4, resolveHours: 24),
        .high: SLATargets(respondHours: 4, onSiteHours: 24, resolveHours: 48),
        .normal: SLATargets(respondHours: 24, onSiteHours: 48, resolveHours: 72),
        .low: SLATargets(respondHours: 48, onSiteHours: 96, resolveHours: 168),
    ]

    /// The deadlines of a ticket of `priority` opened at `openedAt`.
    public func deadlines(priority: Priority, openedAt: Date) -> SLADeadlines {
        let target = targets[priority] ?? SLAPolicy.defaultTargets[priority]!
        return SLADeadlines(respondBy: openedAt.addingTimeInterval(target.respondHours * 3600),
                            onSiteBy: openedAt.addingTimeInterval(target.onSiteHours * 3600),
                            resolveBy: openedAt.addingTimeInterval(target.resolveHours * 3600))
    }
}
