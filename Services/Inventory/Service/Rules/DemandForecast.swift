import Foundation

/// Demand forecasting and reorder sizing from daily consumption. Pure.
///
/// - daily demand: exponentially weighted moving average of the daily series (`alpha` on the newest day);
/// - σ: sample standard deviation of the daily series;
/// - safety stock: z · σ · √L (z = 1.645 at a 95 % service level, L = lead time in days);
/// - reorder point: demand · L + safety stock, rounded up, at least 1;
/// - order quantity: demand · (L + review period) + safety stock − available, rounded up, at least 1.
public struct DemandForecast: Sendable, Equatable {
    public var alpha: Double
    public var z: Double
    public var reviewDays: Double

    public init(alpha: Double = 0.3, serviceLevel: Double = 0.95, reviewDays: Double = 7) {
        self.alpha = alpha
        self.z = DemandForecast.zScore(serviceLevel)
        self.reviewDays = reviewDays
    }

    /// Standard normal quantile for a service level (table of common levels, linear in between).
    public static func zScore(_ level: Double) -> Double {
        let table: [(Double, Double)] = [(0.5, 0), (0.8, 0.8416), (0.9, 1.2816), (0.95, 1.645), (0.975, 1.96),
                                         (0.99, 2.3263), (0.999, 3.0902)]
        guard level > table[0].0 else { return 0 }
        for (lower, upper) in zip(table, table.dropFirst()) where level <= upper.0 {
            return lower.1 + (upper.1 - lower.1) * (level - lower.0) / (upper.0 - lower.0)
        }
        return table.last!.1
    }

    /// EWMA of the daily series, oldest first (0 for an empty series).
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
        z * standardDeviation(series) * max(0, leadTimeDays).squareRoot()
    }

    public func reorderPoint(_ series: [Double], leadTimeDays: Double) -> Int {
        let point = dailyDemand(series) * leadTimeDays + safetyStock(series, leadTimeDays: leadTimeDays)
        return Self.wholeUnits(point)
    }

    public func orderQuantity(_ series: [Double], leadTimeDays: Double, available: Int) -> Int {
        let target = dailyDemand(series) * (leadTimeDays + reviewDays) + safetyStock(series, leadTimeDays: leadTimeDays)
        return Self.wholeUnits(target - Double(available))
    }

    /// `units` rounded up to whole units, at least 1 and at most `InventoryLimits.stockLevel`'s
    /// upper bound (NaN counts as 1): converting a Double to Int never traps.
    static func wholeUnits(_ units: Double) -> Int {
        let ceiling = Double(InventoryLimits.stockLevel.upperBound)
        guard !units.isNaN else { return 1 }
        let rounded = (units - 1e-9).rounded(.up)
        return Int(min(max(rounded, 1), ceiling))
    }
}
