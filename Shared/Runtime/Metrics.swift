import Foundation

/// Counters and gauges of one service, rendered in the Prometheus text format on `/metrics`.
///
/// Thread-safe: the pipeline, the relay and the timer scheduler update it concurrently.
public final class ServiceMetrics: @unchecked Sendable {
    /// A snapshot of every figure, for tests and the health endpoint.
    public struct Snapshot: Sendable, Equatable {
        public var processed = 0
        public var ignored = 0
        public var unknownTypes = 0
        public var duplicates = 0
        public var deadLettered = 0
        public var failed = 0
        public var retries = 0
        public var batches = 0
        public var published = 0
        public var publishFailures = 0
        public var timersFired = 0
        public var timerFailures = 0
        public var outboxLag = 0
        /// Outbox rows parked (refused by the broker for good), a gauge read from the table.
        public var outboxParked = 0
        /// Outbox rows parked and replaced by a dead letter since start.
        public var outboxDeadLettered = 0
        /// Timers parked after too many failures, a gauge read from the table.
        public var timersParked = 0
        public var inboxPruned = 0
        public var outboxPruned = 0
        public var batchSeconds = 0.0
        /// Batches that had to be applied message by message after a non-transient failure.
        public var isolatedBatches = 0
        /// Messages behind the end of each assigned partition ("topic/partition" → lag), as
        /// the consumer last saw it.
        public var consumerLag: [String: Int64] = [:]
        /// Wall-clock seconds spent in each phase of the pipeline since start (see `Phase`).
        public var phaseSeconds: [String: Double] = [:]
    }

    /// Where a service's time goes, for `aftersales_phase_seconds_total{phase=…}`: the
    /// profile that tells waiting (poll, delivery) from work (apply, commit).
    public enum Phase: String, Sendable, CaseIterable {
        /// Consumer: waiting in `poll` for the first message of a batch.
        case poll
        /// Consumer: triage, handler and the database transaction of a batch.
        case apply
        /// Consumer: the synchronous offset commit after the database commit.
        case offsetCommit = "offset-commit"
        /// Relay: reading pending outbox rows.
        case relayRead = "relay-read"
        /// Relay: enqueueing rows and waiting for every delivery report.
        case relaySend = "relay-send"
        /// Relay: marking rows sent (or parked) in the outbox.
        case relayMark = "relay-mark"
        /// Timers: reading and firing due timers.
        case timers
    }

    private let lock = NSLock()
    private var values = Snapshot()
    /// Upper bounds (seconds) of the batch latency histogram.
    private let bucketBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private var bucketCounts: [Int]
    public let service: String

    public init(service: String) {
        self.service = service
        bucketCounts = Array(repeating: 0, count: bucketBounds.count)
    }

    /// Applies `change` to the figures under the lock.
    public func update(_ change: (inout Snapshot) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&values)
    }

    /// Records one committed batch and its duration.
    public func recordBatch(seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        values.batches += 1
        values.batchSeconds += seconds
        for (index, bound) in bucketBounds.enumerated() where seconds <= bound {
            bucketCounts[index] += 1
        }
    }

    /// Adds `seconds` to a phase's total.
    public func record(_ phase: Phase, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        values.phaseSeconds[phase.rawValue, default: 0] += seconds
    }

    /// Runs `body` and adds its wall-clock duration to `phase`.
    public func timed<T>(_ phase: Phase, _ body: () throws -> T) rethrows -> T {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { record(phase, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9) }
        return try body()
    }

    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return values
    }

    /// The Prometheus text exposition of every figure.
    public func prometheusText() -> String {
        lock.lock()
        let v = values
        let buckets = bucketCounts
        lock.unlock()
        let label = "service=\"\(service)\""
        var lines: [String] = []
        func counter(_ name: String, _ help: String, _ value: Int) {
            lines.append("# HELP aftersales_\(name) \(help)")
            lines.append("# TYPE aftersales_\(name) counter")
            lines.append("aftersales_\(name){\(label)} \(value)")
        }
        counter("messages_processed_total", "Inbound messages applied by the handler.", v.processed)
        counter("messages_ignored_total", "Inbound messages of a known type the service does not act on.", v.ignored)
        counter("messages_unknown_type_total", "Inbound messages of an unknown event type, skipped.", v.unknownTypes)
        counter("messages_duplicate_total", "Inbound messages already in the inbox, skipped.", v.duplicates)
        counter("messages_dead_lettered_total", "Inbound messages sent to the dead-letter topic.", v.deadLettered)
        counter("messages_failed_total", "Handler failures (each ends as a dead letter).", v.failed)
        counter("batch_retries_total", "Batches retried after a transient failure.", v.retries)
        counter("events_published_total", "Outbox events acknowledged by the broker.", v.published)
        counter("publish_failures_total", "Outbox publish attempts that failed and will be retried.", v.publishFailures)
        counter("timers_fired_total", "Deadline timers fired.", v.timersFired)
        counter("timer_failures_total", "Deadline timer attempts whose handler failed (each is retried or parked).",
                v.timerFailures)
        counter("outbox_dead_lettered_total", "Outbox rows the broker refused for good, parked and replaced by a dead letter.",
                v.outboxDeadLettered)
        counter("inbox_pruned_total", "Inbox rows deleted after the retention window.", v.inboxPruned)
        counter("outbox_pruned_total", "Sent or parked outbox rows deleted after their retention window.", v.outboxPruned)
        func gauge(_ name: String, _ help: String, _ value: Int) {
            lines.append("# HELP aftersales_\(name) \(help)")
            lines.append("# TYPE aftersales_\(name) gauge")
            lines.append("aftersales_\(name){\(label)} \(value)")
        }
        gauge("outbox_lag", "Outbox rows not yet acknowledged by the broker (parked rows excluded).", v.outboxLag)
        gauge("outbox_parked", "Outbox rows parked because the broker refused them for good.", v.outboxParked)
        gauge("timers_parked", "Deadline timers parked after too many failed attempts.", v.timersParked)
        counter("batches_isolated_total", "Batches applied message by message after a non-transient failure.",
                v.isolatedBatches)
        lines.append("# HELP aftersales_consumer_lag Messages behind the end of each assigned partition.")
        lines.append("# TYPE aftersales_consumer_lag gauge")
        for key in v.consumerLag.keys.sorted() {
            let parts = key.split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { continue }
            lines.append("aftersales_consumer_lag{\(label),topic=\"\(parts[0])\",partition=\"\(parts[1])\"} \(v.consumerLag[key] ?? 0)")
        }
        lines.append("aftersales_consumer_lag_total{\(label)} \(v.consumerLag.values.filter { $0 > 0 }.reduce(0, +))")
        lines.append("# HELP aftersales_phase_seconds_total Wall-clock seconds spent in each pipeline phase.")
        lines.append("# TYPE aftersales_phase_seconds_total counter")
        for phase in Phase.allCases {
            lines.append("aftersales_phase_seconds_total{\(label),phase=\"\(phase.rawValue)\"} \(v.phaseSeconds[phase.rawValue] ?? 0)")
        }
        lines.append("# HELP aftersales_batch_seconds Duration of one consumed batch, poll to offset commit.")
        lines.append("# TYPE aftersales_batch_seconds histogram")
        for (index, bound) in bucketBounds.enumerated() {
            lines.append("aftersales_batch_seconds_bucket{\(label),le=\"\(bound)\"} \(buckets[index])")
        }
        lines.append("aftersales_batch_seconds_bucket{\(label),le=\"+Inf\"} \(v.batches)")
        lines.append("aftersales_batch_seconds_sum{\(label)} \(v.batchSeconds)")
        lines.append("aftersales_batch_seconds_count{\(label)} \(v.batches)")
        return lines.joined(separator: "\n") + "\n"
    }
}
