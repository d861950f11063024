import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 endpoint for orchestrators and Prometheus:
/// `GET /health` (200 alive; 503 naming the worker threads that stopped making progress),
/// `GET /ready` (200 once consuming, else 503) and `GET /metrics`.
///
/// One thread serves every connection with `poll(2)` on non-blocking sockets, so a client
/// that connects and sends nothing, or trickles bytes, holds only its own connection: each
/// one is closed at its deadline (408 when its request never completed), a request head
/// larger than `maxRequestBytes` is refused with 431, and when `maxConnections` are open
/// the oldest is dropped to make room. Listens on `bind` (an IPv4 address). The socket work
/// is `HTTPListener`'s and `HTTPConnection`'s, shared with the operator console's server.
final class HealthServer: @unchecked Sendable {
    /// What one client may cost the server.
    struct Limits: Sendable {
        /// From accept to the last byte of the answer; a connection still open then is closed.
        var connectionDeadline: Duration = .seconds(2)
        /// The largest request head (request line and headers) read.
        var maxRequestBytes = 8 * 1024
        /// Connections served at once; a new one beyond this closes the oldest.
        var maxConnections = 32
    }

    private let port: Int
    private let bindAddress: String
    private let metrics: ServiceMetrics
    private let heartbeats: WorkerHeartbeats?
    private let isReady: @Sendable () -> Bool
    private let logger: Logger
    private let limits: Limits
    private let serving = HTTPServingThread()

    init(port: Int, bind: String = ServiceConfig.defaultHealthBind, metrics: ServiceMetrics, logger: Logger,
         heartbeats: WorkerHeartbeats? = nil, limits: Limits = Limits(), isReady: @escaping @Sendable () -> Bool) {
        self.port = port
        self.bindAddress = bind
        self.metrics = metrics
        self.logger = logger
        self.heartbeats = heartbeats
        self.limits = limits
        self.isReady = isReady
    }

    /// The port listened on (the one given, or the one the system chose for port 0).
    var boundPort: Int { serving.boundPort }

    // MARK: Lifecycle

    /// Binds `bind:port` and serves on a thread of its own until `stop()`.
    func start() throws {
        let listener: HTTPListener
        do {
            listener = try HTTPListener.open(bind: bindAddress, port: port)
        } catch {
            switch error {
            case .notIPv4:
                throw ConfigError(variable: "AFTERSALES_HEALTH_BIND", problem: "'\(bindAddress)' is not an IPv4 address")
            case .noSocket:
                throw ConfigError(variable: "AFTERSALES_HEALTH_PORT", problem: "cannot open a socket")
            case .cannotListen(addressNotAvailable: true):
                throw ConfigError(variable: "AFTERSALES_HEALTH_BIND", problem: "\(bindAddress) is not an address of this machine")
            case .cannotListen(addressNotAvailable: false):
                throw ConfigError(variable: "AFTERSALES_HEALTH_PORT", problem: "cannot listen on \(bindAddress):\(port) (port in use?)")
            case .noWakePipe:
                throw ConfigError(variable: "AFTERSALES_HEALTH_PORT", problem: "cannot create the health server's wake pipe")
            }
        }
        serving.start(listener, name: "health") { [self] in serve(listener: $0, wake: $1) }
        logger.info("health endpoint listening", ["address": bindAddress, "port": "\(boundPort)"])
    }

    /// Stops serving, closes every connection and the listener, and returns once done.
    func stop() { serving.stop() }

    // MARK: Serving

    private func serve(listener: Int32, wake: Int32) {
        var connections: [HTTPConnection] = []
        defer {
            for connection in connections { connection.close() }
            close(listener)
            close(wake)
        }
        while true {
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0), pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for connection in connections {
                fds.append(pollfd(fd: connection.fd, events: Int16(connection.phase == .writing ? POLLOUT : POLLIN), revents: 0))
            }
            let timeout = connections.map(\.deadline).min().map { HTTPListener.milliseconds(until: $0) } ?? -1
            if poll(&fds, nfds_t(fds.count), timeout) < 0 {
                if errno == EINTR { continue }
                logger.error("health endpoint stopped: poll failed", ["errno": "\(errno)"])
                return
            }
            if fds[0].revents != 0 { return }
            for (index, connection) in connections.enumerated() where fds[index + 2].revents != 0 {
                advance(connection)
            }
            let now = ContinuousClock.now
            for connection in connections where connection.phase != .closed && now >= connection.deadline {
                expire(connection)
            }
            connections.removeAll { $0.phase == .closed }
            if fds[1].revents & Int16(POLLIN) != 0 { acceptWaiting(on: listener, into: &connections) }
        }
    }

    /// Accepts every pending connection; beyond `maxConnections` the oldest makes room.
    private func acceptWaiting(on listener: Int32, into connections: inout [HTTPConnection]) {
        while let client = HTTPListener.accept(on: listener) {
            if connections.count >= limits.maxConnections {
                connections.removeFirst().close()
                logger.debug("health endpoint: too many connections; dropped the oldest")
            }
            connections.append(HTTPConnection(fd: client, deadline: ContinuousClock.now + limits.connectionDeadline))
        }
    }

    /// Does what the connection is ready for: read the request, send the answer, or drain.
    private func advance(_ connection: HTTPConnection) {
        switch connection.phase {
        case .reading: read(connection)
        case .writing: connection.write()
        case .draining: connection.drain()
        case .handling, .streaming, .closed: break
        }
    }

    private func read(_ connection: HTTPConnection) {
        switch connection.receive(upTo: limits.maxRequestBytes) {
        case .nothing, .failed:
            return
        case .ended:
            // The client half-closed: answer what arrived, if anything.
            if connection.request.isEmpty { connection.close() } else { connection.respond(with: route(connection.request).bytes) }
        case .bytes:
            if HealthHTTP.hasCompleteHead(connection.request) {
                connection.respond(with: route(connection.request).bytes)
            } else if connection.request.count > limits.maxRequestBytes {
                logger.debug("health endpoint: request too large; refused")
                connection.respond(with: HealthHTTP.tooLarge.bytes)
            }
        }
    }

    private func route(_ bytes: [UInt8]) -> HealthHTTP.Response {
        guard let request = HealthHTTP.parse(bytes) else { return HealthHTTP.badRequest }
        return HealthHTTP.respond(to: request, service: metrics.service, isReady: isReady(),
                                  stalled: heartbeats?.stalled() ?? [], metricsText: { metrics.prometheusText() })
    }

    /// The deadline passed: a request still incomplete gets 408 (best effort), then the
    /// connection is closed whatever its state.
    private func expire(_ connection: HTTPConnection) {
        if connection.phase == .reading {
            logger.debug("health endpoint: request not complete before the deadline; closed")
            connection.sendOnce(HealthHTTP.timedOut.bytes)
        }
        connection.close()
    }
}
