import Foundation
import InventoryService
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Shared set-up of inventory's database-level handler tests: a `BatchHarness` with two
/// warehouses (Shanghai, Hangzhou) and readers for the ledger and its projection.
struct InventoryFixture {
    static let shanghai = GeoPoint(lat: 31.23, lon: 121.47)
    static let hangzhou = GeoPoint(lat: 30.27, lon: 120.16)

    let harness: BatchHarness

    init(handler: any ServiceHandler = InventoryHandler()) throws {
        harness = try BatchHarness(service: "inventory", migrations: InventoryMigrations.all, handler: handler)
    }

    var db: PGConnection { harness.db }

    /// Delivers warehouses WH-SH (shanghai) and WH-HZ (hangzhou) and the parts as one batch.
    func seed(parts: [String] = ["P-PUMP"], reorderPoint: Int? = 2, leadTimeDays: Int = 3) throws {
        var envelopes = [
            harness.envelope(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: Self.shanghai)),
            harness.envelope(WarehouseUpserted(warehouseId: "WH-HZ", region: "hangzhou", location: Self.hangzhou)),
        ]
        envelopes += parts.map {
            harness.envelope(PartUpserted(partNumber: $0, name: "part \($0)", unitPrice: 140, currency: "CNY",
                                          leadTimeDays: leadTimeDays, reorderPoint: reorderPoint))
        }
        let (outcome, _) = try harness.deliver(envelopes)
        XCTAssertEqual(outcome.applied, envelopes.count)
    }

    func request(_ ticketId: String, _ lines: [PartLine], region: String = "shanghai") -> Envelope {
        harness.envelope(PartsRequested(ticketId: ticketId, technicianId: "T-1", region: region, location: Self.shanghai,
                                        lines: lines))
    }

    func request(_ ticketId: String, _ quantity: Int, part: String = "P-PUMP") -> Envelope {
        request(ticketId, [PartLine(partNumber: part, quantity: quantity)])
    }

    func receipt(_ warehouse: String, _ quantity: Int, part: String = "P-PUMP") -> Envelope {
        harness.envelope(StockReceived(partNumber: part, warehouseId: warehouse, quantity: quantity))
    }

    /// (on hand, reserved) of a stock row, or nil when there is none.
    func stock(_ warehouse: String, part: String = "P-PUMP") throws -> [Int]? {
        guard let row = try db.query("""
            SELECT on_hand, reserved FROM stock WHERE part_number = \(part) AND warehouse_id = \(warehouse)
            """).first else { return nil }
        return [try row.get("on_hand"), try row.get("reserved")]
    }

    func count(_ sql: PGQuery) throws -> Int {
        try db.query(sql).first?.get("n") ?? -1
    }

    /// The movement kinds of a part at a warehouse, in ledger order.
    func movementKinds(_ warehouse: String, part: String = "P-PUMP") throws -> [String] {
        try db.query("""
            SELECT kind FROM movements WHERE part_number = \(part) AND warehouse_id = \(warehouse) ORDER BY id
            """).map { try $0.get("kind") }
    }

    /// Fails the test unless every stock row equals the sum of its movements and the
    /// reservations add up to what is reserved.
    func assertLedgerMatchesProjection(file: StaticString = #filePath, line: UInt = #line) throws {
        let mismatches = try count("""
            SELECT count(*)::bigint AS n FROM stock s
              LEFT JOIN (SELECT part_number, warehouse_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
                           FROM movements GROUP BY 1, 2) m USING (part_number, warehouse_id)
              LEFT JOIN (SELECT part_number, warehouse_id, sum(quantity) AS reserved FROM reservations GROUP BY 1, 2) r
                USING (part_number, warehouse_id)
             WHERE s.on_hand <> coalesce(m.on_hand, 0) OR s.reserved <> coalesce(m.reserved, 0)
                OR s.reserved <> coalesce(r.reserved, 0)
            """)
        XCTAssertEqual(mismatches, 0, "stock rows that differ from their ledger or reservations", file: file, line: line)
    }
}
