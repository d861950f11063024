import Foundation
import InventoryFallback
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Two inventory instances in one consumer group reserve the same scarce part at once:
/// exactly the stock on hand is reserved, the rest is backordered, nothing is oversold.
final class InventoryTwoInstancesTests: XCTestCase {
    func testTwoInstancesNeverOversellAScarcePart() async throws {
        let prefix = uniqueTopicPrefix("inventory2x")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.parts, .deadLetters])
        let config = testServiceConfig(service: "inventory", databaseURL: try makeTestDatabase("inventory2x"), topicPrefix: prefix,
                                       batchSize: 5)
        let first = ServiceRunner(config: config, migrations: InventoryMigrations.all, handler: try InventoryHandler(config: config))
        let second = ServiceRunner(config: config, migrations: InventoryMigrations.all, handler: try InventoryHandler(config: config))
        first.start()
        second.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        let here = GeoPoint(lat: 31.23, lon: 121.47)
        try probe.send(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: here))
        try probe.send(PartUpserted(partNumber: "P-SCARCE", name: "compressor", unitPrice: 860, currency: "CNY", leadTimeDays: 5))
        try probe.send(StockReceived(partNumber: "P-SCARCE", warehouseId: "WH-SH", quantity: 5))
        let ready = Date().addingTimeInterval(30)
        while Date() < ready {
            let warehouses: Int = (try? db.query("SELECT count(*)::bigint AS n FROM warehouses").first?.get("n")) ?? 0
            let onHand: Int = (try? db.query("SELECT coalesce(sum(on_hand), 0)::bigint AS n FROM stock").first?.get("n")) ?? 0
            if warehouses == 1 && onHand == 5 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        // Forty tickets, spread over all partitions, each wanting one.
        _ = try probe.sendAll((0..<40).map {
            PartsRequested(ticketId: "TK-\($0)", technicianId: "T", region: "shanghai", location: here,
                           lines: [PartLine(partNumber: "P-SCARCE", quantity: 1)])
        })
        try probe.collect(timeout: 60) { seen in
            Set(seen.filter { $0.type == "parts.reserved" || $0.type == "parts.backordered" }.compactMap { $0.data["ticketId"]?.stringValue }).count >= 40
        }
        await first.stop()
        await second.stop()
        print("inventory instances applied \(first.metrics.processed) and \(second.metrics.processed) messages")
        let reserved = probe.payloads(PartsReserved.self).flatMap(\.lines).map(\.quantity).reduce(0, +)
        let backordered = probe.payloads(PartsBackordered.self).flatMap(\.lines).map(\.quantity).reduce(0, +)
        XCTAssertEqual(reserved, 5, "exactly the stock on hand was reserved")
        XCTAssertEqual(backordered, 35)
        let row = try XCTUnwrap(try db.query("SELECT on_hand, reserved FROM stock WHERE part_number = 'P-SCARCE'").first)
        XCTAssertEqual(try row.get("reserved") as Int, 5)
        XCTAssertEqual(try row.get("on_hand") as Int, 5)
    }
}
