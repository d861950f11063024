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
/// the oldest is dropped to make room. Listens on `bind` (an IPv4 address).
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
    private let lock = NSLock()
    /// Writing a byte here wakes the serving thread to stop.
    private var wakeWriter: Int32 = -1
    private var finished: DispatchSemaphore?
    private var listeningPort = 0

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
    var boundPort: Int { lock.withLock { listeningPort } }

    // MARK: Lifecycle

    /// Binds `bind:port` and serves on a thread of its own until `stop()`.
    func start() throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        guard inet_pton(AF_INET, bindAddress, &address.sin_addr) == 1 else {
            throw ConfigError(variable: "AFTERSALES_HEALTH_BIND", problem: "'\(bindAddress)' is not an IPv4 address")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConfigError(variable: "AFTERSALES_HEALTH_PORT", problem: "cannot open a socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let bindError = errno
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            if bound != 0 && bindError == EADDRNOTAVAIL {
                throw ConfigError(variable: "AFTERSALES_HEALTH_BIND", problem: "\(bindAddress) is not an address of this machine")
            }
            throw ConfigError(variable: "AFTERSALES_HEALTH_PORT", problem: "cannot listen on \(bindAddress):\(port) (port in use?)")
        }
        var wake: [Int32] = [-1, -1]
        guard pipe(&wake) == 0 else {
            close(fd)
            throw ConfigError(variable: "AFTERSALES_HEALTH_PORT", problem: "cannot create the health server's wake pipe")
        }
        let (wakeReader, writer) = (wake[0], wake[1])
        for descriptor in [fd, wakeReader, writer] {
            Self.setNonBlocking(descriptor)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        let done = DispatchSemaphore(value: 0)
        lock.withLock {
            listeningPort = Self.localPort(of: fd) ?? port
            wakeWriter = writer
            finished = done
        }
        let thread = Thread { [self] in
            serve(listener: fd, wake: wakeReader)
            done.signal()
        }
        thread.name = "health"
        thread.start()
        logger.info("health endpoint listening", ["address": bindAddress, "port": "\(boundPort)"])
    }

    /// Stops serving, closes every connection and the listener, and returns once done.
    func stop() {
        let (writer, done) = lock.withLock { () -> (Int32, DispatchSemaphore?) in
            defer { wakeWriter = -1; finished = nil }
            return (wakeWriter, finished)
        }
        guard writer >= 0 else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(writer, &byte, 1)
        done?.wait()
        close(writer)
    }

    // MARK: Serving

    /// One client connection and how far its exchange has got.
    private final class Connection {
        enum Phase { case reading, writing, draining, closed }
        let fd: Int32
        let deadline: ContinuousClock.Instant
        var phase = Phase.reading
        var request: [UInt8] = []
        var answer: [UInt8] = []
        var sent = 0

        init(fd: Int32, deadline: ContinuousClock.Instant) {
            self.fd = fd
            self.deadline = deadline
        }
    }

    private func serve(listener: Int32, wake: Int32) {
        var connections: [Connection] = []
        defer {
            for connection in connections { finish(connection) }
            close(listener)
            close(wake)
        }
        while true {
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0), pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for connection in connections {
                fds.append(pollfd(fd: connection.fd, events: Int16(connection.phase == .writing ? POLLOUT : POLLIN), revents: 0))
            }
            let timeout = connections.map(\.deadline).min().map { Self.milliseconds(until: $0) } ?? -1
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
    private func acceptWaiting(on listener: Int32, into connections: inout [Connection]) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            Self.setNonBlocking(client)
            if connections.count >= limits.maxConnections {
                finish(connections.removeFirst())
                logger.debug("health endpoint: too many connections; dropped the oldest")
            }
            connections.append(Connection(fd: client, deadline: ContinuousClock.now + limits.connectionDeadline))
        }
    }

    /// Does what the connection is ready for: read the request, send the answer, or drain.
    private func advance(_ connection: Connection) {
        switch connection.phase {
        case .reading: read(connection)
        case .writing: write(connection)
        case .draining: drain(connection)
        case .closed: break
        }
    }

    private func read(_ connection: Connection) {
        let room = limits.maxRequestBytes + 1 - connection.request.count
        var buffer = [UInt8](repeating: 0, count: max(1, min(4096, room)))
        let count = recv(connection.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count < 0 {
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { finish(connection) }
            return
        }
        if count == 0 {
            // The client half-closed: answer what arrived, if anything.
            if connection.request.isEmpty { finish(connection) } else { answer(connection, with: route(connection.request)) }
            return
        }
        connection.request += buffer[0..<count]
        if HealthHTTP.hasCompleteHead(connection.request) {
            answer(connection, with: route(connection.request))
        } else if connection.request.count > limits.maxRequestBytes {
            logger.debug("health endpoint: request too large; refused")
            answer(connection, with: HealthHTTP.tooLarge)
        }
    }

    private func route(_ bytes: [UInt8]) -> HealthHTTP.Response {
        guard let request = HealthHTTP.parse(bytes) else { return HealthHTTP.badRequest }
        return HealthHTTP.respond(to: request, service: metrics.service, isReady: isReady(),
                                  stalled: heartbeats?.stalled() ?? [], metricsText: { metrics.prometheusText() })
    }

    private func answer(_ connection: Connection, with response: HealthHTTP.Response) {
        connection.answer = response.bytes
        connection.sent = 0
        connection.phase = .writing
        write(connection)
    }

    private func write(_ connection: Connection) {
        let count = connection.answer[connection.sent...].withUnsafeBytes {
            send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        if count < 0 {
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { finish(connection) }
            return
        }
        connection.sent += count
        if connection.sent == connection.answer.count {
            // Half-close, then drain what the client still sends, so closing does not reset
            // the connection before the client has read the answer.
            shutdown(connection.fd, Int32(SHUT_WR))
            connection.phase = .draining
        }
    }

    private func drain(_ connection: Connection) {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = recv(connection.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { finish(connection) }
    }

    /// The deadline passed: a request still incomplete gets 408 (best effort), then the
    /// connection is closed whatever its state.
    private func expire(_ connection: Connection) {
        if connection.phase == .reading {
            logger.debug("health endpoint: request not complete before the deadline; closed")
            let bytes = HealthHTTP.timedOut.bytes
            _ = bytes.withUnsafeBytes { send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        }
        finish(connection)
    }

    private func finish(_ connection: Connection) {
        guard connection.phase != .closed else { return }
        connection.phase = .closed
        close(connection.fd)
    }

    // MARK: Socket helpers

    private static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    private static func localPort(of fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// Whole milliseconds from now until `deadline`, rounded up, at least 0.
    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let (seconds, attoseconds) = (deadline - ContinuousClock.now).components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: max(0, total))
    }
}
