import Foundation
import Kafka
import Schema

/// Runs infra/contract/validate.py — Python `jsonschema`, independent of the Swift code that
/// generated the schemas — over events, against the committed docs/asyncapi.yaml, or over an
/// AsyncAPI document, against AsyncAPI 3.0.0 (`--check-document`).
public enum ContractValidator {
    /// What the validator said: its exit status (0 valid, 1 invalid) and its lines.
    public struct Report: Sendable {
        public var status: Int32
        public var output: String
        /// The lines naming problems of events (`line N: …`).
        public var problems: [String] { lines.filter { $0.hasPrefix("line ") } }
        /// The lines naming problems of a document (`document: PATH: …`), without the prefix.
        public var documentProblems: [String] {
            lines.filter { $0.hasPrefix("document: ") }.map { String($0.dropFirst("document: ".count)) }
        }
        private var lines: [String] { output.split(separator: "\n").map(String.init) }
    }

    /// One JSONL line: a broker record (`topic` without the test prefix, key, envelope).
    public static func recordLine(topic: String, key: String?, value: Envelope) -> String {
        let keyText = key.map { String(decoding: JSONWriter.data(.string($0)), as: UTF8.self) } ?? "null"
        return "{\"topic\":\(String(decoding: JSONWriter.data(.string(topic)), as: UTF8.self)),\"key\":\(keyText),\"value\":"
            + String(decoding: value.encoded(), as: UTF8.self) + "}"
    }

    /// A record line whose value is not an envelope: the value as a JSON string.
    static func recordLine(topic: String, key: String?, rawValue: String) -> String {
        let keyText = key.map { String(decoding: JSONWriter.data(.string($0)), as: UTF8.self) } ?? "null"
        return "{\"topic\":\(String(decoding: JSONWriter.data(.string(topic)), as: UTF8.self)),\"key\":\(keyText),\"value\":"
            + String(decoding: JSONWriter.data(.string(rawValue)), as: UTF8.self) + "}"
    }

    /// Validates JSONL lines (envelopes or records). Throws when python3 or the script
    /// cannot run at all (a missing `jsonschema` is a failure: `make setup` installs it).
    public static func validate(lines: [String]) throws -> Report {
        let root = TestEnvironment.repositoryRoot
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(randomSuffix()).jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(["--document", root.appendingPathComponent("docs/asyncapi.yaml").path, file.path])
    }

    /// Checks an AsyncAPI document (the committed docs/asyncapi.yaml unless `document`)
    /// against AsyncAPI 3.0.0: infra/contract/asyncapi300.py, each of `specs` (JSON Schemas
    /// of the specification) and infra/contract/asyncapi-3.0.0.schema.json when present.
    public static func checkDocument(at document: URL? = nil, specs: [URL] = []) throws -> Report {
        let path = document ?? TestEnvironment.repositoryRoot.appendingPathComponent("docs/asyncapi.yaml")
        return try run(["--check-document", "--document", path.path] + specs.flatMap { ["--spec", $0.path] })
    }

    private static func run(_ arguments: [String]) throws -> Report {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("infra/contract/validate.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Report(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }
}

/// With `AFTERSALES_CONTRACT_CAPTURE=DIR`, every `TopicProbe` writes the records it read from
/// topics the platform produces on whose `source` is one of the five services (tests send
/// broken input on purpose, on every topic, under sources of their own) to
/// `DIR/<prefix>.jsonl` when it goes away, so that the events the services produced in any
/// set of integration tests can be checked against docs/asyncapi.yaml afterwards:
///
///     AFTERSALES_CONTRACT_CAPTURE=/tmp/events swift test --filter PlatformTests
///     python3 infra/contract/validate.py /tmp/events/*.jsonl
public enum ContractCapture {
    /// The folder named by `AFTERSALES_CONTRACT_CAPTURE`, or nil (nothing is written).
    public static var folder: URL? {
        guard let path = ProcessInfo.processInfo.environment["AFTERSALES_CONTRACT_CAPTURE"], !path.isEmpty else { return nil }
        return URL(fileURLWithPath: path)
    }

    /// The `source` of the events the five services produce.
    static let services: Set<String> = ["intake", "dispatch", "inventory", "surveys", "alerting"]

    static func write(_ records: [ConsumerRecord], prefix: String) {
        guard let folder else { return }
        let produced = Set(Topic.all.filter { !$0.eventTypes.allSatisfy(\.isInbound) }.map(\.name))
        let lines = records.compactMap { record -> String? in
            let topic = String(record.topic.dropFirst(prefix.count))
            guard record.topic.hasPrefix(prefix), produced.contains(topic), let value = record.value,
                  let source = (try? JSONParser.parse(value))?["source"]?.stringValue, services.contains(source) else { return nil }
            let key = record.key.map { String(decoding: $0, as: UTF8.self) }
            guard let envelope = try? Envelope.decode(value) else {
                // A service wrote something that is not an envelope: kept, so the validator reports it.
                return ContractValidator.recordLine(topic: topic, key: key, rawValue: String(decoding: value, as: UTF8.self))
            }
            return ContractValidator.recordLine(topic: topic, key: key, value: envelope)
        }
        guard !lines.isEmpty else { return }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = prefix.isEmpty ? "unprefixed-\(randomSuffix())" : String(prefix.dropLast(prefix.hasSuffix(".") ? 1 : 0))
        try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("\(name).jsonl"))
    }
}
