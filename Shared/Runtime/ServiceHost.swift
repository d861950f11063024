import Dispatch
import Foundation
import Kafka
import Postgres
import Schema

/// Runs one service instance: connects and migrates its database, creates the topics,
/// then runs the consumer loop, the outbox relay, the timer scheduler and the health
/// endpoint, each on its own thread so that blocking libpq and librdkafka calls stay off
/// Swift's cooperative pool. `stop()` (or SIGTERM through `ServiceMain`) finishes the
/// batch in hand, drains the outbox, flushes the producer and returns from `run()`.
public final class ServiceHost: @unchecked Sendable {
    public let config: ServiceConfig
    public let metrics: ServiceMetrics
    /// Each worker thread's last sign of life: `/health` answers 503 naming a worker that
    /// stopped beating (`ServiceConfig.healthStallSeconds`).
    public let heartbeats: WorkerHeartbeats
    private let migrations: [Migration]
    private let handler: any ServiceHandler
    private let clock: any ServiceClock
    private let faults: FaultInjector?
    private let logger: Logger
    private let stopSignal = StopSignal()
    private let relayDoorbell = Doorbell()
    private let state = NSLock()
    private var ready = false
    private var failure: (any Error)?
    private var crashed = false
    /// How long start-up waits for the database before giving up.
    private let startupTimeout: TimeInterval

    public init(config: ServiceConfig, migrations: [Migration], handler: any ServiceHandler,
                clock: any ServiceClock = SystemClock(), faults: FaultInjector? = nil) {
        self.config = config
        self.migrations = migrations
        self.handler = handler
        self.clock = clock
        self.faults = faults
        self.metrics = ServiceMetrics(service: config.serviceName)
        self.heartbeats = WorkerHeartbeats(defaultStallAfter: .seconds(config.healthStallSeconds))
        self.logger = Logger(service: config.serviceName, minimum: config.logLevel)
        self.startupTimeout = config.startupTimeoutSeconds
    }

    /// True once the service consumes (health endpoint `/ready`).
    public var isReady: Bool {
        state.lock()
        defer { state.unlock() }
        return ready
    }

    /// Asks the host to stop after the batch in hand.
    public func stop() { stopSignal.stop() }

    /// Runs until stopped. Throws a start-up error, a fatal broker error, or an injected crash.
    public func run() async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread { [self] in
                runBlocking()
                continuation.resume()
            }
            thread.name = "\(config.serviceName)-host"
            thread.start()
        }
        if let error = state.withLock({ failure }) { throw error }
    }

    // MARK: Blocking body

    private func runBlocking() {
        let pipelineDB = ReconnectingDatabase(url: config.databaseURL)
        let relayDB = ReconnectingDatabase(url: config.databaseURL)
        let timerDB = ReconnectingDatabase(url: config.databaseURL)
        var producer: KafkaProducer?
        var consumer: KafkaConsumer?
        var health: HealthServer?
        defer {
            health?.stop()
            consumer?.close()
            producer?.close()
            pipelineDB.close()
            relayDB.close()
            timerDB.close()
        }
        let settings: RuntimeSettings
        do {
            settings = try RuntimeSettings(config: config)
            try prepareDatabase(pipelineDB)
            if config.createTopics { try createTopics() }
            producer = try KafkaProducer(config: config.kafka)
            consumer = try KafkaConsumer(config: config.kafka, groupId: config.groupId,
                                         topics: handler.subscriptions.map(config.topicName))
            if let port = config.healthPort {
                health = HealthServer(port: port, bind: config.healthBind, metrics: metrics, logger: logger,
                                      heartbeats: heartbeats) { [weak self] in self?.isReady ?? false }
                try health?.start()
            }
        } catch {
            logger.error("start-up failed", ["error": "\(error)"])
            record(error)
            return
        }
        guard let producer, let consumer else { return }

        let processor = BatchProcessor(config: config, handler: handler, clock: clock, logger: logger, faults: faults)
        let loop = ConsumerLoop(config: config, consumer: consumer, database: pipelineDB, processor: processor,
                                metrics: metrics, logger: logger, faults: faults, stopSignal: stopSignal,
                                relayDoorbell: relayDoorbell)
        let relay = OutboxRelay(config: config, settings: settings, producer: producer, database: relayDB, metrics: metrics,
                                logger: logger, faults: faults, stopSignal: stopSignal, doorbell: relayDoorbell)
        let timers = TimerScheduler(config: config, settings: settings, handler: handler, clock: clock, database: timerDB,
                                    metrics: metrics, logger: logger, stopSignal: stopSignal, relayDoorbell: relayDoorbell)
        let heartbeats = self.heartbeats
        for worker in ["consumer", "relay", "timers"] {
            heartbeats.register(worker, stallAfter: .seconds(config.healthStallSeconds))
        }
        loop.heartbeat = { heartbeats.beat("consumer") }
        relay.heartbeat = { heartbeats.beat("relay") }
        timers.heartbeat = { heartbeats.beat("timers") }
        let group = DispatchGroup()
        let consuming = spawn("consumer", group) {
            defer { heartbeats.retire("consumer") }
            try loop.run()
        }
        let timing = spawn("timers", group) {
            defer { heartbeats.retire("timers") }
            timers.run()
        }
        state.lock()
        ready = true
        state.unlock()
        logger.info("service started", ["group": config.groupId, "topics": handler.subscriptions.map(\.name).joined(separator: ",")])
        // The relay runs on this thread's watch: it must outlive the consumer so that the
        // last committed batch is drained before shutdown.
        let relaying = spawn("relay", group) { [self] in
            defer { heartbeats.retire("relay") }
            try relay.run()
            if isCrashed { return }
        }
        _ = (consuming, timing, relaying)
        group.wait()
        if !isCrashed {
            do { try producer.flush(timeout: .seconds(10)) } catch { logger.warning("producer flush failed", ["error": "\(error)"]) }
        }
        logger.info("service stopped", ["crashed": "\(isCrashed)"])
    }

    private var isCrashed: Bool {
        state.lock()
        defer { state.unlock() }
        return crashed
    }

    private func record(_ error: any Error) {
        state.lock()
        if failure == nil { failure = error }
        if error is InjectedCrash { crashed = true }
        state.unlock()
        stopSignal.stop()
    }

    /// Starts a worker thread; a thrown error stops the whole host.
    private func spawn(_ name: String, _ group: DispatchGroup, _ body: @escaping @Sendable () throws -> Void) -> Thread {
        group.enter()
        let thread = Thread { [self] in
            defer { group.leave() }
            do { try body() } catch { record(error) }
        }
        thread.name = "\(config.serviceName)-\(name)"
        thread.start()
        return thread
    }

    // MARK: Start-up steps

    private func prepareDatabase(_ database: ReconnectingDatabase) throws {
        let deadline = Date().addingTimeInterval(startupTimeout)
        var backoff = Backoff(initial: 0.2, maximum: 3)
        while true {
            do {
                let db = try database.connection()
                try RuntimeTables.ensure(on: db)
                try Migrator.migrate(db, service: config.serviceName, migrations: migrations)
                try db.transaction { db in
                    try handler.start(context: HandlerContext(db: db, now: clock.now(), serviceName: config.serviceName))
                }
                return
            } catch let error as PGError where error.isConnectionFailure && Date() < deadline && !stopSignal.isStopped {
                logger.warning("database not reachable yet; retrying", ["error": error.description])
                database.reconnectIfNeeded(logger: logger)
                database.close()
                stopSignal.sleep(backoff.delay())
            }
        }
    }

    private func createTopics() throws {
        let admin = try KafkaAdmin(config: config.kafka)
        try admin.createTopics(Topic.all.map { (name: config.topicName($0), partitions: $0.partitions, replicationFactor: -1) },
                               timeout: .seconds(30))
    }
}
