import Foundation

/// Demand forecasting and reorder sizing from recent daily consumption. Pure.
///
/// Daily demand is exponentially weighted (`alpha` on the newest day); its variability is
/// the standard deviation of the daily series. Safety stock covers the lead time at the
/// service level's z (1.645 for 95 %): z · σ · √L. Reorder point = demand · L + safety stock;
/// order quantity = demand · (L + review period) + safety stock − available.
public struct DemandForecast: Sendable, Equatable {
    public var alpha: Double
    public var z: Double
    public var reviewDays: Double

    public init(alpha: Double = 0.3, serviceLevel: Double = 0.95, reviewDays: Double = 7) {
        self.alpha = alpha
        self.z = DemandForecast.zScore(serviceLevel)
        self.reviewDays = reviewDays
    }

    /// The standard normal quantile for common service levels (interpolated between them).
    public static func zScore(_ level: Double) -> Double {
        let table: [(Double, Double)] = [(0.5, 0), (0.8, 0.8416), (0.9, 1.2816), (0.95, 1.6449), (0.975, 1.96), (0.99, 2.3263), (0.999, 3.0902)]
        guard level > table[0].0 else { return 0 }
        for (lower, upper) in zip(table, table.dropFirst()) where level <= upper.0 {
            return lower.1 + (upper.1 - lower.1) * (level - lower.0) / (upper.0 - lower.0)
        }
        return table.last!.1
    }

    /// EWMA of the daily series (oldest first).
    public func dailyDemand(_ series: [Double]) -> Double {
        guard var level = series.first else { return 0 }
        for value in series.dropFirst() { level = alpha * value + (1 - alpha) * level }
        return level
    }

    public func standardDeviation(_ series: [Double]) -> Double {
        guard series.count > 1 else { return 0 }
        let mean = series.reduce(0, +) / Double(series.count)
        return (series.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(series.count - 1)).squareRoot()
    }

    public func safetyStock(_ series: [Double], leadTimeDays: Double) -> Double {
        z * standardDeviation(series) * leadTimeDays.squareRoot()
    }

    /// At least 1.
    public func reorderPoint(_ series: [Double], leadTimeDays: Double) -> Int {
        max(1, Int((dailyDemand(series) * leadTimeDays + safetyStock(series, leadTimeDays: leadTimeDays)).rounded(.up)))
    }

    /// At least 1.
    public func orderQuantity(_ series: [Double], leadTimeDays: Double, available: Int) -> Int {
        let target = dailyDemand(series) * (leadTimeDays + reviewDays) + safetyStock(series, leadTimeDays: leadTimeDays)
        return max(1, Int((target - Double(available)).rounded(.up)))
    }
}

/// Emits a low-stock warning once per crossing below the reorder point. Pure.
public enum LowStockDetector {
    /// (warn now, flag to store): warn only when going from not-low to low; re-arm at or above the point.
    public static func evaluate(available: Int, reorderPoint: Int, wasLow: Bool) -> (warn: Bool, isLow: Bool) {
        let low = available < reorderPoint
        return (low && !wasLow, low)
    }
}
