import Foundation
import Schema

/// A moment when a stock row's availability is compared with its reorder point: after an
/// event of the batch moved the row.
public struct StockCheckpoint: Equatable, Sendable {
    /// The event's position in the batch.
    public var event: Int
    public var key: StockKey
    public var available: Int
    /// Units of this row the batch consumed up to and including this event (all dated today).
    public var consumedInBatch: Int
    /// The catalogue's reorder point at that moment (nil: the forecast's).
    public var reorderPoint: Int?
    public var leadTimeDays: Double

    public init(event: Int, key: StockKey, available: Int, consumedInBatch: Int, reorderPoint: Int?, leadTimeDays: Double) {
        self.event = event
        self.key = key
        self.available = available
        self.consumedInBatch = consumedInBatch
        self.reorderPoint = reorderPoint
        self.leadTimeDays = leadTimeDays
    }
}

/// Units consumed per day before the batch: day number (days since 1970-01-01 UTC) → units.
public typealias DailyConsumption = [Int: Double]

/// Early warning over a batch: walks the checkpoints in order, warns once per crossing below
/// the reorder point (`LowStockDetector`), and sizes a reorder from the forecast. Pure.
public enum LowStockWatch {
    /// A crossing: `stock.low` and the reorder suggestion that goes with it.
    public struct Warning: Equatable, Sendable {
        public var event: Int
        public var stockLow: StockLow
        public var reorder: ReorderSuggested
    }

    /// The warnings in checkpoint order, and the `low` flag every checked row ends with.
    public struct Result: Equatable, Sendable {
        public var warnings: [Warning] = []
        public var low: [StockKey: Bool] = [:]
    }

    /// The day number of a moment (UTC).
    public static func day(of moment: Date) -> Int {
        Int((moment.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// The earliest moment whose consumption the forecast reads: `days` days before `now`.
    public static func historyStart(now: Date, days: Int) -> Date {
        now.addingTimeInterval(-Double(max(1, days)) * 86_400)
    }

    /// Units per day over the last `days` days up to `today`, oldest first; days without use count as 0.
    public static func series(history: DailyConsumption, today: Int, days: Int, consumedToday: Int) -> [Double] {
        let days = max(1, days)
        return (today - days + 1...today).map { day in
            (history[day] ?? 0) + (day == today ? Double(consumedToday) : 0)
        }
    }

    public static func evaluate(_ checkpoints: [StockCheckpoint], wasLow initial: [StockKey: Bool],
                                history: [StockKey: DailyConsumption], now: Date, settings: InventorySettings) -> Result {
        let forecast = settings.forecast
        let today = day(of: now)
        var result = Result()
        for checkpoint in checkpoints {
            let key = checkpoint.key
            let wasLow = result.low[key] ?? initial[key] ?? false
            let series = series(history: history[key] ?? [:], today: today, days: settings.historyDays,
                                consumedToday: checkpoint.consumedInBatch)
            let lead = checkpoint.leadTimeDays
            let reorderPoint = checkpoint.reorderPoint ?? forecast.reorderPoint(series, leadTimeDays: lead)
            let decision = LowStockDetector.evaluate(available: checkpoint.available, reorderPoint: reorderPoint, wasLow: wasLow)
            result.low[key] = decision.isLow
            guard decision.warn else { continue }
            let quantity = forecast.orderQuantity(series, leadTimeDays: lead, available: checkpoint.available)
            result.warnings.append(Warning(
                event: checkpoint.event,
                stockLow: StockLow(partNumber: key.partNumber, warehouseId: key.warehouseId, available: checkpoint.available,
                                   reorderPoint: reorderPoint),
                reorder: ReorderSuggested(partNumber: key.partNumber, warehouseId: key.warehouseId, quantity: quantity,
                                          reason: reason(available: checkpoint.available, reorderPoint: reorderPoint,
                                                         series: series, leadTimeDays: lead, settings: settings))))
        }
        return result
    }

    /// The reorder suggestion's reason: the numbers it was sized from.
    public static func reason(available: Int, reorderPoint: Int, series: [Double], leadTimeDays: Double,
                              settings: InventorySettings) -> String {
        let forecast = settings.forecast
        return String(format: "available %d below reorder point %d; forecast %.2f/day (σ %.2f), lead time %.0f d + review %.0f d, %.0f%% service level",
                      available, reorderPoint, forecast.dailyDemand(series), forecast.standardDeviation(series), leadTimeDays,
                      settings.reviewDays, settings.serviceLevel * 100)
    }
}
