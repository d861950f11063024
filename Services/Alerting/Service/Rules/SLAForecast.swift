import Foundation
import Schema

/// A ticket as the forecast sees it (alerting's own ticket facts).
public struct ForecastTicket: Sendable, Equatable {
    public var ticketId: String
    /// Product category (wire value), for the typical repair time.
    public var category: String
    /// `ticket.assigned` `distanceKm` of the current assignment; nil while unassigned.
    public var distanceKm: Double?
    /// The on-site and resolve clocks (deadlines net of holds, as the SLA alerts use them).
    public var onSite: SLAClock
    public var resolve: SLAClock
    /// When the technician arrived (`ticket.on-site`), if they did.
    public var onSiteAt: Date?
    /// When the ticket was completed, if it was.
    public var completedAt: Date?
    /// Cancelled, closed or unassignable: the clocks stopped.
    public var stopped: Bool
    /// On hold right now (the paused clocks are not forecast).
    public var onHold: Bool

    public init(ticketId: String, category: String, distanceKm: Double? = nil, onSite: SLAClock, resolve: SLAClock,
                onSiteAt: Date? = nil, completedAt: Date? = nil, stopped: Bool = false, onHold: Bool = false) {
        self.ticketId = ticketId
        self.category = category
        self.distanceKm = distanceKm
        self.onSite = onSite
        self.resolve = resolve
        self.onSiteAt = onSiteAt
        self.completedAt = completedAt
        self.stopped = stopped
        self.onHold = onHold
    }

    /// The clock of `deadline` (on-site or resolve).
    public func clock(_ deadline: SLAClock.Deadline) -> SLAClock? {
        switch deadline {
        case .onSite: onSite
        case .resolve: resolve
        case .respond: nil
        }
    }

    /// Whether the deadline's clock was met (on site: arrival or completion; resolve: completion).
    public func isMet(_ deadline: SLAClock.Deadline) -> Bool {
        completedAt != nil || (deadline == .onSite && onSiteAt != nil)
    }
}

/// What the forecast asks the alert book to do.
public enum ForecastDecision: Sendable, Equatable {
    case raise(AlertDraft)
    case resolve(rule: String, subject: String, message: String)
    case nothing
}

/// Predictive SLA warning (DESIGN.md "Quality supervision and cuts"): `sla-forecast-breach`
/// when the time left on the on-site or resolve clock cannot cover what the ticket still
/// needs, before the 80 % warning. Pure: facts and `now` in, a decision out.
///
/// Needed time:
/// - on site: travel = `distanceKm` ÷ `speedKmPerHour` (unassigned: no forecast);
/// - resolve, before arrival: travel + the category's typical repair time;
/// - resolve, on site: the typical repair time minus the time already spent on site (≥ 0).
///
/// Raised when left ≤ needed (no slack), the clock is neither met nor stopped nor on hold,
/// and `now` is before the clock's 80 % point (from there the `sla-at-risk` warning takes
/// over; the forecast is only ever raised before it). Resolved when the clock is met or
/// stopped; an open forecast otherwise stays open (a breach it foretold still counts).
/// Subject `<ticketId>:<deadline>`, like the SLA alerts; severity warning.
///
/// The handler evaluates on `ticket.assigned` (distance known or changed), `ticket.on-site`,
/// completion/stop, and at `checkTime` (a timer), which is when the shortfall begins.
public enum SLAForecast {
    /// The rule name in `alert.*` events.
    public static let rule = "sla-forecast-breach"
    /// The timer kind for `checkTime`; the key is the alert subject.
    public static let timerKind = "sla-forecast"

    /// The deadlines forecast.
    public static let deadlines: [SLAClock.Deadline] = [.onSite, .resolve]

    /// Seconds to travel `distanceKm`.
    public static func travelSeconds(distanceKm: Double, settings: ForecastSettings) -> Double {
        max(0, distanceKm) / settings.speedKmPerHour * 3_600
    }

    /// The time the ticket still needs for `deadline` at `now`, or nil when it cannot be
    /// forecast (not assigned yet, or the respond deadline).
    public static func neededSeconds(_ ticket: ForecastTicket, deadline: SLAClock.Deadline, repairSeconds: Double,
                                     settings: ForecastSettings, now: Date) -> Double? {
        switch deadline {
        case .respond:
            return nil
        case .onSite:
            return ticket.distanceKm.map { travelSeconds(distanceKm: $0, settings: settings) }
        case .resolve:
            if let onSiteAt = ticket.onSiteAt { return max(0, repairSeconds - now.timeIntervalSince(onSiteAt)) }
            return ticket.distanceKm.map { travelSeconds(distanceKm: $0, settings: settings) + repairSeconds }
        }
    }

    /// The typical repair time of the ticket's category.
    public static func repairSeconds(_ ticket: ForecastTicket, estimate: RepairTimeEstimate?, settings: ForecastSettings) -> Double {
        let prior = settings.prior(category: ticket.category)
        return estimate?.typicalSeconds(prior: prior, settings: settings) ?? prior
    }

    /// What to do about `deadline`'s forecast alert at `now` (`alertOpen`: one is open).
    public static func evaluate(_ ticket: ForecastTicket, deadline: SLAClock.Deadline, alertOpen: Bool,
                                estimate: RepairTimeEstimate?, settings: ForecastSettings, now: Date) -> ForecastDecision {
        guard let clock = ticket.clock(deadline) else { return .nothing }
        let subject = SLAClock.key(ticketId: ticket.ticketId, deadline: deadline)
        if ticket.isMet(deadline) || ticket.stopped {
            guard alertOpen else { return .nothing }
            let how = ticket.stopped && !ticket.isMet(deadline) ? "stopped" : "met"
            return .resolve(rule: rule, subject: subject, message: "ticket \(ticket.ticketId): \(deadline.rawValue) clock \(how)")
        }
        guard !alertOpen, !ticket.onHold, now < clock.dueTime(of: .atRisk) else { return .nothing }
        let repair = repairSeconds(ticket, estimate: estimate, settings: settings)
        guard let needed = neededSeconds(ticket, deadline: deadline, repairSeconds: repair, settings: settings, now: now) else {
            return .nothing
        }
        let left = clock.due.timeIntervalSince(now)
        guard left <= needed else { return .nothing }
        return .raise(draft(ticket, deadline: deadline, subject: subject, needed: needed, left: left, repair: repair,
                            estimate: estimate, settings: settings))
    }

    /// When the forecast for `deadline` starts to fall short (due − needed), if that is before
    /// the clock's 80 % point; nil otherwise, or when it cannot be forecast yet. Schedule a
    /// check then (a time in the past means: evaluate now). Only meaningful before arrival:
    /// on site, the shortfall does not change with time (evaluate on `ticket.on-site`).
    public static func checkTime(_ ticket: ForecastTicket, deadline: SLAClock.Deadline, estimate: RepairTimeEstimate?,
                                 settings: ForecastSettings) -> Date? {
        guard let clock = ticket.clock(deadline), ticket.onSiteAt == nil, !ticket.isMet(deadline), !ticket.stopped,
              let distance = ticket.distanceKm else { return nil }
        let travel = travelSeconds(distanceKm: distance, settings: settings)
        let needed = deadline == .onSite ? travel : travel + repairSeconds(ticket, estimate: estimate, settings: settings)
        let start = clock.due.addingTimeInterval(-needed)
        return start < clock.dueTime(of: .atRisk) ? start : nil
    }

    private static func draft(_ ticket: ForecastTicket, deadline: SLAClock.Deadline, subject: String, needed: Double, left: Double,
                              repair: Double, estimate: RepairTimeEstimate?, settings: ForecastSettings) -> AlertDraft {
        let minutes = { (seconds: Double) in Int((seconds / 60).rounded()) }
        let plan: String
        let learned = (estimate?.samples ?? 0) >= settings.minimumSamples && (estimate?.samples ?? 0) > 0
        let repairText = "\(minutes(repair)) min repair (\(learned ? "typical for \(ticket.category), \(estimate?.samples ?? 0) completions" : "prior for \(ticket.category)"))"
        switch (deadline, ticket.onSiteAt) {
        case (.resolve, .some):
            plan = "\(minutes(needed)) min of \(repairText) still to go"
        case (.resolve, .none):
            let travel = needed - repair
            plan = "\(minutes(travel)) min travel (\(String(format: "%.1f", ticket.distanceKm ?? 0)) km at "
                + "\(String(format: "%g", settings.speedKmPerHour)) km/h) + \(repairText)"
        default:
            plan = "\(minutes(needed)) min travel (\(String(format: "%.1f", ticket.distanceKm ?? 0)) km at "
                + "\(String(format: "%g", settings.speedKmPerHour)) km/h)"
        }
        return AlertDraft(rule: rule, subject: subject, severity: .warning,
                          message: "ticket \(ticket.ticketId): \(deadline.rawValue) deadline forecast to be missed: needs \(plan), "
                              + "\(minutes(max(0, left))) min left",
                          tickets: [ticket.ticketId],
                          details: ["deadline": deadline.rawValue, "neededSeconds": String(Int(needed.rounded())),
                                    "leftSeconds": String(Int(left.rounded())), "repairSeconds": String(Int(repair.rounded())),
                                    "category": ticket.category])
    }
}
