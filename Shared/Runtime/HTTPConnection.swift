import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One client connection of a `poll(2)`-driven HTTP/1.1 server (the services' health
/// endpoint, the operator console): its non-blocking socket, its deadline, the request
/// bytes read so far and the answer bytes still to send.
///
/// It moves the bytes; the server decides what a request means, what to answer and when
/// the deadline has passed. Reading is capped (`receive(upTo:)` never holds more than one
/// byte beyond the cap, so a server sees a request exceed it), writing is non-blocking, and
/// a finished answer is followed by a half-close and a drain, so closing does not reset the
/// connection before the client has read the answer.
public final class HTTPConnection {
    /// How far the exchange has got.
    public enum Phase: Sendable {
        /// Reading the request.
        case reading
        /// The request is with a handler; nothing is read or written.
        case handling
        /// Sending the answer; once sent, the connection half-closes and drains.
        case writing
        /// An open answer (Server-Sent Events): output is sent as it is queued.
        case streaming
        /// The answer is sent; reading (and discarding) until the client closes.
        case draining
        case closed
    }

    /// What one `receive(upTo:)` brought.
    public enum Received: Sendable {
        /// Bytes were appended to `request`.
        case bytes
        /// Nothing has arrived yet.
        case nothing
        /// The client half-closed (sends no more).
        case ended
        /// The socket failed; the connection is closed.
        case failed
    }

    /// A number the server gives the connection (to find it again from another thread).
    public let id: Int
    public let fd: Int32
    /// When the current exchange must be over; the server closes the connection then.
    public var deadline: ContinuousClock.Instant
    public var phase = Phase.reading
    /// The request bytes read so far.
    public var request: [UInt8] = []
    /// The answer bytes, of which the first `sent` have gone.
    public private(set) var output: [UInt8] = []
    public private(set) var sent = 0

    /// A connection on the accepted, non-blocking socket `fd`.
    public init(id: Int = 0, fd: Int32, deadline: ContinuousClock.Instant) {
        self.id = id
        self.fd = fd
        self.deadline = deadline
    }

    /// Answer bytes not sent yet.
    public var pending: Int { output.count - sent }

    // MARK: Reading

    /// Reads what has arrived (at most 4 KiB) onto `request`, never beyond `maxBytes + 1`
    /// bytes in all.
    public func receive(upTo maxBytes: Int) -> Received {
        let room = maxBytes + 1 - request.count
        var buffer = [UInt8](repeating: 0, count: max(1, min(4096, room)))
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count < 0 {
            if Self.isTransient(errno) { return .nothing }
            close()
            return .failed
        }
        if count == 0 { return .ended }
        request += buffer[0..<count]
        return .bytes
    }

    /// Reads and discards what the client still sends; closes once it has closed.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count == 0 || (count < 0 && !Self.isTransient(errno)) { close() }
    }

    // MARK: Writing

    /// Starts sending `bytes` as the answer: phase `.streaming` when `streaming` (the
    /// connection stays open for `append`), else `.writing`.
    public func respond(with bytes: [UInt8], streaming: Bool = false) {
        output = bytes
        sent = 0
        phase = streaming ? .streaming : .writing
        write()
    }

    /// Queues `bytes` after the output not sent yet (a stream's next events).
    public func append(_ bytes: [UInt8]) {
        if sent > 0 {
            output.removeFirst(sent)
            sent = 0
        }
        output += bytes
    }

    /// Sends what the socket takes of the pending output; once a `.writing` answer is all
    /// sent, half-closes and goes on `.draining`. Closes on a socket error.
    public func write() {
        if pending > 0 {
            let count = output[sent...].withUnsafeBytes {
                send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if count < 0 {
                if !Self.isTransient(errno) { close() }
                return
            }
            sent += count
        }
        if pending == 0 && phase == .writing {
            halfClose()
            phase = .draining
        }
    }

    /// Sends `bytes` once without waiting (a 408 at the deadline): what the socket does not
    /// take at once is lost.
    public func sendOnce(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

    /// Ends the sending side: the client reads what was sent, then the end.
    public func halfClose() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes the socket (once) and marks the connection `.closed`.
    public func close() {
        guard phase != .closed else { return }
        phase = .closed
        Glibc.close(fd)
    }

    private static func isTransient(_ error: Int32) -> Bool {
        error == EAGAIN || error == EWOULDBLOCK || error == EINTR
    }
}
