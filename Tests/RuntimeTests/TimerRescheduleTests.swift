import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Through the batch path (the set-based timer writes of a consumed batch): a parked timer
/// scheduled again starts afresh. Deterministic: a manual clock, no broker.
final class TimerRescheduleTests: XCTestCase {
    /// `poison` always fails; a `request.cancelled` schedules it again, due at once.
    struct RescheduleHandler: EventHandler {
        var subscriptions: [Topic] { [.requests] }
        struct Poisoned: Error {}

        func start(context: HandlerContext) throws {
            try context.schedule(timer: "poison", key: "p1", at: context.now, cause: nil)
        }

        func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
            try context.schedule(timer: "poison", key: "p1", at: context.now, cause: event.cause)
            return .applied
        }

        func fire(_ timer: DueTimer, context: HandlerContext) throws { throw Poisoned() }
    }

    private func state(_ harness: BatchHarness) throws -> String {
        guard let row = try harness.db.query("""
            SELECT attempts, parked_at IS NOT NULL AS parked FROM deadline_timers WHERE kind = 'poison'
            """).first else { return "gone" }
        return "attempts=\(try row.get("attempts") as Int) parked=\(try row.get("parked") as Bool)"
    }

    func testParkedTimerScheduledAgainByAConsumedEventStartsAfresh() throws {
        let harness = try BatchHarness(service: "reschedule", migrations: [], handler: RescheduleHandler(),
                                       settings: ["AFTERSALES_TIMER_MAX_ATTEMPTS": "3"])
        try harness.fireDueTimers()
        XCTAssertEqual(try state(harness), "attempts=1 parked=false")
        try harness.advance(by: 0.5)
        XCTAssertEqual(try state(harness), "attempts=1 parked=false", "not due again before the 1 s backoff")
        try harness.advance(by: 0.5)
        XCTAssertEqual(try state(harness), "attempts=2 parked=false")
        try harness.advance(by: 2)
        XCTAssertEqual(try state(harness), "attempts=3 parked=true", "parked at the third failure")
        try harness.advance(by: 3_600)
        XCTAssertEqual(try state(harness), "attempts=3 parked=true", "a parked timer is no longer due")

        try harness.deliver(RequestCancelled(requestId: "R-1", reason: "again"))
        XCTAssertEqual(try state(harness), "attempts=0 parked=false", "scheduling it again resets it")
        try harness.fireDueTimers()
        XCTAssertEqual(try state(harness), "attempts=1 parked=false", "and it is retried afresh")
    }
}
