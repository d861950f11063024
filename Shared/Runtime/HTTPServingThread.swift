import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The thread a `poll(2)`-driven HTTP server serves on, and the way to wake and stop it
/// through the listener's wake pipe. `stop()` returns once `serve` has returned (the serving
/// function closes the listener and the pipe's reading end; this closes the writing end).
public final class HTTPServingThread: @unchecked Sendable {
    private let lock = NSLock()
    private var wakeWriter: Int32 = -1
    private var finished: DispatchSemaphore?
    private var listeningPort = 0

    public init() {}

    /// The port of the listener served (0 before `start`).
    public var boundPort: Int { lock.withLock { listeningPort } }

    /// Runs `serve(listener.fd, listener.wakeReader)` on a thread named `name`; `serve`
    /// returns when it sees the wake pipe readable and has nothing else to do (see `stop`).
    public func start(_ listener: HTTPListener, name: String, serve: @escaping @Sendable (_ listener: Int32, _ wake: Int32) -> Void) {
        let done = DispatchSemaphore(value: 0)
        lock.withLock {
            listeningPort = listener.port
            wakeWriter = listener.wakeWriter
            finished = done
        }
        let thread = Thread {
            serve(listener.fd, listener.wakeReader)
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Makes the wake pipe readable (nothing once stopped).
    public func wake() {
        let writer = lock.withLock { wakeWriter }
        guard writer >= 0 else { return }
        HTTPListener.wake(writer)
    }

    /// Wakes the thread for the last time, waits for `serve` to return and closes the pipe;
    /// once only (later calls return at once).
    public func stop() {
        let (writer, done) = lock.withLock { () -> (Int32, DispatchSemaphore?) in
            defer { wakeWriter = -1; finished = nil }
            return (wakeWriter, finished)
        }
        guard writer >= 0 else { return }
        HTTPListener.wake(writer)
        done?.wait()
        close(writer)
    }
}
