import Foundation
import Schema

// MARK: - Alerts

/// The current state of alerts, folded from `alert.raised`, `alert.escalated` and
/// `alert.resolved` in order: one row per alert id.
public struct AlertBoard: Sendable {
    public struct Row: Sendable, Equatable {
        public var alertId: String
        public var rule: String
        public var severity: String
        public var subject: String
        public var message: String
        public var raisedAt: Date
        public var updatedAt: Date
        public var status: String   // open, escalated, resolved
    }

    public private(set) var rows: [String: Row] = [:]

    public init(envelopes: [Envelope]) {
        for envelope in envelopes.sorted(by: { $0.occurredAt < $1.occurredAt }) { apply(envelope) }
    }

    mutating func apply(_ envelope: Envelope) {
        let data = envelope.data
        guard let id = data.text(at: "alertId") else { return }
        let status: String
        switch envelope.eventType {
        case .alertRaised: status = "open"
        case .alertEscalated: status = "escalated"
        case .alertResolved: status = "resolved"
        default: return
        }
        var row = rows[id] ?? Row(alertId: id, rule: data.text(at: "rule") ?? "?", severity: data.text(at: "severity") ?? "?",
                                  subject: data.text(at: "subject") ?? "?", message: data.text(at: "message") ?? "",
                                  raisedAt: envelope.occurredAt, updatedAt: envelope.occurredAt, status: status)
        row.status = status
        row.updatedAt = envelope.occurredAt
        if status != "resolved" {
            row.severity = data.text(at: "severity") ?? row.severity
            row.message = data.text(at: "message") ?? row.message
        }
        rows[id] = row
    }

    /// Open (and escalated) alerts first by severity, then newest first; resolved ones only with `all`.
    public func list(all: Bool) -> [Row] {
        let rank = ["critical": 0, "warning": 1, "info": 2]
        return rows.values.filter { all || $0.status != "resolved" }.sorted {
            if ($0.status == "resolved") != ($1.status == "resolved") { return $1.status == "resolved" }
            if rank[$0.severity, default: 3] != rank[$1.severity, default: 3] { return rank[$0.severity, default: 3] < rank[$1.severity, default: 3] }
            return $0.updatedAt > $1.updatedAt
        }
    }

    public func render(all: Bool) -> String {
        let rows = list(all: all)
        guard !rows.isEmpty else { return all ? "no alerts" : "no open alerts" }
        return TextTable.render(
            header: ["SEVERITY", "STATUS", "RULE", "SUBJECT", "SINCE", "MESSAGE"],
            rows: rows.map { [$0.severity, $0.status, $0.rule, $0.subject, EventLineRenderer.clockTime($0.raisedAt), $0.message] })
    }
}

// MARK: - KPIs

/// The latest network-wide `kpi.snapshot` per window, as a table of figures by window.
/// Snapshots carrying a `dimension` (cuts by region, provider, category) are left out: they
/// are the league tables' (`LeagueBoard`).
public struct KPIBoard: Sendable {
    public let windows: [String]
    public let figures: [String: [String: Double]]   // figure → window → value
    public let generatedAt: Date?

    public init(envelopes: [Envelope]) {
        var latest: [String: Envelope] = [:]
        for envelope in envelopes where envelope.eventType == .kpiSnapshot {
            guard let window = envelope.data.text(at: "window") else { continue }
            if let dimension = envelope.data["dimension"], dimension != .null { continue }
            if let current = latest[window], current.occurredAt > envelope.occurredAt { continue }
            latest[window] = envelope
        }
        windows = Self.ordered(Set(latest.keys))
        var figures: [String: [String: Double]] = [:]
        for (window, envelope) in latest {
            for (name, value) in envelope.data.object(at: "figures") {
                if case .number(let number) = value { figures[name, default: [:]][window] = number }
            }
        }
        self.figures = figures
        generatedAt = latest.values.map(\.occurredAt).max()
    }

    public func render() -> String {
        guard !windows.isEmpty else { return "no KPI snapshot published yet" }
        let rows = figures.keys.sorted().map { name in
            [name] + windows.map { window in figures[name]?[window].map(Self.format) ?? "-" }
        }
        let stamp = generatedAt.map { "as of \(Timestamp.format($0))\n" } ?? ""
        return stamp + TextTable.render(header: ["FIGURE"] + windows.map { $0.uppercased() }, rows: rows)
    }

    /// Windows in the order people read them: last-hour, today, last-7-days, then others by name.
    static func ordered(_ windows: Set<String>) -> [String] {
        let order = ["last-hour", "today", "last-7-days"]
        return windows.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e12 { return String(Int(value)) }
        return String(format: "%.2f", value)
    }
}

// MARK: - Complaints

/// Complaints folded from `complaint.opened` (aftersales.surveys) and the operator's
/// `complaint.investigating` / `complaint.resolved` (aftersales.survey-responses).
public struct ComplaintBoard: Sendable {
    public struct Row: Sendable, Equatable {
        public var complaintId: String
        public var ticketId: String
        public var severity: String
        public var reason: String
        public var status: String
        public var openedAt: Date
        public var resolution: String?
    }

    public private(set) var rows: [String: Row] = [:]

    public init(envelopes: [Envelope]) {
        for envelope in envelopes.sorted(by: { $0.occurredAt < $1.occurredAt }) {
            let data = envelope.data
            guard let id = data.text(at: "complaintId") else { continue }
            switch envelope.eventType {
            case .complaintOpened:
                rows[id] = Row(complaintId: id, ticketId: data.text(at: "ticketId") ?? "?", severity: data.text(at: "severity") ?? "?",
                               reason: data.text(at: "reason") ?? "", status: "opened", openedAt: envelope.occurredAt)
            case .complaintInvestigating:
                rows[id]?.status = "investigating"
            case .complaintResolved:
                rows[id]?.status = "resolved"
                rows[id]?.resolution = data.text(at: "resolution")
            default:
                continue
            }
        }
    }

    public func render(all: Bool) -> String {
        let rank = ["critical": 0, "high": 1, "normal": 2]
        let list = rows.values.filter { all || $0.status != "resolved" }
            .sorted { (rank[$0.severity, default: 3], $0.openedAt) < (rank[$1.severity, default: 3], $1.openedAt) }
        guard !list.isEmpty else { return all ? "no complaints" : "no open complaints" }
        return TextTable.render(
            header: ["COMPLAINT", "TICKET", "SEVERITY", "STATUS", "OPENED", "REASON"],
            rows: list.map { [$0.complaintId, $0.ticketId, $0.severity, $0.status, Timestamp.format($0.openedAt),
                              $0.resolution.map { "\($0)" } ?? $0.reason] })
    }
}

// MARK: - Plain text tables

/// Left-aligned columns separated by two spaces; wide characters (Chinese) count double.
public enum TextTable {
    public static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], displayWidth(cell))
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - displayWidth(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            width + ((0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                     || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                     || (0xFF00...0xFF60).contains(scalar.value) ? 2 : 1)
        }
    }
}
