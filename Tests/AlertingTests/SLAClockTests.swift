import AlertingService
import Foundation
import XCTest

/// SLA clock arithmetic with a fixed clock.
final class SLAClockTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_795_852_800)

    func testDueTimesFallAt80100And150PercentOfTheWindow() {
        let clock = SLAClock(deadline: .respond, start: start, due: start.addingTimeInterval(3_600))
        XCTAssertEqual(clock.dueTime(of: .atRisk), start.addingTimeInterval(2_880))
        XCTAssertEqual(clock.dueTime(of: .breach), start.addingTimeInterval(3_600))
        XCTAssertEqual(clock.dueTime(of: .escalate), start.addingTimeInterval(5_400))
    }

    func testPassedThresholdsGrowWithTime() {
        let clock = SLAClock(deadline: .resolve, start: start, due: start.addingTimeInterval(10_000))
        XCTAssertEqual(clock.passed(at: start.addingTimeInterval(7_999)), [])
        XCTAssertEqual(clock.passed(at: start.addingTimeInterval(8_000)), [.atRisk])
        XCTAssertEqual(clock.passed(at: start.addingTimeInterval(10_000)), [.atRisk, .breach])
        XCTAssertEqual(clock.passed(at: start.addingTimeInterval(14_999)), [.atRisk, .breach])
        XCTAssertEqual(clock.passed(at: start.addingTimeInterval(15_000)), [.atRisk, .breach, .escalate])
    }

    func testDeadlineBeforeOpeningIsAZeroWindowAlreadyPassed() {
        let clock = SLAClock(deadline: .onSite, start: start, due: start.addingTimeInterval(-60))
        XCTAssertEqual(clock.window, 0)
        XCTAssertEqual(clock.dueTime(of: .atRisk), start)
        XCTAssertEqual(clock.passed(at: start), [.atRisk, .breach, .escalate], "every threshold is due at once")
        XCTAssertEqual(clock.passed(at: start.addingTimeInterval(-61)), [])
    }

    func testMetOnTimeIncludesTheDeadlineItself() {
        let clock = SLAClock(deadline: .respond, start: start, due: start.addingTimeInterval(60))
        XCTAssertTrue(clock.metOnTime(start.addingTimeInterval(60)))
        XCTAssertFalse(clock.metOnTime(start.addingTimeInterval(61)))
    }

    func testKeysRoundTripEvenWithColonsInTheTicketId() {
        XCTAssertEqual(SLAClock.key(ticketId: "TK-1", deadline: .onSite), "TK-1:on-site")
        let parsed = SLAClock.parse(key: "TK:odd:resolve")
        XCTAssertEqual(parsed?.ticketId, "TK:odd")
        XCTAssertEqual(parsed?.deadline, .resolve)
        XCTAssertNil(SLAClock.parse(key: "TK-1:lunch"))
        XCTAssertNil(SLAClock.parse(key: ":respond"))
        XCTAssertNil(SLAClock.parse(key: "no-colon"))
    }
}
