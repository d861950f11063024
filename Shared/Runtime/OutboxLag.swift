import Foundation

/// The `aftersales_outbox_lag` figure, kept without counting the backlog every round.
///
/// A round that read fewer rows than its limit saw every pending row, so what it left
/// unsent is the exact lag. A full round means more may follow: the estimate goes down by
/// what was handled, and the relay counts for real at most every `recountInterval`.
struct OutboxLag {
    let recountInterval: TimeInterval
    private(set) var value = 0
    private var lastCount = Date.distantPast

    init(recountInterval: TimeInterval = 10) { self.recountInterval = recountInterval }

    /// Records a round that read `read` rows (at most `limit`) and finished `handled` of
    /// them; returns true when the relay should count the pending rows now.
    mutating func afterRound(read: Int, handled: Int, limit: Int, now: Date) -> Bool {
        let left = max(0, read - handled)
        guard read >= limit else {
            value = left
            return false
        }
        value = max(value - handled, left)
        return now.timeIntervalSince(lastCount) >= recountInterval
    }

    /// Records an exact count.
    mutating func counted(_ pending: Int, at now: Date) {
        value = pending
        lastCount = now
    }
}
