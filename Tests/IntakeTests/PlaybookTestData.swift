import Foundation
import XCTest
@testable import IntakeService

/// Playbook data for the loader tests, and temporary files holding it.
enum PlaybookTestData {
    /// A valid entry as JSON text, with any member replaced (`nil` removes it).
    static func entry(id: String = "speaker-net", _ overrides: [String: String?] = [:]) -> String {
        var members: [(String, String)] = [
            ("id", "\"\(id)\""), ("version", "1"), ("categories", "[\"smart-speaker\"]"),
            ("faultClasses", "[\"network\"]"),
            ("steps", #"[{"zh": "重启音箱。", "en": "Restart the speaker."}, {"zh": "在 App 中重新配网。", "en": "Pair it again in the app."}]"#),
        ]
        for (key, value) in overrides {
            members.removeAll { $0.0 == key }
            if let value { members.append((key, value)) }
        }
        return "{" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A whole document with these entries.
    static func document(_ entries: [String], version: String = "1") -> String {
        "{\n  \"version\": \(version),\n  \"playbooks\": [\n    " + entries.joined(separator: ",\n    ") + "\n  ]\n}\n"
    }

    /// Writes `text` to a new temporary file; returns its path.
    static func file(_ text: String, name: String = "playbooks.json") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("playbooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The problems `PlaybookLoader` finds in `text`, or a failure when it accepts it.
    static func problems(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [PlaybookDataError.Problem] {
        do throws(PlaybookDataError) {
            _ = try PlaybookLoader.load(Data(text.utf8), source: "test.json")
            XCTFail("the data was accepted", file: file, line: line)
            return []
        } catch {
            XCTAssertEqual(error.source, "test.json", file: file, line: line)
            return error.problems
        }
    }

    /// The repository's data file.
    static var repositoryFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Services/Intake/Playbooks/playbooks.json")
    }
}
