import Foundation
@testable import OperatorTool
import XCTest

/// A reader that goes away ends the tool's output quietly (SIGPIPE ignored, EPIPE noticed).
final class LineWriterTests: XCTestCase {
    override func setUp() {
        super.setUp()
        signal(SIGPIPE, SIG_IGN)   // as OperatorTool.main does; without it the write below kills the test process
    }

    func testLinesReachAnOpenPipe() throws {
        let pipe = Pipe()
        let writer = LineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor, stop: nil)
        writer.writeLine("first")
        writer.writeLine("第二")
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(text, "first\n第二\n")
        XCTAssertFalse(writer.isClosed)
    }

    func testAClosedReaderStopsTheCommandAndDropsLaterLines() throws {
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let stop = StopFlag()
        let writer = LineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor, stop: stop)
        XCTAssertFalse(stop.isSet)
        writer.writeLine("nobody reads this")
        XCTAssertTrue(writer.isClosed)
        XCTAssertTrue(stop.isSet, "a long-running command (watch) ends at its next check")
        writer.writeLine("nor this")   // no crash, no error
        XCTAssertTrue(writer.isClosed)
    }

    func testALargeWriteIsWrittenWhole() throws {
        let pipe = Pipe()
        let writer = LineWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor, stop: nil)
        let line = String(repeating: "x", count: 300_000)   // larger than a pipe buffer: partial writes
        let received = ReceivedBytes()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            received.set(pipe.fileHandleForReading.readDataToEndOfFile())
            done.signal()
        }
        writer.writeLine(line)
        try pipe.fileHandleForWriting.close()
        done.wait()
        XCTAssertEqual(received.count, 300_001)
        XCTAssertFalse(writer.isClosed)
    }
}

/// Bytes read on another thread.
private final class ReceivedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ bytes: Data) { lock.lock(); data = bytes; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return data.count }
}
