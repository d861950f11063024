import Foundation

/// Which rows a batch of commands reads, so that the store loads each table once for the
/// whole batch. Pure.
///
/// Stock rows a batch may change are locked (`FOR UPDATE`, in `StockKey` order):
/// - the (part, warehouse) of every receipt and count;
/// - every warehouse of every requested part (the planner sees the exact availability, and
///   a backorder is booked under the lock a receipt at that warehouse takes too);
/// - every existing row of every consumed part (the unreserved remainder may come from any);
/// - the rows a released or cancelled ticket holds reservations or open backorders on
///   (`heldByTickets`, read before the locks are taken).
public struct BatchKeys: Equatable, Sendable {
    /// Receipt and count rows: created when missing, locked, their open backorders loaded.
    public var movedStock: Set<StockKey> = []
    /// Parts requested: locked at every known warehouse (rows created when missing).
    public var requestedParts: Set<String> = []
    /// Parts consumed: every existing row locked.
    public var consumedParts: Set<String> = []
    /// Tickets released or cancelled: the rows they hold are looked up before locking.
    public var releasedTickets: Set<String> = []
    /// Every ticket the batch reads reservations and backorders of.
    public var tickets: Set<String> = []
    /// Tickets with a request: their `requested_lines` are loaded.
    public var requestingTickets: Set<String> = []
    /// Parts whose catalogue entry the batch reads.
    public var parts: Set<String> = []
    /// Warehouses upserted by the batch (a later request may use them).
    public var upsertedWarehouses: Set<String> = []
    /// A request or a consumption needs every warehouse's region and location.
    public var needsWarehouses = false

    public init(_ commands: [InventoryCommand]) {
        for command in commands {
            switch command {
            case .upsertPart:
                break
            case .upsertWarehouse(let warehouse):
                upsertedWarehouses.insert(warehouse.warehouseId)
            case .receive(let receipt):
                movedStock.insert(StockKey(receipt.partNumber, receipt.warehouseId))
                parts.insert(receipt.partNumber)
            case .count(let count):
                movedStock.insert(StockKey(count.partNumber, count.warehouseId))
                parts.insert(count.partNumber)
            case .request(let request):
                requestedParts.formUnion(request.lines.map(\.partNumber))
                parts.formUnion(request.lines.map(\.partNumber))
                tickets.insert(request.ticketId)
                requestingTickets.insert(request.ticketId)
                needsWarehouses = true
            case .consume(let consumption):
                consumedParts.formUnion(consumption.lines.map(\.partNumber))
                parts.formUnion(consumption.lines.map(\.partNumber))
                tickets.insert(consumption.ticketId)
                needsWarehouses = true
            case .release(let ticketId, let lines):
                releasedTickets.insert(ticketId)
                tickets.insert(ticketId)
                parts.formUnion((lines ?? []).map(\.partNumber))
            }
        }
    }

    /// The stock rows to create (when missing) and lock, sorted: the lock order.
    public func stockToLock(knownWarehouses: some Sequence<String>, heldByTickets: [StockKey]) -> [StockKey] {
        var keys = movedStock.union(heldByTickets)
        let warehouses = upsertedWarehouses.union(knownWarehouses)
        for part in requestedParts {
            for warehouse in warehouses { keys.insert(StockKey(part, warehouse)) }
        }
        return keys.sorted()
    }
}
