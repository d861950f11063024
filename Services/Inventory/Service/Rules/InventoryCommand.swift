import Foundation
import Schema

/// One inbound event as inventory acts on it, decoded and checked against `InventoryLimits`. Pure.
public enum InventoryCommand: Sendable, Equatable {
    case upsertPart(PartUpserted)
    case upsertWarehouse(WarehouseUpserted)
    case receive(StockReceived)
    case count(StockCounted)
    case request(PartsRequested)
    case consume(PartsConsumed)
    /// `parts.released` (up to its lines) or `ticket.cancelled` (`lines` nil: everything).
    case release(ticketId: String, lines: [PartLine]?)

    /// Why the command is refused before it touches any state (a field reason for the dead
    /// letter), or nil.
    public var boundsProblem: String? {
        switch self {
        case .upsertPart(let part):
            if let problem = InventoryLimits.identifierProblem(part.partNumber, "partNumber")
                ?? InventoryLimits.labelProblem(part.name, "name") ?? InventoryLimits.labelProblem(part.currency, "currency")
                ?? InventoryLimits.labelProblem(part.supplier, "supplier") {
                return problem
            }
            guard part.unitPrice.isFinite, InventoryLimits.unitPrice.contains(part.unitPrice) else {
                return "unitPrice: must be between 0 and \(Int(InventoryLimits.unitPrice.upperBound)) (got \(part.unitPrice))"
            }
            if let problem = InventoryLimits.rangeProblem(part.leadTimeDays, InventoryLimits.leadTimeDays, "leadTimeDays") {
                return problem
            }
            if let point = part.reorderPoint {
                return InventoryLimits.rangeProblem(point, InventoryLimits.stockLevel, "reorderPoint")
            }
            return nil
        case .upsertWarehouse(let warehouse):
            if let problem = InventoryLimits.identifierProblem(warehouse.warehouseId, "warehouseId")
                ?? InventoryLimits.labelProblem(warehouse.region, "region") {
                return problem
            }
            return warehouse.location.isInRange ? nil : "location: latitude must be within ±90 and longitude within ±180"
        case .receive(let receipt):
            return InventoryLimits.identifierProblem(receipt.partNumber, "partNumber")
                ?? InventoryLimits.identifierProblem(receipt.warehouseId, "warehouseId")
                ?? InventoryLimits.rangeProblem(receipt.quantity, InventoryLimits.quantity, "quantity")
        case .count(let count):
            return InventoryLimits.identifierProblem(count.partNumber, "partNumber")
                ?? InventoryLimits.identifierProblem(count.warehouseId, "warehouseId")
                ?? InventoryLimits.rangeProblem(count.countedQuantity, InventoryLimits.stockLevel, "countedQuantity")
        case .request(let request):
            return InventoryLimits.identifierProblem(request.ticketId, "ticketId") ?? Self.linesProblem(request.lines)
        case .consume(let consumption):
            return InventoryLimits.identifierProblem(consumption.ticketId, "ticketId") ?? Self.linesProblem(consumption.lines)
        case .release(let ticketId, let lines):
            return InventoryLimits.identifierProblem(ticketId, "ticketId") ?? lines.flatMap(Self.linesProblem)
        }
    }

    /// Bounded lines: at most `maxLines`, each with a part number and a quantity in range
    /// (so merging a part's lines can never overflow).
    static func linesProblem(_ lines: [PartLine]) -> String? {
        guard lines.count <= InventoryLimits.maxLines else {
            return "lines: at most \(InventoryLimits.maxLines) lines (got \(lines.count))"
        }
        for line in lines {
            if let problem = InventoryLimits.identifierProblem(line.partNumber, "lines.partNumber") { return problem }
            if let warehouse = line.warehouseId, let problem = InventoryLimits.identifierProblem(warehouse, "lines.warehouseId") {
                return problem
            }
            if let problem = InventoryLimits.rangeProblem(line.quantity, InventoryLimits.quantity, "lines.quantity",
                                                          of: line.partNumber) {
                return problem
            }
        }
        return nil
    }

    /// Quantities per part, repeated lines of one part added up (bounded lines cannot overflow).
    static func wanted(_ lines: [PartLine]) -> [String: Int] {
        Dictionary(lines.map { ($0.partNumber, $0.quantity) }, uniquingKeysWith: +)
    }
}
