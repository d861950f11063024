import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 endpoint for orchestrators and Prometheus:
/// `GET /health` (alive), `GET /ready` (200 once consuming, else 503) and `GET /metrics`.
/// Runs on its own thread; one short request per connection.
final class HealthServer: @unchecked Sendable {
    private let port: Int
    private let metrics: ServiceMetrics
    private let isReady: @Sendable () -> Bool
    private let logger: Logger
    private var listener: Int32 = -1
    private let lock = NSLock()

    init(port: Int, metrics: ServiceMetrics, logger: Logger, isReady: @escaping @Sendable () -> Bool) {
        self.port = port
        self.metrics = metrics
        self.logger = logger
        self.isReady = isReady
    }

    /// Binds the port (all interfaces, so container probes reach it) and serves until `stop()`.
    func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConfigError(variable: "AFTERSALES_HEALTH_PORT", problem: "cannot open a socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: INADDR_ANY)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ConfigError(variable: "AFTERSALES_HEALTH_PORT", problem: "port \(port) is not free")
        }
        lock.lock()
        listener = fd
        lock.unlock()
        let thread = Thread { [self] in serve(fd) }
        thread.name = "health"
        thread.start()
        logger.info("health endpoint listening", ["port": "\(port)"])
    }

    func stop() {
        lock.lock()
        let fd = listener
        listener = -1
        lock.unlock()
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    private func serve(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                lock.lock()
                let open = listener >= 0
                lock.unlock()
                if open { continue } else { return }
            }
            respond(client)
            close(client)
        }
    }

    private func respond(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = recv(client, &buffer, buffer.count, 0)
        guard count > 0 else { return }
        let request = String(decoding: buffer[0..<count], as: UTF8.self)
        let path = request.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let (status, body, type): (String, String, String)
        switch path {
        case "/health", "/healthz", "/live":
            (status, body, type) = ("200 OK", "{\"status\":\"alive\",\"service\":\"\(metrics.service)\"}\n", "application/json")
        case "/ready", "/readyz":
            let ready = isReady()
            (status, body, type) = (ready ? "200 OK" : "503 Service Unavailable",
                                    "{\"status\":\"\(ready ? "ready" : "starting")\",\"service\":\"\(metrics.service)\"}\n",
                                    "application/json")
        case "/metrics":
            (status, body, type) = ("200 OK", metrics.prometheusText(), "text/plain; version=0.0.4")
        default:
            (status, body, type) = ("404 Not Found", "not found\n", "text/plain")
        }
        let response = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = response.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        // Half-close and drain what the client still sends, so closing does not reset the connection.
        shutdown(client, Int32(SHUT_WR))
        var drain = [UInt8](repeating: 0, count: 512)
        while recv(client, &drain, drain.count, 0) > 0 {}
    }
}
