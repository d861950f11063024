import Foundation
import Schema

// MARK: - What the boards hold

/// One `kpi.snapshot` of the whole network.
public struct KPISnapshotView: Sendable, Equatable {
    public var window: String
    public var figures: [String: Double]
    /// Its `generatedAt`, else its `occurredAt`.
    public var at: Date
}

/// One `kpi.snapshot` cut: the figures of one region, provider or category in a window.
public struct KPICut: Sendable, Equatable {
    public var window: String
    /// `region`, `providerId` or `category`.
    public var dimension: String
    public var value: String
    public var figures: [String: Double]
    public var at: Date

    /// The league score: SLA 35 %, first-time fix 25 %, CSAT 25 %, few complaints 15 %
    /// (alerting's league weights), over the figures the cut has; nil when it has none.
    public var score: Double? {
        var parts: [(weight: Double, value: Double)] = []
        if let sla = figures["sla.compliance"] { parts.append((0.35, sla)) }
        if let ftf = figures["ftf.rate"] { parts.append((0.25, ftf)) }
        if let csat = figures["csat"] { parts.append((0.25, csat)) }
        if let complaints = figures["complaints.per-ticket"] { parts.append((0.15, 1 - min(1, max(0, complaints)))) }
        let weight = parts.map(\.weight).reduce(0, +)
        guard weight > 0 else { return nil }
        return parts.map { $0.weight * $0.value }.reduce(0, +) / weight
    }
}

/// One alert: `open`, `escalated` or `resolved`.
public struct ConsoleAlert: Sendable, Equatable {
    public var alertId: String
    public var rule: String
    public var severity: String
    public var subject: String
    public var message: String
    public var raisedAt: Date
    public var updatedAt: Date
    public var status: String
    public var isOpen: Bool { status != "resolved" }
}

/// One complaint: `opened`, `investigating` or `resolved`.
public struct ConsoleComplaint: Sendable, Equatable {
    public var complaintId: String
    public var ticketId: String
    public var severity: String
    public var reason: String
    public var status: String
    public var openedAt: Date?
    public var updatedAt: Date
    public var investigator: String?
    public var resolution: String?
    public var isOpen: Bool { status != "resolved" }

    static let rank = ["opened": 0, "investigating": 1, "resolved": 2]
}

// MARK: - Folding the boards

extension ConsoleModel {
    mutating func applyKPI(_ envelope: Envelope) {
        let data = envelope.data
        guard let window = data.text(at: "window") else { return }
        var figures: [String: Double] = [:]
        for (name, value) in data.object(at: "figures") {
            if case .number(let number) = value { figures[name] = number }
        }
        // Every snapshot of one publication (the network's, then its cuts) shares `generatedAt`.
        let at = data.text(at: "generatedAt").flatMap(Timestamp.parse) ?? envelope.occurredAt
        let dimension = data.object(at: "dimension")
        if let (kind, value) = ["region", "providerId", "category"].lazy
            .compactMap({ kind in dimension[kind]?.stringValue.map { (kind, $0) } }).first {
            let key = "\(window)|\(kind)|\(value)"
            if let current = cuts[key], current.at > at { return }
            cuts[key] = KPICut(window: window, dimension: kind, value: value, figures: figures, at: at)
            if cuts.count > limits.maxCuts {
                for (old, _) in cuts.sorted(by: { $0.value.at < $1.value.at }).prefix(cuts.count - limits.maxCuts) { cuts[old] = nil }
            }
            return
        }
        if let current = latestKPIs[window], current.at > at { return }
        latestKPIs[window] = KPISnapshotView(window: window, figures: figures, at: at)
        if latestKPIs.count > limits.maxWindows, let oldest = latestKPIs.values.min(by: { $0.at < $1.at }) {
            latestKPIs[oldest.window] = nil
        }
        // A new round: the cuts of earlier rounds of this window no longer stand.
        cuts = cuts.filter { $0.value.window != window || $0.value.at >= at.addingTimeInterval(-1) }
        if window == "last-hour" {
            kpiHistory[Self.minute(at)] = figures.filter { Self.historyFigures.contains($0.key) }
            if kpiHistory.count > 4 * limits.historyMinutes { kpiHistory = Self.newest(kpiHistory, keep: 2 * limits.historyMinutes) }
        }
    }

    mutating func applyAlert(_ envelope: Envelope) {
        let data = envelope.data
        guard let id = data.text(at: "alertId") else { return }
        let status = envelope.eventType == .alertResolved ? "resolved" : envelope.eventType == .alertEscalated ? "escalated" : "open"
        if let current = alerts[id], current.updatedAt > envelope.occurredAt { return }
        var alert = alerts[id] ?? ConsoleAlert(
            alertId: id, rule: data.text(at: "rule") ?? "?", severity: data.text(at: "severity") ?? "?",
            subject: data.text(at: "subject") ?? "?", message: data.text(at: "message") ?? "",
            raisedAt: envelope.occurredAt, updatedAt: envelope.occurredAt, status: status)
        if status == "open" && !alert.isOpen { alert.raisedAt = envelope.occurredAt }
        alert.status = status
        alert.updatedAt = envelope.occurredAt
        if status != "resolved" {
            alert.severity = data.text(at: "severity") ?? alert.severity
            alert.message = data.text(at: "message") ?? alert.message
        }
        alerts[id] = alert
        let resolved = alerts.values.filter { !$0.isOpen }
        if resolved.count > limits.maxResolvedAlerts + limits.maxResolvedAlerts / 10 {
            for old in resolved.sorted(by: { $0.updatedAt < $1.updatedAt }).prefix(resolved.count - limits.maxResolvedAlerts) {
                alerts[old.alertId] = nil
            }
        }
        if alerts.count > limits.maxAlerts {
            for old in alerts.values.sorted(by: { $0.updatedAt < $1.updatedAt }).prefix(alerts.count - limits.maxAlerts) {
                alerts[old.alertId] = nil
            }
        }
    }

    /// Complaints come from two topics (opened on aftersales.surveys, the operator's steps on
    /// aftersales.survey-responses), so a step may arrive before the complaint: the status
    /// only moves forward, and the opening fills in the details whenever it comes.
    mutating func applyComplaint(_ envelope: Envelope) {
        let data = envelope.data
        guard let id = data.text(at: "complaintId") else { return }
        let status: String
        switch envelope.eventType {
        case .complaintOpened: status = "opened"
        case .complaintInvestigating: status = "investigating"
        default: status = "resolved"
        }
        var complaint = complaints[id] ?? ConsoleComplaint(
            complaintId: id, ticketId: data.text(at: "ticketId") ?? "?", severity: "?", reason: "", status: status,
            openedAt: nil, updatedAt: envelope.occurredAt)
        if status == "opened" {
            complaint.severity = data.text(at: "severity") ?? complaint.severity
            complaint.reason = data.text(at: "reason") ?? complaint.reason
            complaint.openedAt = envelope.occurredAt
            if let ticket = data.text(at: "ticketId") { complaint.ticketId = ticket }
        }
        if status == "investigating" { complaint.investigator = data.text(at: "operator") ?? complaint.investigator }
        if status == "resolved" { complaint.resolution = data.text(at: "resolution") }
        if ConsoleComplaint.rank[status, default: 0] >= ConsoleComplaint.rank[complaint.status, default: 0] {
            complaint.status = status
        }
        complaint.updatedAt = max(complaint.updatedAt, envelope.occurredAt)
        complaints[id] = complaint
        let closed = complaints.values.filter { !$0.isOpen }
        if closed.count > limits.maxClosedComplaints + limits.maxClosedComplaints / 10 {
            for old in closed.sorted(by: { $0.updatedAt < $1.updatedAt }).prefix(closed.count - limits.maxClosedComplaints) {
                complaints[old.complaintId] = nil
            }
        }
        if complaints.count > limits.maxComplaints {
            for old in complaints.values.sorted(by: { $0.updatedAt < $1.updatedAt }).prefix(complaints.count - limits.maxComplaints) {
                complaints[old.complaintId] = nil
            }
        }
    }

    mutating func applyDeadLetter(_ envelope: Envelope) {
        guard let letter = DeadLetter(envelope: envelope), deadLetterIds.insert(letter.id).inserted else { return }
        deadLettersSeen += 1
        deadLetters.append(letter)
        if deadLetters.count > limits.maxDeadLetters {
            for old in deadLetters.prefix(deadLetters.count - limits.maxDeadLetters) {
                replayed[old.id] = nil
                deadLetterIds.remove(old.id)
            }
            deadLetters.removeFirst(deadLetters.count - limits.maxDeadLetters)
        }
    }
}

// MARK: - Reading the boards

extension ConsoleModel {
    static let severityRank = ["critical": 0, "warning": 1, "info": 2]
    static let complaintSeverityRank = ["critical": 0, "high": 1, "normal": 2]

    /// Open and escalated alerts, most severe first, then newest.
    public var openAlerts: [ConsoleAlert] {
        alerts.values.filter(\.isOpen).sorted {
            (Self.severityRank[$0.severity, default: 3], $1.updatedAt, $0.alertId)
                < (Self.severityRank[$1.severity, default: 3], $0.updatedAt, $1.alertId)
        }
    }

    /// How many alerts are open per severity.
    public var openAlertCounts: [String: Int] {
        openAlerts.reduce(into: [:]) { $0[$1.severity, default: 0] += 1 }
    }

    /// Complaints not resolved, most severe first, then oldest (the queue's order).
    public var complaintQueue: [ConsoleComplaint] {
        complaints.values.filter(\.isOpen).sorted {
            (Self.complaintSeverityRank[$0.severity, default: 3], $0.openedAt ?? $0.updatedAt, $0.complaintId)
                < (Self.complaintSeverityRank[$1.severity, default: 3], $1.openedAt ?? $1.updatedAt, $1.complaintId)
        }
    }

    /// The snapshot the tiles show: `last-hour`, else `today`, else any.
    public var headlineKPIs: KPISnapshotView? {
        latestKPIs["last-hour"] ?? latestKPIs["today"] ?? latestKPIs.values.max { $0.at < $1.at }
    }

    /// The window the league table ranks: `today`, else `last-hour`, else `last-7-days`, else any with cuts.
    public var leagueWindow: String? {
        let windows = Set(cuts.values.map(\.window))
        return ["today", "last-hour", "last-7-days"].first(where: windows.contains) ?? windows.sorted().first
    }

    /// The cuts of one dimension in the league window, best score first (then most tickets).
    public func league(_ dimension: String) -> [KPICut] {
        guard let window = leagueWindow else { return [] }
        return cuts.values.filter { $0.window == window && $0.dimension == dimension }.sorted {
            ($0.score ?? -1, $0.figures["tickets.completed"] ?? 0, $1.value) > ($1.score ?? -1, $1.figures["tickets.completed"] ?? 0, $0.value)
        }
    }

    /// Tickets opened in the `minutes` up to `now`.
    public func ticketsOpened(lastMinutes minutes: Int, now: Date) -> Int {
        let end = Self.minute(now)
        return openedPerMinute.filter { $0.key > end - minutes && $0.key <= end }.values.reduce(0, +)
    }

    /// Whether the dead letter was replayed (an event caused by it was seen).
    public func isReplayed(_ letter: DeadLetter) -> Bool { replayed[letter.id] != nil }
}
