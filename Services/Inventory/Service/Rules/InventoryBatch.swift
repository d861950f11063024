import Foundation
import Schema

/// The state a batch starts from, as the store loaded it under the batch's locks.
public struct InventorySnapshot: Equatable, Sendable {
    public var warehouses: [String: WarehouseRecord] = [:]
    public var parts: [String: PartRecord] = [:]
    /// The locked stock rows. A row the batch must change and cannot find here was not locked.
    public var stock: [StockKey: StockLevel] = [:]
    /// Reservations of the batch's tickets: ticket → stock row → units.
    public var reservations: [String: [StockKey: Int]] = [:]
    /// The batch's tickets' backorders and the open backorders at its receipt and count rows, oldest first.
    public var backorders: [BackorderRow] = []
    /// The (ticket, part) lines of the batch's requesting tickets already handled.
    public var requestedLines: Set<RequestedLine> = []

    public init() {}
}

/// A `parts` event inventory produces in answer to a command (early warnings come from `LowStockWatch`).
public enum InventoryOutput: Equatable, Sendable {
    case reserved(PartsReserved)
    case backordered(PartsBackordered)
}

/// What the fold made of one command.
public enum CommandOutcome: Equatable, Sendable {
    case applied
    /// A business rule refuses the command: it changes nothing and is dead-lettered with the reason.
    case rejected(reason: String)
}

/// A stock row a ticket holds (a reservation or an open backorder) was not locked by the
/// batch: another instance created it after the batch looked up which rows to lock. The
/// batch must not write; a retry looks the rows up again and locks them.
public struct UnlockedStock: Error, Equatable, CustomStringConvertible {
    public var key: StockKey
    public var ticketId: String

    public init(key: StockKey, ticketId: String) {
        self.key = key
        self.ticketId = ticketId
    }

    public var description: String {
        "ticket \(ticketId) holds stock at \(key), which this batch did not lock (changed by another instance meanwhile)"
    }
}

/// A movement the ledger refuses although the fold checked it first, or a stock row the batch
/// created and locked is missing: a defect, never a race, so a retry cannot help.
public struct LedgerViolation: Error, Equatable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// Folds a batch's commands, in order, over the state loaded for it: the ledger arithmetic
/// (`StockLedger`), reservations (`ReservationPlanner`, `ConsumptionSource`), backorders
/// (`LeadTime`), and the checkpoints early warning needs (`LowStockWatch`). Several commands
/// for the same part or ticket in one batch see each other's effects. Pure: the store loads
/// the snapshot before and writes the changes after.
///
/// A rejected command changes nothing (the state is restored to what it was before it).
public struct InventoryBatch: Sendable {
    public let settings: InventorySettings
    public let now: Date
    /// The state as the commands so far left it.
    public internal(set) var state: InventorySnapshot
    let loaded: InventorySnapshot

    // MARK: Changes to write

    /// Ledger movements, in order.
    public internal(set) var movements: [MovementRow] = []
    /// Units added to (or, negative, taken from) each reservation.
    public internal(set) var reservationChanges: [ReservationKey: Int] = [:]
    /// (ticket, part) lines handled for the first time.
    public internal(set) var newRequestedLines: [RequestedLine] = []
    /// The catalogue entries upserted (the last one per part wins).
    public internal(set) var partUpserts: [String: PartRecord] = [:]
    public internal(set) var warehouseUpserts: [String: WarehouseRecord] = [:]

    // MARK: Outputs

    /// Events to emit, by the position of the command that caused them.
    public internal(set) var outputs: [Int: [InventoryOutput]] = [:]
    /// Rows to compare with their reorder point, in order.
    public internal(set) var checkpoints: [StockCheckpoint] = []

    var consumedInBatch: [StockKey: Int] = [:]
    var touched: [StockKey] = []
    var event = 0

    public init(snapshot: InventorySnapshot, settings: InventorySettings, now: Date) {
        self.settings = settings
        self.now = now
        self.state = snapshot
        self.loaded = snapshot
    }

    /// Applies the command at position `event` of the batch. Throws `UnlockedStock` (retry
    /// the batch) or `LedgerViolation` (a defect); either way nothing may be written.
    public mutating func apply(_ command: InventoryCommand, event: Int) throws -> CommandOutcome {
        let before = self
        self.event = event
        touched = []
        let outcome: CommandOutcome
        switch command {
        case .upsertPart(let part): outcome = upsertPart(PartRecord(part))
        case .upsertWarehouse(let warehouse):
            outcome = upsertWarehouse(WarehouseRecord(warehouseId: warehouse.warehouseId, region: warehouse.region,
                                                      location: warehouse.location))
        case .receive(let receipt): outcome = try receive(receipt)
        case .count(let stocktake): outcome = try count(stocktake)
        case .request(let parts): outcome = try request(parts)
        case .consume(let consumption): outcome = try consume(consumption)
        case .release(let ticketId, let lines): outcome = try release(ticketId: ticketId, lines: lines)
        }
        if case .rejected = outcome {
            self = before
            return outcome
        }
        for key in touched {
            let level = state.stock[key] ?? StockLevel()
            let part = state.parts[key.partNumber]
            checkpoints.append(StockCheckpoint(
                event: event, key: key, available: level.available, consumedInBatch: consumedInBatch[key] ?? 0,
                reorderPoint: part?.reorderPoint,
                leadTimeDays: LeadTime.days(catalogue: part?.leadTimeDays, default: settings.defaultLeadTimeDays)))
        }
        return outcome
    }

    // MARK: What to write

    /// The stock rows whose numbers or `low` flag changed, with their final values.
    public func stockChanges(low: [StockKey: Bool]) -> [StockKey: StockLevel] {
        var changes: [StockKey: StockLevel] = [:]
        for (key, var level) in state.stock {
            if let flag = low[key] { level.low = flag }
            if level != loaded.stock[key] { changes[key] = level }
        }
        return changes
    }

    /// Backorders this batch created (with their final status), oldest first.
    public var newBackorders: [BackorderRow] { state.backorders.filter { $0.id == nil } }

    /// Existing backorders whose status changed.
    public var backorderStatusChanges: [(id: Int64, status: BackorderStatus)] {
        let before = Dictionary(loaded.backorders.compactMap { row in row.id.map { ($0, row.status) } },
                                uniquingKeysWith: { first, _ in first })
        return state.backorders.compactMap { row in
            guard let id = row.id, before[id] != row.status else { return nil }
            return (id, row.status)
        }
    }

    // MARK: Primitives

    mutating func emit(_ output: InventoryOutput) {
        outputs[event, default: []].append(output)
    }

    /// Appends a movement and moves the projection with it, after the ledger's check.
    mutating func move(_ movement: StockMovement, at key: StockKey, ticketId: String?) throws {
        guard let level = state.stock[key] else {
            throw LedgerViolation(reason: "stock row \(key) was not created and locked for this batch")
        }
        guard let next = StockLedger.applying(movement, onHand: level.onHand, reserved: level.reserved) else {
            throw LedgerViolation(reason: "\(movement.kind.rawValue) of \(key) would break the ledger (on hand \(level.onHand), reserved \(level.reserved))")
        }
        state.stock[key] = StockLevel(onHand: next.onHand, reserved: next.reserved, low: level.low)
        let deltas = movement.deltas
        movements.append(MovementRow(key: key, kind: movement.kind, onHandDelta: deltas.onHand,
                                     reservedDelta: deltas.reserved, ticketId: ticketId))
        if case .consumption(let units) = movement { consumedInBatch[key, default: 0] += units }
        if !touched.contains(key) { touched.append(key) }
    }

    /// Changes what `ticketId` holds at `key` by `units` (the stock movement is separate).
    mutating func changeReservation(by units: Int, ticketId: String, at key: StockKey) {
        state.reservations[ticketId, default: [:]][key, default: 0] += units
        reservationChanges[ReservationKey(ticketId: ticketId, stock: key), default: 0] += units
    }

    /// Reserves `units` at `key` for the ticket: the movement and the reservation.
    mutating func reserve(_ units: Int, for ticketId: String, at key: StockKey) throws {
        try move(.reservation(units), at: key, ticketId: ticketId)
        changeReservation(by: units, ticketId: ticketId, at: key)
    }

    /// Throws `UnlockedStock` when the ticket's row at `key` is not locked by this batch.
    func requireLocked(_ key: StockKey, heldBy ticketId: String) throws {
        guard state.stock[key] != nil else { throw UnlockedStock(key: key, ticketId: ticketId) }
    }
}
