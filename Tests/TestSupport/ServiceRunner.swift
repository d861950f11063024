import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Runs one service instance in-process for a test: `start()`, then `stop()` for a clean
/// shutdown or `waitForExit()` after an injected crash.
public final class ServiceRunner: @unchecked Sendable {
    public let host: ServiceHost
    private var task: Task<(any Error)?, Never>?

    public init(config: ServiceConfig, migrations: [Migration], handler: any ServiceHandler,
                clock: any ServiceClock = SystemClock(), faults: FaultInjector? = nil) {
        host = ServiceHost(config: config, migrations: migrations, handler: handler, clock: clock, faults: faults)
    }

    public var metrics: ServiceMetrics.Snapshot { host.metrics.snapshot }

    /// Starts the host and returns once it is consuming (or has failed to start).
    public func start(timeout: TimeInterval = 30) {
        let host = self.host
        task = Task.detached { () -> (any Error)? in
            do {
                try await host.run()
                return nil
            } catch {
                return error
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while !host.isReady && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Stops after the batch in hand and returns the error the host ended with, if any.
    @discardableResult
    public func stop() async -> (any Error)? {
        host.stop()
        return await waitForExit()
    }

    /// Waits for the host to end by itself (an injected crash, say).
    @discardableResult
    public func waitForExit() async -> (any Error)? {
        guard let task else { return nil }
        return await task.value
    }
}
