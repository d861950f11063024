import Foundation
import ServiceRuntime

/// How much each KPI weighs in the league table's composite score, and who is ranked.
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_ALERTING_LEAGUE_WEIGHTS | `sla=0.35;ftf=0.25;csat=0.25;complaints=0.15` (each ≥ 0, not all 0; scaled to sum 1) |
/// | AFTERSALES_ALERTING_LEAGUE_MIN_TICKETS | 10 (fewer completed tickets: listed, unranked) |
public struct LeagueSettings: Sendable, Hashable {
    public static let weightsVariable = "AFTERSALES_ALERTING_LEAGUE_WEIGHTS"
    public static let minimumTicketsVariable = "AFTERSALES_ALERTING_LEAGUE_MIN_TICKETS"

    /// Weights, summing to 1.
    public var sla: Double
    public var firstTimeFix: Double
    public var csat: Double
    public var complaints: Double
    public var minimumTickets: Int

    /// Weights are scaled to sum 1 (all zero falls back to the defaults).
    public init(sla: Double = 0.35, firstTimeFix: Double = 0.25, csat: Double = 0.25, complaints: Double = 0.15, minimumTickets: Int = 10) {
        let sum = sla + firstTimeFix + csat + complaints
        let scale = sum > 0 ? 1 / sum : 0
        self.sla = sum > 0 ? sla * scale : 0.35
        self.firstTimeFix = sum > 0 ? firstTimeFix * scale : 0.25
        self.csat = sum > 0 ? csat * scale : 0.25
        self.complaints = sum > 0 ? complaints * scale : 0.15
        self.minimumTickets = minimumTickets
    }

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
        var minimum = 10
        if let text = SettingEntries.text(settings, Self.minimumTicketsVariable) {
            minimum = try SettingEntries.whole(text, variable: Self.minimumTicketsVariable, in: 0...1_000_000)
        }
        self.init(sla: weights["sla"] ?? 0, firstTimeFix: weights["ftf"] ?? 0, csat: weights["csat"] ?? 0,
                  complaints: weights["complaints"] ?? 0, minimumTickets: minimum)
    }

    public init(config: ServiceConfig) throws(ConfigError) {
        try self.init(settings: config.settings)
    }
}

/// One region, provider or category to rank, with its KPIs as fractions 0…1 (nil: no data).
public struct LeagueRow: Sendable, Hashable {
    public var name: String
    /// Completed tickets behind the figures.
    public var tickets: Int
    public var slaCompliance: Double?
    public var firstTimeFix: Double?
    public var csat: Double?
    /// Complaints per completed ticket.
    public var complaintRate: Double?

    public init(name: String, tickets: Int, slaCompliance: Double? = nil, firstTimeFix: Double? = nil, csat: Double? = nil,
                complaintRate: Double? = nil) {
        self.name = name
        self.tickets = tickets
        self.slaCompliance = slaCompliance
        self.firstTimeFix = firstTimeFix
        self.csat = csat
        self.complaintRate = complaintRate
    }

    /// The row of a scorecard.
    public init(name: String, scorecard: Scorecard) {
        self.init(name: name, tickets: scorecard.tickets, slaCompliance: scorecard.slaCompliance,
                  firstTimeFix: scorecard.firstTimeFixRate, csat: scorecard.csat, complaintRate: scorecard.complaintRate)
    }

    /// The row of a `kpi.snapshot` cut's figures (`Scorecard.figures` names: `tickets.completed`,
    /// `sla.compliance`, `ftf.rate`, `csat`, `complaints.per-ticket`).
    public init(name: String, figures: [String: Double]) {
        self.init(name: name, tickets: Int(figures["tickets.completed"] ?? 0), slaCompliance: figures["sla.compliance"],
                  firstTimeFix: figures["ftf.rate"], csat: figures["csat"], complaintRate: figures["complaints.per-ticket"])
    }
}

/// A ranked row.
public struct LeagueEntry: Sendable, Hashable {
    /// 1, 2, 3 … in table order, unique.
    public var position: Int
    /// Competition rank on the score ("1, 2, 2, 4"); nil when unranked.
    public var rank: Int?
    /// The composite 0…1 (4 decimals); nil when unranked.
    public var score: Double?
    public var row: LeagueRow
}

/// Ranks regions, providers or categories by one brand-wide composite (004). Pure.
///
/// Composite score, 0…1, higher is better: the weighted mean of
/// - SLA compliance (resolve deadlines met ÷ decided),
/// - first-time-fix rate,
/// - CSAT (satisfied ÷ surveyed),
/// - 1 − complaint rate (complaints per completed ticket, clipped to 0…1),
/// each already a fraction 0…1, so no further normalisation: scores stay comparable across
/// tables and over time (no min-max rescaling against the other rows). A KPI without data is
/// left out and the remaining weights are scaled up (a row with no CSAT yet is judged on the
/// other three). Scores are rounded to 4 decimals before comparing.
///
/// Order: ranked rows (at least `minimumTickets` completed tickets and one KPI) by score
/// descending, then more tickets first, then name (Unicode order); equal scores share a rank.
/// Unranked rows follow, by tickets descending, then name.
public enum LeagueTable {
    /// The composite score of a row (nil without any KPI).
    public static func score(_ row: LeagueRow, settings: LeagueSettings) -> Double? {
        let parts: [(Double?, Double)] = [(row.slaCompliance, settings.sla), (row.firstTimeFix, settings.firstTimeFix),
                                          (row.csat, settings.csat), (row.complaintRate.map { 1 - min(1, max(0, $0)) }, settings.complaints)]
        var weighted = 0.0, weights = 0.0
        for case (let value?, let weight) in parts where weight > 0 {
            weighted += min(1, max(0, value)) * weight
            weights += weight
        }
        guard weights > 0 else { return nil }
        return (weighted / weights * 10_000).rounded() / 10_000
    }

    /// The table.
    public static func rank(_ rows: [LeagueRow], settings: LeagueSettings) -> [LeagueEntry] {
        let scored = rows.map { row -> (LeagueRow, Double?) in
            (row, row.tickets >= settings.minimumTickets ? score(row, settings: settings) : nil)
        }
        let ranked = scored.compactMap { row, score in score.map { (row, $0) } }.sorted { a, b in
            if a.1 != b.1 { return a.1 > b.1 }
            if a.0.tickets != b.0.tickets { return a.0.tickets > b.0.tickets }
            return a.0.name < b.0.name
        }
        let unranked = scored.filter { $0.1 == nil }.map(\.0).sorted { a, b in
            a.tickets != b.tickets ? a.tickets > b.tickets : a.name < b.name
        }
        var entries: [LeagueEntry] = []
        for (index, (row, score)) in ranked.enumerated() {
            let rank = index > 0 && ranked[index - 1].1 == score ? entries[index - 1].rank : index + 1
            entries.append(LeagueEntry(position: index + 1, rank: rank, score: score, row: row))
        }
        for row in unranked {
            entries.append(LeagueEntry(position: entries.count + 1, rank: nil, score: nil, row: row))
        }
        return entries
    }
}
