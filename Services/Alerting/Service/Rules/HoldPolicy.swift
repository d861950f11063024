import Foundation
import Schema

/// One hold of a ticket (`ticket.on-hold` … `ticket.resumed`), identified by the ticket and
/// `since`, so that a redelivered or replayed hold is the same hold, never a second one.
public struct TicketHold: Sendable, Equatable {
    /// When the hold began (the `since` of `ticket.on-hold`).
    public var since: Date
    /// Why: `waiting-parts`, `customer-requested`, `customer-unreachable` (the wire value).
    public var reason: String
    /// When it ended (the `occurredAt` of `ticket.resumed`); nil while the ticket is on hold.
    public var until: Date?

    public init(since: Date, reason: String, until: Date? = nil) {
        self.since = since
        self.reason = reason
        self.until = until
    }

    /// The hold as a pause of a clock.
    public var pause: SLAClock.Pause { SLAClock.Pause(since: since, until: until) }
}

/// Which SLA clocks each hold reason pauses. Defaults (DESIGN.md): waiting-parts pauses
/// resolve; customer-requested and customer-unreachable pause on-site and resolve. A reason
/// the policy does not name pauses nothing.
public struct HoldPolicy: Sendable, Equatable {
    public var pausedDeadlines: [String: Set<SLAClock.Deadline>]

    public init(pausedDeadlines: [String: Set<SLAClock.Deadline>]) { self.pausedDeadlines = pausedDeadlines }

    /// The hold reasons of the contract, in its order.
    public static let reasons = HoldReason.allCases.map(\.rawValue)

    /// DESIGN.md's defaults.
    public static let standard = HoldPolicy(pausedDeadlines: [
        HoldReason.waitingParts.rawValue: [.resolve],
        HoldReason.customerRequested.rawValue: [.onSite, .resolve],
        HoldReason.customerUnreachable.rawValue: [.onSite, .resolve],
    ])

    /// The deadlines a hold for `reason` pauses.
    public func deadlines(pausedBy reason: String) -> Set<SLAClock.Deadline> { pausedDeadlines[reason] ?? [] }

    /// The ticket's holds that pause `deadline`, as pauses of its clock.
    public func pauses(_ holds: [TicketHold], for deadline: SLAClock.Deadline) -> [SLAClock.Pause] {
        holds.filter { deadlines(pausedBy: $0.reason).contains(deadline) }.map(\.pause)
    }

    /// Why a hold-policy setting was refused.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `reason=deadline,deadline;reason=…` (e.g. `waiting-parts=resolve;customer-requested=on-site,resolve`).
    /// Each reason named replaces its default; an empty list (`waiting-parts=`) pauses nothing;
    /// reasons not named keep their default. Deadlines: `respond`, `on-site`, `resolve`.
    public static func parse(_ text: String, base: HoldPolicy = .standard) throws(Problem) -> HoldPolicy {
        var policy = base
        for entry in text.split(separator: ";") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw Problem(description: "'\(entry)' is not reason=deadline,deadline") }
            guard reasons.contains(parts[0]) else {
                throw Problem(description: "unknown hold reason '\(parts[0])' (one of \(reasons.joined(separator: ", ")))")
            }
            var deadlines = Set<SLAClock.Deadline>()
            for name in parts[1].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let deadline = SLAClock.Deadline(rawValue: name) else {
                    throw Problem(description: "unknown deadline '\(name)' for \(parts[0]) (respond, on-site or resolve)")
                }
                deadlines.insert(deadline)
            }
            policy.pausedDeadlines[parts[0]] = deadlines
        }
        return policy
    }

    /// The policy in the setting's own format, reasons in contract order.
    public var description: String {
        Self.reasons.map { reason in
            let names = SLAClock.Deadline.allCases.filter { deadlines(pausedBy: reason).contains($0) }.map(\.rawValue)
            return "\(reason)=\(names.joined(separator: ","))"
        }.joined(separator: ";")
    }
}
