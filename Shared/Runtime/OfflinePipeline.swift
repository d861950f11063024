import Foundation
import Kafka
import Postgres
import Schema

/// A service's handler run through the runtime's real batch processor and timer scheduler
/// against a PostgreSQL database, without a broker: what handler tests use (TestSupport's
/// `BatchHarness`), so that they exercise exactly the production path — triage, inbox,
/// the set-based batch, isolation on failure, buffered outbox and timers — minus Kafka.
public final class OfflinePipeline {
    public let config: ServiceConfig
    private let handler: any ServiceHandler
    private let clock: any ServiceClock
    private let database: ReconnectingDatabase
    private let processor: BatchProcessor
    private let scheduler: TimerScheduler
    private var batchNumber = 0

    /// Prepares the database (runtime tables, the service's migrations, its `start`).
    public init(config: ServiceConfig, migrations: [Migration], handler: any ServiceHandler,
                clock: any ServiceClock, faults: FaultInjector? = nil) throws {
        self.config = config
        self.handler = handler
        self.clock = clock
        let logger = Logger(service: config.serviceName)
        let metrics = ServiceMetrics(service: config.serviceName)
        database = ReconnectingDatabase(url: config.databaseURL)
        processor = BatchProcessor(config: config, handler: handler, clock: clock, logger: logger, faults: faults)
        scheduler = TimerScheduler(config: config, handler: handler, clock: clock, database: database, metrics: metrics,
                                   logger: logger, stopSignal: StopSignal(), relayDoorbell: Doorbell())
        let db = try database.connection()
        try RuntimeTables.ensure(on: db)
        try Migrator.migrate(db, service: config.serviceName, migrations: migrations)
        try db.transaction { db in
            try handler.start(context: HandlerContext(db: db, now: clock.now(), serviceName: config.serviceName))
        }
    }

    deinit { database.close() }

    /// Applies `records` as one polled batch and commits, as the consumer loop would.
    @discardableResult
    public func process(_ records: [ConsumerRecord]) throws -> BatchOutcome {
        batchNumber += 1
        return try processor.process(records, batch: batchNumber, on: try database.connection())
    }

    /// Statements sent on the pipeline's connection so far (a handler test can check that a
    /// batch costs a fixed number of statements, whatever its size).
    public var statementCount: Int { (try? database.connection().statementCount) ?? 0 }

    /// Fires the timers due at the clock's now, as the scheduler would; returns how many fired.
    @discardableResult
    public func fireDueTimers() throws -> Int {
        try scheduler.fireDue()
    }
}
