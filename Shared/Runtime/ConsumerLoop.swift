import Foundation
import Kafka
import Postgres
import Schema

/// The consuming side of a service: poll a batch, apply it in one transaction, commit the
/// transaction, then commit the offsets. A transient failure (database or broker down)
/// rewinds to the last committed offsets and retries with backoff, committing nothing.
final class ConsumerLoop: @unchecked Sendable {
    private let config: ServiceConfig
    private let consumer: KafkaConsumer
    private let database: ReconnectingDatabase
    private let processor: BatchProcessor
    private let metrics: ServiceMetrics
    private let logger: Logger
    private let faults: FaultInjector?
    private let stopSignal: StopSignal
    private let relayDoorbell: Doorbell
    private var batchNumber = 0
    private var lastLagRefresh: UInt64 = 0
    /// Called after every poll, so the health endpoint can tell a stalled loop from an idle one.
    var heartbeat: (@Sendable () -> Void)?

    init(config: ServiceConfig, consumer: KafkaConsumer, database: ReconnectingDatabase, processor: BatchProcessor,
         metrics: ServiceMetrics, logger: Logger, faults: FaultInjector?, stopSignal: StopSignal, relayDoorbell: Doorbell) {
        self.config = config
        self.consumer = consumer
        self.database = database
        self.processor = processor
        self.metrics = metrics
        self.logger = logger
        self.faults = faults
        self.stopSignal = stopSignal
        self.relayDoorbell = relayDoorbell
    }

    /// Runs until the stop signal; the batch in hand is finished first. Throws only fatal
    /// errors and injected crashes.
    ///
    /// After a failed batch the consumer must rewind to the committed offsets before it polls
    /// again; if the rewind itself fails, it is retried (with backoff) and nothing is polled
    /// meanwhile, so the loop can never move past a batch it did not apply.
    func run() throws {
        var backoff = Backoff()
        var mustRewind = false
        while !stopSignal.isStopped {
            do {
                if mustRewind {
                    try rewind()
                    mustRewind = false
                }
                let records = try metrics.timed(.poll) {
                    try consumer.poll(maxMessages: config.batchSize, timeout: .milliseconds(config.pollTimeoutMs))
                }
                heartbeat?()
                refreshLag()
                guard !records.isEmpty else { continue }
                try handle(records)
                backoff.reset()
            } catch let crash as InjectedCrash {
                throw crash
            } catch let error as KafkaError where error.isFatal {
                logger.error("fatal Kafka error; stopping", ["error": error.description])
                throw error
            } catch {
                heartbeat?()  // retrying is progress: a database outage must not look like a stall
                mustRewind = true
                metrics.update { $0.retries += 1 }
                let delay = backoff.delay()
                logger.warning("batch failed; retrying", ["error": "\(error)", "retryInSeconds": "\(delay)"])
                if stopSignal.sleep(delay) { break }
                database.reconnectIfNeeded(logger: logger)
            }
        }
    }

    /// Publishes each assigned partition's lag (cheap: librdkafka's cached watermarks), at most once a second.
    private func refreshLag() {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastLagRefresh > 1_000_000_000 else { return }
        lastLagRefresh = now
        let lag = consumer.lag()
        metrics.update { figures in
            figures.consumerLag = Dictionary(uniqueKeysWithValues: lag.map { ("\($0.key.topic)/\($0.key.partition)", $0.value) })
        }
    }

    /// Rewinds to the committed offsets (a test can make this fail once).
    private func rewind() throws {
        try faults.check(.rewind)
        try consumer.rewindToCommitted()
    }

    private func handle(_ records: [ConsumerRecord]) throws {
        batchNumber += 1
        let started = DispatchTime.now().uptimeNanoseconds
        let outcome = try metrics.timed(.apply) {
            try processor.process(records, batch: batchNumber, on: try database.connection())
        }
        try faults.check(.afterDatabaseCommit(batch: batchNumber))
        relayDoorbell.ring()
        var next: [TopicPartition: Int64] = [:]
        for record in records {
            let partition = TopicPartition(topic: record.topic, partition: record.partition)
            next[partition] = max(next[partition] ?? 0, record.offset + 1)
        }
        try metrics.timed(.offsetCommit) {
            try consumer.commit(next.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) })
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        metrics.recordBatch(seconds: seconds)
        metrics.update {
            $0.processed += outcome.applied
            $0.ignored += outcome.ignored + outcome.skipped
            $0.unknownTypes += outcome.unknownTypes
            $0.duplicates += outcome.duplicates
            $0.deadLettered += outcome.deadLettered
            $0.failed += outcome.failed
            $0.isolatedBatches += outcome.isolated
        }
    }
}

/// A database connection that is re-opened after the server went away.
final class ReconnectingDatabase: @unchecked Sendable {
    private let url: String
    private var current: PGConnection?

    init(url: String) { self.url = url }

    /// The open connection, connecting first when needed.
    func connection() throws -> PGConnection {
        if let current { return current }
        let connection = try PGConnection(url: url)
        current = connection
        return connection
    }

    /// After a failure: drop a broken connection so the next use reconnects.
    func reconnectIfNeeded(logger: Logger) {
        guard let connection = current else { return }
        if !connection.isHealthy {
            connection.close()
            current = nil
            logger.info("database connection dropped; will reconnect")
        }
    }

    func close() {
        current?.close()
        current = nil
    }
}
