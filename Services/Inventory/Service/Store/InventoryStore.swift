import Foundation
import Postgres
import Schema

/// All SQL of inventory's tables (bound parameters only). Every function is ONE statement,
/// set-based over the keys of the whole batch (`= ANY(…)`, `unnest(…)`), so a batch costs
/// the same number of statements whatever its size.
///
/// Concurrency: the `stock` rows are the lock that serialises two instances. A batch creates
/// the rows it may change (`createStock`) and locks them (`lockStock`, `FOR UPDATE` in part,
/// then warehouse order) before it reads reservations, backorders and requested lines, and
/// every change to those happens under the lock of their (part, warehouse) row. So what the
/// batch reads after `lockStock` stays true until it commits, and nothing is oversold.
struct InventoryStore {
    let db: PGConnection

    // MARK: Reads before the locks

    /// The (part, warehouse) rows the tickets hold reservations or open backorders on: the
    /// rows a release or cancellation must lock. Read without locks; re-checked after them.
    func stockHeld(byTickets tickets: [String]) throws -> [StockKey] {
        try db.query("""
            SELECT part_number, warehouse_id FROM reservations WHERE ticket_id = ANY(\(tickets)::text[]) AND quantity > 0
            UNION
            SELECT part_number, warehouse_id FROM backorders
             WHERE ticket_id = ANY(\(tickets)::text[]) AND status = \(BackorderStatus.open.rawValue)
            """).map { StockKey(try $0.get("part_number"), try $0.get("warehouse_id")) }
    }

    /// Every warehouse (master data: few rows), by id.
    func warehouses() throws -> [String: WarehouseRecord] {
        var warehouses: [String: WarehouseRecord] = [:]
        for row in try db.query("SELECT warehouse_id, region, lat, lon FROM warehouses") {
            let record = WarehouseRecord(warehouseId: try row.get("warehouse_id"), region: try row.get("region"),
                                         location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")))
            warehouses[record.warehouseId] = record
        }
        return warehouses
    }

    // MARK: Locks

    /// Creates the missing stock rows among `keys` (sorted, so two instances creating the
    /// same rows wait for each other in the same order, never in a cycle).
    func createStock(_ keys: [StockKey]) throws {
        try db.execute("""
            INSERT INTO stock (part_number, warehouse_id)
            SELECT part_number, warehouse_id FROM unnest(\(keys.map(\.partNumber))::text[], \(keys.map(\.warehouseId))::text[])
                AS u (part_number, warehouse_id)
            ORDER BY part_number, warehouse_id
            ON CONFLICT DO NOTHING
            """)
    }

    /// Locks the rows `keys` and every existing row of `allRowsOf`, in part then warehouse
    /// order, and returns their projection.
    func lockStock(_ keys: [StockKey], allRowsOf parts: [String]) throws -> [StockKey: StockLevel] {
        var stock: [StockKey: StockLevel] = [:]
        for row in try db.query("""
            SELECT part_number, warehouse_id, on_hand, reserved, low FROM stock
             WHERE (part_number, warehouse_id) IN
                   (SELECT * FROM unnest(\(keys.map(\.partNumber))::text[], \(keys.map(\.warehouseId))::text[]))
                OR part_number = ANY(\(parts)::text[])
             ORDER BY part_number, warehouse_id
               FOR UPDATE
            """) {
            stock[StockKey(try row.get("part_number"), try row.get("warehouse_id"))] =
                StockLevel(onHand: try row.get("on_hand"), reserved: try row.get("reserved"), low: try row.get("low"))
        }
        return stock
    }

    // MARK: Reads under the locks

    /// Catalogue entries of the parts, by part number.
    func parts(_ partNumbers: [String]) throws -> [String: PartRecord] {
        var parts: [String: PartRecord] = [:]
        for row in try db.query("""
            SELECT part_number, name, unit_price::float8 AS unit_price, currency, lead_time_days, reorder_point, supplier
              FROM parts WHERE part_number = ANY(\(partNumbers)::text[])
            """) {
            let part = PartRecord(partNumber: try row.get("part_number"), name: try row.get("name"),
                                  unitPrice: try row.get("unit_price"), currency: try row.get("currency"),
                                  leadTimeDays: try row.get("lead_time_days"), reorderPoint: try row.get("reorder_point"),
                                  supplier: try row.get("supplier"))
            parts[part.partNumber] = part
        }
        return parts
    }

    /// Reservations of the tickets: ticket → stock row → units (rows at 0 included: they
    /// still tell where the ticket's technician works).
    func reservations(ofTickets tickets: [String]) throws -> [String: [StockKey: Int]] {
        var reservations: [String: [StockKey: Int]] = [:]
        for row in try db.query("""
            SELECT ticket_id, part_number, warehouse_id, quantity FROM reservations WHERE ticket_id = ANY(\(tickets)::text[])
            """) {
            let key = StockKey(try row.get("part_number"), try row.get("warehouse_id"))
            reservations[try row.get("ticket_id"), default: [:]][key] = try row.get("quantity")
        }
        return reservations
    }

    /// Every backorder of the tickets, and the open backorders at the rows `openAt`, oldest first.
    func backorders(ofTickets tickets: [String], openAt keys: [StockKey]) throws -> [BackorderRow] {
        try db.query("""
            SELECT id, ticket_id, part_number, warehouse_id, quantity, status, requested_at, expected_by FROM backorders
             WHERE ticket_id = ANY(\(tickets)::text[])
                OR (status = \(BackorderStatus.open.rawValue) AND (part_number, warehouse_id) IN
                    (SELECT * FROM unnest(\(keys.map(\.partNumber))::text[], \(keys.map(\.warehouseId))::text[])))
             ORDER BY id
            """).map { row in
            let status: String = try row.get("status")
            guard let known = BackorderStatus(rawValue: status) else {
                throw PGError(message: "backorders.status: unknown value \(status)")
            }
            return BackorderRow(id: try row.get("id"), ticketId: try row.get("ticket_id"),
                                key: StockKey(try row.get("part_number"), try row.get("warehouse_id")),
                                quantity: try row.get("quantity"), status: known, requestedAt: try row.get("requested_at"),
                                expectedBy: try row.get("expected_by"))
        }
    }

    /// The (ticket, part) lines of the tickets already handled.
    func requestedLines(ofTickets tickets: [String]) throws -> Set<RequestedLine> {
        Set(try db.query("""
            SELECT ticket_id, part_number FROM requested_lines WHERE ticket_id = ANY(\(tickets)::text[])
            """).map { RequestedLine(ticketId: try $0.get("ticket_id"), partNumber: try $0.get("part_number")) })
    }

    /// Units consumed per day at each row since `since`, before this batch (the forecast's history).
    func consumption(at keys: [StockKey], since: Date) throws -> [StockKey: DailyConsumption] {
        var history: [StockKey: DailyConsumption] = [:]
        for row in try db.query("""
            SELECT part_number, warehouse_id, floor(extract(epoch FROM occurred_at) / 86400)::bigint AS day,
                   sum(-on_hand_delta)::float8 AS used
              FROM movements
             WHERE kind = \(MovementKind.consumption.rawValue) AND occurred_at >= \(since)
               AND (part_number, warehouse_id) IN
                   (SELECT * FROM unnest(\(keys.map(\.partNumber))::text[], \(keys.map(\.warehouseId))::text[]))
             GROUP BY 1, 2, 3
            """) {
            let key = StockKey(try row.get("part_number"), try row.get("warehouse_id"))
            history[key, default: [:]][try row.get("day")] = try row.get("used")
        }
        return history
    }
}
