import Foundation
import IntakeService
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// The README's integration examples, run as written: kcat and the confluent-kafka Python
/// client (third-party Kafka clients, not this project's code) produce a request and read
/// the ticket intake opens for it.
final class IntegratorClientTests: XCTestCase {
    func testKcatProducesARequestAndReadsTheOpenedTicket() async throws {
        try await roundTrip(["/bin/bash", "infra/contract/kcat-example.sh", "REQ-KCAT-TEST"], requestId: "REQ-KCAT-TEST")
    }

    /// The same with the confluent-kafka Python client (installed by setup into .local/python).
    func testTheConfluentPythonClientProducesARequestAndReadsTheOpenedTicket() async throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import sys; sys.path.insert(0, '.local/python'); import confluent_kafka"]
        check.currentDirectoryURL = TestEnvironment.repositoryRoot
        check.standardError = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        guard check.terminationStatus == 0 else {
            return XCTFail("the confluent-kafka Python client is not installed: run `make setup` (it installs it into .local/python)")
        }
        try await roundTrip(["/usr/bin/env", "python3", "infra/contract/confluent_example.py", "REQ-PY-TEST"], requestId: "REQ-PY-TEST")
    }

    /// Runs `command` (from the repository root) against intake on test topics; its output
    /// must be "KEY<TAB>ENVELOPE" of the ticket.opened of `requestId`.
    private func roundTrip(_ command: [String], requestId: String) async throws {
        let prefix = uniqueTopicPrefix("client")
        try createTestTopics(prefix: prefix)
        let config = testServiceConfig(service: "intake", databaseURL: try makeTestDatabase("kcat"), topicPrefix: prefix)
        let intake = ServiceRunner(config: config, migrations: IntakeMigrations.all, handler: try IntakeHandler(config: config))
        intake.start()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = TestEnvironment.repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["KAFKA_BOOTSTRAP_SERVERS"] = TestEnvironment.kafkaBootstrap
        environment["AFTERSALES_TOPIC_PREFIX"] = prefix
        environment["KCAT_TIMEOUT_SECONDS"] = "90"
        environment["TIMEOUT_SECONDS"] = "90"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "stdout: \(printed)\nstderr: \(complaints)")

        // "KEY<TAB>ENVELOPE": the ticket id as key, the ticket.opened of our request as value.
        let parts = printed.trimmingCharacters(in: .newlines).split(separator: "\t", maxSplits: 1).map(String.init)
        XCTAssertEqual(parts.count, 2, printed)
        guard parts.count == 2 else { return }
        let envelope = try Envelope.decode(Data(parts[1].utf8))
        let opened = try envelope.payload(as: TicketOpened.self)
        XCTAssertEqual(opened.requestId, requestId)
        XCTAssertEqual(parts[0], opened.ticketId, "keyed by ticketId")
        XCTAssertEqual(envelope.correlationId, requestId)
        await intake.stop()
    }
}
