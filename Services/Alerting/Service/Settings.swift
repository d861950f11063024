import Foundation
import ServiceRuntime

/// Alerting's numbers, read from `AFTERSALES_ALERTING_*` settings (defaults in docs/services/alerting.md).
public struct AlertingSettings: Sendable, Equatable {
    /// The alert rules' thresholds and windows.
    public var rules = AlertRules()
    /// Seconds between KPI snapshots (`AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS`, 60).
    public var kpiIntervalSeconds: Double = 60
    /// A stock-low alert resolves after this many seconds without a new `stock.low` for the
    /// same part and warehouse (`AFTERSALES_ALERTING_STOCK_LOW_QUIET_SECONDS`, 86 400).
    public var stockLowQuietSeconds: Double = 86_400
    /// Which SLA clocks each hold reason pauses (`AFTERSALES_ALERTING_HOLD_PAUSES`,
    /// `waiting-parts=resolve;customer-requested=on-site,resolve;customer-unreachable=on-site,resolve`).
    public var holdPolicy = HoldPolicy.standard
    /// Each region's time zone for service days and KPIs' "today" (`AFTERSALES_TIME_ZONE`,
    /// Asia/Shanghai; `AFTERSALES_REGION_TIME_ZONES`, `region=Zone;…`, none).
    public var timeZones = RegionTimeZones()
    /// What a breached on-site or resolve deadline grants, by priority
    /// (`AFTERSALES_ALERTING_COMPENSATION`, `AFTERSALES_ALERTING_CURRENCY`; see `CompensationPolicy`).
    public var compensation = CompensationPolicy()
    /// At most this many KPI cuts per dimension and window, the largest first
    /// (`AFTERSALES_ALERTING_KPI_MAX_CUTS`, 50).
    public var kpiMaxCutsPerDimension = 50
    /// A ticket's `audit-failed` alert resolves after this long without a new failed audit
    /// (`AFTERSALES_ALERTING_AUDIT_FAILED_QUIET_DAYS`, 7), or when a complaint on it is resolved.
    public var auditFailedQuietSeconds: Double = 7 * 86_400
    /// When a provider stands far above the network (`AFTERSALES_ALERTING_ANOMALY_RATIO`, 1.5;
    /// `AFTERSALES_ALERTING_ANOMALY_MIN_VISITS`, 20).
    public var providerAnomaly = ProviderAnomalySettings()
    /// The currency of statements of providers without rates (`AFTERSALES_ALERTING_CURRENCY`, CNY).
    public var currency = "CNY"
    /// The predictive SLA warning (`AFTERSALES_ALERTING_FORECAST_*`, see `ForecastSettings`).
    public var forecast = ForecastSettings()
    /// A demo setting: every this many seconds the current month's `settlement.statement`s so
    /// far are published too (`AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS`, unset or 0:
    /// off, only the month-end run; else at least 1). `make run` sets it.
    public var settlementRunningSeconds: Double?

    public init() {}

    public init(config: ServiceConfig) throws {
        kpiIntervalSeconds = try config.double("AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS", default: kpiIntervalSeconds)
        stockLowQuietSeconds = try config.double("AFTERSALES_ALERTING_STOCK_LOW_QUIET_SECONDS", default: stockLowQuietSeconds)
        rules.qualityThreshold = try config.int("AFTERSALES_ALERTING_QUALITY_THRESHOLD", default: rules.qualityThreshold)
        rules.qualityWindow = try config.double("AFTERSALES_ALERTING_QUALITY_WINDOW_DAYS", default: 7) * 86_400
        rules.complaintSpikeThreshold = try config.int("AFTERSALES_ALERTING_COMPLAINT_SPIKE_THRESHOLD",
                                                       default: rules.complaintSpikeThreshold)
        rules.complaintWindow = try config.double("AFTERSALES_ALERTING_COMPLAINT_WINDOW_MINUTES", default: 60) * 60
        rules.csatSurveys = try config.int("AFTERSALES_ALERTING_CSAT_SURVEYS", default: rules.csatSurveys)
        rules.csatMinimumSurveys = try config.int("AFTERSALES_ALERTING_CSAT_MINIMUM_SURVEYS", default: rules.csatMinimumSurveys)
        rules.csatThreshold = try config.double("AFTERSALES_ALERTING_CSAT_THRESHOLD", default: rules.csatThreshold)
        do {
            holdPolicy = try HoldPolicy.parse(config.string("AFTERSALES_ALERTING_HOLD_PAUSES", default: ""))
        } catch {
            throw ConfigError(variable: "AFTERSALES_ALERTING_HOLD_PAUSES", problem: error.description)
        }
        let defaultZone = config.string("AFTERSALES_TIME_ZONE", default: "Asia/Shanghai")
        do {
            timeZones = try RegionTimeZones.parse(defaultZone: defaultZone, regions: "")
        } catch {
            throw ConfigError(variable: "AFTERSALES_TIME_ZONE", problem: error.description)
        }
        do {
            timeZones = try RegionTimeZones.parse(defaultZone: defaultZone,
                                                  regions: config.string("AFTERSALES_REGION_TIME_ZONES", default: ""))
        } catch {
            throw ConfigError(variable: "AFTERSALES_REGION_TIME_ZONES", problem: error.description)
        }
        compensation = try CompensationPolicy(config: config)
        providerAnomaly = try ProviderAnomalySettings(config: config)
        forecast = try ForecastSettings(config: config)
        currency = config.string(CompensationPolicy.currencyVariable, default: currency).trimmingCharacters(in: .whitespaces).uppercased()
        if currency.isEmpty { currency = "CNY" }
        kpiMaxCutsPerDimension = try config.int("AFTERSALES_ALERTING_KPI_MAX_CUTS", default: kpiMaxCutsPerDimension)
        let running = try config.double("AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS", default: 0)
        try check(running == 0 || running >= 1, "AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS", "must be 0 (off) or at least 1")
        settlementRunningSeconds = running > 0 ? running : nil
        auditFailedQuietSeconds = try config.double("AFTERSALES_ALERTING_AUDIT_FAILED_QUIET_DAYS", default: 7) * 86_400
        try check(kpiMaxCutsPerDimension >= 0, "AFTERSALES_ALERTING_KPI_MAX_CUTS", "must be at least 0")
        try check(auditFailedQuietSeconds > 0, "AFTERSALES_ALERTING_AUDIT_FAILED_QUIET_DAYS", "must be positive")
        try check(kpiIntervalSeconds >= 1, "AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS", "must be at least 1")
        try check(stockLowQuietSeconds > 0, "AFTERSALES_ALERTING_STOCK_LOW_QUIET_SECONDS", "must be positive")
        try check(rules.qualityThreshold >= 1, "AFTERSALES_ALERTING_QUALITY_THRESHOLD", "must be at least 1")
        try check(rules.qualityWindow > 0, "AFTERSALES_ALERTING_QUALITY_WINDOW_DAYS", "must be positive")
        try check(rules.complaintWindow > 0, "AFTERSALES_ALERTING_COMPLAINT_WINDOW_MINUTES", "must be positive")
        try check(rules.csatSurveys >= 1, "AFTERSALES_ALERTING_CSAT_SURVEYS", "must be at least 1")
        try check((0...1).contains(rules.csatThreshold), "AFTERSALES_ALERTING_CSAT_THRESHOLD", "must be within 0…1")
    }

    private func check(_ ok: Bool, _ variable: String, _ problem: String) throws {
        if !ok { throw ConfigError(variable: variable, problem: problem) }
    }
}
