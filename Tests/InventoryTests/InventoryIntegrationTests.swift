import Foundation
import InventoryService
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Inventory through the real broker and database: region-first reservations, a part that
/// runs out (reserved + backordered + one stock.low), a receipt fulfilling the oldest
/// backorder, consumption and release moving the ledger, idempotent repeats.
final class InventoryIntegrationTests: XCTestCase {
    private func scalar(_ db: PGConnection, _ sql: PGQuery) throws -> Int? {
        try db.query(sql).first?.get("n") as Int?
    }

    /// Waits (failing the test after 30 s) until the query's `n` equals `expected`.
    private func waitUntil(_ db: PGConnection, _ sql: PGQuery, equals expected: Int,
                           file: StaticString = #filePath, line: UInt = #line) {
        eventually(timeout: 30, "\(sql.sql) = \(expected)", file: file, line: line) { try scalar(db, sql) == expected }
    }

    private func stock(_ db: PGConnection, _ warehouse: String) throws -> [Int] {
        let row = try XCTUnwrap(try db.query("""
            SELECT on_hand, reserved FROM stock WHERE part_number = 'P-PUMP' AND warehouse_id = \(warehouse)
            """).first)
        return [try row.get("on_hand"), try row.get("reserved")]
    }

    func testPartsRunOutAreBackorderedThenFulfilledConsumedAndReleased() async throws {
        let prefix = uniqueTopicPrefix("inventory2")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.parts, .inventory, .deadLetters])
        let config = testServiceConfig(service: "inventory", databaseURL: try makeTestDatabase("inventory2"), topicPrefix: prefix)
        let runner = ServiceRunner(config: config, migrations: InventoryMigrations.all, handler: try InventoryHandler(config: config))
        runner.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        let shanghai = GeoPoint(lat: 31.23, lon: 121.47)

        try probe.send(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: shanghai))
        try probe.send(WarehouseUpserted(warehouseId: "WH-HZ", region: "hangzhou", location: GeoPoint(lat: 30.27, lon: 120.16)))
        try probe.send(WarehouseUpserted(warehouseId: "WH-BJ", region: "beijing", location: GeoPoint(lat: 39.9, lon: 116.4)))
        try probe.send(PartUpserted(partNumber: "P-PUMP", name: "drain pump", unitPrice: 140, currency: "CNY", leadTimeDays: 3,
                                    reorderPoint: 2))
        waitUntil(db, "SELECT count(*)::bigint AS n FROM warehouses", equals: 3)
        waitUntil(db, "SELECT count(*)::bigint AS n FROM parts", equals: 1)
        try probe.send(StockReceived(partNumber: "P-PUMP", warehouseId: "WH-SH", quantity: 3))
        try probe.send(StockReceived(partNumber: "P-PUMP", warehouseId: "WH-HZ", quantity: 2))
        waitUntil(db, "SELECT coalesce(sum(on_hand), 0)::bigint AS n FROM stock", equals: 5)

        // TK-1 takes 2 of Shanghai's 3: available 1 < reorder point 2 → stock.low + reorder.suggested.
        let request1 = PartsRequested(ticketId: "TK-1", technicianId: "T-1", region: "shanghai", location: shanghai,
                                      lines: [PartLine(partNumber: "P-PUMP", quantity: 2)])
        try probe.send(request1)
        // parts.reserved and reorder.suggested travel on different topics: wait for both.
        try probe.collect(timeout: 60) { seen in
            seen.contains { $0.type == "reorder.suggested" } && seen.contains { $0.type == "parts.reserved" }
        }
        XCTAssertEqual(probe.payloads(PartsReserved.self).first?.lines, [PartLine(partNumber: "P-PUMP", quantity: 2, warehouseId: "WH-SH")])
        XCTAssertEqual(probe.payloads(StockLow.self), [StockLow(partNumber: "P-PUMP", warehouseId: "WH-SH", available: 1, reorderPoint: 2)])
        let suggestion = try XCTUnwrap(probe.payloads(ReorderSuggested.self).first)
        XCTAssertEqual(suggestion.warehouseId, "WH-SH")
        XCTAssertGreaterThanOrEqual(suggestion.quantity, 1)

        // TK-2 wants 4: Shanghai's last 1, then the nearest other (Hangzhou 2); 1 backordered at Shanghai.
        try probe.send(PartsRequested(ticketId: "TK-2", technicianId: "T-2", region: "shanghai", location: shanghai,
                                      lines: [PartLine(partNumber: "P-PUMP", quantity: 4)]))
        let backordered = try XCTUnwrap(try probe.collect(.partsBackordered, count: 1).first?.payload(as: PartsBackordered.self))
        XCTAssertEqual(backordered.ticketId, "TK-2")
        XCTAssertEqual(backordered.lines, [PartLine(partNumber: "P-PUMP", quantity: 1, warehouseId: "WH-SH")])
        XCTAssertGreaterThan(backordered.expectedBy, Date().addingTimeInterval(2.9 * 86_400), "now + 3 days lead time")
        XCTAssertLessThan(backordered.expectedBy, Date().addingTimeInterval(3.1 * 86_400))
        let reserved2 = try XCTUnwrap(probe.payloads(PartsReserved.self).first { $0.ticketId == "TK-2" })
        XCTAssertEqual(reserved2.lines.map { "\($0.warehouseId!):\($0.quantity)" }, ["WH-SH:1", "WH-HZ:2"])

        // TK-3 wants 1: nothing left anywhere → fully backordered.
        try probe.send(PartsRequested(ticketId: "TK-3", technicianId: "T-3", region: "shanghai", location: shanghai,
                                      lines: [PartLine(partNumber: "P-PUMP", quantity: 1)]))
        try probe.collect(.partsBackordered, count: 2)
        // A repeated request for TK-1 reserves nothing twice.
        try probe.send(request1)
        try probe.settle(seconds: 1.5)
        XCTAssertEqual(probe.payloads(PartsReserved.self).filter { $0.ticketId == "TK-1" }.count, 1)
        XCTAssertEqual(try stock(db, "WH-SH"), [3, 3], "never more reserved than on hand")
        XCTAssertEqual(try stock(db, "WH-HZ"), [2, 2])
        XCTAssertEqual(probe.payloads(StockLow.self).filter { $0.warehouseId == "WH-SH" }.count, 1, "one warning per crossing")

        // A receipt of 1 at Shanghai fulfils the oldest backorder (TK-2), not TK-3's.
        try probe.send(StockReceived(partNumber: "P-PUMP", warehouseId: "WH-SH", quantity: 1))
        try probe.collect { seen in seen.filter { $0.type == "parts.reserved" && $0.data["ticketId"]?.stringValue == "TK-2" }.count >= 2 }
        XCTAssertEqual(probe.payloads(PartsReserved.self).filter { $0.ticketId == "TK-2" }.last?.lines,
                       [PartLine(partNumber: "P-PUMP", quantity: 1, warehouseId: "WH-SH")])
        XCTAssertEqual(try scalar(db, "SELECT count(*)::bigint AS n FROM backorders WHERE ticket_id = 'TK-3' AND status = 'open'"), 1)
        XCTAssertEqual(try stock(db, "WH-SH"), [4, 4])

        // TK-1 uses its 2 parts: on hand and reserved both drop.
        try probe.send(PartsConsumed(ticketId: "TK-1", lines: [PartLine(partNumber: "P-PUMP", quantity: 2)]))
        waitUntil(db, "SELECT on_hand::bigint AS n FROM stock WHERE part_number = 'P-PUMP' AND warehouse_id = 'WH-SH'", equals: 2)
        XCTAssertEqual(try stock(db, "WH-SH"), [2, 2])

        // TK-2 is released by dispatch and cancelled: released once; TK-3's cancellation cancels its backorder.
        try probe.send(PartsReleased(ticketId: "TK-2", lines: [PartLine(partNumber: "P-PUMP", quantity: 4)]))
        try probe.send(TicketCancelled(ticketId: "TK-2", reason: "customer cancelled"))
        try probe.send(TicketCancelled(ticketId: "TK-3", reason: "customer cancelled"))
        waitUntil(db, "SELECT count(*)::bigint AS n FROM backorders WHERE status = 'cancelled'", equals: 1)
        waitUntil(db, "SELECT coalesce(sum(reserved), 0)::bigint AS n FROM stock", equals: 0)
        // A stocktake finds 5 at Shanghai (+3 adjustment); TK-4 uses 1 it never reserved from
        // Hangzhou: the named warehouse is taken although Shanghai has more available.
        try probe.send(StockCounted(partNumber: "P-PUMP", warehouseId: "WH-SH", countedQuantity: 5))
        waitUntil(db, "SELECT sum(on_hand)::bigint AS n FROM stock", equals: 7)
        try probe.send(PartsConsumed(ticketId: "TK-4", lines: [PartLine(partNumber: "P-PUMP", quantity: 1, warehouseId: "WH-HZ")]))
        waitUntil(db, "SELECT sum(on_hand)::bigint AS n FROM stock", equals: 6)
        try probe.settle(seconds: 1)
        _ = await runner.stop()

        XCTAssertEqual(try stock(db, "WH-SH"), [5, 0])
        XCTAssertEqual(try stock(db, "WH-HZ"), [1, 0])
        XCTAssertEqual(try scalar(db, "SELECT on_hand_delta::bigint AS n FROM movements WHERE kind = 'adjustment'"), 3)
        XCTAssertEqual(try scalar(db, "SELECT count(*)::bigint AS n FROM movements WHERE kind = 'release'"), 2,
                       "released once although parts.released and ticket.cancelled both arrived")
        XCTAssertEqual(try scalar(db, "SELECT sum(on_hand_delta)::bigint AS n FROM movements"),
                       try scalar(db, "SELECT sum(on_hand)::bigint AS n FROM stock"), "on hand is the sum of the ledger")
        XCTAssertEqual(try scalar(db, "SELECT sum(reserved_delta)::bigint AS n FROM movements"), 0)
        XCTAssertEqual(try scalar(db, "SELECT value::bigint AS n FROM stock_value WHERE warehouse_id = 'WH-SH'"), 700, "5 × 140")
        XCTAssertEqual(probe.payloads(StockLow.self).filter { $0.warehouseId == "WH-SH" }.count, 1)
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty, "\(probe.payloads(MessageDeadLettered.self).map(\.reason))")
    }
}
