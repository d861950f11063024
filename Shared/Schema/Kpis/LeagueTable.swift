import Foundation

// League tables (DESIGN.md "Quality supervision and cuts"): regions, providers or product
// categories ranked by one brand-wide composite from their `kpi.snapshot` cuts. Pure and in
// Schema so that every reader of the cuts ranks them the same way: alerting (which defines
// the settings) and the operator tool (`aftersales kpis --by region|provider|category`).

// MARK: - Settings

/// How much each KPI weighs in the league table's composite score, and who is ranked.
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_ALERTING_LEAGUE_WEIGHTS | `sla=0.35;ftf=0.25;csat=0.25;complaints=0.15` (each ≥ 0, not all 0; scaled to sum 1) |
/// | AFTERSALES_ALERTING_LEAGUE_MIN_TICKETS | 10 (fewer completed tickets: listed, unranked) |
///
/// Reading the variables (with errors naming them) is alerting's
/// `LeagueSettings(settings:)`; this type only holds the values.
public struct LeagueSettings: Sendable, Hashable {
    /// The variable holding the weights (`sla=…;ftf=…;csat=…;complaints=…`).
    public static let weightsVariable = "AFTERSALES_ALERTING_LEAGUE_WEIGHTS"
    /// The variable holding the minimum sample.
    public static let minimumTicketsVariable = "AFTERSALES_ALERTING_LEAGUE_MIN_TICKETS"
    /// The minimum sample when none is configured.
    public static let defaultMinimumTickets = 10

    /// Weight of SLA compliance; the four weights sum to 1.
    public var sla: Double
    /// Weight of the first-time-fix rate.
    public var firstTimeFix: Double
    /// Weight of CSAT.
    public var csat: Double
    /// Weight of 1 − complaints per ticket.
    public var complaints: Double
    /// Rows with fewer completed tickets are listed after the ranked ones, unranked.
    public var minimumTickets: Int

    /// Weights are scaled to sum 1 (all zero falls back to the defaults).
    public init(sla: Double = 0.35, firstTimeFix: Double = 0.25, csat: Double = 0.25, complaints: Double = 0.15,
                minimumTickets: Int = LeagueSettings.defaultMinimumTickets) {
        let sum = sla + firstTimeFix + csat + complaints
        let scale = sum > 0 ? 1 / sum : 0
        self.sla = sum > 0 ? sla * scale : 0.35
        self.firstTimeFix = sum > 0 ? firstTimeFix * scale : 0.25
        self.csat = sum > 0 ? csat * scale : 0.25
        self.complaints = sum > 0 ? complaints * scale : 0.15
        self.minimumTickets = minimumTickets
    }
}

// MARK: - Rows and entries

/// One region, provider or category to rank, with its KPIs as fractions 0…1 (nil: no data).
public struct LeagueRow: Sendable, Hashable {
    /// The region, provider id or category.
    public var name: String
    /// Completed tickets behind the figures.
    public var tickets: Int
    /// Resolve deadlines met ÷ decided.
    public var slaCompliance: Double?
    /// First-time-fix rate.
    public var firstTimeFix: Double?
    /// Satisfied ÷ surveyed.
    public var csat: Double?
    /// Complaints per completed ticket.
    public var complaintRate: Double?

    /// A row from its figures.
    public init(name: String, tickets: Int, slaCompliance: Double? = nil, firstTimeFix: Double? = nil, csat: Double? = nil,
                complaintRate: Double? = nil) {
        self.name = name
        self.tickets = tickets
        self.slaCompliance = slaCompliance
        self.firstTimeFix = firstTimeFix
        self.csat = csat
        self.complaintRate = complaintRate
    }

    /// The figure names of a `kpi.snapshot` cut that a row reads.
    public enum Figure {
        public static let tickets = "tickets.completed"
        public static let slaCompliance = "sla.compliance"
        public static let firstTimeFix = "ftf.rate"
        public static let csat = "csat"
        public static let complaintRate = "complaints.per-ticket"
    }

    /// The row of a `kpi.snapshot` cut's figures (alerting's scorecard names:
    /// `tickets.completed`, `sla.compliance`, `ftf.rate`, `csat`, `complaints.per-ticket`;
    /// a figure left out is no data). A ticket count that is not a whole number ≥ 0 reads as 0.
    public init(name: String, figures: [String: Double]) {
        let count = figures[Figure.tickets] ?? 0
        let tickets = count.isFinite && count >= 0 && count < 1e15 ? Int(count) : 0
        self.init(name: name, tickets: tickets, slaCompliance: figures[Figure.slaCompliance],
                  firstTimeFix: figures[Figure.firstTimeFix], csat: figures[Figure.csat],
                  complaintRate: figures[Figure.complaintRate])
    }
}

/// A row in its place in the table.
public struct LeagueEntry: Sendable, Hashable {
    /// 1, 2, 3 … in table order, unique.
    public var position: Int
    /// Competition rank on the score ("1, 2, 2, 4"); nil when unranked.
    public var rank: Int?
    /// The composite 0…1 (4 decimals); nil when unranked.
    public var score: Double?
    /// The ranked row.
    public var row: LeagueRow

    /// An entry (as `LeagueTable.rank` builds them).
    public init(position: Int, rank: Int?, score: Double?, row: LeagueRow) {
        self.position = position
        self.rank = rank
        self.score = score
        self.row = row
    }
}

// MARK: - Ranking

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
        for case (let value?, let weight) in parts where weight > 0 && value.isFinite {
            weighted += min(1, max(0, value)) * weight
            weights += weight
        }
        guard weights > 0 else { return nil }
        return (weighted / weights * 10_000).rounded() / 10_000
    }

    /// The table: ranked rows first, then the unranked ones.
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
