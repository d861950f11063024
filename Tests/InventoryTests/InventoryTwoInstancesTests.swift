import Foundation
import InventoryService
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Two inventory instances (same consumer group, same database) reserve two scarce parts
/// for many tickets at once, with the lines in varying order: exactly the stock is
/// reserved, the rest backordered, nothing oversold, no deadlock.
final class InventoryTwoInstancesTests: XCTestCase {
    func testTwoInstancesNeverOversellScarceParts() async throws {
        let prefix = uniqueTopicPrefix("inventory2-pair")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.parts, .deadLetters])
        let config = testServiceConfig(service: "inventory", databaseURL: try makeTestDatabase("inventory2pair"), topicPrefix: prefix,
                                       batchSize: 4)
        let first = ServiceRunner(config: config, migrations: InventoryMigrations.all, handler: try InventoryHandler(config: config))
        let second = ServiceRunner(config: config, migrations: InventoryMigrations.all, handler: try InventoryHandler(config: config))
        first.start()
        second.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        let here = GeoPoint(lat: 31.23, lon: 121.47)
        try probe.send(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: here))
        try probe.send(WarehouseUpserted(warehouseId: "WH-HZ", region: "hangzhou", location: GeoPoint(lat: 30.27, lon: 120.16)))
        for part in ["P-A", "P-B"] {
            try probe.send(PartUpserted(partNumber: part, name: part, unitPrice: 100, currency: "CNY", leadTimeDays: 5))
            try probe.send(StockReceived(partNumber: part, warehouseId: "WH-SH", quantity: 2))
            try probe.send(StockReceived(partNumber: part, warehouseId: "WH-HZ", quantity: 2))
        }
        eventually(timeout: 30, "2 warehouses and 8 units on hand") {
            let warehouses: Int = try db.query("SELECT count(*)::bigint AS n FROM warehouses").first?.get("n") ?? 0
            let onHand: Int = try db.query("SELECT coalesce(sum(on_hand), 0)::bigint AS n FROM stock").first?.get("n") ?? 0
            return warehouses == 2 && onHand == 8
        }
        let tickets = 30
        _ = try probe.sendAll((0..<tickets).map { index in
            let lines = [PartLine(partNumber: "P-A", quantity: 1), PartLine(partNumber: "P-B", quantity: 1)]
            return PartsRequested(ticketId: "TK-\(index)", technicianId: "T", region: "shanghai", location: here,
                                  lines: index.isMultiple(of: 2) ? lines : lines.reversed())
        })
        // Every ticket answered for both parts (reserved or backordered lines: 2 per ticket once merged).
        try probe.collect(timeout: 60) { seen in
            let lines = seen.filter { $0.type == "parts.reserved" }.compactMap { try? $0.payload(as: PartsReserved.self) }.flatMap(\.lines)
                + seen.filter { $0.type == "parts.backordered" }.compactMap { try? $0.payload(as: PartsBackordered.self) }.flatMap(\.lines)
            return lines.map(\.quantity).reduce(0, +) >= 2 * tickets
        }
        try probe.settle(seconds: 1)
        _ = await first.stop()
        _ = await second.stop()

        let reserved = probe.payloads(PartsReserved.self).flatMap(\.lines)
        let backordered = probe.payloads(PartsBackordered.self).flatMap(\.lines)
        for part in ["P-A", "P-B"] {
            XCTAssertEqual(reserved.filter { $0.partNumber == part }.map(\.quantity).reduce(0, +), 4, "exactly the stock of \(part)")
            XCTAssertEqual(backordered.filter { $0.partNumber == part }.map(\.quantity).reduce(0, +), tickets - 4)
        }
        for row in try db.query("SELECT on_hand, reserved FROM stock") {
            XCTAssertEqual(try row.get("on_hand") as Int, 2)
            XCTAssertEqual(try row.get("reserved") as Int, 2)
        }
        let reservations: Int = try db.query("SELECT sum(quantity)::bigint AS n FROM reservations").first!.get("n")
        XCTAssertEqual(reservations, 8)
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty)
    }
}
