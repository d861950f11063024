import Foundation
import Schema
import ServiceRuntime

/// When a provider stands "far above" the network (DESIGN.md "Authorised service network").
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_ALERTING_ANOMALY_RATIO | 1.5 (provider ÷ network at or above this is an anomaly; 1…1000) |
/// | AFTERSALES_ALERTING_ANOMALY_MIN_VISITS | 20 (the provider's visits in the window before it is judged; ≥ 1) |
public struct ProviderAnomalySettings: Sendable, Hashable {
    public static let ratioVariable = "AFTERSALES_ALERTING_ANOMALY_RATIO"
    public static let minimumVisitsVariable = "AFTERSALES_ALERTING_ANOMALY_MIN_VISITS"

    public var ratio: Double
    public var minimumVisits: Int

    public init(ratio: Double = 1.5, minimumVisits: Int = 20) {
        self.ratio = ratio
        self.minimumVisits = minimumVisits
    }

    public init(settings: [String: String]) throws(ConfigError) {
        self.init()
        if let text = SettingEntries.text(settings, Self.ratioVariable) {
            ratio = try SettingEntries.number(text, variable: Self.ratioVariable, in: 1...1_000)
        }
        if let text = SettingEntries.text(settings, Self.minimumVisitsVariable) {
            minimumVisits = try SettingEntries.whole(text, variable: Self.minimumVisitsVariable, in: 1...1_000_000)
        }
    }

    public init(config: ServiceConfig) throws(ConfigError) {
        try self.init(settings: config.settings)
    }
}

/// The fault-inflation pattern regulators warn about: a provider whose repeat-visit rate or
/// parts per ticket stands far above the network's. Pure.
///
/// A provider is judged once it has `minimumVisits` visits in the window; a metric is
/// anomalous when provider ÷ network ≥ `ratio` (a network value of 0 with a provider value
/// above 0 counts as infinitely above). Compare against `ProviderScorecard.fieldNetwork`
/// (the provider's own tickets included). One alert per provider (`provider-anomaly`,
/// subject the provider id, warning), naming every anomalous metric; nil when none is, so
/// the alert book resolves an open one.
public enum ProviderAnomaly {
    /// The rule name in `alert.*` events.
    public static let rule = "provider-anomaly"

    /// The metrics watched.
    public enum Metric: String, Sendable, CaseIterable {
        case repeatVisitRate = "repeat-visit-rate"
        case partsPerTicket = "parts-per-ticket"
    }

    /// One metric standing far above the network.
    public struct Finding: Sendable, Hashable {
        public var metric: Metric
        public var provider: Double
        public var network: Double
        /// provider ÷ network (infinity when the network's is 0).
        public var ratio: Double
    }

    /// The anomalous metrics of `provider` against `network`, in `Metric` order.
    public static func findings(provider: Scorecard, network: Scorecard, settings: ProviderAnomalySettings) -> [Finding] {
        guard provider.visits >= settings.minimumVisits else { return [] }
        var findings: [Finding] = []
        for metric in Metric.allCases {
            // Ratios from the integer counts, so 15 % against 10 % is exactly 1.5.
            let (mineCount, mineWhole) = counts(metric, provider), (theirCount, theirWhole) = counts(metric, network)
            guard mineWhole > 0, theirWhole > 0, mineCount > 0 else { continue }
            let mine = Double(mineCount) / Double(mineWhole), theirs = Double(theirCount) / Double(theirWhole)
            let ratio = theirCount > 0 ? Double(mineCount * theirWhole) / Double(mineWhole * theirCount) : .infinity
            if ratio >= settings.ratio { findings.append(Finding(metric: metric, provider: mine, network: theirs, ratio: ratio)) }
        }
        return findings
    }

    /// The alert that should be open for the provider, or nil.
    public static func alert(providerId: String, provider: Scorecard, network: Scorecard,
                             settings: ProviderAnomalySettings) -> AlertDraft? {
        let found = findings(provider: provider, network: network, settings: settings)
        guard !found.isEmpty else { return nil }
        let parts = found.map { finding -> String in
            let times = finding.ratio.isFinite ? String(format: " is %.1f× ", finding.ratio) : " against "
            switch finding.metric {
            case .repeatVisitRate:
                return String(format: "repeat-visit rate %.1f %%", finding.provider * 100) + times
                    + String(format: "the network's %.1f %%", finding.network * 100)
            case .partsPerTicket:
                return String(format: "parts per ticket %.2f", finding.provider) + times
                    + String(format: "the network's %.2f", finding.network)
            }
        }
        var details: [String: String] = ["visits": "\(provider.visits)", "tickets": "\(provider.tickets)",
                                         "threshold": String(format: "%.2f", settings.ratio)]
        for finding in found {
            details[finding.metric.rawValue] = String(format: "%.4f", finding.provider)
            details["network.\(finding.metric.rawValue)"] = String(format: "%.4f", finding.network)
        }
        return AlertDraft(rule: rule, subject: providerId, severity: .warning,
                          message: "provider \(providerId): " + parts.joined(separator: "; ")
                              + " (\(provider.visits) visits, \(provider.tickets) tickets)",
                          details: details)
    }

    /// The metric as count ÷ tickets.
    private static func counts(_ metric: Metric, _ card: Scorecard) -> (Int, Int) {
        switch metric {
        case .repeatVisitRate: (card.repeatVisits, card.tickets)
        case .partsPerTicket: (card.partsUsed, card.tickets)
        }
    }
}
