import Foundation
import Postgres
import Schema

/// Fires due deadline timers: claims them with FOR UPDATE SKIP LOCKED (so several
/// instances share the work), applies the handler's `fire` in a savepoint and commits the
/// claim, the state change and the emitted events together.
final class TimerScheduler: @unchecked Sendable {
    private let config: ServiceConfig
    private let handler: any ServiceHandler
    private let clock: any ServiceClock
    private let database: ReconnectingDatabase
    private let metrics: ServiceMetrics
    private let logger: Logger
    private let stopSignal: StopSignal
    private let relayDoorbell: Doorbell

    init(config: ServiceConfig, handler: any ServiceHandler, clock: any ServiceClock, database: ReconnectingDatabase,
         metrics: ServiceMetrics, logger: Logger, stopSignal: StopSignal, relayDoorbell: Doorbell) {
        self.config = config
        self.handler = handler
        self.clock = clock
        self.database = database
        self.metrics = metrics
        self.logger = logger
        self.stopSignal = stopSignal
        self.relayDoorbell = relayDoorbell
    }

    func run() {
        var backoff = Backoff()
        while !stopSignal.isStopped {
            do {
                let fired = try fireDue()
                backoff.reset()
                if fired > 0 { relayDoorbell.ring() } else { stopSignal.sleep(Double(config.idleIntervalMs) / 1000) }
            } catch {
                let delay = backoff.delay()
                logger.warning("timer scheduler failed; retrying", ["error": "\(error)", "retryInSeconds": "\(delay)"])
                if stopSignal.sleep(delay) { break }
                database.reconnectIfNeeded(logger: logger)
            }
        }
    }

    /// Fires one round of due timers; returns how many fired.
    @discardableResult
    func fireDue(limit: Int = 100) throws -> Int {
        let db = try database.connection()
        let now = clock.now()
        return try db.transaction { db in
            let timers = try TimerStore.claimDue(now: now, limit: limit, on: db)
            var fired = 0
            for timer in timers {
                do {
                    try db.savepoint("timer") {
                        try handler.fire(timer, context: HandlerContext(db: db, now: now, serviceName: config.serviceName))
                    }
                    fired += 1
                } catch let error as PGError where error.isConnectionFailure || error.isSerializationFailure {
                    throw error
                } catch {
                    metrics.update { $0.timerFailures += 1 }
                    logger.error("timer handler failed; timer dropped", ["kind": timer.kind, "key": timer.key, "error": "\(error)"])
                }
            }
            metrics.update { $0.timersFired += fired }
            return fired
        }
    }
}
