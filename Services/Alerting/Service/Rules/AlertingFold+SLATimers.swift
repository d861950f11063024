import Foundation
import Schema

// MARK: SLA clocks: one timer per running clock, its next threshold

/// A running clock keeps one runtime timer: that of its next threshold not yet fired, at the
/// threshold's net time. The threshold that fires raises its alert and sets the next one's
/// timer; a hold that moves the times moves that one timer; a stopped clock cancels what can
/// still be set. (Before issue 12 every threshold had its own timer from the opening on;
/// such timers still pending in a deployment fire harmlessly, see `thresholdDue`.)
extension AlertingFold {
    /// The one timer of a clock that just started: its first threshold.
    mutating func startClock(_ ticket: TicketFact, _ deadline: SLAClock.Deadline, _ origin: Int) {
        guard ticket.isRunning(deadline), let first = SLAClock.Threshold.allCases.first else { return }
        let clock = ticket.clock(deadline)
        let key = SLAAlerts.subject(ticketId: ticket.ticketId, deadline: deadline)
        if let due = clock.dueTime(of: first, pauses: holdPolicy.pauses(ticket.holds, for: deadline)) {
            schedule(.sla(first), key, at: due, origin)
        }
    }

    /// Cancels the timers a stopping clock can still have: that of its next threshold and, when
    /// the scheduler runs late, those of thresholds already passed but not fired yet.
    mutating func cancelClockTimers(_ ticket: TicketFact, _ deadline: SLAClock.Deadline, _ origin: Int) {
        let clock = ticket.clock(deadline)
        let next = clock.nextThreshold(at: now, pauses: holdPolicy.pauses(ticket.holds, for: deadline))
        let key = SLAAlerts.subject(ticketId: ticket.ticketId, deadline: deadline)
        for threshold in SLAClock.Threshold.allCases where next.map({ threshold <= $0 }) ?? true {
            cancel(.sla(threshold), key, origin)
        }
    }

    /// Moves the timer of a running clock whose pauses changed (a hold began or ended); `before`
    /// are the ticket's holds before the change. The timer needed is that of the first threshold
    /// that has not fired: not passed before the change, or no longer passed after it (a hold
    /// that began in the past). It is set at its net time, removed while the clock stands still
    /// before it, left alone when the change does not move it; timers of later thresholds that
    /// may have been set (up to the former next one) are removed. Returns the thresholds that had
    /// passed and no longer have (their alerts are withdrawn by the caller).
    @discardableResult
    mutating func rescheduleClock(_ ticket: TicketFact, _ deadline: SLAClock.Deadline, before: [TicketHold],
                                  _ origin: Int) -> [SLAClock.Threshold] {
        guard ticket.isRunning(deadline) else { return [] }
        let clock = ticket.clock(deadline)
        let old = holdPolicy.pauses(before, for: deadline), new = holdPolicy.pauses(ticket.holds, for: deadline)
        let thresholds = SLAClock.Threshold.allCases
        let withdrawn = thresholds.filter { clock.hasPassed($0, at: now, pauses: old) && !clock.hasPassed($0, at: now, pauses: new) }
        let formerNext = clock.nextThreshold(at: now, pauses: old)
        guard let head = thresholds.first(where: {
            !clock.hasPassed($0, at: now, pauses: old) || !clock.hasPassed($0, at: now, pauses: new)
        }) else { return withdrawn }
        let key = SLAAlerts.subject(ticketId: ticket.ticketId, deadline: deadline)
        let due = clock.dueTime(of: head, pauses: new)
        if head != formerNext || due != clock.dueTime(of: head, pauses: old) {
            if let due { schedule(.sla(head), key, at: due, origin) } else { cancel(.sla(head), key, origin) }
        }
        for threshold in thresholds where threshold > head && (formerNext.map { threshold <= $0 } ?? true) {
            cancel(.sla(threshold), key, origin)
        }
        return withdrawn
    }

    /// Resolves the alerts of thresholds a hold that began at `hold.since` (processed late) has
    /// put back below their net time. An escalation is not withdrawn (the contract has no event
    /// to take it back); a compensation already granted stays granted.
    mutating func withdraw(_ thresholds: [SLAClock.Threshold], ticketId: String, _ deadline: SLAClock.Deadline,
                           hold: TicketHold, _ origin: Int) {
        let subject = SLAAlerts.subject(ticketId: ticketId, deadline: deadline)
        for threshold in thresholds {
            guard let rule = SLAAlerts.rule(of: threshold) else { continue }
            resolve(rule, subject, SLAAlerts.withdrawnMessage(ticketId: ticketId, deadline: deadline, threshold: threshold,
                                                              since: hold.since, reason: hold.reason), origin)
        }
    }
}
