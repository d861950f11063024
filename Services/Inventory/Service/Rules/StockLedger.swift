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
        case .release(let q): (0, -q)
        case .consumption(let q): (-q, -q)
        }
    }

    /// The `movements.kind` column value.
    public var kind: String {
        switch self {
        case .receipt: "receipt"
        case .adjustment: "adjustment"
        case .reservation: "reservation"
        case .release: "release"
        case .consumption: "consumption"
        }
    }
}

/// An append-only movement ledger and its projection (on hand, reserved). The invariants
/// the service keeps — on hand ≥ 0, 0 ≤ reserved ≤ on hand, hence available ≥ 0 — are
/// enforced by refusing a movement that would break them (never clamping). Pure.
public struct StockLedger: Sendable, Equatable {
    public private(set) var onHand = 0
    public private(set) var reserved = 0
    public private(set) var movements: [StockMovement] = []

    public init() {}

    public var available: Int { onHand - reserved }

    /// Whether `movement` may be applied to a projection of (onHand, reserved).
    public static func permits(_ movement: StockMovement, onHand: Int, reserved: Int) -> Bool {
        switch movement {
        case .receipt(let q), .reservation(let q), .release(let q), .consumption(let q): guard q > 0 else { return false }
        case .adjustment: break
        }
        let d = movement.deltas
        let newOnHand = onHand + d.onHand, newReserved = reserved + d.reserved
        return newOnHand >= 0 && newReserved >= 0 && newReserved <= newOnHand
    }

    /// Applies the movement when it keeps the invariants; returns false and changes nothing otherwise.
    @discardableResult
    public mutating func apply(_ movement: StockMovement) -> Bool {
        guard StockLedger.permits(movement, onHand: onHand, reserved: reserved) else { return false }
        let d = movement.deltas
        onHand += d.onHand
        reserved += d.reserved
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
