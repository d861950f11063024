import Foundation
import Schema
import TestSupport
import XCTest

/// The built `aftersales` binary over the real broker: `aftersales watch | head` and Ctrl-C
/// end it with exit 0 and nothing on standard error.
final class WatchProcessTests: XCTestCase {
    /// The `aftersales` binary next to the test bundle (both are products of the same build).
    private var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            .deletingLastPathComponent().appendingPathComponent("aftersales")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/aftersales")
    }

    /// Starts `aftersales watch tickets --from-beginning` on a fresh topic space holding one event.
    private func startWatch() throws -> (process: Process, output: Pipe, errors: Pipe, probe: TopicProbe) {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary.path),
                      "the aftersales binary is built with the tests (swift build --build-tests): \(binary.path)")
        let prefix = uniqueTopicPrefix("watchpipe")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets])
        try probe.send(TicketClosed(ticketId: "AS-PIPE-1", reason: "first"))
        let process = Process()
        process.executableURL = binary
        process.arguments = ["watch", "tickets", "--from-beginning", "--no-color"]
        process.environment = ["KAFKA_BOOTSTRAP_SERVERS": TestEnvironment.kafkaBootstrap, "AFTERSALES_TOPIC_PREFIX": prefix]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors, probe)
    }

    /// Reads from `handle` up to and including the first newline, or fails after `timeout`
    /// seconds (or when the process ends) with what it wrote to standard error.
    private func firstLine(of handle: FileHandle, process: Process, errors: Pipe, timeout: TimeInterval = 60) -> String {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while !bytes.contains(UInt8(ascii: "\n")) && Date() < deadline {
            var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else {
                if !process.isRunning { break }
                continue
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(handle.fileDescriptor, &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk.prefix(count)
        }
        if !bytes.contains(UInt8(ascii: "\n")) {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            XCTFail("no line from aftersales watch (exit \(process.terminationStatus)): "
                    + String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testWatchIntoAReaderThatLeavesExitsZeroQuietly() throws {
        let (process, output, errors, probe) = try startWatch()
        defer { if process.isRunning { process.terminate() } }
        let line = firstLine(of: output.fileHandleForReading, process: process, errors: errors)
        XCTAssertTrue(line.contains("ticket.closed") && line.contains("AS-PIPE-1"), line)
        try output.fileHandleForReading.close()   // like `head -1` exiting
        // The next event makes watch write into the closed pipe: EPIPE, not a SIGPIPE death.
        var sent = 1
        eventually(timeout: 60, pollEvery: 1, "watch ends once its output is closed") {
            if process.isRunning {
                sent += 1
                try probe.send(TicketClosed(ticketId: "AS-PIPE-\(sent)", reason: "next"))
            }
            return !process.isRunning
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "not killed by SIGPIPE")
        XCTAssertEqual(process.terminationStatus, 0)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(complaint, "", "quiet")
    }

    func testCtrlCEndsWatchWithExitZero() throws {
        let (process, output, errors, _) = try startWatch()
        defer { if process.isRunning { process.terminate() } }
        XCTAssertTrue(firstLine(of: output.fileHandleForReading, process: process, errors: errors).contains("AS-PIPE-1"))
        process.interrupt()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "")
    }
}
