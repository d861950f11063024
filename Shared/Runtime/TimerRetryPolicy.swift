import Foundation

/// When a timer whose handler failed is tried again: after 1 s, 2 s, 4 s… (doubling, capped
/// at `maximumDelay`), and given up on (parked) at the `maxAttempts`-th failure.
struct TimerRetryPolicy: Sendable, Equatable {
    var maxAttempts: Int
    var initialDelay: TimeInterval = 1
    var maximumDelay: TimeInterval = 300

    /// The wait after the `failures`-th failure in a row (1-based).
    func delay(afterFailures failures: Int) -> TimeInterval {
        let exponent = Double(max(0, min(failures - 1, 60)))
        return min(maximumDelay, initialDelay * pow(2, exponent))
    }

    /// Whether the `failures`-th failure in a row parks the timer.
    func parks(afterFailures failures: Int) -> Bool { failures >= maxAttempts }
}
