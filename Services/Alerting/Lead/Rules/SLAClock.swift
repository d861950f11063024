import Foundation

/// One SLA deadline of a ticket: the window runs from the ticket's opening to the deadline.
/// Warnings fall at 80 % of the window, the breach at 100 %, the escalation at 150 %. Pure.
public struct SLAClock: Sendable, Equatable {
    /// Which of the three deadlines.
    public enum Deadline: String, Sendable, CaseIterable {
        case respond
        case onSite = "on-site"
        case resolve
    }

    public var deadline: Deadline
    public var start: Date
    public var due: Date

    public init(deadline: Deadline, start: Date, due: Date) {
        self.deadline = deadline
        self.start = start
        self.due = due
    }

    public var window: TimeInterval { max(0, due.timeIntervalSince(start)) }
    public var atRiskAt: Date { start.addingTimeInterval(window * 0.8) }
    public var breachAt: Date { due }
    public var escalateAt: Date { start.addingTimeInterval(window * 1.5) }

    /// Whether the clock, met at `metAt` (or still running), was on time.
    public func metOnTime(_ metAt: Date) -> Bool { metAt <= due }

    /// How far into the window `now` is (1 = the deadline).
    public func progress(at now: Date) -> Double {
        window > 0 ? now.timeIntervalSince(start) / window : (now >= due ? 1 : 0)
    }
}
