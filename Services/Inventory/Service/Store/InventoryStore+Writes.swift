import Foundation
import Postgres

// The batch's changes, one set-based statement per table. Callers skip empty ones.
extension InventoryStore {
    /// Creates or replaces catalogue entries.
    func upsertParts(_ parts: [PartRecord]) throws {
        try db.execute("""
            INSERT INTO parts (part_number, name, unit_price, currency, lead_time_days, reorder_point, supplier)
            SELECT part_number, name, unit_price::numeric(12, 2), currency, lead_time_days, reorder_point, supplier
              FROM unnest(\(parts.map(\.partNumber))::text[], \(parts.map(\.name))::text[], \(parts.map(\.unitPrice))::float8[],
                          \(parts.map(\.currency))::text[], \(parts.map(\.leadTimeDays))::int[],
                          \(parts.map(\.reorderPoint))::int[], \(parts.map(\.supplier))::text[])
                AS u (part_number, name, unit_price, currency, lead_time_days, reorder_point, supplier)
             ORDER BY part_number
            ON CONFLICT (part_number) DO UPDATE SET name = EXCLUDED.name, unit_price = EXCLUDED.unit_price,
                currency = EXCLUDED.currency, lead_time_days = EXCLUDED.lead_time_days,
                reorder_point = EXCLUDED.reorder_point, supplier = EXCLUDED.supplier
            """)
    }

    /// Creates or replaces warehouses.
    func upsertWarehouses(_ warehouses: [WarehouseRecord]) throws {
        try db.execute("""
            INSERT INTO warehouses (warehouse_id, region, lat, lon)
            SELECT * FROM unnest(\(warehouses.map(\.warehouseId))::text[], \(warehouses.map(\.region))::text[],
                                 \(warehouses.map(\.location.lat))::float8[], \(warehouses.map(\.location.lon))::float8[])
                AS u (warehouse_id, region, lat, lon)
             ORDER BY warehouse_id
            ON CONFLICT (warehouse_id) DO UPDATE SET region = EXCLUDED.region, lat = EXCLUDED.lat, lon = EXCLUDED.lon
            """)
    }

    /// Appends movements to the ledger, in order, all at `occurredAt`.
    func appendMovements(_ movements: [MovementRow], occurredAt: Date) throws {
        try db.execute("""
            INSERT INTO movements (part_number, warehouse_id, kind, on_hand_delta, reserved_delta, ticket_id, occurred_at)
            SELECT part_number, warehouse_id, kind, on_hand_delta, reserved_delta, ticket_id, \(occurredAt)
              FROM unnest(\(movements.map(\.key.partNumber))::text[], \(movements.map(\.key.warehouseId))::text[],
                          \(movements.map(\.kind.rawValue))::text[], \(movements.map(\.onHandDelta))::int[],
                          \(movements.map(\.reservedDelta))::int[], \(movements.map(\.ticketId))::text[])
                   WITH ORDINALITY AS u (part_number, warehouse_id, kind, on_hand_delta, reserved_delta, ticket_id, position)
             ORDER BY position
            """)
    }

    /// Sets the projection of locked stock rows to its new values.
    func updateStock(_ changes: [StockKey: StockLevel]) throws {
        let rows = changes.sorted { $0.key < $1.key }
        try db.execute("""
            UPDATE stock s SET on_hand = u.on_hand, reserved = u.reserved, low = u.low
              FROM unnest(\(rows.map { $0.key.partNumber })::text[], \(rows.map { $0.key.warehouseId })::text[],
                          \(rows.map { $0.value.onHand })::int[], \(rows.map { $0.value.reserved })::int[],
                          \(rows.map { $0.value.low })::boolean[])
                   AS u (part_number, warehouse_id, on_hand, reserved, low)
             WHERE s.part_number = u.part_number AND s.warehouse_id = u.warehouse_id
            """)
    }

    /// Adds units to reservations (negative: takes them away), creating missing ones: the
    /// existing rows are updated and the others inserted, in one statement. (An upsert cannot
    /// take units away: the CHECK on `quantity` is evaluated on the proposed insert first.)
    func changeReservations(_ changes: [ReservationKey: Int]) throws {
        let rows = changes.sorted { $0.key < $1.key }
        try db.execute("""
            WITH change AS (
                SELECT * FROM unnest(\(rows.map { $0.key.ticketId })::text[], \(rows.map { $0.key.stock.partNumber })::text[],
                                     \(rows.map { $0.key.stock.warehouseId })::text[], \(rows.map { $0.value })::int[])
                    AS u (ticket_id, part_number, warehouse_id, units)
            ), updated AS (
                UPDATE reservations r SET quantity = r.quantity + c.units FROM change c
                 WHERE r.ticket_id = c.ticket_id AND r.part_number = c.part_number AND r.warehouse_id = c.warehouse_id
                RETURNING r.ticket_id, r.part_number, r.warehouse_id
            )
            INSERT INTO reservations (ticket_id, part_number, warehouse_id, quantity)
            SELECT c.ticket_id, c.part_number, c.warehouse_id, c.units FROM change c
             WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.ticket_id = c.ticket_id AND u.part_number = c.part_number
                                                          AND u.warehouse_id = c.warehouse_id)
            """)
    }

    /// Inserts new backorders (in order, so ids follow their age) and moves existing ones to
    /// their new status: one statement.
    func writeBackorders(new: [BackorderRow], statusChanges: [(id: Int64, status: BackorderStatus)]) throws {
        try db.execute("""
            WITH changed AS (
                UPDATE backorders b SET status = u.status
                  FROM unnest(\(statusChanges.map { $0.id })::bigint[], \(statusChanges.map { $0.status.rawValue })::text[]) AS u (id, status)
                 WHERE b.id = u.id
            )
            INSERT INTO backorders (ticket_id, part_number, warehouse_id, quantity, status, requested_at, expected_by)
            SELECT ticket_id, part_number, warehouse_id, quantity, status, requested_at, expected_by
              FROM unnest(\(new.map(\.ticketId))::text[], \(new.map(\.key.partNumber))::text[], \(new.map(\.key.warehouseId))::text[],
                          \(new.map(\.quantity))::int[], \(new.map(\.status.rawValue))::text[],
                          \(new.map(\.requestedAt))::timestamptz[], \(new.map(\.expectedBy))::timestamptz[])
                   WITH ORDINALITY AS u (ticket_id, part_number, warehouse_id, quantity, status, requested_at, expected_by, position)
             ORDER BY position
            """)
    }

    /// Records (ticket, part) lines as handled.
    func recordRequestedLines(_ lines: [RequestedLine]) throws {
        try db.execute("""
            INSERT INTO requested_lines (ticket_id, part_number)
            SELECT * FROM unnest(\(lines.map(\.ticketId))::text[], \(lines.map(\.partNumber))::text[])
            ON CONFLICT DO NOTHING
            """)
    }
}
