import Foundation

// MARK: Net time: clocks that pause while the ticket is on hold

extension SLAClock {
    /// A span during which the clock does not run, `[since, until)`; open-ended while the
    /// ticket is still on hold (`until` nil).
    public struct Pause: Sendable, Equatable {
        public var since: Date
        public var until: Date?

        public init(since: Date, until: Date?) {
            self.since = since
            self.until = until
        }
    }

    /// The pauses that matter to this clock: clipped to its start, overlaps merged (an open
    /// pause swallows every later one), in time order.
    public func merged(_ pauses: [Pause]) -> [Pause] {
        var result: [Pause] = []
        for pause in pauses.sorted(by: { $0.since < $1.since }) {
            let since = max(pause.since, start)
            if let until = pause.until, until <= since { continue }
            if let last = result.last, last.until.map({ since <= $0 }) ?? true {
                result[result.count - 1].until = last.until.flatMap { lastUntil in pause.until.map { max(lastUntil, $0) } }
                continue
            }
            result.append(Pause(since: since, until: pause.until))
        }
        return result
    }

    /// Seconds the clock was paused between its start and `moment`.
    public func pausedSeconds(before moment: Date, pauses: [Pause]) -> TimeInterval {
        merged(pauses).reduce(0) { total, pause in
            let end = min(pause.until ?? moment, moment)
            return total + max(0, end.timeIntervalSince(pause.since))
        }
    }

    /// Running time at `moment`: the time since the start, less the time paused.
    public func netElapsed(at moment: Date, pauses: [Pause]) -> TimeInterval {
        max(0, moment.timeIntervalSince(start)) - pausedSeconds(before: moment, pauses: pauses)
    }

    /// The moment the clock has run `seconds` (net of pauses); nil when a pause that is
    /// still open comes first (the clock stands still until it resumes).
    public func moment(afterRunning seconds: TimeInterval, pauses: [Pause]) -> Date? {
        var now = start
        var remaining = max(0, seconds)
        for pause in merged(pauses) {
            let running = pause.since.timeIntervalSince(now)
            if running >= remaining { return now.addingTimeInterval(remaining) }
            remaining -= running
            guard let until = pause.until else { return nil }
            now = until
        }
        return now.addingTimeInterval(remaining)
    }

    /// When `threshold` falls counting running time only: 80 % / 100 % / 150 % of the window
    /// net of pauses, so every pause before it moves it by its length. Nil while the ticket
    /// is on hold before the threshold is reached. Without such pauses, `dueTime(of:)`.
    public func dueTime(of threshold: Threshold, pauses: [Pause]) -> Date? {
        let raw = dueTime(of: threshold)
        guard window > 0, let first = merged(pauses).first, first.since < raw else { return raw }
        return moment(afterRunning: window * threshold.fraction, pauses: pauses)
    }

    /// Whether `threshold` has passed by `now` on net time (never while on hold before it).
    public func hasPassed(_ threshold: Threshold, at now: Date, pauses: [Pause]) -> Bool {
        dueTime(of: threshold, pauses: pauses).map { $0 <= now } ?? false
    }

    /// The first threshold not passed by `now` on net time; nil once all have. Thresholds
    /// pass in order (a later one never before an earlier one), so the ones before it have.
    public func nextThreshold(at now: Date, pauses: [Pause]) -> Threshold? {
        Threshold.allCases.first { !hasPassed($0, at: now, pauses: pauses) }
    }

    /// The deadline moved by the time paused before it; nil while on hold before it.
    public func netDue(pauses: [Pause]) -> Date? { dueTime(of: .breach, pauses: pauses) }

    /// Whether a clock met at `metAt` was on time net of pauses (a pause still open when the
    /// clock was met counts until then).
    public func metOnTime(_ metAt: Date, pauses: [Pause]) -> Bool {
        let closed = pauses.map { Pause(since: $0.since, until: min($0.until ?? metAt, max(metAt, $0.since))) }
        guard let due = netDue(pauses: closed) else { return true }
        return metAt <= due
    }

    /// Whether the deadline, net of pauses, has passed by `now` (never while on hold before it).
    public func isOverdue(at now: Date, pauses: [Pause]) -> Bool {
        guard let due = netDue(pauses: pauses) else { return false }
        return now > due
    }
}
