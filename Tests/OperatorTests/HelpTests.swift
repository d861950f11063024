import Foundation
@testable import OperatorTool
import XCTest

/// `aftersales COMMAND --help`, `-h`, `help COMMAND` and the usage after a mistake, all from
/// the one catalog (issue 17).
final class HelpTests: XCTestCase {
    /// Runs the tool without a broker (help and usage errors never reach one).
    private func run(_ arguments: [String]) -> (code: Int32, output: String, errors: String) {
        var output: [String] = []
        var errors = ""
        let code = OperatorTool.run(arguments: arguments, context: OperatorContext(environment: [:]), stop: StopFlag(),
                                    output: { output.append($0) }, errors: { errors += $0 })
        return (code, output.joined(separator: "\n"), errors)
    }

    func testEveryCommandPrintsItsOwnUsageForHelpAndH() {
        for usage in CommandCatalog.all where usage.name != "help" {
            for word in ["--help", "-h"] {
                let result = run([usage.name, word])
                XCTAssertEqual(result.code, 0, "\(usage.name) \(word): \(result.errors)")
                XCTAssertEqual(result.errors, "", "\(usage.name) \(word)")
                XCTAssertEqual(result.output, usage.text, "\(usage.name) \(word)")
                XCTAssertTrue(result.output.hasPrefix("aftersales \(usage.name) — "), result.output)
                XCTAssertTrue(result.output.contains("usage: aftersales \(usage.name)"), result.output)
                XCTAssertTrue(result.output.contains("-h, --help"), result.output)
                for option in usage.options {
                    XCTAssertTrue(result.output.contains(option.label), "\(usage.name) help lists \(option.label)")
                }
            }
            XCTAssertEqual(run(["help", usage.name]).output, usage.text, "help \(usage.name)")
        }
    }

    func testHelpWinsOverMissingArgumentsAndLaterWords() {
        XCTAssertEqual(try OperatorCommand.parse(["submit", "--help"]), .commandHelp("submit"), "submit needs a request otherwise")
        XCTAssertEqual(try OperatorCommand.parse(["ticket", "-h"]), .commandHelp("ticket"), "ticket needs an id otherwise")
        XCTAssertEqual(try OperatorCommand.parse(["watch", "tickets", "--json", "--help"]), .commandHelp("watch"))
        XCTAssertEqual(try OperatorCommand.parse(["simulate", "--rate", "fast", "-h"]), .commandHelp("simulate"))
        XCTAssertEqual(try OperatorCommand.parse(["complaints", "resolve", "--help"]), .commandHelp("complaints"))
    }

    func testAHelpWordGivenAsAnOptionValueIsAValue() throws {
        XCTAssertEqual(try OperatorCommand.parse(["complaints", "resolve", "C-1", "--note", "-h"]),
                       .complaints(.resolve(complaintId: "C-1", note: "-h")))
    }

    func testOverviewListsEveryCommand() {
        for words in [["--help"], ["-h"], ["help"], []] {
            let result = run(words)
            XCTAssertEqual(result.code, 0, "\(words)")
            for usage in CommandCatalog.all {
                XCTAssertTrue(result.output.contains("  \(usage.name)"), "\(words) lists \(usage.name)")
                XCTAssertTrue(result.output.contains(usage.summary), "\(words) shows the summary of \(usage.name)")
            }
            XCTAssertTrue(result.output.contains("aftersales COMMAND --help"), result.output)
        }
    }

    func testAUsageMistakeIsFollowedByThatCommandsSynopsis() {
        let result = run(["submit", "--bogus"])
        XCTAssertEqual(result.code, 64)
        XCTAssertEqual(result.output, "")
        XCTAssertTrue(result.errors.hasPrefix("aftersales submit: unknown option '--bogus'\n"), result.errors)
        XCTAssertTrue(result.errors.contains(CommandCatalog.submit.synopsisText), result.errors)
        XCTAssertTrue(result.errors.contains("run 'aftersales submit --help'"), result.errors)

        let missing = run(["ticket"])
        XCTAssertEqual(missing.code, 64)
        XCTAssertTrue(missing.errors.contains("usage: aftersales ticket ID [--json]"), missing.errors)
    }

    func testUnknownCommandsPointAtTheOverview() {
        for words in [["teleport"], ["help", "teleport"], ["teleport", "--help"]] {
            let result = run(words)
            XCTAssertEqual(result.code, 64, "\(words)")
            XCTAssertTrue(result.errors.contains("unknown command 'teleport'"), result.errors)
            XCTAssertTrue(result.errors.contains("run 'aftersales help'"), result.errors)
        }
    }

    func testTheParserAcceptsExactlyTheOptionsTheUsageLists() throws {
        // Every valued option takes a value and every flag none; anything else is unknown.
        for usage in CommandCatalog.all {
            for option in usage.options {
                let words = option.value == nil ? ["--\(option.name)"] : ["--\(option.name)", "x"]
                let reader = try usage.reader(words)
                XCTAssertTrue(option.value == nil ? reader.flag(option.name) : reader.value(option.name) == "x",
                              "\(usage.name) --\(option.name)")
            }
            XCTAssertThrowsError(try usage.reader(["--not-an-option"]), usage.name)
        }
        XCTAssertEqual(OperatorCommand.submitFields.count, CommandCatalog.submitFieldOptions.count)
        XCTAssertTrue(OperatorCommand.submitFields.contains("correlation-id"))
    }
}
