import Foundation
@testable import ServiceRuntime
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The health endpoint against real sockets: slow and oversized clients cannot hold it,
/// and a stalled worker makes `/health` fail.
final class HealthServerTests: XCTestCase {
    private var servers: [HealthServer] = []

    override func tearDown() {
        for server in servers { server.stop() }
        servers = []
        super.tearDown()
    }

    private func startServer(limits: HealthServer.Limits = .init(), heartbeats: WorkerHeartbeats? = nil,
                             ready: Bool = true) throws -> Int {
        let server = HealthServer(port: 0, bind: "127.0.0.1", metrics: ServiceMetrics(service: "probe"),
                                  logger: Logger(service: "probe", minimum: .error), heartbeats: heartbeats,
                                  limits: limits) { ready }
        try server.start()
        servers.append(server)
        return server.boundPort
    }

    // MARK: Slow clients

    func testASilentClientDoesNotDelayAnotherRequest() throws {
        // With a 30 s deadline, an answer to the second client while the silent one is still
        // open shows that the server did not wait for the silent one.
        let port = try startServer(limits: .init(connectionDeadline: .seconds(30)))
        let silent = try TestClient(port: port)
        defer { silent.close() }
        let answer = try TestClient.get("/health", port: port)
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200 OK"), answer)
        XCTAssertTrue(silent.isOpenWithoutData, "the silent connection is still waiting: it was not served first")
    }

    func testAClientTricklingBytesDoesNotHoldTheServer() throws {
        let port = try startServer(limits: .init(connectionDeadline: .seconds(30)))
        let slow = try TestClient(port: port)
        defer { slow.close() }
        for byte in "GET /ready HTTP/1.1\r\nHost: x\r\n".utf8 {
            try slow.send([byte])
            let answer = try TestClient.get("/health", port: port)
            XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200 OK"), answer)
        }
        try slow.send(Array("\r\n".utf8))
        let slowAnswer = try slow.readToEnd()
        XCTAssertTrue(slowAnswer.hasPrefix("HTTP/1.1 200 OK"), slowAnswer)
        XCTAssertTrue(slowAnswer.contains("\"ready\""), slowAnswer)
    }

    func testAnIncompleteRequestIsClosedAtTheDeadlineWith408() throws {
        let port = try startServer(limits: .init(connectionDeadline: .milliseconds(200)))
        let slow = try TestClient(port: port)
        defer { slow.close() }
        try slow.send(Array("GET /health HTTP/1.1\r\n".utf8))
        let answer = try slow.readToEnd()
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 408"), answer)
    }

    func testWhenFullTheOldestConnectionMakesRoom() throws {
        let port = try startServer(limits: .init(connectionDeadline: .seconds(30), maxConnections: 3))
        let idle = try (0..<3).map { _ in try TestClient(port: port) }
        defer { idle.forEach { $0.close() } }
        // Connections are accepted in the order they were made, so the first is the oldest.
        let answer = try TestClient.get("/health", port: port)
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200 OK"), answer)
        XCTAssertEqual(try idle[0].readToEnd(), "", "the oldest idle connection was closed")
        XCTAssertTrue(idle[2].isOpenWithoutData)
    }

    // MARK: Malformed and oversized requests

    func testAnOversizedRequestIsRefusedWith431() throws {
        let port = try startServer(limits: .init(maxRequestBytes: 8 * 1024))
        let client = try TestClient(port: port)
        defer { client.close() }
        try client.send(Array(("GET /health HTTP/1.1\r\nX-Fill: " + String(repeating: "a", count: 9_000)).utf8))
        let answer = try client.readToEnd()
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 431"), answer)
    }

    func testMalformedRequestsAndOtherMethodsAreRefused() throws {
        let port = try startServer()
        XCTAssertTrue(try TestClient.exchange("HELLO\r\n\r\n", port: port).hasPrefix("HTTP/1.1 400"))
        XCTAssertTrue(try TestClient.exchange("GET health HTTP/1.1\r\n\r\n", port: port).hasPrefix("HTTP/1.1 400"))
        let post = try TestClient.exchange("POST /health HTTP/1.1\r\nContent-Length: 0\r\n\r\n", port: port)
        XCTAssertTrue(post.hasPrefix("HTTP/1.1 405"), post)
        XCTAssertTrue(post.contains("Allow: GET, HEAD"), post)
        let head = try TestClient.exchange("HEAD /health HTTP/1.1\r\n\r\n", port: port)
        XCTAssertTrue(head.hasPrefix("HTTP/1.1 200 OK"), head)
        XCTAssertTrue(head.hasSuffix("\r\n\r\n"), "HEAD has no body: \(head)")
        XCTAssertTrue(try TestClient.get("/nowhere", port: port).hasPrefix("HTTP/1.1 404"))
        XCTAssertTrue(try TestClient.get("/health?verbose=1", port: port).hasPrefix("HTTP/1.1 200 OK"))
    }

    // MARK: Routes

    func testAStalledWorkerMakesHealthFailWithItsName() throws {
        let heartbeats = WorkerHeartbeats()
        heartbeats.register("consumer", stallAfter: .seconds(5), now: .now - .seconds(60))
        heartbeats.register("relay", stallAfter: .seconds(60))
        let port = try startServer(heartbeats: heartbeats)
        let stalled = try TestClient.get("/health", port: port)
        XCTAssertTrue(stalled.hasPrefix("HTTP/1.1 503"), stalled)
        XCTAssertTrue(stalled.contains("\"stalled\":[\"consumer\"]"), stalled)
        heartbeats.beat("consumer")
        let alive = try TestClient.get("/health", port: port)
        XCTAssertTrue(alive.hasPrefix("HTTP/1.1 200 OK"), alive)
    }

    func testReadinessAndMetrics() throws {
        let port = try startServer(ready: false)
        XCTAssertTrue(try TestClient.get("/ready", port: port).hasPrefix("HTTP/1.1 503"))
        let metrics = try TestClient.get("/metrics", port: port)
        XCTAssertTrue(metrics.hasPrefix("HTTP/1.1 200 OK"), metrics)
        XCTAssertTrue(metrics.contains("aftersales_messages_processed_total{service=\"probe\"}"), metrics)
    }

    func testAnAddressNotOfThisMachineNamesTheBindVariable() {
        let server = HealthServer(port: 0, bind: "192.0.2.1", metrics: ServiceMetrics(service: "probe"),
                                  logger: Logger(service: "probe", minimum: .error)) { true }
        XCTAssertThrowsError(try server.start()) { error in
            XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_HEALTH_BIND")
        }
    }
}

/// The heartbeat bookkeeping, with explicit instants.
final class WorkerHeartbeatsTests: XCTestCase {
    func testAWorkerStallsOnlyWhenItsLastBeatIsOlderThanItsThreshold() {
        let start = ContinuousClock.now
        let heartbeats = WorkerHeartbeats(defaultStallAfter: .seconds(30))
        heartbeats.register("consumer", stallAfter: .seconds(5), now: start)
        XCTAssertEqual(heartbeats.stalled(now: start + .seconds(4)), [])
        XCTAssertEqual(heartbeats.stalled(now: start + .seconds(6)), ["consumer"])
        heartbeats.beat("consumer", now: start + .seconds(6))
        XCTAssertEqual(heartbeats.stalled(now: start + .seconds(10)), [])
        XCTAssertEqual(heartbeats.stalled(now: start + .seconds(12)), ["consumer"])
    }

    func testAnUnregisteredWorkerGetsTheDefaultThresholdAndRetiringStopsWatching() {
        let start = ContinuousClock.now
        let heartbeats = WorkerHeartbeats(defaultStallAfter: .seconds(30))
        heartbeats.beat("timers", now: start)
        heartbeats.register("relay", stallAfter: .seconds(5), now: start)
        XCTAssertEqual(heartbeats.watched, ["relay", "timers"])
        XCTAssertEqual(heartbeats.stalled(now: start + .seconds(20)), ["relay"])
        XCTAssertEqual(heartbeats.stalled(now: start + .seconds(31)), ["relay", "timers"])
        heartbeats.retire("relay")
        XCTAssertEqual(heartbeats.stalled(now: start + .seconds(31)), ["timers"])
    }

    func testBeatsFromManyThreadsAreAllRecorded() {
        let heartbeats = WorkerHeartbeats()
        DispatchQueue.concurrentPerform(iterations: 200) { index in heartbeats.beat("worker-\(index % 10)") }
        XCTAssertEqual(heartbeats.watched.count, 10)
        XCTAssertEqual(heartbeats.stalled(), [])
    }
}

// MARK: - A raw TCP client

/// A blocking TCP client for the tests; every read gives up after 10 s so that a broken
/// server fails the test instead of hanging it.
final class TestClient {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw NSError(domain: "TestClient", code: Int(errno))
        }
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw NSError(domain: "TestClient", code: Int(errno)) }
            offset += count
        }
    }

    /// Everything the server sends until it closes (or 10 s pass without a byte).
    func readToEnd() throws -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 && errno == ECONNRESET { break }
            guard count >= 0 else { throw NSError(domain: "TestClient: no answer", code: Int(errno)) }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// True when the server has neither answered nor closed this connection (so far).
    var isOpenWithoutData: Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    func close() { Glibc.close(fd) }

    /// Sends `text` and returns the whole answer.
    static func exchange(_ text: String, port: Int) throws -> String {
        let client = try TestClient(port: port)
        defer { client.close() }
        try client.send(Array(text.utf8))
        return try client.readToEnd()
    }

    static func get(_ path: String, port: Int) throws -> String {
        try exchange("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: port)
    }
}
