import Foundation
import ServiceRuntime

/// Inventory's numbers, from `AFTERSALES_INVENTORY_*` variables.
public struct InventorySettings: Sendable, Equatable {
    /// Lead time for parts not in the catalogue (7 days).
    public var defaultLeadTimeDays: Double = 7
    public var ewmaAlpha: Double = 0.3
    public var serviceLevel: Double = 0.95
    public var reviewDays: Double = 7
    /// How many recent days of consumption feed the forecast (28).
    public var historyDays: Int = 28

    public init() {}

    public init(config: ServiceConfig) throws {
        defaultLeadTimeDays = try config.double("AFTERSALES_INVENTORY_DEFAULT_LEAD_TIME_DAYS", default: defaultLeadTimeDays)
        ewmaAlpha = try config.double("AFTERSALES_INVENTORY_EWMA_ALPHA", default: ewmaAlpha)
        serviceLevel = try config.double("AFTERSALES_INVENTORY_SERVICE_LEVEL", default: serviceLevel)
        reviewDays = try config.double("AFTERSALES_INVENTORY_REVIEW_DAYS", default: reviewDays)
        historyDays = try config.int("AFTERSALES_INVENTORY_HISTORY_DAYS", default: historyDays)
        guard (0.0...1.0).contains(ewmaAlpha), ewmaAlpha > 0 else {
            throw ConfigError(variable: "AFTERSALES_INVENTORY_EWMA_ALPHA", problem: "must be in (0, 1]")
        }
        guard (0.5..<1.0).contains(serviceLevel) else {
            throw ConfigError(variable: "AFTERSALES_INVENTORY_SERVICE_LEVEL", problem: "must be in [0.5, 1)")
        }
    }

    public var forecast: DemandForecast { DemandForecast(alpha: ewmaAlpha, serviceLevel: serviceLevel, reviewDays: reviewDays) }
}
