import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The listening side of a `poll(2)`-driven HTTP/1.1 server (the services' health
/// endpoint, the operator console): a non-blocking IPv4 listener and a wake pipe (a byte
/// written to `wakeWriter` makes `wakeReader` readable, waking the serving thread), all
/// close-on-exec. The server owns and closes the descriptors.
public struct HTTPListener: Sendable {
    /// Why a listener could not be opened; each server words it for its own settings.
    public enum Failure: Error, Sendable {
        /// The bind address is not an IPv4 address.
        case notIPv4
        case noSocket
        /// Bind or listen failed; `addressNotAvailable` when the address is not one of this machine.
        case cannotListen(addressNotAvailable: Bool)
        case noWakePipe
    }

    public let fd: Int32
    public let wakeReader: Int32
    public let wakeWriter: Int32
    /// The port listened on (the one asked for, or the one the system chose for port 0).
    public let port: Int

    /// Binds `bind:port` (backlog 64) and opens the wake pipe.
    public static func open(bind: String, port: Int) throws(Failure) -> HTTPListener {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        guard inet_pton(AF_INET, bind, &address.sin_addr) == 1 else { throw .notIPv4 }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .noSocket }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let bindError = errno
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw .cannotListen(addressNotAvailable: bound != 0 && bindError == EADDRNOTAVAIL)
        }
        var wake: [Int32] = [-1, -1]
        guard pipe(&wake) == 0 else {
            close(fd)
            throw .noWakePipe
        }
        for descriptor in [fd, wake[0], wake[1]] {
            setNonBlocking(descriptor)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        return HTTPListener(fd: fd, wakeReader: wake[0], wakeWriter: wake[1], port: localPort(of: fd) ?? port)
    }

    // MARK: Serving helpers

    /// The next waiting client, its socket made non-blocking; nil when none waits.
    public static func accept(on listener: Int32) -> Int32? {
        let client = Glibc.accept(listener, nil, nil)
        guard client >= 0 else { return nil }
        setNonBlocking(client)
        return client
    }

    /// Writes one byte to a wake pipe (a full pipe means the thread is awake already).
    public static func wake(_ writer: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(writer, &byte, 1)
    }

    /// Whole milliseconds from now until `deadline`, rounded up, at least 0 (a `poll` timeout).
    public static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let (seconds, attoseconds) = (deadline - ContinuousClock.now).components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: max(0, total))
    }

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
}
