import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Inventory: the parts catalogue, warehouses, an append-only movement ledger with its
/// on-hand / reserved projection, reservations per ticket, backorders fulfilled by receipts,
/// low-stock warnings once per crossing and forecast-sized reorder suggestions.
///
/// Batch-native. The handler only routes and orchestrates:
/// 1. decodes each event into an `InventoryCommand` (invalid → dead letter with field reasons);
/// 2. `InventoryStore` loads what the whole batch touches, one query per table, after locking
///    every stock row it may change (`FOR UPDATE`, part then warehouse order);
/// 3. the pure `InventoryBatch` folds the commands in order; `LowStockWatch` then finds the
///    crossings below reorder points, with one more query for the consumption history;
/// 4. the store writes movements, stock, reservations, backorders and requested lines with
///    one set-based statement per table; the events go out through `context.emit`.
///
/// Two instances never oversell: every stock change is computed from numbers read under the
/// row's lock. Failures: a business-rule rejection is a dead letter for that event only; a
/// ticket's stock row that another instance created after this batch chose its locks is a
/// `StockConflict` (transient: the runtime retries the batch, committing nothing); a
/// `LedgerViolation` (a defect) is not transient: the runtime re-applies the batch event by
/// event and dead-letters the one that fails.
public struct InventoryHandler: ServiceHandler {
    public let settings: InventorySettings

    public init(settings: InventorySettings = InventorySettings()) { self.settings = settings }

    public init(config: ServiceConfig) throws { self.init(settings: try InventorySettings(config: config)) }

    public var subscriptions: [Topic] { [.stock, .parts, .tickets] }

    /// Our own `parts.reserved` / `parts.backordered` and the ticket events other than
    /// `ticket.cancelled` are not listed: they cost nothing (no inbox row, no transaction).
    public var handledTypes: Set<EventType> {
        [.partUpserted, .warehouseUpserted, .stockReceived, .stockCounted, .partsRequested, .partsConsumed, .partsReleased,
         .ticketCancelled]
    }

    public func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
        // 1. Decode and bound every event; refused ones never reach the database.
        var results = [HandlingResult](repeating: .applied, count: batch.count)
        var commands: [(index: Int, command: InventoryCommand)] = []
        for (index, event) in batch.enumerated() {
            do {
                guard let command = try Self.command(for: event) else {
                    results[index] = .ignored
                    continue
                }
                if let problem = command.boundsProblem {
                    results[index] = .deadLetter(reason: problem)
                } else {
                    commands.append((index, command))
                }
            } catch {
                results[index] = .invalid(event, error)
            }
        }
        guard !commands.isEmpty else { return results }

        // 2. Load (and lock) what the whole batch touches; 3. fold the commands in order.
        let store = InventoryStore(db: context.db)
        var fold = InventoryBatch(snapshot: try load(BatchKeys(commands.map(\.command)), from: store),
                                  settings: settings, now: context.now)
        do {
            for (index, command) in commands {
                if case .rejected(let reason) = try fold.apply(command, event: index) {
                    results[index] = .deadLetter(reason: reason)
                }
            }
        } catch let conflict as UnlockedStock {
            throw StockConflict(conflict: conflict)
        }
        // Early warning over the batch's checkpoints, with the rows' consumption history.
        let checkedKeys = Array(Set(fold.checkpoints.map(\.key))).sorted()
        let history = checkedKeys.isEmpty ? [:] : try store.consumption(
            at: checkedKeys, since: LowStockWatch.historyStart(now: context.now, days: settings.historyDays))
        let watch = LowStockWatch.evaluate(fold.checkpoints, wasLow: fold.state.stock.mapValues(\.low), history: history,
                                           now: context.now, settings: settings)
        // 4. Write one statement per table, then emit each event's outputs in batch order.
        try write(fold, low: watch.low, to: store, now: context.now)
        var warnings: [Int: [LowStockWatch.Warning]] = [:]
        for warning in watch.warnings { warnings[warning.event, default: []].append(warning) }
        for (index, _) in commands {
            let cause = batch[index].cause
            for output in fold.outputs[index] ?? [] { try emit(output, cause: cause, context: context) }
            for warning in warnings[index] ?? [] {
                try context.emit(warning.stockLow, cause: cause)
                try context.emit(warning.reorder, cause: cause)
            }
        }
        return results
    }

    // MARK: Steps

    /// The command an event carries, or nil for a type inventory does not act on.
    static func command(for event: InboundEvent) throws(ValidationFailure) -> InventoryCommand? {
        switch event.eventType {
        case .partUpserted: return .upsertPart(try event.payload(as: PartUpserted.self))
        case .warehouseUpserted: return .upsertWarehouse(try event.payload(as: WarehouseUpserted.self))
        case .stockReceived: return .receive(try event.payload(as: StockReceived.self))
        case .stockCounted: return .count(try event.payload(as: StockCounted.self))
        case .partsRequested: return .request(try event.payload(as: PartsRequested.self))
        case .partsConsumed: return .consume(try event.payload(as: PartsConsumed.self))
        case .partsReleased:
            let released = try event.payload(as: PartsReleased.self)
            return .release(ticketId: released.ticketId, lines: released.lines)
        case .ticketCancelled: return .release(ticketId: try event.payload(as: TicketCancelled.self).ticketId, lines: nil)
        default: return nil
        }
    }

    /// Loads the batch's state: rows held by released tickets, warehouses, then the stock rows
    /// created and locked, then (under the locks) catalogue, reservations, backorders and
    /// requested lines. One statement per table; a table the batch does not need is skipped.
    private func load(_ keys: BatchKeys, from store: InventoryStore) throws -> InventorySnapshot {
        var snapshot = InventorySnapshot()
        let held = keys.releasedTickets.isEmpty ? [] : try store.stockHeld(byTickets: keys.releasedTickets.sorted())
        if keys.needsWarehouses { snapshot.warehouses = try store.warehouses() }
        let locked = keys.stockToLock(knownWarehouses: snapshot.warehouses.keys, heldByTickets: held)
        if !locked.isEmpty { try store.createStock(locked) }
        if !locked.isEmpty || !keys.consumedParts.isEmpty {
            snapshot.stock = try store.lockStock(locked, allRowsOf: keys.consumedParts.sorted())
        }
        let parts = keys.parts.union(snapshot.stock.keys.map(\.partNumber))
        if !parts.isEmpty { snapshot.parts = try store.parts(parts.sorted()) }
        let tickets = keys.tickets.sorted()
        if !tickets.isEmpty { snapshot.reservations = try store.reservations(ofTickets: tickets) }
        if !tickets.isEmpty || !keys.movedStock.isEmpty {
            snapshot.backorders = try store.backorders(ofTickets: tickets, openAt: keys.movedStock.sorted())
        }
        if !keys.requestingTickets.isEmpty {
            snapshot.requestedLines = try store.requestedLines(ofTickets: keys.requestingTickets.sorted())
        }
        return snapshot
    }

    /// Writes the batch's changes, one statement per table that changed.
    private func write(_ fold: InventoryBatch, low: [StockKey: Bool], to store: InventoryStore, now: Date) throws {
        if !fold.partUpserts.isEmpty { try store.upsertParts(fold.partUpserts.values.sorted { $0.partNumber < $1.partNumber }) }
        if !fold.warehouseUpserts.isEmpty {
            try store.upsertWarehouses(fold.warehouseUpserts.values.sorted { $0.warehouseId < $1.warehouseId })
        }
        if !fold.movements.isEmpty { try store.appendMovements(fold.movements, occurredAt: now) }
        let stock = fold.stockChanges(low: low)
        if !stock.isEmpty { try store.updateStock(stock) }
        if !fold.reservationChanges.isEmpty { try store.changeReservations(fold.reservationChanges) }
        let newBackorders = fold.newBackorders, statusChanges = fold.backorderStatusChanges
        if !newBackorders.isEmpty || !statusChanges.isEmpty {
            try store.writeBackorders(new: newBackorders, statusChanges: statusChanges)
        }
        if !fold.newRequestedLines.isEmpty { try store.recordRequestedLines(fold.newRequestedLines) }
    }

    private func emit(_ output: InventoryOutput, cause: EventCause, context: HandlerContext) throws {
        switch output {
        case .reserved(let reserved): try context.emit(reserved, cause: cause)
        case .backordered(let backordered): try context.emit(backordered, cause: cause)
        }
    }
}

/// A stock row a ticket holds was created by another instance after this batch chose which
/// rows to lock, so the batch cannot apply it safely. Transient: the runtime rolls the batch
/// back and retries it (offsets not committed); the retry looks the rows up again and locks them.
public struct StockConflict: TransientFailure, CustomStringConvertible {
    public var conflict: UnlockedStock

    public init(conflict: UnlockedStock) { self.conflict = conflict }

    public var description: String { "\(conflict); retrying the batch" }
}
