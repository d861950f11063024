import Foundation

/// One movement of one part in one warehouse; the ledger's vocabulary.
public enum StockMovement: Sendable, Equatable {
    case receipt(Int)
    case adjustment(Int)
    case reservation(Int)
    case release(Int)
    case consumption(Int)

    /// (on hand delta, reserved delta) this movement applies to the projection.
    public var deltas: (onHand: Int, reserved: Int) {
        switch self {
        case .receipt(let q): (q, 0)
        case .adjustment(let q): (q, 0)
        case .reservation(let q): (0, q)
        case .release(let q): (0, 0 &- q)
        case .consumption(let q): (0 &- q, 0 &- q)
        }
    }

    /// The `movements.kind` column value.
    public var kind: MovementKind {
        switch self {
        case .receipt: .receipt
        case .adjustment: .adjustment
        case .reservation: .reservation
        case .release: .release
        case .consumption: .consumption
        }
    }
}

/// An append-only movement ledger and its projection (on hand, reserved). The invariants
/// the service keeps — 0 ≤ on hand ≤ `InventoryLimits.stockLevel`, 0 ≤ reserved ≤ on hand,
/// hence available ≥ 0 — are enforced by refusing a movement that would break them (never
/// clamping, never overflowing). Pure.
public struct StockLedger: Sendable, Equatable {
    public private(set) var onHand = 0
    public private(set) var reserved = 0
    public private(set) var movements: [StockMovement] = []

    public init() {}

    public var available: Int { onHand - reserved }

    /// The projection after `movement`, or nil when the movement would break an invariant
    /// (a receipt, reservation, release or consumption must move at least one unit).
    public static func applying(_ movement: StockMovement, onHand: Int, reserved: Int) -> (onHand: Int, reserved: Int)? {
        switch movement {
        case .receipt(let q), .reservation(let q), .release(let q), .consumption(let q): guard q > 0 else { return nil }
        case .adjustment: break
        }
        let d = movement.deltas
        let (newOnHand, onHandOverflow) = onHand.addingReportingOverflow(d.onHand)
        let (newReserved, reservedOverflow) = reserved.addingReportingOverflow(d.reserved)
        guard !onHandOverflow, !reservedOverflow, InventoryLimits.stockLevel.contains(newOnHand),
              newReserved >= 0, newReserved <= newOnHand else { return nil }
        return (newOnHand, newReserved)
    }

    /// Whether `movement` may be applied to a projection of (onHand, reserved).
    public static func permits(_ movement: StockMovement, onHand: Int, reserved: Int) -> Bool {
        applying(movement, onHand: onHand, reserved: reserved) != nil
    }

    /// Applies the movement when it keeps the invariants; returns false and changes nothing otherwise.
    @discardableResult
    public mutating func apply(_ movement: StockMovement) -> Bool {
        guard let next = StockLedger.applying(movement, onHand: onHand, reserved: reserved) else { return false }
        onHand = next.onHand
        reserved = next.reserved
        movements.append(movement)
        return true
    }

    /// The projection recomputed from the movements alone (the ledger is the source of truth).
    public var replayed: (onHand: Int, reserved: Int) {
        movements.reduce((0, 0)) { total, movement in
            (total.0 + movement.deltas.onHand, total.1 + movement.deltas.reserved)
        }
    }
}
