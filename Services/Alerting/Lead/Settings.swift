import Foundation
import ServiceRuntime

/// Alerting's numbers, from `AFTERSALES_ALERTING_*` variables.
public struct AlertingSettings: Sendable {
    public var rules = AlertRules()
    /// Seconds between KPI snapshots (60; 10 on `make run`).
    public var kpiIntervalSeconds: Double = 60
    /// A stock-low alert resolves after this quiet period without a new warning (24 h).
    public var stockLowQuietSeconds: Double = 86_400

    public init() {}

    public init(config: ServiceConfig) throws {
        kpiIntervalSeconds = try config.double("AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS", default: kpiIntervalSeconds)
        stockLowQuietSeconds = try config.double("AFTERSALES_ALERTING_STOCK_LOW_QUIET_SECONDS", default: stockLowQuietSeconds)
        rules.qualityThreshold = try config.int("AFTERSALES_ALERTING_QUALITY_THRESHOLD", default: rules.qualityThreshold)
        rules.qualityWindow = try config.double("AFTERSALES_ALERTING_QUALITY_WINDOW_DAYS", default: 7) * 86_400
        rules.complaintSpikeThreshold = try config.int("AFTERSALES_ALERTING_COMPLAINT_SPIKE_THRESHOLD", default: rules.complaintSpikeThreshold)
        rules.complaintWindow = try config.double("AFTERSALES_ALERTING_COMPLAINT_WINDOW_MINUTES", default: 60) * 60
        rules.csatSurveys = try config.int("AFTERSALES_ALERTING_CSAT_SURVEYS", default: rules.csatSurveys)
        rules.csatMinimumSurveys = try config.int("AFTERSALES_ALERTING_CSAT_MINIMUM_SURVEYS", default: rules.csatMinimumSurveys)
        rules.csatThreshold = try config.double("AFTERSALES_ALERTING_CSAT_THRESHOLD", default: rules.csatThreshold)
        guard kpiIntervalSeconds >= 1 else {
            throw ConfigError(variable: "AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS", problem: "must be at least 1")
        }
    }
}
