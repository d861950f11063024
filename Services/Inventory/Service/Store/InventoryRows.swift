import Foundation
import Schema

// The typed rows of inventory's tables, as the store reads and writes them and the rules
// fold them. Status columns are enums: no raw status strings in SQL or in switches.

/// A (part, warehouse) pair: the key of a `stock` row. Sorted by part, then warehouse — the
/// order in which a batch creates and locks stock rows.
public struct StockKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var partNumber: String
    public var warehouseId: String

    public init(_ partNumber: String, _ warehouseId: String) {
        self.partNumber = partNumber
        self.warehouseId = warehouseId
    }

    public static func < (a: StockKey, b: StockKey) -> Bool {
        (a.partNumber, a.warehouseId) < (b.partNumber, b.warehouseId)
    }

    public var description: String { "\(partNumber)@\(warehouseId)" }
}

/// One `stock` row: the projection of the movements of one part in one warehouse.
public struct StockLevel: Equatable, Sendable {
    public var onHand: Int
    public var reserved: Int
    /// Below the reorder point at the last check (a warning is emitted once per crossing).
    public var low: Bool

    public init(onHand: Int = 0, reserved: Int = 0, low: Bool = false) {
        self.onHand = onHand
        self.reserved = reserved
        self.low = low
    }

    /// On hand minus reserved.
    public var available: Int { onHand - reserved }
}

/// The values of `movements.kind`.
public enum MovementKind: String, Sendable, CaseIterable {
    case receipt, adjustment, reservation, release, consumption
}

/// The values of `backorders.status`: open until a receipt fulfils it or the ticket lets it go.
public enum BackorderStatus: String, Sendable, CaseIterable {
    case open, fulfilled, cancelled
}

/// One catalogue entry (`parts`).
public struct PartRecord: Equatable, Sendable {
    public var partNumber: String
    public var name: String
    public var unitPrice: Double
    public var currency: String
    public var leadTimeDays: Int
    public var reorderPoint: Int?
    public var supplier: String?

    public init(partNumber: String, name: String, unitPrice: Double, currency: String, leadTimeDays: Int,
                reorderPoint: Int? = nil, supplier: String? = nil) {
        self.partNumber = partNumber
        self.name = name
        self.unitPrice = unitPrice
        self.currency = currency
        self.leadTimeDays = leadTimeDays
        self.reorderPoint = reorderPoint
        self.supplier = supplier
    }

    public init(_ part: PartUpserted) {
        self.init(partNumber: part.partNumber, name: part.name, unitPrice: part.unitPrice, currency: part.currency,
                  leadTimeDays: part.leadTimeDays, reorderPoint: part.reorderPoint, supplier: part.supplier)
    }
}

/// One `warehouses` row.
public struct WarehouseRecord: Equatable, Sendable {
    public var warehouseId: String
    public var region: String
    public var location: GeoPoint

    public init(warehouseId: String, region: String, location: GeoPoint) {
        self.warehouseId = warehouseId
        self.region = region
        self.location = location
    }
}

/// One `backorders` row; `id` is nil for a backorder this batch creates (the insert numbers it).
public struct BackorderRow: Equatable, Sendable {
    public var id: Int64?
    public var ticketId: String
    public var key: StockKey
    public var quantity: Int
    public var status: BackorderStatus
    public var requestedAt: Date
    public var expectedBy: Date

    public init(id: Int64?, ticketId: String, key: StockKey, quantity: Int, status: BackorderStatus,
                requestedAt: Date, expectedBy: Date) {
        self.id = id
        self.ticketId = ticketId
        self.key = key
        self.quantity = quantity
        self.status = status
        self.requestedAt = requestedAt
        self.expectedBy = expectedBy
    }
}

/// One movement to append to the ledger (`movements`); its time is the batch's.
public struct MovementRow: Equatable, Sendable {
    public var key: StockKey
    public var kind: MovementKind
    public var onHandDelta: Int
    public var reservedDelta: Int
    public var ticketId: String?

    public init(key: StockKey, kind: MovementKind, onHandDelta: Int, reservedDelta: Int, ticketId: String?) {
        self.key = key
        self.kind = kind
        self.onHandDelta = onHandDelta
        self.reservedDelta = reservedDelta
        self.ticketId = ticketId
    }
}

/// A reservation's key (`reservations`): what one ticket holds of one stock row.
public struct ReservationKey: Hashable, Comparable, Sendable {
    public var ticketId: String
    public var stock: StockKey

    public init(ticketId: String, stock: StockKey) {
        self.ticketId = ticketId
        self.stock = stock
    }

    public static func < (a: ReservationKey, b: ReservationKey) -> Bool {
        (a.ticketId, a.stock) < (b.ticketId, b.stock)
    }
}

/// A (ticket, part) already handled (`requested_lines`): `parts.requested` is idempotent per line.
public struct RequestedLine: Hashable, Sendable {
    public var ticketId: String
    public var partNumber: String

    public init(ticketId: String, partNumber: String) {
        self.ticketId = ticketId
        self.partNumber = partNumber
    }
}
