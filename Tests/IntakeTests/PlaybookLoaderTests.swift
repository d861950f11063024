import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import IntakeService

/// Loading and checking playbook data: the built-in data, every refusal naming the file, the
/// entry and the field, and the start-up path through the configuration (exit 2).
final class PlaybookLoaderTests: XCTestCase {
    private typealias Sample = PlaybookTestData

    // MARK: The built-in data

    func testBuiltInPlaybooksAreValidAndAreTheRepositoryFile() throws {
        let library = try PlaybookSource.builtIn()
        XCTAssertEqual(library, PlaybookLibrary.standard)
        XCTAssertGreaterThanOrEqual(library.playbooks.count, 8)
        // The generated literal is the JSON file people edit, byte for byte (run embed.sh after editing).
        let fileText = try String(contentsOf: Sample.repositoryFile, encoding: .utf8)
        XCTAssertEqual(EmbeddedPlaybooks.json + "\n", fileText,
                       "EmbeddedPlaybooks.swift is stale: run sh Services/Intake/Playbooks/embed.sh")
        XCTAssertEqual(try PlaybookSource.load(file: Sample.repositoryFile.path), library)
        for playbook in library.playbooks {
            XCTAssertFalse(playbook.priorities.contains(.emergency), playbook.id)
            XCTAssertFalse(playbook.steps.isEmpty, playbook.id)
        }
    }

    func testAValidDocumentIsTyped() throws {
        let text = Sample.document([
            Sample.entry(),
            Sample.entry(id: "lock-sw", ["categories": #"["smart-lock", "robot-vacuum"]"#, "faultClasses": #"["software"]"#,
                                       "priorities": #"["low"]"#, "version": "3", "notes": #""only maintenance""#]),
        ], version: "7")
        let library = try PlaybookLoader.load(Data(text.utf8), source: "x.json")
        XCTAssertEqual(library.version, 7)
        XCTAssertEqual(library.playbooks.map(\.id), ["speaker-net", "lock-sw"])
        let lock = library.playbooks[1]
        XCTAssertEqual(lock.version, 3)
        XCTAssertEqual(lock.versionedId, "lock-sw@3")
        XCTAssertEqual(lock.categories, [.smartLock, .robotVacuum])
        XCTAssertEqual(lock.faultClasses, [.software])
        XCTAssertEqual(lock.priorities, [.low])
        XCTAssertEqual(library.playbooks[0].priorities, [.high, .normal, .low], "default: every priority but emergency")
        XCTAssertEqual(lock.steps(in: .english), ["Restart the speaker.", "Pair it again in the app."])
        XCTAssertEqual(lock.steps(in: .chinese), ["重启音箱。", "在 App 中重新配网。"])
        XCTAssertEqual(library.playbook(category: .robotVacuum, faultClass: .software)?.id, "lock-sw")
        XCTAssertNil(library.playbook(category: .robotVacuum, faultClass: .network))
    }

    func testAnEmptyListIsValidAndOffersNothing() throws {
        let library = try PlaybookLoader.load(Data(Sample.document([]).utf8), source: "x.json")
        XCTAssertTrue(library.playbooks.isEmpty)
    }

    // MARK: Refusals name the entry and the field

    func testUnknownCategoryNamesTheEntryAndField() {
        let problems = Sample.problems(Sample.document([Sample.entry(["categories": #"["smart-speaker", "spaceship"]"#])]))
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.index, 0)
        XCTAssertEqual(problems.first?.playbookId, "speaker-net")
        XCTAssertEqual(problems.first?.field, "categories[1]")
        XCTAssertEqual(problems.first?.description.hasPrefix(#"playbooks[0] (id "speaker-net"): categories[1]: unknown value "spaceship""#),
                       true, problems.first?.description ?? "")
        // Fault classes and priorities are checked against the vocabulary too.
        let classes = Sample.problems(Sample.document([Sample.entry(["faultClasses": #"["wifi"]"#, "priorities": #"["urgent"]"#])]))
        XCTAssertEqual(classes.map(\.field), ["faultClasses[0]", "priorities[0]"])
    }

    func testDuplicateIdsAreRefused() {
        let problems = Sample.problems(Sample.document([
            Sample.entry(), Sample.entry(id: "other", ["categories": #"["smart-lock"]"#]),
            Sample.entry(["faultClasses": #"["software"]"#]),
        ]))
        XCTAssertEqual(problems.map(\.index), [2])
        XCTAssertEqual(problems.first?.field, "id")
        XCTAssertEqual(problems.first?.description, #"playbooks[2] (id "speaker-net"): id: is already the id of playbooks[0]"#)
    }

    func testEmptyOrMissingStepsAreRefused() {
        let empty = Sample.problems(Sample.document([Sample.entry(["steps": "[]"])]))
        XCTAssertEqual(empty.map(\.field), ["steps"])
        XCTAssertEqual(empty.first?.message, #"must be a non-empty array of {"zh", "en"}"#)
        let missing = Sample.problems(Sample.document([Sample.entry(["steps": nil])]))
        XCTAssertEqual(missing.map(\.field), ["steps"])
        let tooMany = Array(repeating: #"{"zh": "重启。", "en": "Restart."}"#, count: 101).joined(separator: ",")
        XCTAssertEqual(Sample.problems(Sample.document([Sample.entry(["steps": "[\(tooMany)]"])])).map(\.field), ["steps"])
    }

    func testBadStepTextNamesTheStepAndLanguage() {
        let steps = #"""
            [{"zh": "   ", "en": "Restart."}, {"zh": "重启。"}, {"zh": "Restart.", "en": "重启。"},
             {"zh": "重启\u0000。", "en": "Restart.", "fr": "Redémarrer."}, {"zh": 3, "en": "Restart."}, "restart"]
            """#
        let problems = Sample.problems(Sample.document([Sample.entry(["steps": steps])]))
        XCTAssertEqual(problems.map { "\($0.field ?? ""): \($0.message)" }, [
            "steps[0].zh: must not be blank",
            "steps[1].en: is required",
            "steps[2].zh: must be Chinese text (no Chinese character found)",
            "steps[2].en: must be English text (it contains Chinese characters)",
            "steps[3].fr: unknown member (expected zh, en)",
            "steps[3].zh: must not contain control characters (tabs, line breaks, NUL …)",
            "steps[4].zh: must be a string",
            #"steps[5]: must be an object {"zh": …, "en": …}"#,
        ])
        let long = String(repeating: "重", count: 2_001)
        XCTAssertEqual(Sample.problems(Sample.document([Sample.entry(["steps": #"[{"zh": "\#(long)", "en": "Restart."}]"#])]))
            .map(\.message), ["must be at most 2000 characters"])
    }

    func testTwoPlaybooksMayNotClaimOnePair() {
        let problems = Sample.problems(Sample.document([
            Sample.entry(["categories": #"["smart-speaker", "smart-lock"]"#]),
            Sample.entry(id: "lock-net", ["categories": #"["smart-lock"]"#, "faultClasses": #"["network", "software"]"#]),
        ]))
        XCTAssertEqual(problems.map(\.index), [1])
        XCTAssertEqual(problems.first?.description,
                       #"playbooks[1] (id "lock-net"): categories: (smart-lock, network) already covered by playbooks[0] (id "speaker-net"): one playbook per category and fault class"#)
    }

    func testEmergenciesNeverWait() {
        let problems = Sample.problems(Sample.document([Sample.entry(["priorities": #"["normal", "emergency"]"#])]))
        XCTAssertEqual(problems.map(\.field), ["priorities"])
        XCTAssertTrue(problems.first?.message.contains("emergencies never wait") ?? false)
    }

    func testFieldShapesIdsAndUnknownMembers() {
        let problems = Sample.problems(Sample.document([
            Sample.entry(id: "Speaker Net", ["version": "0", "faultClass": #"["network"]"#, "faultClasses": nil]),
            Sample.entry(id: "b", ["version": "1.5", "categories": #"["smart-lock", "smart-lock"]"#]),
            Sample.entry(["id": nil, "categories": "\"smart-speaker\""]),
            "[]",
        ]))
        XCTAssertEqual(problems.map { "\($0.entry ?? "-") \($0.field ?? "-")" }, [
            "playbooks[0] id", "playbooks[0] faultClass", "playbooks[0] version", "playbooks[0] faultClasses",
            #"playbooks[1] (id "b") version"#, #"playbooks[1] (id "b") categories[1]"#,
            "playbooks[2] id", "playbooks[2] categories",
            "playbooks[3] -",
        ])
        XCTAssertTrue(problems[1].message.hasPrefix("unknown member"), problems[1].message)
    }

    func testFileLevelProblems() {
        XCTAssertEqual(Sample.problems(#"{"playbooks": [], "version": 1, "extra": true}"#).map(\.description),
                       ["extra: unknown member (expected version, playbooks, notes)"])
        XCTAssertEqual(Sample.problems(#"{"playbooks": []}"#).map(\.description), ["version: is required (a whole number ≥ 1)"])
        XCTAssertEqual(Sample.problems(#"{"version": 1}"#).map(\.field), ["playbooks"])
        XCTAssertEqual(Sample.problems("[]").map(\.description), [#"must be a JSON object with "version" and "playbooks""#])
        // Not JSON: the position, as line and column, for a person editing the file.
        let broken = "{\n  \"version\": 1,\n  \"playbooks\": [\n    {\"id\": \"a\",}\n  ]\n}\n"
        let problem = Sample.problems(broken).first?.description ?? ""
        XCTAssertTrue(problem.hasPrefix("is not valid JSON: "), problem)
        XCTAssertTrue(problem.contains("line 4, column"), problem)
        // Duplicate member names are refused by the strict parser.
        XCTAssertTrue(Sample.problems(#"{"version": 1, "version": 2, "playbooks": []}"#).first?.message.contains("duplicate") ?? false)
    }

    func testEveryProblemIsReportedAtOnce() {
        let problems = Sample.problems(Sample.document([
            Sample.entry(["steps": "[]"]), Sample.entry(id: "two", ["categories": #"["spaceship"]"#]), Sample.entry(id: "two"),
        ], version: "\"one\""))
        XCTAssertEqual(problems.map(\.index), [nil, 0, 1, 2])
        let error = PlaybookDataError(source: "f.json", problems: problems)
        XCTAssertTrue(error.description.hasPrefix("playbook data f.json is invalid (4 problems): version: "), error.description)
        let many = PlaybookDataError(source: "f.json", problems: Array(repeating: .init(message: "x"), count: 25))
        XCTAssertTrue(many.description.hasSuffix("… and 5 more"), many.description)
    }

    // MARK: Files and the start-up path

    func testMalformedFileNamesTheFileAndEntry() throws {
        let path = try Sample.file(Sample.document([Sample.entry(), Sample.entry(id: "lock-net", [
            "categories": #"["smart-lock"]"#, "steps": #"[{"zh": "重启门锁。", "en": ""}]"#,
        ])]))
        XCTAssertThrowsError(try PlaybookSource.load(file: path)) { error in
            let error = error as? PlaybookDataError
            XCTAssertEqual(error?.source, path)
            XCTAssertEqual(error?.problems.map(\.description), [#"playbooks[1] (id "lock-net"): steps[0].en: must not be blank"#])
        }
        XCTAssertThrowsError(try PlaybookSource.load(file: path + ".missing")) { error in
            XCTAssertEqual((error as? PlaybookDataError)?.description, "playbook data \(path).missing is invalid (1 problem): does not exist")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        XCTAssertThrowsError(try PlaybookSource.load(file: folder)) { error in
            XCTAssertTrue("\(error)".contains("is a directory"), "\(error)")
        }
    }

    func testTheConfigurationSelectsTheFileAndABadOneIsAConfigError() throws {
        func config(_ settings: [String: String]) -> ServiceConfig {
            testServiceConfig(service: "intake", databaseURL: "postgres://x@127.0.0.1/x", topicPrefix: "", overrides: settings)
        }
        XCTAssertEqual(try PlaybookSource.load(config: config([:])), .standard)
        XCTAssertEqual(try IntakeHandler(config: config([:])).playbooks, .standard)
        let good = try Sample.file(Sample.document([Sample.entry()], version: "9"))
        XCTAssertEqual(try IntakeHandler(config: config([PlaybookSource.fileVariable: good])).playbooks.version, 9)

        let bad = try Sample.file(Sample.document([Sample.entry(["categories": #"["spaceship"]"#])]))
        XCTAssertThrowsError(try IntakeHandler(config: config([PlaybookSource.fileVariable: bad]))) { error in
            let configError = error as? ConfigError
            XCTAssertEqual(configError?.variable, "AFTERSALES_INTAKE_PLAYBOOKS_FILE")
            let text = configError?.description ?? "\(error)"
            XCTAssertTrue(text.contains(bad), text)
            XCTAssertTrue(text.contains(#"playbooks[0] (id "speaker-net"): categories[0]: unknown value "spaceship""#), text)
        }
    }

    /// The real executable: bad playbook data stops start-up with exit code 2 and a message
    /// naming the file, the entry and the field, before any connection is made.
    func testTheServiceExitsWithCode2OnBadPlaybookData() throws {
        let binary = try intakeExecutable()
        let bad = try Sample.file(Sample.document([Sample.entry(["steps": "[]"])]), name: "broken-playbooks.json")
        let process = Process()
        process.executableURL = binary
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "AFTERSALES_INTAKE_DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
            "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
            "AFTERSALES_INTAKE_PLAYBOOKS_FILE": bad,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // A guard against a process that does not stop (it would try to connect): not an assertion.
        let guardTimer = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: guardTimer)
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guardTimer.cancel()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 2, output)
        XCTAssertTrue(output.hasPrefix("intake: configuration error: AFTERSALES_INTAKE_PLAYBOOKS_FILE: playbook data \(bad)"), output)
        XCTAssertTrue(output.contains(#"playbooks[0] (id "speaker-net"): steps: must be a non-empty array"#), output)
    }

    /// The `intake` binary next to the test bundle (`swift build --build-tests` builds it).
    private func intakeExecutable() throws -> URL {
        let folders = [Bundle.main.executableURL, Bundle(for: PlaybookLoaderTests.self).bundleURL]
            .compactMap { $0?.deletingLastPathComponent() }
        let candidates = folders.map { $0.appendingPathComponent("intake") }
        return try XCTUnwrap(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                             "no intake executable in \(folders.map(\.path)): build it (swift build --build-tests)")
    }
}
