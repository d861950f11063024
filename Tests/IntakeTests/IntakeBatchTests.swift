import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import IntakeService

/// Intake applies a polled batch set-based: a fixed number of statements whatever the batch
/// size, and the same decisions as one event at a time, also when one batch holds several
/// events for the same request or ticket.
final class IntakeBatchTests: XCTestCase {
    // MARK: Helpers

    private func submit(_ harness: BatchHarness, _ data: JSONValue) -> Envelope {
        harness.intakeEnvelope(.requestSubmitted, data)
    }

    private func cancel(_ harness: BatchHarness, _ requestId: String, _ reason: String) -> Envelope {
        harness.intakeEnvelope(.requestCancelled, ["requestId": .string(requestId), "reason": .string(reason)])
    }

    private func ticketEvent(_ harness: BatchHarness, _ type: EventType, _ ticketId: String, at: Date? = nil) -> Envelope {
        let data: JSONValue = type == .ticketCompleted
            ? ["ticketId": .string(ticketId), "technicianId": "T-1", "resolved": true, "firstTimeFix": true, "partsUsed": []]
            : ["ticketId": .string(ticketId), "reason": "test"]
        return harness.intakeEnvelope(type, data, occurredAt: at)
    }

    /// Delivers envelopes as one batch, keyed as intake's senders key them.
    @discardableResult
    private func deliverBatch(_ harness: BatchHarness, _ envelopes: [Envelope]) throws -> (outcome: BatchOutcome, emitted: [Envelope]) {
        try harness.deliver(envelopes, keys: envelopes.map { harness.intakeKey($0.data) })
    }

    private func codes(_ envelope: Envelope?) -> [String] {
        (envelope?.data["reasons"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
    }

    // MARK: Statements per batch

    func testStatementsPerBatchDoNotGrowWithTheBatch() throws {
        let harness = try intakeHarness("intakestatements")
        func requests(_ prefix: String, _ count: Int) -> [Envelope] {
            (0..<count).map { index in
                submit(harness, SampleRequests.valid(requestId: "\(prefix)-\(index)", customerId: "C-\(prefix)-\(index)",
                                                     serialNumber: "SN-\(prefix)-\(index)"))
            }
        }
        let small = try harness.statements { try deliverBatch(harness, requests("S", 2)) }
        let large = try harness.statements { try deliverBatch(harness, requests("L", 200)) }
        print("intake statements per batch of new requests: 2 → \(small), 200 → \(large)")
        XCTAssertEqual(small, large, "a batch of 200 requests costs what a batch of 2 does")
        XCTAssertLessThanOrEqual(large, 11)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets", as: Int.self), 202)

        // A mixed batch: resends, cancellations, completions, closes, in the same proportions.
        func mixed(_ prefix: String, _ count: Int) -> [Envelope] {
            (0..<count).flatMap { index -> [Envelope] in
                let ticketId = TicketNumbering.ticketId(day: CalendarDay("2026-11-22")!, number: 3 + index)
                return [
                    submit(harness, SampleRequests.valid(requestId: "L-\(index)", customerId: "C-L-\(index)",
                                                         serialNumber: "SN-L-\(index)")),  // a resend
                    submit(harness, SampleRequests.valid(requestId: "\(prefix)-\(index)", customerId: "C-\(prefix)-\(index)",
                                                         serialNumber: "SN-L-\(index)")),
                    cancel(harness, "\(prefix)-\(index)", "不需要了"),
                    ticketEvent(harness, .ticketCompleted, ticketId),
                    ticketEvent(harness, .ticketClosed, ticketId),
                ]
            }
        }
        let smallMixed = try harness.statements { try deliverBatch(harness, mixed("MS", 1)) }
        let largeMixed = try harness.statements { try deliverBatch(harness, mixed("ML", 100)) }
        print("intake statements per mixed batch: 5 events → \(smallMixed), 500 events → \(largeMixed)")
        XCTAssertEqual(smallMixed, largeMixed)
        XCTAssertLessThanOrEqual(largeMixed, 14)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets WHERE status = 'cancelled'", as: Int.self), 101)
        // Tickets 3…102 (L-0 … L-99), L-0's twice.
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets WHERE status = 'closed'", as: Int.self), 100)
        XCTAssertEqual(try harness.scalar("SELECT sum(duplicates)::bigint FROM requests", as: Int.self), 101)
    }

    func testTicketEventsIntakeDoesNotActOnCostNothing() throws {
        let harness = try intakeHarness("intakeskips")
        let progress = (0..<200).map { index in
            harness.intakeEnvelope(.ticketAssigned, ["ticketId": .string("AS-\(index)"), "technicianId": "T", "distanceKm": 1,
                                                     "attempt": 1])
        }
        var outcome = BatchOutcome()
        let statements = try harness.statements { outcome = try deliverBatch(harness, progress).outcome }
        XCTAssertEqual(statements, 0)
        XCTAssertEqual(outcome.skipped, 200)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM inbox", as: Int.self), 0)
    }

    // MARK: Several events for one key in one batch

    func testSubmitThenCancelInOneBatch() throws {
        let harness = try intakeHarness("intakesubmitcancel")
        let (outcome, emitted) = try deliverBatch(harness, [
            submit(harness, SampleRequests.valid(requestId: "R-1")),
            cancel(harness, "R-1", "已经好了"),
            cancel(harness, "R-1", "已经好了"),  // the same cancellation resent
            cancel(harness, "R-1", "another reason"),
        ])
        XCTAssertEqual(outcome.applied, 3)
        XCTAssertEqual(outcome.ignored, 1)
        XCTAssertEqual(emitted.types, ["ticket.opened", "ticket.cancelled", "request.rejected"])
        let ticketId = try XCTUnwrap(emitted.first?.string("ticketId"))
        XCTAssertEqual(emitted[1].string("ticketId"), ticketId)
        XCTAssertEqual(codes(emitted[2]), ["already-cancelled"])
        XCTAssertEqual(emitted[2].data["reasons"]?.arrayValue?.first?["message"]?.stringValue,
                       "ticket \(ticketId) is already cancelled")
        let row = try XCTUnwrap(harness.db.query("""
            SELECT status, cancel_reason, cancelled_at FROM tickets WHERE ticket_id = \(ticketId)
            """).first)
        XCTAssertEqual(try row.get("status", as: String.self), "cancelled")
        XCTAssertEqual(try row.get("cancel_reason", as: String.self), "已经好了")
        XCTAssertEqual(try row.get("cancelled_at", as: Date.self), harness.now)
        XCTAssertEqual(try harness.scalar("SELECT outcome FROM requests WHERE request_id = 'R-1'", as: String.self), "opened")
    }

    func testResendsAndConflictsInOneBatch() throws {
        let harness = try intakeHarness("intakeresend")
        let (outcome, emitted) = try deliverBatch(harness, [
            submit(harness, SampleRequests.valid(requestId: "R-1")),
            submit(harness, SampleRequests.valid(requestId: "R-1")),  // resend
            submit(harness, SampleRequests.valid(requestId: "R-1", description: "另一个问题")),  // conflicting body
            submit(harness, SampleRequests.valid(requestId: "R-2", phone: "1")),  // rejected …
            submit(harness, SampleRequests.valid(requestId: "R-2", phone: "1")),  // … and resent
            submit(harness, SampleRequests.valid(requestId: "R-2")),  // then corrected
        ])
        XCTAssertEqual(outcome.applied, 4)
        XCTAssertEqual(outcome.ignored, 2)
        XCTAssertEqual(emitted.types, ["ticket.opened", "request.rejected", "request.rejected", "ticket.opened"])
        let first = try XCTUnwrap(emitted[0].string("ticketId"))
        XCTAssertEqual(codes(emitted[1]), ["duplicate-request"])
        XCTAssertEqual(emitted[1].data["reasons"]?.arrayValue?.first?["message"]?.stringValue,
                       "a different request with this id already opened ticket \(first)")
        XCTAssertEqual(codes(emitted[2]), ["invalid-format"])
        XCTAssertEqual(emitted[3].string("requestId"), "R-2")
        XCTAssertEqual(try harness.scalar("SELECT duplicates FROM requests WHERE request_id = 'R-1'", as: Int.self), 1)
        XCTAssertEqual(try harness.scalar("SELECT duplicates FROM requests WHERE request_id = 'R-2'", as: Int.self), 1)
        XCTAssertEqual(try harness.scalar("SELECT outcome FROM requests WHERE request_id = 'R-2'", as: String.self), "opened")
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets", as: Int.self), 2)
    }

    func testCompletionThenRepeatInOneBatch() throws {
        let harness = try intakeHarness("intakerepeatbatch")
        let original = try XCTUnwrap(try harness.deliver(.requestSubmitted, SampleRequests.valid(
            requestId: "R-1", purchaseDate: "2020-01-01")).emitted.first?.string("ticketId"))
        let (_, emitted) = try deliverBatch(harness, [
            ticketEvent(harness, .ticketCompleted, original, at: harness.now),
            submit(harness, SampleRequests.valid(requestId: "R-2", description: "又不制冷了", purchaseDate: "2020-01-01")),
        ])
        let repeated = try XCTUnwrap(emitted.payload(TicketOpened.self))
        XCTAssertEqual(repeated.repeatOf, original)
        XCTAssertEqual(repeated.warranty.status, .repairWarranty)
        XCTAssertEqual(repeated.priority, .high)
    }

    func testCustomerDetailsChangingWithinOneBatchKeepEveryVersion() throws {
        let harness = try intakeHarness("intakeversions")
        try harness.deliver(.requestSubmitted, SampleRequests.valid(requestId: "R-0", customerId: "C-1"))
        try deliverBatch(harness, [
            submit(harness, SampleRequests.valid(requestId: "R-1", customerId: "C-1")),  // unchanged: no version
            submit(harness, SampleRequests.valid(requestId: "R-2", customerId: "C-1", phone: "010-12345678")),
            submit(harness, SampleRequests.valid(requestId: "R-3", customerId: "C-1", phone: "010-12345678")),  // same again
            submit(harness, SampleRequests.valid(requestId: "R-4", customerId: "C-1")),  // back to the first phone
        ])
        let phones = try harness.db.query("SELECT phone FROM customers WHERE customer_id = 'C-1' ORDER BY version")
            .map { try $0.get("phone", as: String.self) }
        XCTAssertEqual(phones, ["+8613800138000", "010-12345678", "+8613800138000"])
        XCTAssertEqual(try harness.scalar("SELECT phone FROM customer_current WHERE customer_id = 'C-1'", as: String.self),
                       "+8613800138000")
    }

    // MARK: One batch decides as one event at a time

    /// A mixed workload for the equivalence test, in two batches: requests, then more requests,
    /// resends, cancellations and dispatch's progress on the tickets of the first batch (a ticket
    /// event can only name a ticket published before, so never one of its own batch).
    private func workload(_ harness: BatchHarness) -> [[Envelope]] {
        let day = CalendarDay("2026-11-22")!
        func request(_ index: Int) -> Envelope {
            let id = "R-\(index)"
            let customer = "C-\(index % 7)"
            switch index % 6 {
            case 0: return submit(harness, SampleRequests.valid(requestId: id, customerId: customer, description: "插头冒烟"))
            case 1: return submit(harness, SampleRequests.valid(requestId: id, customerId: customer, phone: "12"))
            case 2: return submit(harness, SampleRequests.valid(requestId: id, customerId: customer,
                                                                phone: "010-1234567\(index % 10)"))
            default: return submit(harness, SampleRequests.valid(requestId: id, customerId: customer, kind: "complaint",
                                                                 serialNumber: "SN-\(index % 4)"))
            }
        }
        let first = (0..<20).map(request)
        var second: [Envelope] = []
        for index in 0..<20 {
            let ticketId = TicketNumbering.ticketId(day: day, number: index % 16 + 1)  // the first batch's 16 tickets
            if index % 3 == 0 { second.append(ticketEvent(harness, .ticketCompleted, ticketId)) }
            second.append(request(20 + index))
            if index % 5 == 0 { second.append(request(index)) }  // a resend of the first batch
            if index % 5 == 1 { second.append(request(20 + index)) }  // a resend within the batch
            if index % 4 == 0 { second.append(cancel(harness, "R-\(index)", "no longer needed")) }
            if index % 4 == 1 { second.append(cancel(harness, "R-\(20 + index)", "changed my mind")) }
            if index % 7 == 2 { second.append(cancel(harness, "R-\(index - 2)", "again, another reason")) }
            if index % 6 == 0 { second.append(ticketEvent(harness, .ticketClosed, ticketId)) }
            if index % 6 == 3 { second.append(ticketEvent(harness, .ticketReopened, ticketId)) }
            if index % 8 == 0 { second.append(cancel(harness, "R-\(index)", "after completion")) }
        }
        second.append(cancel(harness, "NOPE", "x"))
        second.append(harness.intakeEnvelope(.requestCancelled, ["requestId": "R-2"]))
        second.append(submit(harness, SampleRequests.valid(requestId: "R-3", description: "另一个问题")))
        return [first, second]
    }

    private func snapshot(_ harness: BatchHarness) throws -> [String] {
        var lines: [String] = []
        for row in try harness.db.query("""
            SELECT request_id, body_hash, outcome, coalesce(ticket_id, '-') AS t, duplicates FROM requests ORDER BY request_id
            """) {
            lines.append("request \(try row.get("request_id", as: String.self)) \(try row.get("outcome", as: String.self)) "
                + "\(try row.get("t", as: String.self)) \(try row.get("duplicates", as: Int.self)) \(try row.get("body_hash", as: String.self))")
        }
        for row in try harness.db.query("""
            SELECT ticket_id, request_id, status, coalesce(cancel_reason, '-') AS r, completed_at IS NOT NULL AS done,
                   coalesce(repeat_of, '-') AS rep, priority, warranty_status FROM tickets ORDER BY ticket_id
            """) {
            lines.append("ticket \(try row.get("ticket_id", as: String.self)) \(try row.get("request_id", as: String.self)) "
                + "\(try row.get("status", as: String.self)) \(try row.get("r", as: String.self)) \(try row.get("done", as: Bool.self)) "
                + "\(try row.get("rep", as: String.self)) \(try row.get("priority", as: String.self)) \(try row.get("warranty_status", as: String.self))")
        }
        for row in try harness.db.query("SELECT customer_id, phone FROM customers ORDER BY customer_id, version") {
            lines.append("customer \(try row.get("customer_id", as: String.self)) \(try row.get("phone", as: String.self))")
        }
        return lines
    }

    private func described(_ envelopes: [Envelope]) -> [String] {
        envelopes.map { $0.type + " " + String(decoding: JSONWriter.data($0.data.sortedForComparison), as: UTF8.self) }
    }

    func testOneBatchDecidesExactlyAsOneEventAtATime() throws {
        let batched = try intakeHarness("intakeequivbatch")
        let single = try intakeHarness("intakeequivsingle")
        var outcome = BatchOutcome()
        var batchEmitted: [Envelope] = []
        var singleEmitted: [Envelope] = []
        var singleOutcome = BatchOutcome()
        for events in workload(batched) {
            let (batchOutcome, emitted) = try deliverBatch(batched, events)
            XCTAssertEqual(batchOutcome.isolated, 0, "the batch took the set-based path")
            outcome.add(batchOutcome)
            batchEmitted += emitted
            for event in events {
                let (one, emitted) = try single.deliver([event], keys: [single.intakeKey(event.data)])
                singleOutcome.add(one)
                singleEmitted += emitted
            }
        }
        XCTAssertEqual(outcome.applied, singleOutcome.applied)
        XCTAssertEqual(outcome.ignored, singleOutcome.ignored)
        XCTAssertEqual(outcome.deadLettered, singleOutcome.deadLettered)
        XCTAssertEqual(described(batchEmitted), described(singleEmitted))
        XCTAssertEqual(try snapshot(batched), try snapshot(single))
        // The workload exercises what it should.
        let types = Set(batchEmitted.types)
        XCTAssertEqual(types, ["ticket.opened", "ticket.cancelled", "request.rejected"])
        XCTAssertGreaterThan(try batched.scalar("SELECT count(*)::bigint FROM tickets WHERE completed_at IS NOT NULL", as: Int.self) ?? 0, 0)
        XCTAssertGreaterThan(try batched.scalar("SELECT count(*)::bigint FROM tickets WHERE repeat_of IS NOT NULL", as: Int.self) ?? 0, 0)
        XCTAssertGreaterThan(try batched.scalar("SELECT count(*)::bigint FROM tickets WHERE status = 'cancelled'", as: Int.self) ?? 0, 0)
        XCTAssertGreaterThan(try batched.scalar("SELECT sum(duplicates)::bigint FROM requests", as: Int.self) ?? 0, 0)
    }
}

extension BatchOutcome {
    /// Adds another batch's counts.
    mutating func add(_ other: BatchOutcome) {
        applied += other.applied
        ignored += other.ignored
        deadLettered += other.deadLettered
        isolated += other.isolated
    }
}

extension JSONValue {
    /// The same value; objects compare by content whatever their member order once written
    /// (`JSONWriter` writes members in dictionary order), so write them sorted.
    var sortedForComparison: JSONValue {
        switch self {
        case .object(let members):
            // A one-member-per-entry array keeps the order stable in the written text.
            return .array(members.keys.sorted().map { .array([.string($0), members[$0]!.sortedForComparison]) })
        case .array(let elements): return .array(elements.map(\.sortedForComparison))
        default: return self
        }
    }
}
