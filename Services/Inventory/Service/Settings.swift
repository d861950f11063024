import Foundation
import ServiceRuntime

/// Inventory's numbers, read from `AFTERSALES_INVENTORY_*` variables (defaults in brackets).
public struct InventorySettings: Sendable, Equatable {
    /// `AFTERSALES_INVENTORY_DEFAULT_LEAD_TIME_DAYS` [7]: lead time for parts not in the catalogue.
    public var defaultLeadTimeDays: Double = 7
    /// `AFTERSALES_INVENTORY_EWMA_ALPHA` [0.3]: weight of the newest day in the demand EWMA.
    public var ewmaAlpha: Double = 0.3
    /// `AFTERSALES_INVENTORY_SERVICE_LEVEL` [0.95]: service level for safety stock (z = 1.645).
    public var serviceLevel: Double = 0.95
    /// `AFTERSALES_INVENTORY_REVIEW_DAYS` [7]: review period added to the lead time when sizing orders.
    public var reviewDays: Double = 7
    /// `AFTERSALES_INVENTORY_HISTORY_DAYS` [28]: days of consumption history feeding the forecast.
    public var historyDays: Int = 28

    public init() {}

    public init(config: ServiceConfig) throws {
        defaultLeadTimeDays = try config.double("AFTERSALES_INVENTORY_DEFAULT_LEAD_TIME_DAYS", default: defaultLeadTimeDays)
        ewmaAlpha = try config.double("AFTERSALES_INVENTORY_EWMA_ALPHA", default: ewmaAlpha)
        serviceLevel = try config.double("AFTERSALES_INVENTORY_SERVICE_LEVEL", default: serviceLevel)
        reviewDays = try config.double("AFTERSALES_INVENTORY_REVIEW_DAYS", default: reviewDays)
        historyDays = try config.int("AFTERSALES_INVENTORY_HISTORY_DAYS", default: historyDays)
        guard ewmaAlpha > 0, ewmaAlpha <= 1 else {
            throw ConfigError(variable: "AFTERSALES_INVENTORY_EWMA_ALPHA", problem: "must be in (0, 1]")
        }
        guard serviceLevel >= 0.5, serviceLevel < 1 else {
            throw ConfigError(variable: "AFTERSALES_INVENTORY_SERVICE_LEVEL", problem: "must be in [0.5, 1)")
        }
        guard defaultLeadTimeDays >= 0, defaultLeadTimeDays <= Double(InventoryLimits.leadTimeDays.upperBound) else {
            throw ConfigError(variable: "AFTERSALES_INVENTORY_DEFAULT_LEAD_TIME_DAYS",
                              problem: "must be between 0 and \(InventoryLimits.leadTimeDays.upperBound)")
        }
        guard reviewDays >= 0, reviewDays <= Double(Self.maxDays) else {
            throw ConfigError(variable: "AFTERSALES_INVENTORY_REVIEW_DAYS", problem: "must be between 0 and \(Self.maxDays)")
        }
        guard historyDays >= 1, historyDays <= Self.maxDays else {
            throw ConfigError(variable: "AFTERSALES_INVENTORY_HISTORY_DAYS", problem: "must be between 1 and \(Self.maxDays)")
        }
    }

    /// The longest review period and consumption history accepted (ten years).
    public static let maxDays = 3_650

    public var forecast: DemandForecast { DemandForecast(alpha: ewmaAlpha, serviceLevel: serviceLevel, reviewDays: reviewDays) }
}
