import Foundation
import Kafka
import Postgres
import Schema

/// Publishes outbox rows in id order with the idempotent producer and marks them sent only
/// after the broker's delivery report. A crash between publishing and marking republishes
/// the same events (same ids), which consumers' inboxes turn into no-ops.
///
/// Only one relay per service database publishes at a time (a session advisory lock), so
/// events keep their order even with several instances.
final class OutboxRelay: @unchecked Sendable {
    private let config: ServiceConfig
    private let producer: KafkaProducer
    private let database: ReconnectingDatabase
    private let metrics: ServiceMetrics
    private let logger: Logger
    private let faults: FaultInjector?
    private let stopSignal: StopSignal
    private let doorbell: Doorbell
    private let batchLimit = 500
    private var isLeader = false
    private var round = 0

    init(config: ServiceConfig, producer: KafkaProducer, database: ReconnectingDatabase, metrics: ServiceMetrics,
         logger: Logger, faults: FaultInjector?, stopSignal: StopSignal, doorbell: Doorbell) {
        self.config = config
        self.producer = producer
        self.database = database
        self.metrics = metrics
        self.logger = logger
        self.faults = faults
        self.stopSignal = stopSignal
        self.doorbell = doorbell
    }

    /// Publishes until stopped, then drains what is left (bounded) before returning.
    func run() throws {
        var backoff = Backoff()
        var lastCleanup = Date.distantPast
        while !stopSignal.isStopped {
            do {
                let published = try drainOnce()
                backoff.reset()
                if Date().timeIntervalSince(lastCleanup) > 60 {
                    try cleanup()
                    lastCleanup = Date()
                }
                if published == 0 { doorbell.wait(Double(config.idleIntervalMs) / 1000) }
            } catch let crash as InjectedCrash {
                throw crash
            } catch {
                isLeader = false
                metrics.update { $0.publishFailures += 1 }
                let delay = backoff.delay()
                logger.warning("outbox relay failed; retrying", ["error": "\(error)", "retryInSeconds": "\(delay)"])
                if stopSignal.sleep(delay) { break }
                database.reconnectIfNeeded(logger: logger)
            }
        }
        // Final drain on shutdown: publish what the last batches committed.
        for _ in 0..<20 {
            guard let published = try? drainOnce(), published > 0 else { break }
        }
    }

    /// Publishes one round of unsent rows; returns how many were acknowledged.
    @discardableResult
    func drainOnce() throws -> Int {
        let db = try database.connection()
        if !isLeader {
            let row = try db.query("SELECT pg_try_advisory_lock(hashtext('aftersales-outbox-relay')) AS locked").first
            isLeader = try row?.get("locked") ?? false
            guard isLeader else { return 0 }
        }
        let rows = try db.query("""
            SELECT id, topic, key, value FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT \(batchLimit)
            """)
        guard rows.count > 0 else {
            metrics.update { $0.outboxLag = 0 }
            return 0
        }
        round += 1
        var ids: [Int64] = []
        var records: [ProducerRecord] = []
        for row in rows {
            let topic: String = try row.get("topic")
            let value: String = try row.get("value")
            ids.append(try row.get("id"))
            records.append(ProducerRecord(topic: config.topicPrefix + topic, key: try row.get("key"),
                                          value: Array(value.utf8)))
        }
        try faults.check(.beforePublish(round: round))
        let results = producer.sendAll(records, timeout: .seconds(30))
        // Keep order: only the acknowledged prefix is marked sent; the rest is retried.
        var acknowledged: [Int] = []
        var firstFailure: KafkaError?
        for (index, result) in results.enumerated() {
            switch result {
            case .success: if firstFailure == nil { acknowledged.append(Int(ids[index])) }
            case .failure(let error): if firstFailure == nil { firstFailure = error }
            }
        }
        try faults.check(.afterPublish(round: round))
        if !acknowledged.isEmpty {
            try db.execute("UPDATE outbox SET sent_at = now() WHERE id = ANY(\(acknowledged))")
        }
        let lag: Int = try db.query("SELECT count(*)::bigint AS lag FROM outbox WHERE sent_at IS NULL").first?.get("lag") ?? 0
        metrics.update {
            $0.published += acknowledged.count
            $0.outboxLag = lag
        }
        if let firstFailure { throw firstFailure }
        return acknowledged.count
    }

    /// Deletes rows sent more than an hour ago (configurable), so the outbox stays small.
    private func cleanup() throws {
        let hours = (try? config.int("AFTERSALES_OUTBOX_RETENTION_HOURS", default: 1)) ?? 1
        let cutoff = Date().addingTimeInterval(-Double(hours) * 3600)
        try database.connection().execute("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < \(cutoff)")
    }
}
