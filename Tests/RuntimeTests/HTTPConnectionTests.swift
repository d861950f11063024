import Foundation
import ServiceRuntime
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `HTTPConnection` over a socket pair: reading stops one byte past the cap, an answer is
/// followed by the end of the stream, and the connection closes once the client has.
final class HTTPConnectionTests: XCTestCase {
    private var pair: [Int32] = [-1, -1]

    override func setUpWithError() throws {
        pair = [-1, -1]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair), 0)
        _ = fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL, 0) | O_NONBLOCK)
    }

    override func tearDown() {
        if pair[1] >= 0 { close(pair[1]) }
        super.tearDown()
    }

    private func client(sends text: String) {
        let bytes = Array(text.utf8)
        XCTAssertEqual(bytes.withUnsafeBytes { send(pair[1], $0.baseAddress, $0.count, 0) }, bytes.count)
    }

    func testReadingStopsOneBytePastTheCapAndSeesTheClientsEnd() {
        let connection = HTTPConnection(fd: pair[0], deadline: .now + .seconds(2))
        defer { connection.close() }
        guard case .nothing = connection.receive(upTo: 10) else { return XCTFail("nothing was sent yet") }
        client(sends: String(repeating: "x", count: 100))
        while case .bytes = connection.receive(upTo: 10), connection.request.count <= 10 {}
        XCTAssertEqual(connection.request.count, 11)
        shutdown(pair[1], Int32(SHUT_WR))
        var outcome = connection.receive(upTo: 1_000)
        while case .bytes = outcome { outcome = connection.receive(upTo: 1_000) }
        guard case .ended = outcome else { return XCTFail("the client's end is seen, not \(outcome)") }
    }

    func testAnAnswerIsSentThenTheStreamEndsAndTheConnectionClosesAfterTheClient() {
        let connection = HTTPConnection(fd: pair[0], deadline: .now + .seconds(2))
        connection.respond(with: Array("HTTP/1.1 200 OK\r\n\r\nhello".utf8))
        XCTAssertEqual(connection.phase, .draining)
        XCTAssertEqual(connection.pending, 0)
        var buffer = [UInt8](repeating: 0, count: 256)
        var received: [UInt8] = []
        while true {
            let count = recv(pair[1], &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        XCTAssertEqual(String(decoding: received, as: UTF8.self), "HTTP/1.1 200 OK\r\n\r\nhello")
        connection.drain()
        XCTAssertEqual(connection.phase, .draining, "the client has not closed yet")
        close(pair[1])
        pair[1] = -1
        connection.drain()
        XCTAssertEqual(connection.phase, .closed)
    }

    func testAStreamKeepsItsConnectionOpenAndSendsWhatIsAppended() {
        let connection = HTTPConnection(fd: pair[0], deadline: .now + .seconds(2))
        defer { connection.close() }
        connection.respond(with: Array("head\n".utf8), streaming: true)
        connection.append(Array("data: 1\n\n".utf8))
        connection.write()
        XCTAssertEqual(connection.phase, .streaming)
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = recv(pair[1], &buffer, buffer.count, 0)
        XCTAssertEqual(String(decoding: buffer[0..<max(0, count)], as: UTF8.self), "head\ndata: 1\n\n")
    }
}
