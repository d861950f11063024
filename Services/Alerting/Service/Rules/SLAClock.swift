import Foundation

/// One SLA deadline of a ticket as a clock. The window runs from the ticket's opening
/// (`ticket.opened`'s `occurredAt`) to the deadline; the clock is at risk at 80 % of the
/// window, breached at 100 % and escalated at 150 %. Pure: no I/O, no wall clock.
public struct SLAClock: Sendable, Equatable {
    /// Which of the ticket's three deadlines; the raw value is used in timer keys and alert subjects.
    public enum Deadline: String, Sendable, CaseIterable {
        case respond
        case onSite = "on-site"
        case resolve
    }

    /// A point on the clock where something happens.
    public enum Threshold: String, Sendable, CaseIterable, Comparable {
        case atRisk = "sla-at-risk"
        case breach = "sla-breach"
        case escalate = "sla-escalate"

        /// The fraction of the window at which the threshold falls.
        public var fraction: Double {
            switch self {
            case .atRisk: 0.8
            case .breach: 1.0
            case .escalate: 1.5
            }
        }

        public static func < (lhs: Threshold, rhs: Threshold) -> Bool { lhs.fraction < rhs.fraction }
    }

    public var deadline: Deadline
    public var start: Date
    public var due: Date

    public init(deadline: Deadline, start: Date, due: Date) {
        self.deadline = deadline
        self.start = start
        self.due = due
    }

    /// The window's length in seconds (never negative: a deadline before the opening is a zero window).
    public var window: TimeInterval { max(0, due.timeIntervalSince(start)) }

    /// When `threshold` falls.
    public func dueTime(of threshold: Threshold) -> Date {
        threshold == .breach ? due : start.addingTimeInterval(window * threshold.fraction)
    }

    /// The thresholds that have passed at `now` (a threshold passes at its due time).
    public func passed(at now: Date) -> [Threshold] {
        Threshold.allCases.filter { dueTime(of: $0) <= now }
    }

    /// Whether a clock met at `metAt` was on time.
    public func metOnTime(_ metAt: Date) -> Bool { metAt <= due }

    /// The timer key of this clock for ticket `ticketId`: `<ticketId>:<deadline>`.
    public static func key(ticketId: String, deadline: Deadline) -> String { "\(ticketId):\(deadline.rawValue)" }

    /// Splits a timer key back into ticket id and deadline (the ticket id may itself contain colons).
    public static func parse(key: String) -> (ticketId: String, deadline: Deadline)? {
        guard let colon = key.lastIndex(of: ":"), let deadline = Deadline(rawValue: String(key[key.index(after: colon)...])) else {
            return nil
        }
        let ticketId = String(key[..<colon])
        return ticketId.isEmpty ? nil : (ticketId, deadline)
    }
}
