import Foundation
import Schema

// Catalogue, receipts and stocktakes.
extension InventoryBatch {
    mutating func upsertPart(_ part: PartRecord) -> CommandOutcome {
        state.parts[part.partNumber] = part
        partUpserts[part.partNumber] = part
        return .applied
    }

    mutating func upsertWarehouse(_ warehouse: WarehouseRecord) -> CommandOutcome {
        state.warehouses[warehouse.warehouseId] = warehouse
        warehouseUpserts[warehouse.warehouseId] = warehouse
        return .applied
    }

    /// A receipt, then the open backorders of the part at that warehouse, oldest first, while
    /// stock lasts: each becomes a reservation and one `parts.reserved`. Booked even before
    /// the warehouse's `warehouse.upserted` (different keys, no order between them); the stock
    /// becomes reservable to requests once the warehouse is known.
    mutating func receive(_ receipt: StockReceived) throws -> CommandOutcome {
        let key = StockKey(receipt.partNumber, receipt.warehouseId)
        let level = state.stock[key] ?? StockLevel()
        guard StockLedger.permits(.receipt(receipt.quantity), onHand: level.onHand, reserved: level.reserved) else {
            return .rejected(reason: "quantity: receiving \(receipt.quantity) would take on hand of \(key) from \(level.onHand) above the limit of \(InventoryLimits.stockLevel.upperBound)")
        }
        try move(.receipt(receipt.quantity), at: key, ticketId: nil)
        for index in state.backorders.indices where state.backorders[index].status == .open && state.backorders[index].key == key {
            let backorder = state.backorders[index]
            guard let available = state.stock[key]?.available, available >= backorder.quantity else { break }
            try reserve(backorder.quantity, for: backorder.ticketId, at: key)
            state.backorders[index].status = .fulfilled
            emit(.reserved(PartsReserved(ticketId: backorder.ticketId, lines: [
                PartLine(partNumber: key.partNumber, quantity: backorder.quantity, warehouseId: key.warehouseId),
            ])))
        }
        return .applied
    }

    /// A stocktake: an adjustment by the difference. A count below what is reserved for
    /// tickets is refused (the reservations must be released or consumed first).
    mutating func count(_ count: StockCounted) throws -> CommandOutcome {
        let key = StockKey(count.partNumber, count.warehouseId)
        let level = state.stock[key] ?? StockLevel()
        guard count.countedQuantity >= level.reserved else {
            return .rejected(reason: "countedQuantity: \(count.countedQuantity) is below the \(level.reserved) reserved for tickets; release or consume them first")
        }
        let difference = count.countedQuantity - level.onHand
        guard difference != 0 else { return .applied }
        try move(.adjustment(difference), at: key, ticketId: nil)
        return .applied
    }
}
