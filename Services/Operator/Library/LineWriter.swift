import Foundation

/// Writes the tool's text to a file descriptor (standard output or error) with `write(2)`,
/// surviving a reader that goes away.
///
/// With SIGPIPE ignored (`OperatorTool.main` does it), a write to a closed pipe
/// (`aftersales watch | head`, `make run | tee log` after Ctrl-C) fails with EPIPE instead of
/// killing the process. The first failed write marks the writer closed, drops every later
/// line and sets `stop`, so a long-running command ends at its next check and the tool exits
/// 0 without a word: the reader has all it asked for.
public final class LineWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let stop: StopFlag?
    private let lock = NSLock()
    private var failed = false

    /// A writer to `descriptor` that sets `stop` when the descriptor stops taking bytes.
    public init(descriptor: Int32, stop: StopFlag?) {
        self.descriptor = descriptor
        self.stop = stop
    }

    /// Whether a write has failed (the reader is gone); nothing is written any more.
    public var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return failed
    }

    /// Writes `text` followed by a newline.
    public func writeLine(_ text: String) { write(text + "\n") }

    /// Writes `text` as it is, all of it, or marks the writer closed.
    public func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !failed else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress, buffer.count)
            }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                failed = true
                stop?.set()
                return
            }
        }
    }
}
