import Foundation
@testable import OperatorTool
import Schema
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The console's socket server: it answers, bounds what a client may send or hold, and
/// carries live updates to open streams.
final class ConsoleServerTests: XCTestCase {
    private typealias F = ConsoleFixtures

    /// A blocking client socket to 127.0.0.1:`port` that gives up reading after `timeout`.
    private final class Client {
        let fd: Int32
        init(port: Int, timeout: Int = 10) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            var limit = timeval(tv_sec: timeout, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw OperatorError("cannot connect") }
        }
        deinit { close(fd) }

        func send(_ text: String) { _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }

        /// Reads until the server closes (or the timeout).
        func readAll() -> String {
            var result: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                result += buffer[0..<count]
            }
            return String(decoding: result, as: UTF8.self)
        }

        /// Reads until `text` has arrived (or the server closes, or the timeout).
        func read(until text: String) -> String {
            var result: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !String(decoding: result, as: UTF8.self).contains(text) {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                result += buffer[0..<count]
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    private func start(limits: ConsoleServer.Limits = ConsoleServer.Limits(), state: ConsoleState = ConsoleState())
        -> (ConsoleServer, ConsoleRoutes) {
        let server = ConsoleServer(bind: "127.0.0.1", port: 0, limits: limits)
        XCTAssertNoThrow(try server.start())
        let routes = ConsoleRoutes(state: state, actions: ConsoleActions(publisher: RecordingPublisher(), topicPrefix: ""),
                                   formToken: "tok", allowedHosts: ConsoleCommand.allowedHosts(bind: "127.0.0.1", port: server.boundPort))
        server.handle(with: routes.respond)
        return (server, routes)
    }

    func testServesThePage() throws {
        let (server, _) = start()
        defer { server.stop() }
        let client = try Client(port: server.boundPort)
        client.send("GET /?lang=zh HTTP/1.1\r\nHost: 127.0.0.1:\(server.boundPort)\r\n\r\n")
        let answer = client.readAll()
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200 OK\r\n"), answer)
        XCTAssertTrue(answer.contains("售后运营控制台"))
        XCTAssertTrue(answer.hasSuffix("</html>"))
    }

    func testASilentClientGets408AtTheDeadlineAndAHugeHead431() throws {
        var limits = ConsoleServer.Limits()
        limits.requestDeadline = .milliseconds(300)
        let (server, _) = start(limits: limits)
        defer { server.stop() }
        let silent = try Client(port: server.boundPort)
        silent.send("GET / HTTP/1.1\r\nHost: x")   // never finishes its head
        XCTAssertTrue(silent.readAll().hasPrefix("HTTP/1.1 408"))
        let huge = try Client(port: server.boundPort)
        huge.send("GET / HTTP/1.1\r\nX-Filler: " + String(repeating: "a", count: 40_000) + "\r\n\r\n")
        XCTAssertTrue(huge.readAll().hasPrefix("HTTP/1.1 431"))
        // The server still answers afterwards.
        let next = try Client(port: server.boundPort)
        next.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1:\(server.boundPort)\r\n\r\n")
        XCTAssertTrue(next.readAll().hasPrefix("HTTP/1.1 200"))
    }

    func testStreamsCarryBroadcastsAreBoundedInNumberAndRenewed() throws {
        var limits = ConsoleServer.Limits()
        limits.maxStreams = 1
        limits.streamLifetime = .seconds(3)
        let state = ConsoleState()
        let (server, routes) = start(limits: limits, state: state)
        defer { server.stop() }
        let request = "GET /events?lang=en HTTP/1.1\r\nHost: 127.0.0.1:\(server.boundPort)\r\n\r\n"
        let stream = try Client(port: server.boundPort)
        stream.send(request)
        let first = stream.read(until: "}\n\n")
        XCTAssertTrue(first.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"), first)
        XCTAssertTrue(first.contains("retry: 3000\n\nevent: update\ndata: {"))
        XCTAssertFalse(first.contains("data-alert=\\\"A-9\\\""))
        let start = Date()
        while server.streamCount == 0 && Date().timeIntervalSince(start) < 10 { usleep(10_000) }
        XCTAssertEqual(server.streamCount, 1)

        let second = try Client(port: server.boundPort)
        second.send(request)
        XCTAssertTrue(second.readAll().hasPrefix("HTTP/1.1 503"), "one stream at most")

        state.apply([(nil, F.alert(id: "A-9", severity: "critical"))])
        server.broadcast { Array(routes.update(for: $0).utf8) }
        XCTAssertTrue(stream.read(until: "A-9").contains("data-alert=\\\"A-9\\\""), "the broadcast reaches the open stream")
        _ = stream.readAll()   // the server ends the stream at its lifetime
        let ended = Date()
        while server.streamCount > 0 && Date().timeIntervalSince(ended) < 10 { usleep(10_000) }
        XCTAssertEqual(server.streamCount, 0)
    }

    func testActionsOverTheSocketRedirect() throws {
        let state = ConsoleState()
        state.apply([(nil, F.complaint("CMP-1"))])
        let (server, _) = start(state: state)
        defer { server.stop() }
        let host = "127.0.0.1:\(server.boundPort)"
        let body = "token=tok&complaintId=CMP-1"
        let client = try Client(port: server.boundPort)
        client.send("POST /complaints/take HTTP/1.1\r\nHost: \(host)\r\nOrigin: http://\(host)\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        let answer = client.readAll()
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 303 See Other\r\n"), answer)
        XCTAssertTrue(answer.contains("Location: /?lang=en&notice="))
    }
}
