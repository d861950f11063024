import Foundation
import Schema
import ServiceRuntime

/// The forecast's numbers.
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_ALERTING_FORECAST_SPEED_KMH | 30 (travel speed at the assigned distance; > 0) |
/// | AFTERSALES_ALERTING_FORECAST_REPAIR_MINUTES | 60 (prior repair time; `default=60;air-conditioner=90;…` per category) |
/// | AFTERSALES_ALERTING_FORECAST_MIN_SAMPLES | 5 (completions of a category before its learned time replaces the prior) |
/// | AFTERSALES_ALERTING_FORECAST_SMOOTHING | 0.2 (EWMA weight of a new completion, 0 < α ≤ 1) |
public struct ForecastSettings: Sendable, Hashable {
    public static let speedVariable = "AFTERSALES_ALERTING_FORECAST_SPEED_KMH"
    public static let repairVariable = "AFTERSALES_ALERTING_FORECAST_REPAIR_MINUTES"
    public static let minimumSamplesVariable = "AFTERSALES_ALERTING_FORECAST_MIN_SAMPLES"
    public static let smoothingVariable = "AFTERSALES_ALERTING_FORECAST_SMOOTHING"

    public var speedKmPerHour: Double
    /// The prior repair time of a category not listed in `priorSecondsByCategory`.
    public var priorSeconds: Double
    /// Per category (wire value).
    public var priorSecondsByCategory: [String: Double]
    public var minimumSamples: Int
    public var smoothing: Double

    public init(speedKmPerHour: Double = 30, priorSeconds: Double = 3_600, priorSecondsByCategory: [String: Double] = [:],
                minimumSamples: Int = 5, smoothing: Double = 0.2) {
        self.speedKmPerHour = speedKmPerHour
        self.priorSeconds = priorSeconds
        self.priorSecondsByCategory = priorSecondsByCategory
        self.minimumSamples = minimumSamples
        self.smoothing = smoothing
    }

    public init(settings: [String: String]) throws(ConfigError) {
        self.init()
        if let text = SettingEntries.text(settings, Self.speedVariable) {
            speedKmPerHour = try SettingEntries.number(text, variable: Self.speedVariable, in: 0.1...1_000)
        }
        if let text = SettingEntries.text(settings, Self.repairVariable) {
            // Without a default, unlisted categories keep the built-in 60 minutes.
            for (key, value) in try SettingEntries.parse(text, variable: Self.repairVariable, bareKey: "default") {
                let seconds = try SettingEntries.number(value, variable: Self.repairVariable, key: key, in: 1...10_080) * 60
                if key == "default" {
                    priorSeconds = seconds
                } else if ProductCategory(rawValue: key) != nil {
                    priorSecondsByCategory[key] = seconds
                } else {
                    throw ConfigError(variable: Self.repairVariable, problem: "unknown product category '\(key)'")
                }
            }
        }
        if let text = SettingEntries.text(settings, Self.minimumSamplesVariable) {
            minimumSamples = try SettingEntries.whole(text, variable: Self.minimumSamplesVariable, in: 0...100_000)
        }
        if let text = SettingEntries.text(settings, Self.smoothingVariable) {
            smoothing = try SettingEntries.number(text, variable: Self.smoothingVariable, in: 0.001...1)
        }
    }

    public init(config: ServiceConfig) throws(ConfigError) {
        try self.init(settings: config.settings)
    }

    /// The configured prior for `category`.
    public func prior(category: String) -> Double { priorSecondsByCategory[category] ?? priorSeconds }
}

/// A category's learned typical repair time (on site → completion): an exponentially
/// weighted moving average that starts as a running mean. The n-th sample weighs
/// max(α, 1/n), so the first samples are averaged evenly and later ones smoothed with α;
/// until `minimumSamples` the configured prior is used instead. Once learned, a sample is
/// capped at 3× the current estimate, so one forgotten completion cannot triple it. One row
/// per category in the store (`samples`, `seconds`). Pure.
public struct RepairTimeEstimate: Sendable, Hashable, Codable {
    public var samples: Int
    /// The average so far (0 before the first sample).
    public var seconds: Double

    public init(samples: Int = 0, seconds: Double = 0) {
        self.samples = samples
        self.seconds = seconds
    }

    /// The repair time a completion teaches: on site → completion, only for a first-time fix
    /// on site (a return for parts would teach days of waiting; a remote resolution has no
    /// visit), positive and at most 7 days.
    public static func sample(onSiteAt: Date?, completedAt: Date, firstTimeFix: Bool, resolvedRemotely: Bool) -> Double? {
        guard firstTimeFix, !resolvedRemotely, let onSiteAt else { return nil }
        let seconds = completedAt.timeIntervalSince(onSiteAt)
        guard seconds > 0, seconds <= 7 * 86_400 else { return nil }
        return seconds
    }

    /// The estimate after one more sample.
    public func learning(_ sample: Double, settings: ForecastSettings) -> RepairTimeEstimate {
        guard sample.isFinite, sample > 0 else { return self }
        let n = samples + 1
        let learned = samples >= max(1, settings.minimumSamples)
        let value = learned ? min(sample, 3 * seconds) : sample
        let weight = max(settings.smoothing, 1 / Double(n))
        return RepairTimeEstimate(samples: n, seconds: samples == 0 ? value : seconds + weight * (value - seconds))
    }

    /// The typical repair time to plan with: the learned average once there are
    /// `minimumSamples`, the prior before.
    public func typicalSeconds(prior: Double, settings: ForecastSettings) -> Double {
        samples >= settings.minimumSamples && samples > 0 ? seconds : prior
    }
}
