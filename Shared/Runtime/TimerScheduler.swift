import Foundation
import Postgres
import Schema

/// Fires due deadline timers: claims them with FOR UPDATE SKIP LOCKED (so several
/// instances share the work), applies the handler's `fire` for each in its own savepoint
/// and commits the claim, the state changes and the emitted events together.
///
/// A timer is never lost. A timer whose handler fails is put back in the same transaction
/// with one more attempt, its error and a due time moved by `TimerRetryPolicy` (1 s, 2 s,
/// 4 s…); at `AFTERSALES_TIMER_MAX_ATTEMPTS` failures it is parked (kept, no longer due,
/// counted on `aftersales_timers_parked`) until it is scheduled again. Transient failures
/// (`RuntimeFailure.isTransient`: connection, serialization, lock…) roll the whole round
/// back and retry it.
final class TimerScheduler: @unchecked Sendable {
    private let config: ServiceConfig
    private let retryPolicy: TimerRetryPolicy
    private let handler: any ServiceHandler
    private let clock: any ServiceClock
    private let database: ReconnectingDatabase
    private let metrics: ServiceMetrics
    private let logger: Logger
    private let stopSignal: StopSignal
    private let relayDoorbell: Doorbell
    /// Called every round (work or idle, success or retry), for the health endpoint's stall check.
    var heartbeat: (@Sendable () -> Void)?
    /// How often the parked-timers gauge is read from the table.
    private let parkedRefreshInterval: TimeInterval = 30
    private var lastParkedRefresh = Date.distantPast

    init(config: ServiceConfig, settings: RuntimeSettings, handler: any ServiceHandler, clock: any ServiceClock,
         database: ReconnectingDatabase, metrics: ServiceMetrics, logger: Logger, stopSignal: StopSignal,
         relayDoorbell: Doorbell) {
        self.config = config
        self.retryPolicy = TimerRetryPolicy(maxAttempts: settings.timerMaxAttempts)
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
            heartbeat?()
            do {
                let fired = try metrics.timed(.timers) { try fireDue() }
                backoff.reset()
                try refreshParkedGauge()
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
        let (fired, failures) = try db.transaction { db -> (Int, [FailedTimer]) in
            var fired = 0
            var failures: [FailedTimer] = []
            for claimed in try TimerStore.claimForFiring(now: now, limit: limit, on: db) {
                do {
                    try db.savepoint("timer") {
                        try handler.fire(claimed.timer, context: HandlerContext(db: db, now: now, serviceName: config.serviceName))
                    }
                    fired += 1
                } catch let error where RuntimeFailure.isTransient(error) {
                    throw error
                } catch {
                    failures.append(failure(of: claimed, error: error, now: now))
                }
            }
            try TimerStore.putBack(failures, on: db)
            return (fired, failures)
        }
        report(failures)
        metrics.update {
            $0.timersFired += fired
            $0.timerFailures += failures.count
        }
        return fired
    }

    private func failure(of claimed: ClaimedTimer, error: any Error, now: Date) -> FailedTimer {
        let failures = claimed.attempts + 1
        return FailedTimer(claimed: claimed, error: "\(error)", attempts: failures,
                           retryAt: now.addingTimeInterval(retryPolicy.delay(afterFailures: failures)),
                           parkedAt: retryPolicy.parks(afterFailures: failures) ? now : nil)
    }

    /// Logs each failure after the commit (kind, key and attempts; the error for operators).
    private func report(_ failures: [FailedTimer]) {
        for failure in failures {
            var fields = ["kind": failure.claimed.timer.kind, "key": failure.claimed.timer.key,
                          "attempts": "\(failure.attempts)", "maxAttempts": "\(retryPolicy.maxAttempts)",
                          "error": failure.error]
            if failure.parkedAt != nil {
                logger.error("timer handler failed; timer parked", fields)
            } else {
                fields["retryInSeconds"] = "\(retryPolicy.delay(afterFailures: failure.attempts))"
                logger.warning("timer handler failed; will retry", fields)
            }
        }
        if failures.contains(where: { $0.parkedAt != nil }) { lastParkedRefresh = .distantPast }
    }

    private func refreshParkedGauge() throws {
        let now = Date()
        guard now.timeIntervalSince(lastParkedRefresh) >= parkedRefreshInterval else { return }
        let parked = try TimerStore.parkedCount(on: try database.connection())
        metrics.update { $0.timersParked = parked }
        lastParkedRefresh = now
    }
}
