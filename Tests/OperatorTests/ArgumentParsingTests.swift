import Foundation
import OperatorTool
import XCTest

final class ArgumentParsingTests: XCTestCase {
    func testSubmitFromFileWithWait() throws {
        let command = try OperatorCommand.parse(["submit", "request.json", "--wait", "--timeout", "45s"])
        guard case .submit(let options) = command else { return XCTFail("expected submit, got \(command)") }
        XCTAssertEqual(options.file, "request.json")
        XCTAssertTrue(options.wait)
        XCTAssertEqual(options.timeout, 45)
    }

    func testSubmitFromFlags() throws {
        let command = try OperatorCommand.parse(["submit", "--customer-id=C1", "--phone", "13800138000", "--category", "refrigerator"])
        guard case .submit(let options) = command else { return XCTFail("expected submit") }
        XCTAssertNil(options.file)
        XCTAssertEqual(options.fields["customer-id"], "C1")
        XCTAssertEqual(options.fields["phone"], "13800138000")
        XCTAssertFalse(options.wait)
    }

    func testSubmitNeedsARequestAndNotBothForms() {
        XCTAssertThrowsError(try OperatorCommand.parse(["submit"])) { error in
            XCTAssertTrue((error as? UsageError)?.message.contains("needs a request") ?? false)
        }
        XCTAssertThrowsError(try OperatorCommand.parse(["submit", "file.json", "--phone", "1"])) { error in
            XCTAssertTrue((error as? UsageError)?.message.contains("not both") ?? false, "\(error)")
        }
    }

    func testUnknownOptionsAndCommandsAreNamed() {
        XCTAssertEqual(try? OperatorCommand.parse([]), .help)
        for (words, named) in [(["watch", "--form-beginning"], "--form-beginning"), (["teleport"], "teleport"),
                               (["watch", "nonsense"], "nonsense"), (["simulate", "--rate", "fast"], "fast"),
                               (["submit", "x.json", "--timeout", "soon"], "soon")] {
            XCTAssertThrowsError(try OperatorCommand.parse(words), "\(words)") { error in
                XCTAssertTrue("\(error)".contains(named), "\(error) should name \(named)")
            }
        }
    }

    func testWatchDefaultsToEveryTopicAndAcceptsShortNames() throws {
        guard case .watch(let all) = try OperatorCommand.parse(["watch"]) else { return XCTFail() }
        XCTAssertEqual(all.topics.count, 13)
        XCTAssertFalse(all.fromBeginning)
        guard case .watch(let some) = try OperatorCommand.parse(["watch", "tickets", "aftersales.alerts", "--from-beginning",
                                                                  "--ticket", "AS-1,AS-2", "--type", "ticket.*", "--json"]) else { return XCTFail() }
        XCTAssertEqual(some.topics, ["aftersales.tickets", "aftersales.alerts"])
        XCTAssertEqual(some.ticketIds, ["AS-1", "AS-2"])
        XCTAssertEqual(some.types, ["ticket.*"])
        XCTAssertTrue(some.fromBeginning && some.json)
    }

    func testComplaintsActions() throws {
        XCTAssertEqual(try OperatorCommand.parse(["complaints"]), .complaints(.list(all: false)))
        XCTAssertEqual(try OperatorCommand.parse(["complaints", "take", "CMP-1", "--operator", "li"]),
                       .complaints(.take(complaintId: "CMP-1", operatorName: "li")))
        XCTAssertEqual(try OperatorCommand.parse(["complaints", "resolve", "CMP-1", "--note", "refund issued"]),
                       .complaints(.resolve(complaintId: "CMP-1", note: "refund issued")))
        XCTAssertThrowsError(try OperatorCommand.parse(["complaints", "resolve", "CMP-1"]))
        XCTAssertThrowsError(try OperatorCommand.parse(["complaints", "escalate", "CMP-1"]))
    }

    func testSimulateOptions() throws {
        guard case .simulate(let options) = try OperatorCommand.parse(["simulate", "--rate", "5", "--duration", "2m", "--seed", "9"]) else {
            return XCTFail()
        }
        XCTAssertEqual(options.rate, 5)
        XCTAssertEqual(options.duration, 120)
        XCTAssertEqual(options.seed, 9)
        XCTAssertThrowsError(try OperatorCommand.parse(["simulate", "--rate", "0"]))
    }

    func testTicketNeedsExactlyOneId() {
        XCTAssertEqual(try OperatorCommand.parse(["ticket", "AS-20261122-000001"]), .ticket(id: "AS-20261122-000001", json: false))
        XCTAssertThrowsError(try OperatorCommand.parse(["ticket"]))
        XCTAssertThrowsError(try OperatorCommand.parse(["ticket", "a", "b"]))
    }
}
