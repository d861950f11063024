import Foundation
import Schema
import ServiceRuntime

// The league table itself is pure and shared: `Shared/Schema/Kpis/LeagueTable.swift`
// (`LeagueSettings`, `LeagueRow`, `LeagueEntry`, `LeagueTable`), so the operator tool ranks
// the `kpi.snapshot` cuts alerting publishes exactly as alerting would. Alerting keeps what
// needs its settings reader and its scorecards.

extension LeagueSettings {
    /// Reads `AFTERSALES_ALERTING_LEAGUE_WEIGHTS` (`sla`, `ftf`, `csat`, `complaints`, each
    /// 0…1000, not all 0) and `AFTERSALES_ALERTING_LEAGUE_MIN_TICKETS` (0…1,000,000); each
    /// error names the variable and the bad item.
    public init(settings: [String: String]) throws(ConfigError) {
        var weights: [String: Double] = ["sla": 0.35, "ftf": 0.25, "csat": 0.25, "complaints": 0.15]
        if let text = SettingEntries.text(settings, Self.weightsVariable) {
            weights = ["sla": 0, "ftf": 0, "csat": 0, "complaints": 0]
            for (key, value) in try SettingEntries.parse(text, variable: Self.weightsVariable) {
                guard weights[key] != nil else {
                    throw ConfigError(variable: Self.weightsVariable, problem: "unknown weight '\(key)' (sla, ftf, csat, complaints)")
                }
                weights[key] = try SettingEntries.number(value, variable: Self.weightsVariable, key: key, in: 0...1_000)
            }
            guard weights.values.contains(where: { $0 > 0 }) else {
                throw ConfigError(variable: Self.weightsVariable, problem: "at least one weight must be above 0")
            }
        }
        var minimum = Self.defaultMinimumTickets
        if let text = SettingEntries.text(settings, Self.minimumTicketsVariable) {
            minimum = try SettingEntries.whole(text, variable: Self.minimumTicketsVariable, in: 0...1_000_000)
        }
        self.init(sla: weights["sla"] ?? 0, firstTimeFix: weights["ftf"] ?? 0, csat: weights["csat"] ?? 0,
                  complaints: weights["complaints"] ?? 0, minimumTickets: minimum)
    }

    /// The settings of a service configuration.
    public init(config: ServiceConfig) throws(ConfigError) {
        try self.init(settings: config.settings)
    }
}

extension LeagueRow {
    /// The row of a scorecard.
    public init(name: String, scorecard: Scorecard) {
        self.init(name: name, tickets: scorecard.tickets, slaCompliance: scorecard.slaCompliance,
                  firstTimeFix: scorecard.firstTimeFixRate, csat: scorecard.csat, complaintRate: scorecard.complaintRate)
    }
}
