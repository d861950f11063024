import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// The runtime's isolation promise at its weakest point: a value PostgreSQL refuses only when
/// the batch's buffered rows are written (here a timer key with a NUL, which no service's
/// validation lets through today). Exactly the message that buffered it must be dead-lettered,
/// the others in its batch applied (ServiceHandler's failure contract).
final class FlushIsolationTests: XCTestCase {
    /// Schedules one timer per `request.cancelled`; a reason "poison" makes its key unstorable.
    struct TimerPerEventHandler: ServiceHandler {
        var subscriptions: [Topic] { [.requests] }
        var handledTypes: Set<EventType> { [.requestCancelled] }

        func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
            try batch.map { event in
                let poisoned = event.envelope.data["reason"]?.stringValue == "poison"
                try context.schedule(timer: "test", key: poisoned ? "key\u{0}nul" : event.envelope.id,
                                     at: context.now.addingTimeInterval(3600), cause: event.cause)
                return .applied
            }
        }
    }

    func testAValueRefusedAtFlushDeadLettersOnlyTheMessageThatBufferedIt() throws {
        let harness = try BatchHarness(service: "flushisolation", migrations: [], handler: TimerPerEventHandler())
        let poison = harness.envelope(RequestCancelled(requestId: "R-1", reason: "poison"))
        let fine = harness.envelope(RequestCancelled(requestId: "R-1", reason: "fine"))
        let (outcome, emitted) = try harness.deliver([poison, fine])

        XCTAssertEqual(outcome.deadLettered, 1, "only the poisoned message: \(emitted.deadLetters.map(\.reason))")
        XCTAssertEqual(outcome.applied, 1, "the other message of the batch is applied")
        XCTAssertEqual(try harness.pendingTimers(kind: "test"), [fine.id], "the valid message's timer is set")
    }
}
