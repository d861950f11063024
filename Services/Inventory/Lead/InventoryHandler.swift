import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Inventory: the parts catalogue, warehouses, an append-only movement ledger with its
/// on-hand / reserved projection, reservations per ticket, backorders fulfilled by
/// receipts, low-stock warnings once per crossing and forecast-driven reorder suggestions.
/// Stock rows are locked (in part, warehouse order) before they change, so two instances
/// never oversell.
public struct InventoryHandler: ServiceHandler {
    public let settings: InventorySettings

    public init(settings: InventorySettings = InventorySettings()) { self.settings = settings }

    public init(config: ServiceConfig) throws { self.init(settings: try InventorySettings(config: config)) }

    public var subscriptions: [Topic] { [.stock, .parts, .tickets] }

    public func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        switch event.eventType {
        case .partUpserted: return try upsertPart(try event.payload(as: PartUpserted.self), context: context)
        case .warehouseUpserted: return try upsertWarehouse(try event.payload(as: WarehouseUpserted.self), context: context)
        case .stockReceived: return try received(try event.payload(as: StockReceived.self), event: event, context: context)
        case .stockCounted: return try counted(try event.payload(as: StockCounted.self), event: event, context: context)
        case .partsRequested: return try requested(try event.payload(as: PartsRequested.self), event: event, context: context)
        case .partsConsumed: return try consumed(try event.payload(as: PartsConsumed.self), event: event, context: context)
        case .partsReleased:
            let released = try event.payload(as: PartsReleased.self)
            return try release(ticketId: released.ticketId, lines: released.lines, cancelBackorders: false, event: event, context: context)
        case .ticketCancelled:
            return try release(ticketId: try event.payload(as: TicketCancelled.self).ticketId, lines: nil, cancelBackorders: true,
                               event: event, context: context)
        default: return .ignored
        }
    }

    // MARK: Catalogue

    private func upsertPart(_ part: PartUpserted, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            INSERT INTO parts (part_number, name, unit_price, currency, lead_time_days, reorder_point, supplier)
            VALUES (\(part.partNumber), \(part.name), \(part.unitPrice)::numeric, \(part.currency), \(part.leadTimeDays)::int,
                    \(part.reorderPoint)::int, \(part.supplier))
            ON CONFLICT (part_number) DO UPDATE SET name = EXCLUDED.name, unit_price = EXCLUDED.unit_price,
                currency = EXCLUDED.currency, lead_time_days = EXCLUDED.lead_time_days,
                reorder_point = EXCLUDED.reorder_point, supplier = EXCLUDED.supplier
            """)
        return .applied
    }

    private func upsertWarehouse(_ warehouse: WarehouseUpserted, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            INSERT INTO warehouses (warehouse_id, region, lat, lon)
            VALUES (\(warehouse.warehouseId), \(warehouse.region), \(warehouse.location.lat), \(warehouse.location.lon))
            ON CONFLICT (warehouse_id) DO UPDATE SET region = EXCLUDED.region, lat = EXCLUDED.lat, lon = EXCLUDED.lon
            """)
        return .applied
    }

    // MARK: Ledger primitives

    /// Locks (creating when missing) the stock row and returns (on hand, reserved, low).
    private func lockStock(_ part: String, _ warehouse: String, context: HandlerContext) throws -> (onHand: Int, reserved: Int, low: Bool) {
        try context.db.execute("""
            INSERT INTO stock (part_number, warehouse_id) VALUES (\(part), \(warehouse)) ON CONFLICT DO NOTHING
            """)
        let row = try context.db.query("""
            SELECT on_hand, reserved, low FROM stock WHERE part_number = \(part) AND warehouse_id = \(warehouse) FOR UPDATE
            """).first!
        return (try row.get("on_hand"), try row.get("reserved"), try row.get("low"))
    }

    /// Records a movement and moves the projection with it.
    private func move(_ kind: String, part: String, warehouse: String, onHand: Int, reserved: Int, ticketId: String?,
                      context: HandlerContext) throws {
        try context.db.execute("""
            INSERT INTO movements (part_number, warehouse_id, kind, on_hand_delta, reserved_delta, ticket_id, occurred_at)
            VALUES (\(part), \(warehouse), \(kind), \(onHand)::int, \(reserved)::int, \(ticketId), \(context.now))
            """)
        try context.db.execute("""
            UPDATE stock SET on_hand = on_hand + \(onHand)::int, reserved = reserved + \(reserved)::int
            WHERE part_number = \(part) AND warehouse_id = \(warehouse)
            """)
    }

    // MARK: Receipts and stocktakes

    private func received(_ receipt: StockReceived, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        // A receipt may arrive before its warehouse's `warehouse.upserted` (different keys, so no
        // order between them): the stock is booked anyway and becomes reservable once the
        // warehouse is known.
        _ = try lockStock(receipt.partNumber, receipt.warehouseId, context: context)
        try move("receipt", part: receipt.partNumber, warehouse: receipt.warehouseId, onHand: receipt.quantity, reserved: 0,
                 ticketId: nil, context: context)
        // Open backorders of this part at this warehouse, oldest first.
        let backorders = try context.db.query("""
            SELECT id, ticket_id, quantity FROM backorders
            WHERE part_number = \(receipt.partNumber) AND warehouse_id = \(receipt.warehouseId) AND status = 'open'
            ORDER BY id FOR UPDATE
            """)
        for backorder in backorders {
            let stock = try lockStock(receipt.partNumber, receipt.warehouseId, context: context)
            let quantity: Int = try backorder.get("quantity")
            guard stock.onHand - stock.reserved >= quantity else { break }
            let ticketId: String = try backorder.get("ticket_id")
            try reserve(ticketId: ticketId, part: receipt.partNumber, warehouse: receipt.warehouseId, quantity: quantity, context: context)
            try context.db.execute("UPDATE backorders SET status = 'fulfilled' WHERE id = \(try backorder.get("id") as Int64)")
            try context.emit(PartsReserved(ticketId: ticketId, lines: [PartLine(partNumber: receipt.partNumber, quantity: quantity,
                                                                                  warehouseId: receipt.warehouseId)]),
                             cause: event.cause)
        }
        try checkLowStock(receipt.partNumber, receipt.warehouseId, event: event, context: context)
        return .applied
    }

    private func counted(_ count: StockCounted, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        let stock = try lockStock(count.partNumber, count.warehouseId, context: context)
        guard count.countedQuantity >= stock.reserved else {
            return .deadLetter(reason: "count-below-reservations: counted \(count.countedQuantity) but \(stock.reserved) are reserved for tickets; release or consume them first")
        }
        let difference = count.countedQuantity - stock.onHand
        if difference != 0 {
            try move("adjustment", part: count.partNumber, warehouse: count.warehouseId, onHand: difference, reserved: 0,
                     ticketId: nil, context: context)
            try checkLowStock(count.partNumber, count.warehouseId, event: event, context: context)
        }
        return .applied
    }

    // MARK: Reservations

    private func reserve(ticketId: String, part: String, warehouse: String, quantity: Int, context: HandlerContext) throws {
        try move("reservation", part: part, warehouse: warehouse, onHand: 0, reserved: quantity, ticketId: ticketId, context: context)
        try context.db.execute("""
            INSERT INTO reservations (ticket_id, part_number, warehouse_id, quantity) VALUES (\(ticketId), \(part), \(warehouse), \(quantity)::int)
            ON CONFLICT (ticket_id, part_number, warehouse_id) DO UPDATE SET quantity = reservations.quantity + EXCLUDED.quantity
            """)
    }

    private func requested(_ request: PartsRequested, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        let warehouses = try context.db.query("SELECT warehouse_id, region, lat, lon FROM warehouses ORDER BY warehouse_id")
            .map { (id: try $0.get("warehouse_id") as String, region: try $0.get("region") as String,
                    location: GeoPoint(lat: try $0.get("lat"), lon: try $0.get("lon"))) }
        guard !warehouses.isEmpty else { return .deadLetter(reason: "no-warehouses: the catalogue has no warehouse yet") }
        var reservedLines: [PartLine] = []
        var backorderedLines: [PartLine] = []
        var expectedBy = context.now
        for line in request.lines.sorted(by: { $0.partNumber < $1.partNumber }) {
            // Idempotent per ticket and part: a repeated request does not reserve twice.
            guard try context.db.execute("""
                INSERT INTO requested_lines (ticket_id, part_number) VALUES (\(request.ticketId), \(line.partNumber)) ON CONFLICT DO NOTHING
                """) == 1 else { continue }
            // Lock every stock row of the part in a fixed order, then plan with exact numbers.
            var stocks: [WarehouseStock] = []
            for warehouse in warehouses {
                let stock = try lockStock(line.partNumber, warehouse.id, context: context)
                stocks.append(WarehouseStock(warehouseId: warehouse.id, region: warehouse.region, location: warehouse.location,
                                             available: stock.onHand - stock.reserved))
            }
            let plan = ReservationPlanner.plan(partNumber: line.partNumber, quantity: line.quantity, warehouses: stocks,
                                               region: request.region, location: request.location)
            for reserved in plan.reserved {
                try reserve(ticketId: request.ticketId, part: line.partNumber, warehouse: reserved.warehouseId!, quantity: reserved.quantity,
                            context: context)
                reservedLines.append(reserved)
                try checkLowStock(line.partNumber, reserved.warehouseId!, event: event, context: context)
            }
            if plan.backordered > 0, let warehouse = plan.backorderWarehouse {
                let leadDays = try context.db.query("SELECT lead_time_days FROM parts WHERE part_number = \(line.partNumber)")
                    .first.map { Double(try $0.get("lead_time_days") as Int) } ?? settings.defaultLeadTimeDays
                let due = context.now.addingTimeInterval(leadDays * 86_400)
                expectedBy = max(expectedBy, due)
                try context.db.execute("""
                    INSERT INTO backorders (ticket_id, part_number, warehouse_id, quantity, status, requested_at, expected_by)
                    VALUES (\(request.ticketId), \(line.partNumber), \(warehouse), \(plan.backordered)::int, 'open', \(context.now), \(due))
                    """)
                backorderedLines.append(PartLine(partNumber: line.partNumber, quantity: plan.backordered, warehouseId: warehouse))
            }
        }
        if !reservedLines.isEmpty { try context.emit(PartsReserved(ticketId: request.ticketId, lines: reservedLines), cause: event.cause) }
        if !backorderedLines.isEmpty {
            try context.emit(PartsBackordered(ticketId: request.ticketId, lines: backorderedLines, expectedBy: expectedBy), cause: event.cause)
        }
        return .applied
    }

    /// Consumes the ticket's reservation first; any remainder comes from the warehouse of
    /// the ticket's reservation (or the one with most available). Checked before anything moves.
    private func consumed(_ consumption: PartsConsumed, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        var steps: [(part: String, warehouse: String, fromReservation: Int, fromStock: Int)] = []
        for line in consumption.lines {
            var remaining = line.quantity
            let reservations = try context.db.query("""
                SELECT warehouse_id, quantity FROM reservations WHERE ticket_id = \(consumption.ticketId) AND part_number = \(line.partNumber)
                AND quantity > 0 ORDER BY warehouse_id FOR UPDATE
                """)
            for reservation in reservations where remaining > 0 {
                let take = min(remaining, try reservation.get("quantity") as Int)
                steps.append((line.partNumber, try reservation.get("warehouse_id"), take, 0))
                remaining -= take
            }
            if remaining > 0 {
                guard let row = try context.db.query("""
                    SELECT warehouse_id FROM stock WHERE part_number = \(line.partNumber) AND on_hand - reserved >= \(remaining)::int
                    ORDER BY on_hand - reserved DESC, warehouse_id LIMIT 1
                    """).first else {
                    return .deadLetter(reason: "insufficient-stock: \(consumption.ticketId) used \(line.quantity) × \(line.partNumber) but only \(line.quantity - remaining) were reserved and no warehouse has the rest")
                }
                steps.append((line.partNumber, try row.get("warehouse_id"), 0, remaining))
            }
        }
        for step in steps {
            let stock = try lockStock(step.part, step.warehouse, context: context)
            guard stock.onHand - stock.reserved >= step.fromStock else {
                throw InventoryConflict(reason: "stock of \(step.part) at \(step.warehouse) changed while consuming")
            }
            let quantity = step.fromReservation + step.fromStock
            try move("consumption", part: step.part, warehouse: step.warehouse, onHand: -quantity, reserved: -step.fromReservation,
                     ticketId: consumption.ticketId, context: context)
            if step.fromReservation > 0 {
                try context.db.execute("""
                    UPDATE reservations SET quantity = quantity - \(step.fromReservation)::int
                    WHERE ticket_id = \(consumption.ticketId) AND part_number = \(step.part) AND warehouse_id = \(step.warehouse)
                    """)
            }
            try checkLowStock(step.part, step.warehouse, event: event, context: context)
        }
        return .applied
    }

    /// Releases what is still reserved for the ticket (all of it, or up to the given lines);
    /// idempotent: nothing left, nothing released.
    private func release(ticketId: String, lines: [PartLine]?, cancelBackorders: Bool, event: InboundEvent,
                         context: HandlerContext) throws -> HandlingResult {
        var wanted = lines.map { Dictionary($0.map { ($0.partNumber, $0.quantity) }, uniquingKeysWith: +) }
        let reservations = try context.db.query("""
            SELECT part_number, warehouse_id, quantity FROM reservations WHERE ticket_id = \(ticketId) AND quantity > 0
            ORDER BY part_number, warehouse_id FOR UPDATE
            """)
        for reservation in reservations {
            let part: String = try reservation.get("part_number")
            let warehouse: String = try reservation.get("warehouse_id")
            var quantity: Int = try reservation.get("quantity")
            if let limit = wanted?[part] {
                quantity = min(quantity, limit)
                wanted?[part] = limit - quantity
            } else if wanted != nil {
                continue
            }
            guard quantity > 0 else { continue }
            _ = try lockStock(part, warehouse, context: context)
            try move("release", part: part, warehouse: warehouse, onHand: 0, reserved: -quantity, ticketId: ticketId, context: context)
            try context.db.execute("""
                UPDATE reservations SET quantity = quantity - \(quantity)::int
                WHERE ticket_id = \(ticketId) AND part_number = \(part) AND warehouse_id = \(warehouse)
                """)
            try checkLowStock(part, warehouse, event: event, context: context)
        }
        if cancelBackorders || lines != nil {
            try context.db.execute("UPDATE backorders SET status = 'cancelled' WHERE ticket_id = \(ticketId) AND status = 'open'")
        }
        return .applied
    }

    // MARK: Early warning and reorder

    private func checkLowStock(_ part: String, _ warehouse: String, event: InboundEvent, context: HandlerContext) throws {
        guard let row = try context.db.query("""
            SELECT s.on_hand, s.reserved, s.low, p.reorder_point, coalesce(p.lead_time_days, \(Int(settings.defaultLeadTimeDays))::int) AS lead
            FROM stock s LEFT JOIN parts p USING (part_number)
            WHERE s.part_number = \(part) AND s.warehouse_id = \(warehouse)
            """).first else { return }
        let available = (try row.get("on_hand") as Int) - (try row.get("reserved") as Int)
        let lead = Double(try row.get("lead") as Int)
        let series = try dailyConsumption(part, warehouse, context: context)
        let forecast = settings.forecast
        let reorderPoint = (try row.get("reorder_point") as Int?) ?? forecast.reorderPoint(series, leadTimeDays: lead)
        let decision = LowStockDetector.evaluate(available: available, reorderPoint: reorderPoint, wasLow: try row.get("low"))
        if decision.isLow != (try row.get("low") as Bool) {
            try context.db.execute("UPDATE stock SET low = \(decision.isLow) WHERE part_number = \(part) AND warehouse_id = \(warehouse)")
        }
        guard decision.warn else { return }
        try context.emit(StockLow(partNumber: part, warehouseId: warehouse, available: available, reorderPoint: reorderPoint), cause: event.cause)
        let quantity = forecast.orderQuantity(series, leadTimeDays: lead, available: available)
        let demand = forecast.dailyDemand(series)
        try context.emit(ReorderSuggested(partNumber: part, warehouseId: warehouse, quantity: quantity, reason: String(
            format: "available %d below reorder point %d; forecast %.2f/day, lead time %.0f days, %.0f%% service level",
            available, reorderPoint, demand, lead, settings.serviceLevel * 100)), cause: event.cause)
    }

    /// Units consumed per day over the last `historyDays` days, oldest first (days without use count as 0).
    private func dailyConsumption(_ part: String, _ warehouse: String, context: HandlerContext) throws -> [Double] {
        let since = context.now.addingTimeInterval(-Double(settings.historyDays) * 86_400)
        var byDay: [Int: Double] = [:]
        for row in try context.db.query("""
            SELECT floor(extract(epoch FROM occurred_at) / 86400)::bigint AS day, sum(-on_hand_delta)::bigint AS used
            FROM movements WHERE part_number = \(part) AND warehouse_id = \(warehouse) AND kind = 'consumption' AND occurred_at >= \(since)
            GROUP BY 1
            """) {
            byDay[try row.get("day")] = Double(try row.get("used") as Int)
        }
        let today = Int(context.now.timeIntervalSince1970 / 86_400)
        return (today - settings.historyDays + 1...today).map { byDay[$0] ?? 0 }
    }
}

/// Stock moved under the handler between its check and its change (cannot happen with the
/// row locks held; thrown rather than overselling).
struct InventoryConflict: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
