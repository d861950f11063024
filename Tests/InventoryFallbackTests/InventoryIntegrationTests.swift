import Foundation
import InventoryFallback
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Inventory through the real broker and database: region-first reservations, a
/// backorder fulfilled by a receipt, low stock warned once per crossing, consumption and
/// cancellation moving the ledger, and a repeated request that reserves nothing twice.
final class InventoryIntegrationTests: XCTestCase {
    private func waitUntil(_ db: PGConnection, _ sql: PGQuery, equals expected: Int) async throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? db.query(sql).first?.get("n") as Int?) == expected { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTFail("timed out waiting for \(sql.sql) = \(expected)")
    }

    private func stock(_ db: PGConnection, _ warehouse: String) throws -> (onHand: Int, reserved: Int) {
        let row = try XCTUnwrap(try db.query("SELECT on_hand, reserved FROM stock WHERE part_number = 'P-A' AND warehouse_id = \(warehouse)").first)
        return (try row.get("on_hand"), try row.get("reserved"))
    }

    func testReservationsBackordersLowStockAndRelease() async throws {
        let prefix = uniqueTopicPrefix("inventory")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.parts, .inventory, .deadLetters])
        let config = testServiceConfig(service: "inventory", databaseURL: try makeTestDatabase("inventory"), topicPrefix: prefix)
        let runner = ServiceRunner(config: config, migrations: InventoryMigrations.all, handler: try InventoryHandler(config: config))
        runner.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        let shanghai = GeoPoint(lat: 31.23, lon: 121.47)

        try probe.send(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: shanghai))
        try probe.send(WarehouseUpserted(warehouseId: "WH-HZ", region: "hangzhou", location: GeoPoint(lat: 30.27, lon: 120.16)))
        try probe.send(WarehouseUpserted(warehouseId: "WH-BJ", region: "beijing", location: GeoPoint(lat: 39.9, lon: 116.4)))
        try probe.send(PartUpserted(partNumber: "P-A", name: "drain pump", unitPrice: 140, currency: "CNY", leadTimeDays: 3, reorderPoint: 2))
        try await waitUntil(db, "SELECT count(*)::bigint AS n FROM warehouses", equals: 3)
        try probe.send(StockReceived(partNumber: "P-A", warehouseId: "WH-SH", quantity: 3))
        try probe.send(StockReceived(partNumber: "P-A", warehouseId: "WH-HZ", quantity: 1))
        try probe.send(StockReceived(partNumber: "P-A", warehouseId: "WH-BJ", quantity: 9))
        try await waitUntil(db, "SELECT coalesce(sum(on_hand), 0)::bigint AS n FROM stock", equals: 13)

        // TK-1 takes 2 of Shanghai's 3: available 1 < reorder point 2 → one stock.low and a reorder suggestion.
        let request1 = PartsRequested(ticketId: "TK-1", technicianId: "T-1", region: "shanghai", location: shanghai,
                                      lines: [PartLine(partNumber: "P-A", quantity: 2)])
        try probe.send(request1)
        try probe.collect(.partsReserved, count: 1)
        XCTAssertEqual(probe.payloads(PartsReserved.self)[0].lines, [PartLine(partNumber: "P-A", quantity: 2, warehouseId: "WH-SH")])
        try probe.collect(.reorderSuggested, count: 1)
        // Hangzhou received 1 with a reorder point of 2: low from the start; Shanghai crosses now.
        XCTAssertEqual(probe.payloads(StockLow.self).filter { $0.warehouseId == "WH-SH" }.map(\.available), [1])

        // TK-2 wants 12: Shanghai's last 1, then the nearest (Hangzhou 1), then Beijing 9; 1 backordered in Shanghai.
        try probe.send(PartsRequested(ticketId: "TK-2", technicianId: "T-2", region: "shanghai", location: shanghai,
                                      lines: [PartLine(partNumber: "P-A", quantity: 12)]))
        let backordered = try XCTUnwrap(try probe.collect(.partsBackordered, count: 1).first?.payload(as: PartsBackordered.self))
        XCTAssertEqual(backordered.lines, [PartLine(partNumber: "P-A", quantity: 1, warehouseId: "WH-SH")])
        let reserved2 = try XCTUnwrap(probe.payloads(PartsReserved.self).first { $0.ticketId == "TK-2" })
        XCTAssertEqual(reserved2.lines.map { "\($0.warehouseId!):\($0.quantity)" }, ["WH-SH:1", "WH-HZ:1", "WH-BJ:9"])
        // A repeated request reserves nothing twice.
        try probe.send(request1)
        try probe.settle(seconds: 1.5)
        XCTAssertEqual(probe.payloads(PartsReserved.self).filter { $0.ticketId == "TK-1" }.count, 1)
        XCTAssertEqual(try stock(db, "WH-SH").reserved, 3, "never more reserved than on hand")

        // A receipt fulfils the open backorder.
        try probe.send(StockReceived(partNumber: "P-A", warehouseId: "WH-SH", quantity: 5))
        try probe.collect(timeout: 30) { seen in seen.filter { $0.type == "parts.reserved" && $0.data["ticketId"]?.stringValue == "TK-2" }.count >= 2 }
        XCTAssertEqual(probe.payloads(PartsReserved.self).last?.lines, [PartLine(partNumber: "P-A", quantity: 1, warehouseId: "WH-SH")])

        // TK-1 uses its 2 parts; TK-2 is cancelled and its reservations go back.
        try probe.send(PartsConsumed(ticketId: "TK-1", lines: [PartLine(partNumber: "P-A", quantity: 2)]))
        try await waitUntil(db, "SELECT on_hand::bigint AS n FROM stock WHERE part_number = 'P-A' AND warehouse_id = 'WH-SH'", equals: 6)
        try probe.send(TicketCancelled(ticketId: "TK-2", reason: "customer cancelled"))
        try await waitUntil(db, "SELECT coalesce(sum(reserved), 0)::bigint AS n FROM stock", equals: 0)
        try probe.send(TicketCancelled(ticketId: "TK-2", reason: "again"))
        try probe.settle(seconds: 1)
        await runner.stop()

        XCTAssertEqual(try stock(db, "WH-SH").onHand, 6)
        XCTAssertEqual(try stock(db, "WH-BJ").onHand, 9)
        let ledger: Int = try db.query("SELECT sum(on_hand_delta)::bigint AS n FROM movements").first!.get("n")
        let projection: Int = try db.query("SELECT sum(on_hand)::bigint AS n FROM stock").first!.get("n")
        XCTAssertEqual(ledger, projection, "on hand is the sum of the ledger's movements")
        XCTAssertEqual(probe.payloads(StockLow.self).filter { $0.warehouseId == "WH-SH" }.count, 1, "one warning per crossing")
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty, "\(probe.payloads(MessageDeadLettered.self).map(\.reason))")
    }
}
