import Foundation
import Schema

// Requests, consumption and release: what tickets reserve, use and give back.
extension InventoryBatch {
    /// Reserves each requested part (once per ticket and part) region-first with
    /// `ReservationPlanner`; the rest is backordered against the most preferred warehouse,
    /// due after the part's lead time. One `parts.reserved` and/or one `parts.backordered`
    /// (`expectedBy` the latest of its lines).
    mutating func request(_ request: PartsRequested) throws -> CommandOutcome {
        let warehouses = state.warehouses.values.sorted { $0.warehouseId < $1.warehouseId }
        guard !warehouses.isEmpty else {
            return .rejected(reason: "warehouses: none known yet; cannot reserve or backorder")
        }
        let wanted = InventoryCommand.wanted(request.lines)
        var reservedLines: [PartLine] = []
        var backorderedLines: [PartLine] = []
        var expectedBy: Date?
        for part in wanted.keys.sorted() {
            // Idempotent per ticket and part: a repeated request does not reserve twice.
            let line = RequestedLine(ticketId: request.ticketId, partNumber: part)
            guard !state.requestedLines.contains(line) else { continue }
            state.requestedLines.insert(line)
            newRequestedLines.append(line)
            let stocks = try warehouses.map { warehouse -> WarehouseStock in
                guard let level = state.stock[StockKey(part, warehouse.warehouseId)] else {
                    throw LedgerViolation(reason: "stock row \(StockKey(part, warehouse.warehouseId)) was not created and locked for this batch")
                }
                return WarehouseStock(warehouseId: warehouse.warehouseId, region: warehouse.region,
                                      location: warehouse.location, available: level.available)
            }
            let plan = ReservationPlanner.plan(partNumber: part, quantity: wanted[part] ?? 0, warehouses: stocks,
                                               region: request.region, location: request.location)
            for reserved in plan.reserved {
                guard let warehouse = reserved.warehouseId else { continue }
                try reserve(reserved.quantity, for: request.ticketId, at: StockKey(part, warehouse))
                reservedLines.append(reserved)
            }
            if let backordered = plan.backorderLine, let warehouse = backordered.warehouseId {
                let days = LeadTime.days(catalogue: state.parts[part]?.leadTimeDays, default: settings.defaultLeadTimeDays)
                let due = LeadTime.expectedBy(now: now, days: days)
                expectedBy = max(expectedBy ?? due, due)
                state.backorders.append(BackorderRow(id: nil, ticketId: request.ticketId, key: StockKey(part, warehouse),
                                                     quantity: backordered.quantity, status: .open, requestedAt: now,
                                                     expectedBy: due))
                backorderedLines.append(backordered)
            }
        }
        if !reservedLines.isEmpty {
            emit(.reserved(PartsReserved(ticketId: request.ticketId, lines: reservedLines)))
        }
        if let expectedBy, !backorderedLines.isEmpty {
            emit(.backordered(PartsBackordered(ticketId: request.ticketId, lines: backorderedLines, expectedBy: expectedBy)))
        }
        return .applied
    }

    /// One step of a consumption: units taken from the ticket's reservation at a row, or from
    /// its unreserved stock.
    struct ConsumptionStep {
        var key: StockKey
        var fromReservation: Int
        var fromStock: Int
    }

    /// Consumes from the ticket's reservation (on hand and reserved both drop). A line beyond
    /// what is reserved takes the rest from unreserved stock chosen by `ConsumptionSource`
    /// (named warehouse, the ticket's region, most available); else the command is rejected
    /// before anything moves.
    mutating func consume(_ consumption: PartsConsumed) throws -> CommandOutcome {
        let ticketId = consumption.ticketId
        let wanted = InventoryCommand.wanted(consumption.lines)
        let held = state.reservations[ticketId] ?? [:]
        var steps: [ConsumptionStep] = []
        for part in wanted.keys.sorted() {
            let total = wanted[part] ?? 0
            var remaining = total
            for (key, units) in held.filter({ $0.key.partNumber == part && $0.value > 0 }).sorted(by: { $0.key < $1.key })
            where remaining > 0 {
                try requireLocked(key, heldBy: ticketId)
                let take = min(remaining, units)
                steps.append(ConsumptionStep(key: key, fromReservation: take, fromStock: 0))
                remaining -= take
            }
            guard remaining > 0 else { continue }
            let candidates = state.stock.filter { $0.key.partNumber == part }.sorted { $0.key < $1.key }.map { key, level in
                ConsumptionSource.Candidate(warehouseId: key.warehouseId, region: state.warehouses[key.warehouseId]?.region,
                                            available: level.available)
            }
            let named = consumption.lines.first { $0.partNumber == part && $0.warehouseId != nil }?.warehouseId
            guard let source = ConsumptionSource.choose(quantity: remaining, candidates: candidates, namedWarehouse: named,
                                                        ticketRegions: ticketRegions(ticketId)) else {
                return .rejected(reason: "lines.quantity: \(ticketId) used \(total) × \(part) but only \(total - remaining) were reserved and no warehouse has the rest")
            }
            steps.append(ConsumptionStep(key: StockKey(part, source), fromReservation: 0, fromStock: remaining))
        }
        for step in steps.sorted(by: { $0.key < $1.key }) {
            if step.fromStock > 0 {
                // The unreserved remainder is reserved first (checked by the ledger), then consumed.
                try move(.reservation(step.fromStock), at: step.key, ticketId: ticketId)
            }
            try move(.consumption(step.fromReservation + step.fromStock), at: step.key, ticketId: ticketId)
            if step.fromReservation > 0 {
                changeReservation(by: -step.fromReservation, ticketId: ticketId, at: step.key)
            }
        }
        return .applied
    }

    /// The technician's region(s) as the ticket's history shows them: warehouses it reserved
    /// from or was backordered against (the planner books backorders in the region first).
    func ticketRegions(_ ticketId: String) -> Set<String> {
        let warehouses = Set((state.reservations[ticketId] ?? [:]).keys.map(\.warehouseId))
            .union(state.backorders.filter { $0.ticketId == ticketId }.map(\.key.warehouseId))
        return Set(warehouses.compactMap { state.warehouses[$0]?.region })
    }

    /// Releases what is still reserved for the ticket (all of it, or up to the given lines)
    /// and cancels its open backorders (of the released parts, or all). Idempotent: nothing
    /// left, nothing released.
    mutating func release(ticketId: String, lines: [PartLine]?) throws -> CommandOutcome {
        var limits = lines.map(InventoryCommand.wanted)
        let held = (state.reservations[ticketId] ?? [:]).filter { $0.value > 0 }.sorted { $0.key < $1.key }
        for (key, units) in held {
            var quantity = units
            if limits != nil {
                guard let limit = limits?[key.partNumber] else { continue }
                quantity = min(quantity, limit)
                limits?[key.partNumber] = limit - quantity
            }
            guard quantity > 0 else { continue }
            try requireLocked(key, heldBy: ticketId)
            try move(.release(quantity), at: key, ticketId: ticketId)
            changeReservation(by: -quantity, ticketId: ticketId, at: key)
        }
        let releasedParts = lines.map { Set($0.map(\.partNumber)) }
        for index in state.backorders.indices {
            let backorder = state.backorders[index]
            guard backorder.ticketId == ticketId, backorder.status == .open,
                  releasedParts?.contains(backorder.key.partNumber) ?? true else { continue }
            // Under the row's lock, so that a receipt elsewhere cannot fulfil it at the same time.
            try requireLocked(backorder.key, heldBy: ticketId)
            state.backorders[index].status = .cancelled
        }
        return .applied
    }
}
