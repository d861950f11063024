import Foundation
import Postgres
import Schema
import ServiceRuntime
import XCTest
@testable import IntakeService

/// The handler's decisions against a real PostgreSQL database (no broker).
final class IntakeHandlerTests: XCTestCase {
    private func reasons(_ envelope: Envelope?) -> [String: String] {
        let list = envelope?.data["reasons"]?.arrayValue ?? []
        return Dictionary(list.map { ($0["field"]?.stringValue ?? "", $0["code"]?.stringValue ?? "") },
                          uniquingKeysWith: { first, _ in first })
    }

    // MARK: Opening

    func testAValidRequestOpensATicketWithoutPII() throws {
        let harness = try intakeHarness("intakeopen")
        let data = SampleRequests.valid(description: "张伟家的冰箱不制冷，电话 138-0013-8000，请到上海市浦东新区世纪大道100号")
        let (result, emitted) = try harness.deliver(.requestSubmitted, data)
        XCTAssertEqual(result, .applied)
        XCTAssertEqual(emitted.count, 1)
        let opened = try XCTUnwrap(emitted.first)
        XCTAssertEqual(opened.type, "ticket.opened")
        let ticket = try opened.payload(as: TicketOpened.self)
        XCTAssertEqual(ticket.ticketId, "AS-20261122-000001")
        XCTAssertEqual(ticket.requestId, "CRM-20261122-0001")
        XCTAssertEqual(ticket.customerId, "C-1001")
        XCTAssertEqual(ticket.priority, .normal)
        XCTAssertEqual(ticket.fault, TicketOpened.Fault(category: .hardware, safetyHazard: false))
        XCTAssertEqual(ticket.warranty, TicketOpened.Warranty(status: .inWarranty, expiresOn: "2027-03-15"))
        XCTAssertEqual(ticket.sla.respondBy.timeIntervalSince(harness.now), 24 * 3600)
        XCTAssertEqual(ticket.sla.resolveBy.timeIntervalSince(harness.now), 72 * 3600)
        XCTAssertNil(ticket.repeatOf)
        XCTAssertEqual(ticket.description, "***家的冰箱不制冷，电话 ***，请到***")
        XCTAssertEqual(opened.correlationId, "CRM-20261122-0001")
        let wire = String(decoding: opened.encoded(), as: UTF8.self)
        XCTAssertFalse(wire.contains("张伟") || wire.contains("8000") || wire.contains("世纪大道"), wire)
        XCTAssertEqual(try harness.scalar("SELECT phone FROM customer_current WHERE customer_id = 'C-1001'", as: String.self),
                       "+8613800138000")
    }

    func testHazardIsEmergencyAndComplaintIsHighAndMaintenanceIsLow() throws {
        let harness = try intakeHarness("intakeprio")
        let cases: [(String, String, Priority, Double)] = [
            ("R-1", "repair", .emergency, 1), ("R-2", "complaint", .high, 4), ("R-3", "maintenance", .low, 48),
            ("R-4", "installation", .normal, 24),
        ]
        for (id, kind, expected, respondHours) in cases {
            let text = id == "R-1" ? "热水器漏電，有焦味" : "需要师傅上门看看"
            let emitted = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: id, description: text, kind: kind)).emitted
            let ticket = try XCTUnwrap(emitted.first).payload(as: TicketOpened.self)
            XCTAssertEqual(ticket.priority, expected, id)
            XCTAssertEqual(ticket.sla.respondBy.timeIntervalSince(harness.now), respondHours * 3600, id)
        }
    }

    func testCustomerStoreIsUpsertedById() throws {
        let harness = try intakeHarness("intakecustomer")
        try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-1", customerId: "C-1"))
        try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-2", customerId: "C-1"))
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM customers", as: Int.self), 1, "unchanged details add no version")
        try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-3", customerId: "C-1", phone: "010-12345678"))
        XCTAssertEqual(try harness.scalar("SELECT phone FROM customer_current WHERE customer_id = 'C-1'", as: String.self), "010-12345678")
        // After an erasure, a new request stores the details the customer gave again.
        XCTAssertTrue(try IntakeMaintenance.eraseCustomer("C-1", now: harness.now, on: harness.db).customerErased)
        XCTAssertEqual(try harness.scalar("SELECT phone FROM customer_current WHERE customer_id = 'C-1'", as: String.self), "[erased]")
        try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-4", customerId: "C-1", phone: "010-12345678"))
        XCTAssertEqual(try harness.scalar("SELECT phone FROM customer_current WHERE customer_id = 'C-1'", as: String.self), "010-12345678")
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM customers WHERE erased_at IS NULL", as: Int.self), 1)
        // Every earlier version is anonymised.
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM customers WHERE phone LIKE '+86%'", as: Int.self), 0)
    }

    // MARK: De-duplication

    func testSameRequestIdNeverOpensASecondTicket() throws {
        let harness = try intakeHarness("intakededupe")
        XCTAssertEqual(try harness.deliver(.requestSubmitted, SampleRequests.valid()).emitted.count, 1)
        // Same body, another event id: ignored and counted.
        let again = try harness.deliver(.requestSubmitted, SampleRequests.valid())
        XCTAssertEqual(again.result, .ignored)
        XCTAssertEqual(again.emitted.count, 0)
        XCTAssertEqual(try harness.scalar("SELECT duplicates FROM requests", as: Int.self), 1)
        // Key order does not make a body different.
        XCTAssertEqual(try harness.deliver(.requestSubmitted, SampleRequests.valid()).result, .ignored)
        // Different body: rejected as a duplicate.
        let conflicting = try harness.deliver(.requestSubmitted, SampleRequests.valid(description: "另一个问题"))
        XCTAssertEqual(conflicting.emitted.map(\.type), ["request.rejected"])
        XCTAssertEqual(reasons(conflicting.emitted.first), ["requestId": "duplicate-request"])
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets", as: Int.self), 1)
    }

    func testRejectedRequestIsRejectedOnceAndMayBeCorrected() throws {
        let harness = try intakeHarness("intakereject")
        let bad = SampleRequests.valid(purchaseDate: "2027-01-01", phone: "12345")
        let first = try harness.deliver(.requestSubmitted, bad)
        XCTAssertEqual(first.emitted.map(\.type), ["request.rejected"])
        XCTAssertEqual(reasons(first.emitted.first), ["customer.phone": "invalid-format", "product.purchaseDate": "in-future"])
        XCTAssertEqual(first.emitted.first?.string("requestId"), "CRM-20261122-0001")
        // The same bad request again: nothing new.
        XCTAssertEqual(try harness.deliver(.requestSubmitted, bad).emitted.count, 0)
        // The corrected request opens the ticket.
        XCTAssertEqual(try harness.deliver(.requestSubmitted, SampleRequests.valid()).emitted.map(\.type), ["ticket.opened"])
    }

    func testRequestWithoutRequestIdIsKeyedByTheMessageKeyOrDeadLettered() throws {
        let harness = try intakeHarness("intakenoid")
        let data = SampleRequests.setting(SampleRequests.valid(), ["requestId"], to: nil)
        let keyed = try harness.deliver(.requestSubmitted, data, key: "KEY-1")
        XCTAssertEqual(keyed.emitted.first?.string("requestId"), "KEY-1")
        XCTAssertEqual(reasons(keyed.emitted.first), ["requestId": "required"])
        let unkeyed = try harness.deliver(.requestSubmitted, data, key: "")
        guard case .deadLetter(let reason) = unkeyed.result else { return XCTFail("\(unkeyed.result)") }
        XCTAssertTrue(reason.contains("requestId"), reason)
    }

    func testOversizedMessageIsRejected() throws {
        var settings = IntakeSettings()
        settings.limits.maxMessageBytes = 1_024
        let harness = try intakeHarness("intakesize", settings: settings)
        let data = SampleRequests.valid(description: String(repeating: "很长的描述", count: 300))
        let emitted = try harness.deliver(.requestSubmitted, data).emitted
        XCTAssertEqual(reasons(emitted.first), ["message": "too-long"])
    }

    // MARK: Repeat failures

    func testRepeatWithinRepairWindowIsHighWithRepeatOf() throws {
        let harness = try intakeHarness("intakerepeat")
        let first = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-1", purchaseDate: "2020-01-01"))
        let original = try XCTUnwrap(first.emitted.first).payload(as: TicketOpened.self)
        XCTAssertEqual(original.warranty.status, .outOfWarranty)
        let completedAt = harness.now.addingTimeInterval(3600)
        XCTAssertEqual(try harness.deliver(.ticketCompleted, ["ticketId": .string(original.ticketId), "technicianId": "T-1",
                                                              "resolved": true, "firstTimeFix": true, "partsUsed": []],
                                           occurredAt: completedAt).result, .applied)
        harness.now = completedAt.addingTimeInterval(89 * 86_400)
        let again = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-2", description: "又不制冷了",
                                                                                purchaseDate: "2020-01-01"))
        let repeated = try XCTUnwrap(again.emitted.first).payload(as: TicketOpened.self)
        XCTAssertEqual(repeated.warranty.status, .repairWarranty)
        XCTAssertEqual(repeated.repeatOf, original.ticketId)
        XCTAssertEqual(repeated.priority, .high)
        XCTAssertEqual(repeated.ticketId, "AS-20270219-000002")

        harness.now = completedAt.addingTimeInterval(92 * 86_400)
        let late = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-3", purchaseDate: "2020-01-01"))
        let lateTicket = try XCTUnwrap(late.emitted.first).payload(as: TicketOpened.self)
        XCTAssertEqual(lateTicket.warranty.status, .outOfWarranty)
        XCTAssertNil(lateTicket.repeatOf)
        XCTAssertEqual(lateTicket.priority, .normal)
    }

    func testOtherSerialNumberIsNoRepeat() throws {
        let harness = try intakeHarness("intakeserial")
        let first = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-1"))
        let ticketId = try XCTUnwrap(first.emitted.first?.string("ticketId"))
        try harness.deliver(.ticketCompleted, ["ticketId": .string(ticketId), "technicianId": "T-1", "resolved": true,
                                               "firstTimeFix": true, "partsUsed": []])
        let other = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-2", serialNumber: "SN-OTHER"))
        XCTAssertNil(other.emitted.first?.string("repeatOf"))
        let none = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-3", serialNumber: nil))
        XCTAssertNil(none.emitted.first?.string("repeatOf"))
    }

    // MARK: Cancellation

    func testCancellationRules() throws {
        let harness = try intakeHarness("intakecancel")
        let opened = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-1")).emitted
        let ticketId = try XCTUnwrap(opened.first?.string("ticketId"))

        let cancel = try harness.deliver(.requestCancelled, ["requestId": "R-1", "reason": "已经好了"])
        XCTAssertEqual(cancel.emitted.map(\.type), ["ticket.cancelled"])
        XCTAssertEqual(cancel.emitted.first?.string("ticketId"), ticketId)
        XCTAssertEqual(cancel.emitted.first?.string("reason"), "已经好了")
        XCTAssertEqual(try harness.deliver(.requestCancelled, ["requestId": "R-1", "reason": "已经好了"]).result, .ignored)
        XCTAssertEqual(reasons(try harness.deliver(.requestCancelled, ["requestId": "R-1", "reason": "other"]).emitted.first),
                       ["requestId": "already-cancelled"])

        try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-2"))
        let second = try XCTUnwrap(try harness.scalar("SELECT ticket_id FROM tickets WHERE request_id = 'R-2'", as: String.self))
        try harness.deliver(.ticketCompleted, ["ticketId": .string(second), "technicianId": "T-1", "resolved": true,
                                               "firstTimeFix": true, "partsUsed": []])
        XCTAssertEqual(reasons(try harness.deliver(.requestCancelled, ["requestId": "R-2", "reason": "x"]).emitted.first),
                       ["requestId": "already-completed"])
        // Reopened after a bad survey: cancellable again.
        XCTAssertEqual(try harness.deliver(.ticketReopened, ["ticketId": .string(second), "reason": "survey"]).result, .applied)
        XCTAssertEqual(try harness.deliver(.requestCancelled, ["requestId": "R-2", "reason": "x"]).emitted.map(\.type),
                       ["ticket.cancelled"])

        XCTAssertEqual(reasons(try harness.deliver(.requestCancelled, ["requestId": "NOPE", "reason": "x"]).emitted.first),
                       ["requestId": "unknown-request"])
        try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-BAD", phone: "1"))
        XCTAssertEqual(reasons(try harness.deliver(.requestCancelled, ["requestId": "R-BAD", "reason": "x"]).emitted.first),
                       ["requestId": "unknown-request"])
        XCTAssertEqual(reasons(try harness.deliver(.requestCancelled, ["requestId": "R-1"]).emitted.first), ["reason": "required"])
    }

    func testOwnAndUnrelatedTicketEventsAreIgnored() throws {
        let harness = try intakeHarness("intakeignore")
        XCTAssertEqual(try harness.deliver(.ticketAssigned, ["ticketId": "AS-1", "technicianId": "T", "distanceKm": 1,
                                                             "attempt": 1]).result, .ignored)
        XCTAssertEqual(try harness.deliver(.ticketCompleted, ["ticketId": "AS-UNKNOWN", "technicianId": "T", "resolved": true,
                                                              "firstTimeFix": true, "partsUsed": []]).result, .ignored)
    }

    // MARK: Ticket numbers, retention timer

    func testTicketIdsCarryTheBusinessDay() throws {
        let harness = try intakeHarness("intakenumbers", now: Timestamp.parse("2026-11-22T15:59:00Z")!)
        let a = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "A")).emitted.first?.string("ticketId")
        let b = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "B")).emitted.first?.string("ticketId")
        harness.now = Timestamp.parse("2026-11-22T16:00:00Z")!  // midnight in UTC+8
        let c = try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "C")).emitted.first?.string("ticketId")
        XCTAssertEqual([a, b, c], ["AS-20261122-000001", "AS-20261122-000002", "AS-20261123-000003"])
    }

    func testRetentionRunsOnTheDailyTimer() throws {
        let harness = try intakeHarness("intaketimer", now: Timestamp.parse("2024-01-10T02:00:00Z")!)
        try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "OLD", category: "smart-speaker",
                                                                    purchaseDate: "2023-01-01"))
        XCTAssertEqual(try harness.fireDueTimers().count, 0)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets", as: Int.self), 1)
        harness.now = Timestamp.parse("2026-11-22T02:00:00Z")!
        _ = try harness.fireDueTimers()
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets", as: Int.self), 0)
        let next = try harness.scalar("SELECT due_at FROM deadline_timers WHERE kind = 'intake.retention'", as: Date.self)
        XCTAssertEqual(next, harness.now.addingTimeInterval(24 * 3600))
    }
}
