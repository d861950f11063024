import Foundation
import Kafka
import Postgres
import Schema

/// Publishes outbox rows in id order with the idempotent producer and marks them sent only
/// after the broker's delivery report. A crash between publishing and marking republishes
/// the same events (same ids), which consumers' inboxes turn into no-ops.
///
/// No row can stop the relay: a row the broker refuses for good (see `PublishFailure`) is
/// parked — kept in the outbox with its error, no longer pending — and a small
/// `message.dead-lettered` event naming it is published in its place; the rows after it
/// flow. A transient failure retries the head row without skipping anything.
///
/// Only one relay per service database publishes at a time (a session advisory lock), so
/// events keep their order even with several instances. That relay also prunes the
/// runtime's tables (`RetentionPruner`) between its rounds.
final class OutboxRelay: @unchecked Sendable {
    private let config: ServiceConfig
    private let settings: RuntimeSettings
    private let producer: KafkaProducer
    private let database: ReconnectingDatabase
    private let metrics: ServiceMetrics
    private let logger: Logger
    private let faults: FaultInjector?
    private let stopSignal: StopSignal
    private let doorbell: Doorbell
    /// Called every round (work or idle, success or retry), for the health endpoint's stall check.
    var heartbeat: (@Sendable () -> Void)?
    private let pruner: RetentionPruner
    private let batchLimit = 500
    /// How often the parked-rows gauge is read from the table.
    private let parkedRefreshInterval: TimeInterval = 60
    private var isLeader = false
    private var round = 0
    private var lag = OutboxLag()
    private var lastParkedRefresh = Date.distantPast

    init(config: ServiceConfig, settings: RuntimeSettings, producer: KafkaProducer, database: ReconnectingDatabase,
         metrics: ServiceMetrics, logger: Logger, faults: FaultInjector?, stopSignal: StopSignal, doorbell: Doorbell) {
        self.config = config
        self.settings = settings
        self.producer = producer
        self.database = database
        self.metrics = metrics
        self.logger = logger
        self.faults = faults
        self.stopSignal = stopSignal
        self.doorbell = doorbell
        self.pruner = RetentionPruner(settings: settings)
    }

    /// Publishes until stopped, then drains what is left (bounded) before returning.
    func run() throws {
        var backoff = Backoff()
        while !stopSignal.isStopped {
            heartbeat?()
            do {
                let published = try drainOnce()
                backoff.reset()
                try maintain()
                if published == 0 && !pruner.isBusy { doorbell.wait(Double(config.idleIntervalMs) / 1000) }
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

    // MARK: Publishing

    /// Publishes one round of pending rows; returns how many it finished (sent or parked).
    /// Throws the head row's error when it must be retried.
    @discardableResult
    func drainOnce() throws -> Int {
        let db = try database.connection()
        guard try holdsLeadership(db) else { return 0 }
        let rows = try metrics.timed(.relayRead) { try Outbox.pending(limit: batchLimit, on: db) }
        guard !rows.isEmpty else {
            _ = lag.afterRound(read: 0, handled: 0, limit: batchLimit, now: Date())
            metrics.update { $0.outboxLag = 0 }
            return 0
        }
        round += 1
        let records = rows.map { row in
            ProducerRecord(topic: config.topicPrefix + row.topic, key: row.key, value: Array(row.value.utf8))
        }
        try faults.check(.beforePublish(round: round))
        let results = metrics.timed(.relaySend) { producer.sendAll(records, timeout: .seconds(30)) }
        let plan = OutboxRoundPlan(rows: rows, results: results, maxAttempts: settings.outboxMaxAttempts)
        try faults.check(.afterPublish(round: round))
        let letters = deadLetters(for: plan)
        try metrics.timed(.relayMark) { try Outbox.finish(plan, deadLetters: letters, on: db) }
        report(plan)
        let now = Date()
        if lag.afterRound(read: rows.count, handled: plan.handled, limit: batchLimit, now: now) {
            lag.counted(try Outbox.pendingCount(on: db), at: now)
        }
        metrics.update {
            $0.published += plan.acknowledged.count
            $0.outboxLag = lag.value
        }
        if let retry = plan.retry { throw retry.error }
        return plan.handled
    }

    private func holdsLeadership(_ db: PGConnection) throws -> Bool {
        if !isLeader {
            let row = try db.query("SELECT pg_try_advisory_lock(hashtext('aftersales-outbox-relay')) AS locked").first
            isLeader = try row?.get("locked") ?? false
        }
        return isLeader
    }

    /// The dead letters replacing this round's parked rows (none for a parked dead letter).
    private func deadLetters(for plan: OutboxRoundPlan) -> [(envelope: Envelope, key: String)] {
        plan.parked.filter { !OutboxDeadLetter.isDeadLetter($0.row) }.map { parked in
            (OutboxDeadLetter.envelope(for: parked.row, error: parked.error, service: config.serviceName,
                                       topicPrefix: config.topicPrefix, now: Date()),
             parked.row.key ?? "")
        }
    }

    /// Logs and counts what a round gave up on. Ids, topic and error only: never the value.
    private func report(_ plan: OutboxRoundPlan) {
        for parked in plan.parked {
            logger.error("outbox row refused by the broker; parked and dead-lettered", [
                "outboxId": "\(parked.row.id)", "eventId": parked.row.eventId, "topic": parked.row.topic,
                "attempts": "\(parked.row.attempts + 1)", "error": parked.error.description,
            ])
        }
        if let retry = plan.retry, retry.counts {
            logger.warning("outbox row refused by the broker; will retry, then park", [
                "outboxId": "\(retry.row.id)", "eventId": retry.row.eventId, "topic": retry.row.topic,
                "attempts": "\(retry.row.attempts + 1)", "maxAttempts": "\(settings.outboxMaxAttempts)",
                "error": retry.error.description,
            ])
        }
        guard !plan.parked.isEmpty else { return }
        metrics.update {
            $0.outboxParked += plan.parked.count
            $0.outboxDeadLettered += plan.parked.count
        }
    }

    // MARK: Maintenance

    /// Between rounds: one retention chunk when a pass is due, and the parked-rows gauge.
    private func maintain() throws {
        let db = try database.connection()
        let now = Date()
        if now.timeIntervalSince(lastParkedRefresh) >= parkedRefreshInterval {
            let parked = try Outbox.parkedCount(on: db)
            metrics.update { $0.outboxParked = parked }
            lastParkedRefresh = now
        }
        guard isLeader, let (target, rows) = try pruner.step(on: db, now: now), rows > 0 else { return }
        metrics.update {
            switch target {
            case .inbox: $0.inboxPruned += rows
            case .sentOutbox, .parkedOutbox: $0.outboxPruned += rows
            }
        }
        if target == .parkedOutbox { lastParkedRefresh = .distantPast }
        logger.debug("pruned old rows", ["table": target == .inbox ? "inbox" : "outbox", "rows": "\(rows)"])
    }
}
