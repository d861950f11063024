import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ServiceRuntime

/// The console's HTTP/1.1 server, built like the services' health endpoint (`HealthServer`)
/// on the same `HTTPListener` and `HTTPConnection`: one thread serves every connection with
/// `poll(2)` on non-blocking sockets. A request's
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
    private let serving = HTTPServingThread()
    // Shared with other threads, under `lock`.
    private var stopping = false
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
    var boundPort: Int { serving.boundPort }

    /// How many live-update streams are open.
    var streamCount: Int { lock.withLock { streams.count } }

    // MARK: Lifecycle

    /// Binds `bind:port` and serves on a thread of its own until `stop()`.
    func start() throws {
        let listener: HTTPListener
        do {
            listener = try HTTPListener.open(bind: bindAddress, port: port)
        } catch {
            switch error {
            case .notIPv4: throw OperatorError("--bind '\(bindAddress)' is not an IPv4 address")
            case .noSocket: throw OperatorError("cannot open a socket for the console")
            case .cannotListen(addressNotAvailable: true): throw OperatorError("\(bindAddress) is not an address of this machine (--bind)")
            case .cannotListen(addressNotAvailable: false): throw OperatorError("cannot listen on \(bindAddress):\(port) (port in use? try --port)")
            case .noWakePipe: throw OperatorError("cannot create the console server's wake pipe")
            }
        }
        serving.start(listener, name: "console-http") { [self] in serve(listener: $0, wake: $1) }
    }

    /// Stops serving, closes every connection and the listener, and returns once done.
    func stop() {
        lock.withLock { stopping = true }
        serving.stop()
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

    private func wake() { serving.wake() }

    // MARK: Connections

    private func serve(listener: Int32, wake: Int32) {
        var connections: [HTTPConnection] = []
        var nextId = 0
        var nextHeartbeat = ContinuousClock.now + limits.heartbeat
        defer {
            for connection in connections { connection.close() }
            close(listener)
            close(wake)
        }
        while true {
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0), pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for connection in connections { fds.append(pollfd(fd: connection.fd, events: events(for: connection), revents: 0)) }
            let deadlines = connections.filter { $0.phase != .handling }.map(\.deadline) + [nextHeartbeat]
            let timeout = deadlines.min().map { HTTPListener.milliseconds(until: $0) } ?? -1
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
                while let client = HTTPListener.accept(on: listener) {
                    if connections.count >= limits.maxConnections {
                        let oldest = connections.removeFirst()
                        oldest.close()
                        lock.withLock { streams[oldest.id] = nil; outbox[oldest.id] = nil }
                    }
                    nextId += 1
                    connections.append(HTTPConnection(id: nextId, fd: client, deadline: ContinuousClock.now + limits.requestDeadline))
                }
            }
        }
    }

    private func events(for connection: HTTPConnection) -> Int16 {
        switch connection.phase {
        case .reading, .draining: Int16(POLLIN)
        case .writing: Int16(POLLOUT)
        case .streaming: Int16(POLLIN) | (connection.pending > 0 ? Int16(POLLOUT) : 0)
        case .handling, .closed: 0
        }
    }

    /// Moves the handlers' answers and the broadcasts onto their connections.
    private func deliver(to connections: [HTTPConnection]) {
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
                if let stream = response.stream {
                    connection.deadline = ContinuousClock.now + limits.streamLifetime
                    lock.withLock { streams[connection.id] = stream }
                }
                connection.respond(with: response.head + response.body, streaming: response.stream != nil)
            }
            if connection.phase == .streaming, let bytes = queued[connection.id] { queue(bytes, on: connection) }
        }
    }

    private func queue(_ bytes: [UInt8], on connection: HTTPConnection) {
        connection.append(bytes)
        if connection.pending > limits.maxStreamBacklog { connection.close() } else { connection.write() }
    }

    private func advance(_ connection: HTTPConnection, revents: Int16) {
        switch connection.phase {
        case .reading: readRequest(connection)
        case .writing: connection.write()
        case .streaming:
            if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { connection.drain() }
            if connection.phase == .streaming && revents & Int16(POLLOUT) != 0 { connection.write() }
        case .draining: connection.drain()
        case .handling:
            if revents & Int16(POLLHUP | POLLERR) != 0 { connection.close() }
        case .closed: break
        }
    }

    private func readRequest(_ connection: HTTPConnection) {
        switch connection.receive(upTo: limits.http.maxHeadBytes + limits.http.maxBodyBytes) {
        case .nothing, .failed: return
        case .ended: connection.close(); return
        case .bytes: break
        }
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

    private func respond(_ connection: HTTPConnection, _ response: ConsoleResponse) {
        connection.respond(with: response.head + response.body)
    }

    /// The deadline passed: a request still incomplete gets 408 (best effort), a stream
    /// ends; closed.
    private func expire(_ connection: HTTPConnection) {
        if connection.phase == .streaming {
            connection.halfClose()   // what was queued has gone or goes now
        } else if connection.phase == .reading {
            let response = ConsoleResponse.plain(408, "request not received in time")
            connection.sendOnce(response.head + response.body)
        }
        connection.close()
    }
}
