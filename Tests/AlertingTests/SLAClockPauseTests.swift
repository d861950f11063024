import AlertingService
import Foundation
import XCTest

/// Net-time clock arithmetic with pauses (holds) on a fixed clock.
final class SLAClockPauseTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_795_852_800)
    private func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }
    private func pause(_ from: TimeInterval, _ to: TimeInterval?) -> SLAClock.Pause {
        SLAClock.Pause(since: at(from), until: to.map(at))
    }

    /// A 10 000-second window: at risk at 8 000, due at 10 000, escalated at 15 000.
    private var clock: SLAClock { SLAClock(deadline: .resolve, start: start, due: at(10_000)) }

    func testWithoutPausesTheNetTimesAreTheRawOnes() {
        for threshold in SLAClock.Threshold.allCases {
            XCTAssertEqual(clock.dueTime(of: threshold, pauses: []), clock.dueTime(of: threshold))
        }
        XCTAssertTrue(clock.metOnTime(at(10_000), pauses: []))
        XCTAssertFalse(clock.metOnTime(at(10_001), pauses: []))
    }

    func testAClosedPauseBeforeAThresholdMovesItByItsLength() {
        let held = [pause(1_000, 4_000)]   // 3 000 s on hold
        XCTAssertEqual(clock.dueTime(of: .atRisk, pauses: held), at(11_000))
        XCTAssertEqual(clock.netDue(pauses: held), at(13_000))
        XCTAssertEqual(clock.dueTime(of: .escalate, pauses: held), at(18_000))
        XCTAssertEqual(clock.pausedSeconds(before: at(20_000), pauses: held), 3_000)
        XCTAssertEqual(clock.netElapsed(at: at(13_000), pauses: held), 10_000)
        XCTAssertTrue(clock.metOnTime(at(12_999), pauses: held), "late on raw time, on time net of the hold")
        XCTAssertFalse(clock.metOnTime(at(13_001), pauses: held))
    }

    func testAPauseAfterAThresholdDoesNotMoveItButMovesTheLaterOnes() {
        let held = [pause(9_000, 9_500)]
        XCTAssertEqual(clock.dueTime(of: .atRisk, pauses: held), at(8_000))
        XCTAssertEqual(clock.netDue(pauses: held), at(10_500))
        XCTAssertEqual(clock.dueTime(of: .escalate, pauses: held), at(15_500))
    }

    func testAnOpenPauseStopsTheClockUntilItResumes() {
        let onHold = [pause(5_000, nil)]
        XCTAssertNil(clock.dueTime(of: .atRisk, pauses: onHold), "paused before 80 %")
        XCTAssertNil(clock.netDue(pauses: onHold))
        XCTAssertFalse(clock.isOverdue(at: at(1_000_000), pauses: onHold), "never overdue while on hold")
        XCTAssertEqual(clock.netElapsed(at: at(50_000), pauses: onHold), 5_000)
        // On hold after the at-risk point: that threshold stays where it was.
        let late = [pause(8_500, nil)]
        XCTAssertEqual(clock.dueTime(of: .atRisk, pauses: late), at(8_000))
        XCTAssertNil(clock.dueTime(of: .breach, pauses: late))
        // The hold ends 2 000 s later: every later threshold moves by 2 000 s.
        let resumed = [pause(8_500, 10_500)]
        XCTAssertEqual(clock.netDue(pauses: resumed), at(12_000))
        XCTAssertTrue(clock.isOverdue(at: at(12_001), pauses: resumed))
        XCTAssertFalse(clock.isOverdue(at: at(12_000), pauses: resumed))
    }

    func testOverlappingRepeatedAndEarlyPausesCountOnce() {
        // The same hold twice (a replay), an overlapping one, and one before the opening.
        let held = [pause(1_000, 3_000), pause(1_000, 3_000), pause(2_000, 4_000), pause(-5_000, 500)]
        XCTAssertEqual(clock.merged(held), [pause(0, 500), pause(1_000, 4_000)])
        XCTAssertEqual(clock.pausedSeconds(before: at(20_000), pauses: held), 3_500)
        XCTAssertEqual(clock.netDue(pauses: held), at(13_500))
        // An open pause swallows the ones after it.
        XCTAssertEqual(clock.merged([pause(1_000, nil), pause(2_000, 3_000)]), [pause(1_000, nil)])
        XCTAssertEqual(clock.merged([pause(100, 100), pause(-10, -5)]), [], "empty and pre-opening pauses vanish")
    }

    func testMetWhileStillOnHoldCountsTheHoldUntilThen() {
        let onHold = [pause(2_000, nil)]
        XCTAssertTrue(clock.metOnTime(at(15_000), pauses: onHold), "8 000 s on hold: 7 000 s net")
        XCTAssertFalse(clock.metOnTime(at(15_000), pauses: [pause(14_000, nil)]), "the hold began after the due time")
    }

    func testAZeroWindowIsBreachedAtOnceWhateverTheHolds() {
        let zero = SLAClock(deadline: .respond, start: start, due: at(-60))
        XCTAssertEqual(zero.dueTime(of: .breach, pauses: [pause(0, nil)]), at(-60))
        XCTAssertEqual(zero.dueTime(of: .atRisk, pauses: [pause(0, nil)]), start)
    }
}
