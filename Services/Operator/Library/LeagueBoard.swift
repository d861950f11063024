import Foundation
import Schema

/// What a league table ranks: the `kpi.snapshot` `dimension` member cut by.
public enum LeagueDimension: String, CaseIterable, Sendable {
    case region
    case provider
    case category

    /// The allowed `--by` values, for messages.
    public static var allowed: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The value of this dimension in a snapshot's `dimension` (nil: not a cut by it).
    func value(in dimension: KpiSnapshot.Dimension) -> String? {
        switch self {
        case .region: dimension.region
        case .provider: dimension.providerId
        case .category: dimension.category
        }
    }

    /// The column heading of the cut's name.
    var heading: String { self == .provider ? "PROVIDER" : rawValue.uppercased() }
}

/// `aftersales kpis --by region|provider|category`: the league table of one window's latest
/// cuts. Alerting publishes, for each window, the undimensioned snapshot then one snapshot
/// per cut, all with the same `generatedAt`; the board takes the window's latest publication
/// (`generatedAt`, else `occurredAt`) and ranks its cuts by `LeagueTable` (Schema), so a cut
/// that left the window (no completion in it any more) is not shown from an old snapshot.
public struct LeagueBoard: Sendable {
    /// What is ranked: regions, providers or categories.
    public let dimension: LeagueDimension
    /// The snapshot window ranked (`last-7-days`, …).
    public let window: String
    /// When the ranked figures were computed (nil: no snapshot of the window).
    public let generatedAt: Date?
    /// The table, ranked rows first.
    public let entries: [LeagueEntry]
    /// The settings ranked with.
    public let settings: LeagueSettings
    /// Every window some snapshot was published for (for the message when `window` has none).
    public let windows: [String]

    /// The table of `window`'s latest cuts by `dimension` among `envelopes` (any topic's; only
    /// `kpi.snapshot`s that validate count).
    public init(envelopes: [Envelope], dimension: LeagueDimension, window: String, settings: LeagueSettings = LeagueSettings()) {
        var snapshots: [(at: Date, snapshot: KpiSnapshot)] = []
        var windows: Set<String> = []
        for envelope in envelopes where envelope.eventType == .kpiSnapshot {
            guard let snapshot = try? envelope.payload(as: KpiSnapshot.self) else { continue }
            windows.insert(snapshot.window)
            if snapshot.window == window { snapshots.append((snapshot.generatedAt ?? envelope.occurredAt, snapshot)) }
        }
        let latest = snapshots.map(\.at).max()
        var rows: [String: LeagueRow] = [:]
        for (at, snapshot) in snapshots where at == latest {
            guard let cut = snapshot.dimension, let name = dimension.value(in: cut) else { continue }
            rows[name] = LeagueRow(name: name, figures: snapshot.figures)
        }
        self.dimension = dimension
        self.window = window
        self.settings = settings
        self.generatedAt = latest
        self.windows = KPIBoard.ordered(windows)
        self.entries = LeagueTable.rank(Array(rows.values), settings: settings)
    }

    // MARK: Text

    /// The table, or a sentence saying why there is none.
    public func render() -> String {
        guard let generatedAt else {
            let known = windows.isEmpty ? "no kpi.snapshot has been published yet"
                : "windows published: \(windows.joined(separator: ", "))"
            return "no KPI snapshot for window \(window) (\(known))"
        }
        guard !entries.isEmpty else {
            return "no cut by \(dimension.rawValue) in the latest \(window) snapshot (as of \(Timestamp.format(generatedAt))): "
                + "no ticket completed in the window names one yet"
        }
        let weights = [("sla", settings.sla), ("ftf", settings.firstTimeFix), ("csat", settings.csat), ("complaints", settings.complaints)]
            .map { "\($0.0) \(Self.percent($0.1, decimals: 0))" }.joined(separator: ", ")
        let header = "league table by \(dimension.rawValue), window \(window), as of \(Timestamp.format(generatedAt))\n"
            + "score: weighted mean of \(weights) (1 − complaints per ticket); ranked from \(settings.minimumTickets) completed tickets\n"
        let rows = entries.map { entry -> [String] in
            let row = entry.row
            return [entry.rank.map(String.init) ?? "-", Printable.shortened(row.name, to: 40),
                    entry.score.map { String(format: "%.4f", $0) } ?? "-", String(row.tickets),
                    row.slaCompliance.map { Self.percent($0) } ?? "-", row.firstTimeFix.map { Self.percent($0) } ?? "-",
                    row.csat.map { Self.percent($0) } ?? "-", row.complaintRate.map { String(format: "%.2f", $0) } ?? "-",
                    entry.rank == nil ? Self.unrankedReason(row, settings: settings) : ""]
        }
        return header + TextTable.render(
            header: ["RANK", dimension.heading, "SCORE", "TICKETS", "SLA", "FTF", "CSAT", "COMPLAINTS/TICKET", ""], rows: rows)
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
    }

    static func unrankedReason(_ row: LeagueRow, settings: LeagueSettings) -> String {
        row.tickets < settings.minimumTickets ? "unranked: fewer than \(settings.minimumTickets) tickets" : "unranked: no KPI yet"
    }

    static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f %%", fraction * 100)
    }

    // MARK: JSON

    /// `--json`: one object with the window, the cut, when, and the entries in table order.
    public var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        let list: [JSONValue] = entries.map { entry in
            .object([
                "position": .number(Double(entry.position)),
                "rank": entry.rank.map { .number(Double($0)) } ?? .null,
                "score": number(entry.score),
                "name": .string(entry.row.name),
                "tickets": .number(Double(entry.row.tickets)),
                "slaCompliance": number(entry.row.slaCompliance),
                "firstTimeFix": number(entry.row.firstTimeFix),
                "csat": number(entry.row.csat),
                "complaintRate": number(entry.row.complaintRate),
            ])
        }
        return .object([
            "by": .string(dimension.rawValue),
            "window": .string(window),
            "generatedAt": generatedAt.map { .string(Timestamp.format($0)) } ?? .null,
            "minimumTickets": .number(Double(settings.minimumTickets)),
            "entries": .array(list),
        ])
    }
}
