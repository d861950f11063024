import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The console's HTTP/1.1 server, after the services' health endpoint (`HealthServer`):
/// one thread serves every connection with `poll(2)` on non-blocking sockets. A request's
/// head and body are bounded (`ConsoleHTTP.Limits`: 431, 413), a connection must complete
/// its exchange before `requestDeadline` (408, then closed), at most `maxConnections` are
/// open (a new one beyond closes the oldest), and it listens on `bind` (an IPv4 address,
/// 127.0.0.1 by default).
///
/// Requests are answered by `handler` off the serving thread (an action may wait for the
/// broker), so a slow answer never holds the others. An answer with a `stream` keeps its
/// connection open for Server-Sent Events: `broadcast` queues bytes for every stream, at
/// most `maxStreams` at once, each with a bounded backlog (a client that stops reading is
/// dropped) and a comment line every `heartbeat` to keep proxies from closing it; each
/// is closed after `streamLifetime` (the browser reconnects by itself).
final class ConsoleServer: @unchecked Sendable {
    /// What clients may cost the server.
    struct Limits: Sendable {
        var requestDeadline: Duration = .seconds(10)
        var maxConnections = 64
        var maxStreams = 16
        var maxStreamBacklog = 1 << 20
        var heartbeat: Duration = .seconds(15)
        /// A stream is closed after this long; the browser reconnects by itself (`retry`).
        var streamLifetime: Duration = .seconds(300)
        var http = ConsoleHTTP.Limits()
    }

    typealias Handler = @Sendable (ConsoleRequest) -> ConsoleResponse

    private let bindAddress: String
    private let port: Int
    private let limits: Limits
    private let lock = NSLock()
    private var handler: Handler?
    // Shared with other threads, under `lock`.
    private var wakeWriter: Int32 = -1
    private var stopping = false
    private var finished: DispatchSemaphore?
    private var listeningPort = 0
    private var streams: [Int: ConsoleStream] = [:]
    private var outbox: [Int: [UInt8]] = [:]
    private var answers: [Int: ConsoleResponse] = [:]

    /// A server of `handler` (or, until `handle(with:)`, of 503 answers).
    init(bind: String, port: Int, limits: Limits = Limits(), handler: Handler? = nil) {
        self.bindAddress = bind
        self.port = port
        self.limits = limits
        self.handler = handler
    }

    /// Answers every later request with `handler` (set once the bound port is known).
    func handle(with handler: @escaping Handler) { lock.withLock { self.handler = handler } }

    /// The port listened on (the one given, or the one the system chose for port 0).
    var boundPort: Int { lock.withLock { listeningPort } }

    /// How many live-update streams are open.
    var streamCount: Int { lock.withLock { streams.count } }

    // MARK: Lifecycle

    /// Binds `bind:port` and serves on a thread of its own until `stop()`.
    func start() throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        guard inet_pton(AF_INET, bindAddress, &address.sin_addr) == 1 else {
            throw OperatorError("--bind '\(bindAddress)' is not an IPv4 address")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw OperatorError("cannot open a socket for the console") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let bindError = errno
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            if bound != 0 && bindError == EADDRNOTAVAIL { throw OperatorError("\(bindAddress) is not an address of this machine (--bind)") }
            throw OperatorError("cannot listen on \(bindAddress):\(port) (port in use? try --port)")
        }
        var wake: [Int32] = [-1, -1]
        guard pipe(&wake) == 0 else {
            close(fd)
            throw OperatorError("cannot create the console server's wake pipe")
        }
        for descriptor in [fd, wake[0], wake[1]] {
            Self.setNonBlocking(descriptor)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        let done = DispatchSemaphore(value: 0)
        lock.withLock {
            listeningPort = Self.localPort(of: fd) ?? port
            wakeWriter = wake[1]
            finished = done
        }
        let reader = wake[0]
        let thread = Thread { [self] in
            serve(listener: fd, wake: reader)
            done.signal()
        }
        thread.name = "console-http"
        thread.start()
    }

    /// Stops serving, closes every connection and the listener, and returns once done.
    func stop() {
        let (writer, done) = lock.withLock { () -> (Int32, DispatchSemaphore?) in
            stopping = true
            defer { wakeWriter = -1; finished = nil }
            return (wakeWriter, finished)
        }
        guard writer >= 0 else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(writer, &byte, 1)
        done?.wait()
        close(writer)
    }

    /// Queues `render(stream)` for every open stream, rendered once per distinct stream.
    func broadcast(_ render: (ConsoleStream) -> [UInt8]) {
        let open = lock.withLock { streams }
        guard !open.isEmpty else { return }
        var rendered: [ConsoleStream: [UInt8]] = [:]
        for stream in Set(open.values) { rendered[stream] = render(stream) }
        lock.withLock {
            for (id, stream) in open where streams[id] != nil { outbox[id, default: []] += rendered[stream] ?? [] }
        }
        wake()
    }

    private func wake() {
        let writer = lock.withLock { wakeWriter }
        guard writer >= 0 else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(writer, &byte, 1)   // a full pipe means the thread is awake already
    }

    // MARK: Connections

    /// One client connection and how far its exchange has got.
    private final class Connection {
        enum Phase { case reading, handling, writing, streaming, draining, closed }
        let id: Int
        let fd: Int32
        /// Reading the request, then writing the answer, must end by then.
        var deadline: ContinuousClock.Instant
        var phase = Phase.reading
        var request: [UInt8] = []
        var output: [UInt8] = []
        var sent = 0

        init(id: Int, fd: Int32, deadline: ContinuousClock.Instant) {
            self.id = id
            self.fd = fd
            self.deadline = deadline
        }

        var pending: Int { output.count - sent }
    }

    private func serve(listener: Int32, wake: Int32) {
        var connections: [Connection] = []
        var nextId = 0
        var nextHeartbeat = ContinuousClock.now + limits.heartbeat
        defer {
            for connection in connections { finish(connection) }
            close(listener)
            close(wake)
        }
        while true {
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0), pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for connection in connections { fds.append(pollfd(fd: connection.fd, events: events(for: connection), revents: 0)) }
            let deadlines = connections.filter { $0.phase != .handling }.map(\.deadline) + [nextHeartbeat]
            let timeout = deadlines.min().map { Self.milliseconds(until: $0) } ?? -1
            if poll(&fds, nfds_t(fds.count), timeout) < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[0].revents != 0 {
                var sink = [UInt8](repeating: 0, count: 256)
                while read(wake, &sink, sink.count) > 0 {}
                if lock.withLock({ stopping }) { return }
                deliver(to: connections)
            }
            for (index, connection) in connections.enumerated() where fds[index + 2].revents != 0 {
                advance(connection, revents: fds[index + 2].revents)
            }
            let now = ContinuousClock.now
            if now >= nextHeartbeat {
                nextHeartbeat = now + limits.heartbeat
                for connection in connections where connection.phase == .streaming { queue(Array(": ping\n\n".utf8), on: connection) }
            }
            for connection in connections where connection.phase != .handling && connection.phase != .closed && now >= connection.deadline {
                expire(connection)
            }
            let closed = connections.filter { $0.phase == .closed }.map(\.id)
            if !closed.isEmpty {
                lock.withLock { for id in closed { streams[id] = nil; outbox[id] = nil; answers[id] = nil } }
                connections.removeAll { $0.phase == .closed }
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                while true {
                    let client = accept(listener, nil, nil)
                    guard client >= 0 else { break }
                    Self.setNonBlocking(client)
                    if connections.count >= limits.maxConnections {
                        let oldest = connections.removeFirst()
                        finish(oldest)
                        lock.withLock { streams[oldest.id] = nil; outbox[oldest.id] = nil }
                    }
                    nextId += 1
                    connections.append(Connection(id: nextId, fd: client, deadline: ContinuousClock.now + limits.requestDeadline))
                }
            }
        }
    }

    private func events(for connection: Connection) -> Int16 {
        switch connection.phase {
        case .reading, .draining: Int16(POLLIN)
        case .writing: Int16(POLLOUT)
        case .streaming: Int16(POLLIN) | (connection.pending > 0 ? Int16(POLLOUT) : 0)
        case .handling, .closed: 0
        }
    }

    /// Moves the handlers' answers and the broadcasts onto their connections.
    private func deliver(to connections: [Connection]) {
        let (ready, queued) = lock.withLock { () -> ([Int: ConsoleResponse], [Int: [UInt8]]) in
            defer { answers = [:]; outbox = [:] }
            return (answers, outbox)
        }
        for connection in connections {
            if connection.phase == .handling, var response = ready[connection.id] {
                connection.deadline = ContinuousClock.now + limits.requestDeadline
                if response.stream != nil && lock.withLock({ streams.count }) >= limits.maxStreams {
                    response = .plain(503, "too many live views are open; close one and reload")
                }
                connection.output = response.head + response.body
                connection.sent = 0
                if let stream = response.stream {
                    connection.phase = .streaming
                    connection.deadline = ContinuousClock.now + limits.streamLifetime
                    lock.withLock { streams[connection.id] = stream }
                } else {
                    connection.phase = .writing
                }
                write(connection)
            }
            if connection.phase == .streaming, let bytes = queued[connection.id] { queue(bytes, on: connection) }
        }
    }

    private func queue(_ bytes: [UInt8], on connection: Connection) {
        if connection.sent > 0 {
            connection.output.removeFirst(connection.sent)
            connection.sent = 0
        }
        connection.output += bytes
        if connection.pending > limits.maxStreamBacklog { finish(connection) } else { write(connection) }
    }

    private func advance(_ connection: Connection, revents: Int16) {
        switch connection.phase {
        case .reading: readRequest(connection)
        case .writing: write(connection)
        case .streaming:
            if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { drain(connection) }
            if connection.phase == .streaming && revents & Int16(POLLOUT) != 0 { write(connection) }
        case .draining: drain(connection)
        case .handling:
            if revents & Int16(POLLHUP | POLLERR) != 0 { finish(connection) }
        case .closed: break
        }
    }

    private func readRequest(_ connection: Connection) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(connection.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count < 0 {
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { finish(connection) }
            return
        }
        if count == 0 { finish(connection); return }
        connection.request += buffer[0..<count]
        switch ConsoleHTTP.parse(connection.request, limits: limits.http) {
        case .incomplete:
            if connection.request.count > limits.http.maxHeadBytes + limits.http.maxBodyBytes {
                respond(connection, .plain(413, "request too large"))
            }
        case .refused(let response):
            respond(connection, response)
        case .request(let request):
            connection.phase = .handling
            connection.request = []
            let id = connection.id
            DispatchQueue.global().async { [self] in
                let response = lock.withLock({ handler })?(request) ?? .plain(503, "starting")
                lock.withLock { answers[id] = response }
                wake()
            }
        }
    }

    private func respond(_ connection: Connection, _ response: ConsoleResponse) {
        connection.output = response.head + response.body
        connection.sent = 0
        connection.phase = .writing
        write(connection)
    }

    private func write(_ connection: Connection) {
        guard connection.pending > 0 else { return }
        let count = connection.output[connection.sent...].withUnsafeBytes {
            send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        if count < 0 {
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { finish(connection) }
            return
        }
        connection.sent += count
        if connection.pending == 0 && connection.phase == .writing {
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

    /// The deadline passed: a request still incomplete gets 408 (best effort), a stream
    /// ends; closed.
    private func expire(_ connection: Connection) {
        if connection.phase == .streaming {
            shutdown(connection.fd, Int32(SHUT_WR))   // what was queued has gone or goes now
        } else if connection.phase == .reading {
            let response = ConsoleResponse.plain(408, "request not received in time")
            let bytes = response.head + response.body
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
