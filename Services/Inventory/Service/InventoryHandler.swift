import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Inventory: the parts catalogue, warehouses, an append-only movement ledger with its
/// on-hand / reserved projection, reservations per ticket, backorders fulfilled by
/// receipts, low-stock warnings once per crossing and forecast-sized reorder suggestions.
///
/// Every change locks the stock rows it touches (`SELECT … FOR UPDATE`, ordered by part then
/// warehouse) and re-checks the ledger's invariants with the exact locked numbers, so two
/// instances never oversell: what cannot be reserved is backordered.
public struct InventoryHandler: EventHandler {
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
            if let bad = invalidLine(released.lines) { return .deadLetter(reason: bad) }
            return try release(ticketId: released.ticketId, lines: released.lines, cancelBackorders: true, event: event, context: context)
        case .ticketCancelled:
            let cancelled = try event.payload(as: TicketCancelled.self)
            return try release(ticketId: cancelled.ticketId, lines: nil, cancelBackorders: true, event: event, context: context)
        default:
            // Our own parts.reserved / parts.backordered, dispatch's other events, other ticket events.
            return .ignored
        }
    }

    private func invalidLine(_ lines: [PartLine]) -> String? {
        guard let bad = lines.first(where: { $0.quantity <= 0 }) else { return nil }
        return "lines.quantity: must be > 0 (got \(bad.quantity) for \(bad.partNumber))"
    }

    // MARK: Catalogue

    private func upsertPart(_ part: PartUpserted, context: HandlerContext) throws -> HandlingResult {
        guard part.unitPrice >= 0 else { return .deadLetter(reason: "unitPrice: must be ≥ 0") }
        guard part.leadTimeDays >= 0 else { return .deadLetter(reason: "leadTimeDays: must be ≥ 0") }
        if let point = part.reorderPoint, point < 0 { return .deadLetter(reason: "reorderPoint: must be ≥ 0") }
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

    private struct Locked { var onHand: Int; var reserved: Int; var low: Bool }

    /// Locks (creating when missing) one stock row and returns its projection.
    private func lockStock(_ part: String, _ warehouse: String, context: HandlerContext) throws -> Locked {
        try context.db.execute("INSERT INTO stock (part_number, warehouse_id) VALUES (\(part), \(warehouse)) ON CONFLICT DO NOTHING")
        guard let row = try context.db.query("""
            SELECT on_hand, reserved, low FROM stock WHERE part_number = \(part) AND warehouse_id = \(warehouse) FOR UPDATE
            """).first else { throw InventoryConflict(reason: "stock row \(part)@\(warehouse) vanished") }
        return Locked(onHand: try row.get("on_hand"), reserved: try row.get("reserved"), low: try row.get("low"))
    }

    /// Appends a movement to the ledger and moves the projection with it, after checking the
    /// ledger's invariants on the locked row (the table's CHECK is the last line of defence).
    private func move(_ movement: StockMovement, part: String, warehouse: String, ticketId: String?,
                      context: HandlerContext) throws {
        let stock = try lockStock(part, warehouse, context: context)
        guard StockLedger.permits(movement, onHand: stock.onHand, reserved: stock.reserved) else {
            throw InventoryConflict(reason: "\(movement.kind) of \(part)@\(warehouse) would break the ledger (on hand \(stock.onHand), reserved \(stock.reserved))")
        }
        let d = movement.deltas
        try context.db.execute("""
            INSERT INTO movements (part_number, warehouse_id, kind, on_hand_delta, reserved_delta, ticket_id, occurred_at)
            VALUES (\(part), \(warehouse), \(movement.kind), \(d.onHand)::int, \(d.reserved)::int, \(ticketId), \(context.now))
            """)
        try context.db.execute("""
            UPDATE stock SET on_hand = on_hand + \(d.onHand)::int, reserved = reserved + \(d.reserved)::int
            WHERE part_number = \(part) AND warehouse_id = \(warehouse)
            """)
    }

    private func reserve(ticketId: String, part: String, warehouse: String, quantity: Int, context: HandlerContext) throws {
        try move(.reservation(quantity), part: part, warehouse: warehouse, ticketId: ticketId, context: context)
        try context.db.execute("""
            INSERT INTO reservations (ticket_id, part_number, warehouse_id, quantity)
            VALUES (\(ticketId), \(part), \(warehouse), \(quantity)::int)
            ON CONFLICT (ticket_id, part_number, warehouse_id) DO UPDATE SET quantity = reservations.quantity + EXCLUDED.quantity
            """)
    }

    // MARK: Receipts and stocktakes

    private func received(_ receipt: StockReceived, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard receipt.quantity > 0 else { return .deadLetter(reason: "quantity: must be > 0 (got \(receipt.quantity))") }
        // Booked even before the warehouse's `warehouse.upserted` (different keys, no order between
        // them); the stock becomes reservable to requests once the warehouse is known.
        try move(.receipt(receipt.quantity), part: receipt.partNumber, warehouse: receipt.warehouseId, ticketId: nil, context: context)
        // Fulfil open backorders of this part at this warehouse, oldest first, while stock lasts.
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
            try context.emit(PartsReserved(ticketId: ticketId, lines: [
                PartLine(partNumber: receipt.partNumber, quantity: quantity, warehouseId: receipt.warehouseId),
            ]), cause: event.cause)
        }
        try checkLowStock(receipt.partNumber, receipt.warehouseId, event: event, context: context)
        return .applied
    }

    private func counted(_ count: StockCounted, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard count.countedQuantity >= 0 else { return .deadLetter(reason: "countedQuantity: must be ≥ 0 (got \(count.countedQuantity))") }
        let stock = try lockStock(count.partNumber, count.warehouseId, context: context)
        guard count.countedQuantity >= stock.reserved else {
            return .deadLetter(reason: "countedQuantity: \(count.countedQuantity) is below the \(stock.reserved) reserved for tickets; release or consume them first")
        }
        let difference = count.countedQuantity - stock.onHand
        guard difference != 0 else { return .applied }
        try move(.adjustment(difference), part: count.partNumber, warehouse: count.warehouseId, ticketId: nil, context: context)
        try checkLowStock(count.partNumber, count.warehouseId, event: event, context: context)
        return .applied
    }

    // MARK: Requests, consumption, release

    private func requested(_ request: PartsRequested, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        if let bad = invalidLine(request.lines) { return .deadLetter(reason: bad) }
        let warehouses = try context.db.query("SELECT warehouse_id, region, lat, lon FROM warehouses ORDER BY warehouse_id")
            .map { (id: try $0.get("warehouse_id") as String, region: try $0.get("region") as String,
                    location: GeoPoint(lat: try $0.get("lat"), lon: try $0.get("lon"))) }
        guard !warehouses.isEmpty else { return .deadLetter(reason: "warehouses: none known yet; cannot reserve or backorder") }
        // Merge repeated lines of one part; handle parts in a fixed order (the lock order).
        let wanted = Dictionary(request.lines.map { ($0.partNumber, $0.quantity) }, uniquingKeysWith: +)
        var reservedLines: [PartLine] = []
        var backorderedLines: [PartLine] = []
        var expectedBy: Date?
        for part in wanted.keys.sorted() {
            // Idempotent per ticket and part: a repeated request does not reserve twice.
            guard try context.db.execute("""
                INSERT INTO requested_lines (ticket_id, part_number) VALUES (\(request.ticketId), \(part)) ON CONFLICT DO NOTHING
                """) == 1 else { continue }
            // Lock every stock row of the part (warehouse order), then plan with the exact numbers.
            var stocks: [WarehouseStock] = []
            for warehouse in warehouses {
                let stock = try lockStock(part, warehouse.id, context: context)
                stocks.append(WarehouseStock(warehouseId: warehouse.id, region: warehouse.region, location: warehouse.location,
                                             available: stock.onHand - stock.reserved))
            }
            let plan = ReservationPlanner.plan(partNumber: part, quantity: wanted[part]!, warehouses: stocks,
                                               region: request.region, location: request.location)
            for line in plan.reserved {
                try reserve(ticketId: request.ticketId, part: part, warehouse: line.warehouseId!, quantity: line.quantity, context: context)
                reservedLines.append(line)
                try checkLowStock(part, line.warehouseId!, event: event, context: context)
            }
            if let line = plan.backorderLine {
                let due = context.now.addingTimeInterval(try leadTimeDays(part, context: context) * 86_400)
                expectedBy = max(expectedBy ?? due, due)
                try context.db.execute("""
                    INSERT INTO backorders (ticket_id, part_number, warehouse_id, quantity, status, requested_at, expected_by)
                    VALUES (\(request.ticketId), \(part), \(line.warehouseId!), \(line.quantity)::int, 'open', \(context.now), \(due))
                    """)
                backorderedLines.append(line)
            }
        }
        if !reservedLines.isEmpty {
            try context.emit(PartsReserved(ticketId: request.ticketId, lines: reservedLines), cause: event.cause)
        }
        if let expectedBy, !backorderedLines.isEmpty {
            try context.emit(PartsBackordered(ticketId: request.ticketId, lines: backorderedLines, expectedBy: expectedBy), cause: event.cause)
        }
        return .applied
    }

    private func leadTimeDays(_ part: String, context: HandlerContext) throws -> Double {
        try context.db.query("SELECT lead_time_days FROM parts WHERE part_number = \(part)")
            .first.map { Double(try $0.get("lead_time_days") as Int) } ?? settings.defaultLeadTimeDays
    }

    /// Consumes from the ticket's reservation (on hand and reserved both drop). A line beyond
    /// what is reserved takes the rest from unreserved stock chosen by `ConsumptionSource`
    /// (named warehouse, the ticket's region, most available); else the event is dead-lettered
    /// before anything moves.
    private func consumed(_ consumption: PartsConsumed, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        if let bad = invalidLine(consumption.lines) { return .deadLetter(reason: bad) }
        let wanted = Dictionary(consumption.lines.map { ($0.partNumber, $0.quantity) }, uniquingKeysWith: +)
        var steps: [(part: String, warehouse: String, fromReservation: Int, fromStock: Int)] = []
        for part in wanted.keys.sorted() {
            var remaining = wanted[part]!
            let reservations = try context.db.query("""
                SELECT warehouse_id, quantity FROM reservations
                WHERE ticket_id = \(consumption.ticketId) AND part_number = \(part) AND quantity > 0
                ORDER BY warehouse_id FOR UPDATE
                """)
            for reservation in reservations where remaining > 0 {
                let take = min(remaining, try reservation.get("quantity") as Int)
                steps.append((part, try reservation.get("warehouse_id"), take, 0))
                remaining -= take
            }
            if remaining > 0 {
                // Lock the part's stock rows (warehouse order) before choosing, so the choice holds.
                let candidates = try context.db.query("""
                    SELECT s.warehouse_id, s.on_hand - s.reserved AS available, w.region
                    FROM stock s LEFT JOIN warehouses w USING (warehouse_id) WHERE s.part_number = \(part)
                    ORDER BY s.warehouse_id FOR UPDATE OF s
                    """).map { ConsumptionSource.Candidate(warehouseId: try $0.get("warehouse_id"), region: try $0.get("region"),
                                                           available: try $0.get("available")) }
                let named = consumption.lines.first { $0.partNumber == part && $0.warehouseId != nil }?.warehouseId
                guard let best = ConsumptionSource.choose(quantity: remaining, candidates: candidates, namedWarehouse: named,
                                                          ticketRegions: try ticketRegions(consumption.ticketId, context: context)) else {
                    return .deadLetter(reason: "lines.quantity: \(consumption.ticketId) used \(wanted[part]!) × \(part) but only \(wanted[part]! - remaining) were reserved and no warehouse has the rest")
                }
                steps.append((part, best, 0, remaining))
            }
        }
        for step in steps.sorted(by: { ($0.part, $0.warehouse) < ($1.part, $1.warehouse) }) {
            if step.fromStock > 0 {
                // Turn the unreserved remainder into a reservation first (checked under the lock), then consume.
                try move(.reservation(step.fromStock), part: step.part, warehouse: step.warehouse, ticketId: consumption.ticketId,
                         context: context)
            }
            try move(.consumption(step.fromReservation + step.fromStock), part: step.part, warehouse: step.warehouse,
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

    /// The technician's region(s) as the ticket's history shows them: warehouses it reserved
    /// from or was backordered against (the planner books backorders in the region first).
    private func ticketRegions(_ ticketId: String, context: HandlerContext) throws -> Set<String> {
        Set(try context.db.query("""
            SELECT w.region FROM warehouses w
            WHERE w.warehouse_id IN (SELECT warehouse_id FROM reservations WHERE ticket_id = \(ticketId)
                                     UNION SELECT warehouse_id FROM backorders WHERE ticket_id = \(ticketId))
            """).map { try $0.get("region") as String })
    }

    /// Releases what is still reserved for the ticket (all of it, or up to the given lines)
    /// and cancels its open backorders. Idempotent: nothing left, nothing released.
    private func release(ticketId: String, lines: [PartLine]?, cancelBackorders: Bool, event: InboundEvent,
                         context: HandlerContext) throws -> HandlingResult {
        var limits = lines.map { Dictionary($0.map { ($0.partNumber, $0.quantity) }, uniquingKeysWith: +) }
        let reservations = try context.db.query("""
            SELECT part_number, warehouse_id, quantity FROM reservations WHERE ticket_id = \(ticketId) AND quantity > 0
            ORDER BY part_number, warehouse_id FOR UPDATE
            """)
        for reservation in reservations {
            let part: String = try reservation.get("part_number")
            let warehouse: String = try reservation.get("warehouse_id")
            var quantity: Int = try reservation.get("quantity")
            if limits != nil {
                guard let limit = limits?[part] else { continue }
                quantity = min(quantity, limit)
                limits?[part] = limit - quantity
            }
            guard quantity > 0 else { continue }
            try move(.release(quantity), part: part, warehouse: warehouse, ticketId: ticketId, context: context)
            try context.db.execute("""
                UPDATE reservations SET quantity = quantity - \(quantity)::int
                WHERE ticket_id = \(ticketId) AND part_number = \(part) AND warehouse_id = \(warehouse)
                """)
            try checkLowStock(part, warehouse, event: event, context: context)
        }
        if cancelBackorders {
            if let lines {
                for part in Set(lines.map(\.partNumber)).sorted() {
                    try context.db.execute("""
                        UPDATE backorders SET status = 'cancelled' WHERE ticket_id = \(ticketId) AND part_number = \(part) AND status = 'open'
                        """)
                }
            } else {
                try context.db.execute("UPDATE backorders SET status = 'cancelled' WHERE ticket_id = \(ticketId) AND status = 'open'")
            }
        }
        return .applied
    }

    // MARK: Early warning and reorder

    private func checkLowStock(_ part: String, _ warehouse: String, event: InboundEvent, context: HandlerContext) throws {
        guard let row = try context.db.query("""
            SELECT s.on_hand, s.reserved, s.low, p.reorder_point, p.lead_time_days
            FROM stock s LEFT JOIN parts p USING (part_number)
            WHERE s.part_number = \(part) AND s.warehouse_id = \(warehouse)
            """).first else { return }
        let available = (try row.get("on_hand") as Int) - (try row.get("reserved") as Int)
        let wasLow: Bool = try row.get("low")
        let lead = (try row.get("lead_time_days") as Int?).map(Double.init) ?? settings.defaultLeadTimeDays
        let series = try dailyConsumption(part, warehouse, context: context)
        let forecast = settings.forecast
        let reorderPoint = (try row.get("reorder_point") as Int?) ?? forecast.reorderPoint(series, leadTimeDays: lead)
        let decision = LowStockDetector.evaluate(available: available, reorderPoint: reorderPoint, wasLow: wasLow)
        if decision.isLow != wasLow {
            try context.db.execute("UPDATE stock SET low = \(decision.isLow) WHERE part_number = \(part) AND warehouse_id = \(warehouse)")
        }
        guard decision.warn else { return }
        try context.emit(StockLow(partNumber: part, warehouseId: warehouse, available: available, reorderPoint: reorderPoint),
                         cause: event.cause)
        let quantity = forecast.orderQuantity(series, leadTimeDays: lead, available: available)
        let reason = String(format: "available %d below reorder point %d; forecast %.2f/day (σ %.2f), lead time %.0f d + review %.0f d, %.0f%% service level",
                            available, reorderPoint, forecast.dailyDemand(series), forecast.standardDeviation(series), lead,
                            settings.reviewDays, settings.serviceLevel * 100)
        try context.emit(ReorderSuggested(partNumber: part, warehouseId: warehouse, quantity: quantity, reason: reason), cause: event.cause)
    }

    /// Units consumed per day over the last `historyDays` days, oldest first (days without use count as 0).
    private func dailyConsumption(_ part: String, _ warehouse: String, context: HandlerContext) throws -> [Double] {
        let since = context.now.addingTimeInterval(-Double(settings.historyDays) * 86_400)
        var byDay: [Int: Double] = [:]
        for row in try context.db.query("""
            SELECT floor(extract(epoch FROM occurred_at) / 86400)::bigint AS day, sum(-on_hand_delta)::bigint AS used
            FROM movements
            WHERE part_number = \(part) AND warehouse_id = \(warehouse) AND kind = 'consumption' AND occurred_at >= \(since)
            GROUP BY 1
            """) {
            byDay[try row.get("day")] = Double(try row.get("used") as Int)
        }
        let today = Int((context.now.timeIntervalSince1970 / 86_400).rounded(.down))
        return (today - settings.historyDays + 1...today).map { byDay[$0] ?? 0 }
    }
}

/// The locked stock would break the ledger's invariants (cannot happen with the row locks
/// held and the checks before each move): thrown, so the batch is retried rather than overselling.
struct InventoryConflict: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
