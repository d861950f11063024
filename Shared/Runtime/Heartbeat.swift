import Foundation

/// The last sign of life of each worker thread (consumer loop, outbox relay, timer
/// scheduler), so that `/health` can tell a live process from one whose worker hangs.
///
/// A worker calls `beat` at least once per round of its loop. It counts as stalled when
/// its last beat (or its registration, before the first beat) is older than its
/// `stallAfter`. A worker that beats without being registered is registered on its first
/// beat with `defaultStallAfter`. Thread-safe; the times are monotonic (`ContinuousClock`),
/// so a wall-clock jump cannot make a worker look stalled.
public final class WorkerHeartbeats: @unchecked Sendable {
    private struct Worker {
        var stallAfter: Duration
        var lastBeat: ContinuousClock.Instant
    }

    /// The stall threshold of workers that beat without having been registered.
    public let defaultStallAfter: Duration
    private let lock = NSLock()
    private var workers: [String: Worker] = [:]

    public init(defaultStallAfter: Duration = .seconds(60)) {
        self.defaultStallAfter = defaultStallAfter
    }

    /// Starts watching `worker`: from `now` on, it must beat at least every `stallAfter`.
    public func register(_ worker: String, stallAfter: Duration, now: ContinuousClock.Instant = .now) {
        lock.withLock { workers[worker] = Worker(stallAfter: stallAfter, lastBeat: now) }
    }

    /// Records that `worker` made progress.
    public func beat(_ worker: String, now: ContinuousClock.Instant = .now) {
        lock.withLock {
            if workers[worker] != nil {
                workers[worker]?.lastBeat = now
            } else {
                workers[worker] = Worker(stallAfter: defaultStallAfter, lastBeat: now)
            }
        }
    }

    /// Stops watching `worker` (it finished on purpose, for example at shutdown).
    public func retire(_ worker: String) {
        lock.withLock { _ = workers.removeValue(forKey: worker) }
    }

    /// The workers whose last beat is older than their threshold at `now`, sorted by name.
    public func stalled(now: ContinuousClock.Instant = .now) -> [String] {
        lock.withLock { workers.filter { now - $0.value.lastBeat > $0.value.stallAfter }.keys.sorted() }
    }

    /// The names of every watched worker, sorted.
    public var watched: [String] { lock.withLock { workers.keys.sorted() } }
}
