import Foundation
import Schema

/// Runs infra/contract/validate.py — Python `jsonschema`, independent of the Swift code that
/// generated the schemas — over events, against the committed docs/asyncapi.yaml.
public enum ContractValidator {
    /// What the validator said: its exit status (0 valid, 1 invalid events) and its lines.
    public struct Report: Sendable {
        public var status: Int32
        public var output: String
        /// The lines naming problems (`line N: …`).
        public var problems: [String] { output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("line ") } }
    }

    /// One JSONL line: a broker record (`topic` without the test prefix, key, envelope).
    public static func recordLine(topic: String, key: String?, value: Envelope) -> String {
        let keyText = key.map { String(decoding: JSONWriter.data(.string($0)), as: UTF8.self) } ?? "null"
        return "{\"topic\":\(String(decoding: JSONWriter.data(.string(topic)), as: UTF8.self)),\"key\":\(keyText),\"value\":"
            + String(decoding: value.encoded(), as: UTF8.self) + "}"
    }

    /// Validates JSONL lines (envelopes or records). Throws when python3 or the script
    /// cannot run at all (a missing `jsonschema` is a failure: `make setup` installs it).
    public static func validate(lines: [String]) throws -> Report {
        let root = TestEnvironment.repositoryRoot
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(randomSuffix()).jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("infra/contract/validate.py").path,
                             "--document", root.appendingPathComponent("docs/asyncapi.yaml").path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Report(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }
}
