import Foundation
import InventoryService
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Inventory's handler through the runtime's real batch processor against PostgreSQL
/// (`BatchHarness`, no broker): single events, mixed batches where several events touch the
/// same part or ticket, redelivery, statements per batch, and what is dead-lettered.
final class InventoryHandlerBatchTests: XCTestCase {
    private func line(_ warehouse: String, _ quantity: Int, part: String = "P-PUMP") -> PartLine {
        PartLine(partNumber: part, quantity: quantity, warehouseId: warehouse)
    }

    // MARK: Single events

    func testSingleEventsReserveRegionFirstBackorderTheRestAndWarnOncePerCrossing() throws {
        let f = try InventoryFixture()
        try f.seed(reorderPoint: 2, leadTimeDays: 3)
        try f.harness.deliver([f.receipt("WH-SH", 3)])
        try f.harness.deliver([f.receipt("WH-HZ", 2)])

        // TK-1 wants 4: Shanghai's 3 (its region), then Hangzhou's nearest 1; both rows fall below 2.
        let first = try f.harness.deliver([f.request("TK-1", 4)]).emitted
        XCTAssertEqual(first.payloads(PartsReserved.self), [PartsReserved(ticketId: "TK-1", lines: [line("WH-SH", 3), line("WH-HZ", 1)])])
        XCTAssertEqual(first.payloads(StockLow.self), [
            StockLow(partNumber: "P-PUMP", warehouseId: "WH-SH", available: 0, reorderPoint: 2),
            StockLow(partNumber: "P-PUMP", warehouseId: "WH-HZ", available: 1, reorderPoint: 2),
        ])
        XCTAssertEqual(first.payloads(ReorderSuggested.self).map(\.warehouseId), ["WH-SH", "WH-HZ"])
        XCTAssertTrue(first.payloads(PartsBackordered.self).isEmpty)

        // TK-2 wants 2: Hangzhou's last 1, 1 backordered at Shanghai, due after the 3-day lead time.
        let second = try f.harness.deliver([f.request("TK-2", 2)]).emitted
        XCTAssertEqual(second.payloads(PartsReserved.self), [PartsReserved(ticketId: "TK-2", lines: [line("WH-HZ", 1)])])
        let backordered = try XCTUnwrap(second.payload(PartsBackordered.self))
        XCTAssertEqual(backordered.lines, [line("WH-SH", 1)])
        XCTAssertEqual(backordered.expectedBy.timeIntervalSince(f.harness.now), 3 * 86_400, accuracy: 0.001)
        XCTAssertTrue(second.payloads(StockLow.self).isEmpty, "both rows were already low: no second warning")

        XCTAssertEqual(try f.stock("WH-SH"), [3, 3])
        XCTAssertEqual(try f.stock("WH-HZ"), [2, 2])
        XCTAssertEqual(try f.count("SELECT count(*)::bigint AS n FROM backorders WHERE status = 'open'"), 1)
        try f.assertLedgerMatchesProjection()
    }

    // MARK: Mixed batches

    func testReceiptRequestAndConsumptionOfOnePartInOneBatch() throws {
        let f = try InventoryFixture()
        try f.seed(reorderPoint: 2)
        let (outcome, emitted) = try f.harness.deliver([
            f.receipt("WH-SH", 3),
            f.request("TK-1", 2),
            f.harness.envelope(PartsConsumed(ticketId: "TK-1", lines: [PartLine(partNumber: "P-PUMP", quantity: 2)])),
        ])
        XCTAssertEqual(outcome.applied, 3)
        XCTAssertEqual(outcome.isolated, 0, "the batch applied set-based, without falling back")
        XCTAssertEqual(emitted.payloads(PartsReserved.self), [PartsReserved(ticketId: "TK-1", lines: [line("WH-SH", 2)])],
                       "the request saw the receipt before it in the same batch")
        XCTAssertEqual(emitted.payloads(StockLow.self).map(\.available), [1], "one crossing: after the reservation")
        XCTAssertEqual(try f.stock("WH-SH"), [1, 0], "the consumption used the reservation made in the same batch")
        XCTAssertEqual(try f.movementKinds("WH-SH"), ["receipt", "reservation", "consumption"])
        XCTAssertEqual(try f.count("SELECT quantity::bigint AS n FROM reservations WHERE ticket_id = 'TK-1'"), 0)
        try f.assertLedgerMatchesProjection()
    }

    func testTwoRequestsCompetingForScarceStockInOneBatch() throws {
        let f = try InventoryFixture()
        try f.seed()
        try f.harness.deliver([f.receipt("WH-SH", 1)])
        let (outcome, emitted) = try f.harness.deliver([f.request("TK-A", 1), f.request("TK-B", 1)])
        XCTAssertEqual(outcome.applied, 2)
        XCTAssertEqual(emitted.payloads(PartsReserved.self), [PartsReserved(ticketId: "TK-A", lines: [line("WH-SH", 1)])])
        XCTAssertEqual(emitted.payloads(PartsBackordered.self).map(\.ticketId), ["TK-B"], "the second request sees the first's reservation")
        XCTAssertEqual(try f.stock("WH-SH"), [1, 1], "never more reserved than on hand")

        // A request with nothing left and a receipt in one batch: backordered, then fulfilled at once.
        let next = try f.harness.deliver([f.request("TK-C", 1), f.receipt("WH-SH", 2)]).emitted
        XCTAssertEqual(next.payloads(PartsBackordered.self).map(\.ticketId), ["TK-C"])
        XCTAssertEqual(next.payloads(PartsReserved.self), [
            PartsReserved(ticketId: "TK-B", lines: [line("WH-SH", 1)]),
            PartsReserved(ticketId: "TK-C", lines: [line("WH-SH", 1)]),
        ], "the receipt fulfils the oldest backorder first, then the one created in the same batch")
        XCTAssertEqual(try f.count("SELECT count(*)::bigint AS n FROM backorders WHERE status = 'fulfilled'"), 2)
        XCTAssertEqual(try f.stock("WH-SH"), [3, 3])
        try f.assertLedgerMatchesProjection()
    }

    func testReleaseAndCancellationInOneBatchReleaseOnceAndCancelTheBackorders() throws {
        let f = try InventoryFixture()
        try f.seed()
        try f.harness.deliver([f.receipt("WH-SH", 2)])
        try f.harness.deliver([f.request("TK-1", 3)])
        XCTAssertEqual(try f.count("SELECT count(*)::bigint AS n FROM backorders WHERE ticket_id = 'TK-1' AND status = 'open'"), 1)

        let (outcome, _) = try f.harness.deliver([
            f.harness.envelope(PartsReleased(ticketId: "TK-1", lines: [PartLine(partNumber: "P-PUMP", quantity: 3)])),
            f.harness.envelope(TicketCancelled(ticketId: "TK-1", reason: "customer cancelled")),
        ])
        XCTAssertEqual(outcome.applied, 2)
        XCTAssertEqual(try f.stock("WH-SH"), [2, 0])
        XCTAssertEqual(try f.count("SELECT count(*)::bigint AS n FROM movements WHERE kind = 'release'"), 1, "released once")
        XCTAssertEqual(try f.count("SELECT count(*)::bigint AS n FROM backorders WHERE status = 'cancelled'"), 1)

        // Requested and cancelled in the same batch: reserved, then everything released again.
        let emitted = try f.harness.deliver([
            f.request("TK-2", 1), f.harness.envelope(TicketCancelled(ticketId: "TK-2", reason: "duplicate")),
        ]).emitted
        XCTAssertEqual(emitted.payloads(PartsReserved.self).map(\.ticketId), ["TK-2"])
        XCTAssertEqual(try f.stock("WH-SH"), [2, 0])
        XCTAssertEqual(try f.movementKinds("WH-SH"), ["receipt", "reservation", "release", "reservation", "release"])
        try f.assertLedgerMatchesProjection()
    }

    func testLowStockWarnsOncePerCrossingWithinOneBatch() throws {
        let f = try InventoryFixture()
        try f.seed(reorderPoint: 3)
        let emitted = try f.harness.deliver([
            f.receipt("WH-SH", 5),
            f.request("TK-1", 3),                                                         // 2 left: crossing
            f.harness.envelope(TicketCancelled(ticketId: "TK-1", reason: "duplicate")),   // 5 left: re-armed
            f.request("TK-2", 3),                                                         // 2 left: crossing again
        ]).emitted
        XCTAssertEqual(emitted.payloads(StockLow.self).map(\.available), [2, 2])
        XCTAssertEqual(emitted.payloads(ReorderSuggested.self).count, 2)
        XCTAssertEqual(try f.count("SELECT count(*)::bigint AS n FROM stock WHERE low"), 1, "the flag ends low")
    }

    // MARK: Redelivery

    func testRedeliveryAndRepeatedRequestsChangeNothing() throws {
        let f = try InventoryFixture()
        try f.seed()
        let batch = [f.receipt("WH-SH", 3), f.request("TK-1", 2)]
        XCTAssertEqual(try f.harness.deliver(batch).outcome.applied, 2)

        let again = try f.harness.deliver(batch)
        XCTAssertEqual(again.outcome.duplicates, 2)
        XCTAssertEqual(again.outcome.applied, 0)
        XCTAssertTrue(again.emitted.isEmpty)

        // The same request again under a new event id (dispatch re-sent it): nothing reserved twice.
        let repeated = try f.harness.deliver([f.request("TK-1", 2)])
        XCTAssertEqual(repeated.outcome.applied, 1)
        XCTAssertTrue(repeated.emitted.isEmpty)
        XCTAssertEqual(try f.stock("WH-SH"), [3, 2])
        XCTAssertEqual(try f.count("SELECT count(*)::bigint AS n FROM movements"), 2)
    }

    // MARK: Cost

    func testStatementsPerBatchDoNotGrowWithTheBatch() throws {
        let f = try InventoryFixture()
        try f.seed(parts: (0..<100).map { "P-\($0)" })
        let h = f.harness
        func receiptsAndRequests(_ count: Int, _ tag: String) -> [Envelope] {
            (0..<count).flatMap { i in [f.receipt("WH-SH", 5, part: "P-\(i)"), f.request("TK-\(tag)-\(i)", 2, part: "P-\(i)")] }
        }
        func consumptionsAndCancellations(_ count: Int, _ tag: String) -> [Envelope] {
            (0..<count).flatMap { i in [
                h.envelope(PartsConsumed(ticketId: "TK-\(tag)-\(i)", lines: [PartLine(partNumber: "P-\(i)", quantity: 1)])),
                h.envelope(TicketCancelled(ticketId: "TK-\(tag)-\(i)", reason: "done")),
            ] }
        }
        let small = try h.statements { XCTAssertEqual(try h.deliver(receiptsAndRequests(1, "a")).outcome.applied, 2) }
        let large = try h.statements { XCTAssertEqual(try h.deliver(receiptsAndRequests(100, "b")).outcome.applied, 200) }
        XCTAssertEqual(small, large, "receipts + requests: statements per batch must not grow with the batch")
        let smallRelease = try h.statements { XCTAssertEqual(try h.deliver(consumptionsAndCancellations(1, "a")).outcome.applied, 2) }
        let largeRelease = try h.statements { XCTAssertEqual(try h.deliver(consumptionsAndCancellations(100, "b")).outcome.applied, 200) }
        XCTAssertEqual(smallRelease, largeRelease, "consumptions + cancellations: statements per batch must not grow")
        print("inventory statements per batch: receipts+requests \(small) (2 events) / \(large) (200 events); consumptions+cancellations \(smallRelease) / \(largeRelease)")
        XCTAssertEqual(try f.stock("WH-SH", part: "P-99"), [4, 0])
        try f.assertLedgerMatchesProjection()
    }

    func testTicketEventsInventoryDoesNotActOnCostNothing() throws {
        let f = try InventoryFixture()
        let h = f.harness
        let statements = try h.statements {
            let (outcome, emitted) = try h.deliver([
                h.envelope(TicketAssigned(ticketId: "TK-1", technicianId: "T-1", distanceKm: 2, attempt: 1)),
                h.envelope(TicketAccepted(ticketId: "TK-1", technicianId: "T-1")),
                h.envelope(PartsReserved(ticketId: "TK-1", lines: [line("WH-SH", 1)])),
            ])
            XCTAssertEqual(outcome.skipped, 3)
            XCTAssertTrue(emitted.isEmpty)
        }
        XCTAssertEqual(statements, 0, "types inventory does not act on cost no database work")
        XCTAssertEqual(try f.count("SELECT count(*)::bigint AS n FROM inbox"), 0)
    }

    // MARK: Rejections and hostile numbers

    func testCountBelowReservedIsDeadLetteredAndChangesNothing() throws {
        let f = try InventoryFixture()
        try f.seed()
        try f.harness.deliver([f.receipt("WH-SH", 3), f.request("TK-1", 2)])
        let (outcome, emitted) = try f.harness.deliver([
            f.harness.envelope(StockCounted(partNumber: "P-PUMP", warehouseId: "WH-SH", countedQuantity: 1)),
            f.harness.envelope(StockCounted(partNumber: "P-PUMP", warehouseId: "WH-SH", countedQuantity: 5)),
        ])
        XCTAssertEqual(outcome.deadLettered, 1)
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertTrue(emitted.deadLetters.first?.reason.contains("below the 2 reserved") == true, "\(emitted.deadLetters)")
        XCTAssertEqual(try f.stock("WH-SH"), [5, 2], "the valid count after it applied (+2)")
        XCTAssertEqual(try f.movementKinds("WH-SH"), ["receipt", "reservation", "adjustment"])
    }

    func testHostileNumbersAreDeadLetteredWithAFieldReasonAndTheNextMessageWithTheSameKeyApplied() throws {
        let f = try InventoryFixture()
        try f.seed()
        let huge = 1 << 53
        let h = f.harness
        let (outcome, emitted) = try h.deliver([
            f.receipt("WH-SH", huge),
            f.receipt("WH-SH", 2),
            f.request("TK-1", huge),
            f.request("TK-1", 1),
            h.envelope(StockCounted(partNumber: "P-PUMP", warehouseId: "WH-HZ", countedQuantity: huge)),
            h.envelope(StockCounted(partNumber: "P-PUMP", warehouseId: "WH-HZ", countedQuantity: 4)),
            h.envelope(PartUpserted(partNumber: "P-PUMP", name: "pump", unitPrice: 140, currency: "CNY", leadTimeDays: 1 << 31)),
            h.envelope(PartUpserted(partNumber: "P-PUMP", name: "pump", unitPrice: 1e300, currency: "CNY", leadTimeDays: 5)),
            h.envelope(PartUpserted(partNumber: "P-PUMP", name: "pump", unitPrice: 150, currency: "CNY", leadTimeDays: 5)),
            h.envelope(PartsConsumed(ticketId: "TK-2", lines: Array(repeating: PartLine(partNumber: "P-PUMP", quantity: 1), count: 1_000))),
        ])
        XCTAssertEqual(outcome.deadLettered, 6)
        XCTAssertEqual(outcome.applied, 4)
        XCTAssertEqual(outcome.isolated, 0, "refused before any SQL: the batch stays set-based")
        let reasons = emitted.deadLetters.map(\.reason)
        XCTAssertEqual(reasons.count, 6)
        for (reason, field) in zip(reasons, ["quantity", "quantity", "countedQuantity", "leadTimeDays", "unitPrice", "lines"]) {
            XCTAssertTrue(reason.contains(field), "\(reason) names \(field)")
        }
        XCTAssertEqual(emitted.deadLetters.map(\.key), ["P-PUMP", "TK-1", "P-PUMP", "P-PUMP", "P-PUMP", "TK-2"])
        XCTAssertEqual(try f.stock("WH-SH"), [2, 1])
        XCTAssertEqual(try f.stock("WH-HZ"), [4, 0])
        XCTAssertEqual(try f.count("SELECT lead_time_days::bigint AS n FROM parts WHERE part_number = 'P-PUMP'"), 5)
        try f.assertLedgerMatchesProjection()
    }

    func testReceiptAboveTheStockCeilingIsDeadLetteredBeforeTheColumnOverflows() throws {
        let f = try InventoryFixture()
        try f.seed()
        for _ in 0..<100 { try f.harness.deliver([f.receipt("WH-SH", InventoryLimits.quantity.upperBound)]) }
        let (outcome, emitted) = try f.harness.deliver([f.receipt("WH-SH", 1), f.receipt("WH-HZ", 1)])
        XCTAssertEqual(outcome.deadLettered, 1)
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertTrue(emitted.deadLetters.first?.reason.contains("above the limit of 10000000") == true, "\(emitted.deadLetters)")
        XCTAssertEqual(try f.stock("WH-SH"), [10_000_000, 0])
    }

    func testLeadTimesBeyondTheBoundStillGiveABoundedExpectedBy() throws {
        let f = try InventoryFixture()
        try f.seed()
        // A lead time stored before the bound existed (or written by hand): 2^31 − 1 days.
        try f.db.execute("UPDATE parts SET lead_time_days = 2147483647")
        let emitted = try f.harness.deliver([
            f.request("TK-1", 1),
            f.request("TK-2", [PartLine(partNumber: "P-UNLISTED", quantity: 1)]),
        ]).emitted
        let due = emitted.payloads(PartsBackordered.self).map { $0.expectedBy.timeIntervalSince(f.harness.now) / 86_400 }
        XCTAssertEqual(due.count, 2)
        XCTAssertEqual(due.first ?? 0, 365, accuracy: 1e-6, "clamped to the longest lead time")
        XCTAssertEqual(due.last ?? 0, 7, accuracy: 1e-6, "a part not in the catalogue waits the default lead time")
    }

    // MARK: Failures

    func testALedgerDefectIsDeadLetteredAloneAndTheRestOfTheBatchApplied() throws {
        let f = try InventoryFixture()
        try f.seed()
        try f.harness.deliver([f.receipt("WH-SH", 2), f.request("TK-1", 2)])
        // Break the projection behind the ledger's back: it no longer shows TK-1's reservation.
        try f.db.execute("UPDATE stock SET reserved = 0")
        let (outcome, emitted) = try f.harness.deliver([
            f.harness.envelope(TicketCancelled(ticketId: "TK-1", reason: "customer cancelled")),
            f.receipt("WH-HZ", 1),
        ])
        XCTAssertEqual(outcome.isolated, 1, "not transient: the runtime applied the batch event by event")
        XCTAssertEqual(outcome.deadLettered, 1)
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertTrue(emitted.deadLetters.first?.reason.contains("would break the ledger") == true, "\(emitted.deadLetters)")
        XCTAssertEqual(try f.stock("WH-HZ"), [1, 0], "the other event of the batch applied")
        XCTAssertEqual(try f.stock("WH-SH"), [2, 0], "nothing of the failed event was written")
    }
}
