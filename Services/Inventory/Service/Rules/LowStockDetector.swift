import Foundation

/// Low-stock warnings once per crossing below the reorder point. Pure.
public enum LowStockDetector {
    public struct Decision: Sendable, Equatable {
        /// Emit `stock.low` (and a reorder suggestion) now.
        public var warn: Bool
        /// The flag to store: below the reorder point.
        public var isLow: Bool
    }

    /// Warns only on the move from not-low to low; re-armed once available is back at or above the point.
    public static func evaluate(available: Int, reorderPoint: Int, wasLow: Bool) -> Decision {
        let low = available < reorderPoint
        return Decision(warn: low && !wasLow, isLow: low)
    }
}
