import Foundation

/// Exponential backoff with a cap, for retrying transient failures (database or broker down).
struct Backoff {
    let initial: TimeInterval
    let maximum: TimeInterval
    private(set) var next: TimeInterval

    init(initial: TimeInterval = 0.1, maximum: TimeInterval = 5) {
        self.initial = initial
        self.maximum = maximum
        self.next = initial
    }

    /// The delay to wait now; doubles the following one.
    mutating func delay() -> TimeInterval {
        defer { next = min(maximum, next * 2) }
        return next
    }

    mutating func reset() { next = initial }
}

/// A flag that threads poll to learn that the host is stopping, with a sleep that wakes early.
final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps up to `seconds`; returns early (true) when stopped.
    @discardableResult
    func sleep(_ seconds: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while !stopped {
            if !condition.wait(until: deadline) { break }
        }
        return stopped
    }
}

/// Wakes a sleeping worker early (the relay after a commit, say).
final class Doorbell: @unchecked Sendable {
    private let condition = NSCondition()
    private var rung = false

    func ring() {
        condition.lock()
        rung = true
        condition.signal()
        condition.unlock()
    }

    /// Waits up to `seconds` for a ring; clears it.
    func wait(_ seconds: TimeInterval) {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while !rung {
            if !condition.wait(until: deadline) { break }
        }
        rung = false
    }
}
