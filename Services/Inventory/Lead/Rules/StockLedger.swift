import Foundation

/// One stock movement of one part in one warehouse.
public enum StockMovement: Sendable, Equatable {
    case receipt(Int)
    case adjustment(Int)
    case reservation(Int)
    case release(Int)
    case consumption(Int)
}

/// The projection of a movement ledger: on hand and reserved, with the invariants the
/// service keeps (on hand ≥ 0, 0 ≤ reserved ≤ on hand, so available ≥ 0). `apply` refuses
/// a movement that would break them instead of clamping. Pure.
public struct StockLedger: Sendable, Equatable {
    public private(set) var onHand = 0
    public private(set) var reserved = 0
    public private(set) var movements: [StockMovement] = []

    public init() {}

    public var available: Int { onHand - reserved }

    /// Applies the movement when it keeps the invariants; returns false (and changes nothing) otherwise.
    @discardableResult
    public mutating func apply(_ movement: StockMovement) -> Bool {
        var newOnHand = onHand, newReserved = reserved
        switch movement {
        case .receipt(let q): guard q > 0 else { return false }; newOnHand += q
        case .adjustment(let q): newOnHand += q
        case .reservation(let q): guard q > 0 else { return false }; newReserved += q
        case .release(let q): guard q > 0 else { return false }; newReserved -= q
        case .consumption(let q): guard q > 0 else { return false }; newOnHand -= q; newReserved -= q
        }
        guard newOnHand >= 0, newReserved >= 0, newReserved <= newOnHand else { return false }
        onHand = newOnHand
        reserved = newReserved
        movements.append(movement)
        return true
    }

    /// On hand recomputed from the movements (the ledger is the source of truth).
    public var onHandFromMovements: Int {
        movements.reduce(0) { total, movement in
            switch movement {
            case .receipt(let q), .adjustment(let q): total + q
            case .consumption(let q): total - q
            case .reservation, .release: total
            }
        }
    }
}
