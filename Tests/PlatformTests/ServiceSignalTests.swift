import Foundation
import TestSupport
import XCTest

/// The built service executables stop cleanly on SIGTERM and SIGINT, as `make down`, a
/// container runtime or Ctrl-C ask them to: the batch in hand finishes, the process exits 0.
final class ServiceSignalTests: XCTestCase {
    /// A service binary next to the test bundle (both are products of the same build).
    private func binary(_ name: String) -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            .deletingLastPathComponent().appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/\(name)")
    }

    /// Starts `intake` on a fresh database and topic prefix and waits for its "service started" log line.
    private func startIntake() throws -> (process: Process, output: LineCollector) {
        let path = binary("intake")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path.path), "built with the tests: \(path.path)")
        let prefix = uniqueTopicPrefix("signal")
        try createTestTopics(prefix: prefix)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasSuffix("DATABASE_URL") }
        environment["AFTERSALES_INTAKE_DATABASE_URL"] = try makeTestDatabase("signal")
        environment["KAFKA_BOOTSTRAP_SERVERS"] = TestEnvironment.kafkaBootstrap
        environment["AFTERSALES_TOPIC_PREFIX"] = prefix
        environment["AFTERSALES_CREATE_TOPICS"] = "false"
        environment["AFTERSALES_LOG_LEVEL"] = "info"
        environment["AFTERSALES_HEALTH_PORT"] = nil
        let process = Process()
        process.executableURL = path
        process.environment = environment
        let output = LineCollector()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try process.run()
        eventually(timeout: 90, "intake starts") { output.text.contains("service started") || !process.isRunning }
        XCTAssertTrue(process.isRunning, "intake exited during start-up: \(output.text)")
        return (process, output)
    }

    private func assertStops(after signal: Int32, _ label: String) throws {
        let (process, output) = try startIntake()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        kill(process.processIdentifier, signal)
        eventually(timeout: 30, "intake stops on \(label)") { !process.isRunning }
        guard !process.isRunning else { return }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "exited by itself, not killed by \(label)")
        XCTAssertEqual(process.terminationStatus, 0, output.text)
        XCTAssertTrue(output.text.contains("service stopped"), output.text)
    }

    func testAServiceStopsCleanlyOnSIGTERM() throws {
        try assertStops(after: SIGTERM, "SIGTERM")
    }

    func testAServiceStopsCleanlyOnSIGINT() throws {
        try assertStops(after: SIGINT, "SIGINT")
    }
}

/// What a child process wrote, collected from its pipe on a background queue.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    func append(_ data: Data) {
        lock.lock()
        bytes.append(data)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
