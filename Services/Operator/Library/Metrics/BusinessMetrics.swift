import Foundation
import Schema

/// The business figures the platform publishes on topics, as Prometheus gauges: the latest
/// `kpi.snapshot` of each window and cut (SLA compliance, first-time fix, CSAT, …) and the
/// alerts by state. Folded from envelopes in arrival order; pure (no I/O, no clock).
public struct BusinessMetrics: Sendable {
    /// One KPI snapshot's identity: its window and, for a league-table cut, its dimension.
    struct Cut: Hashable, Sendable, Comparable {
        var window: String
        var region: String
        var provider: String
        var category: String

        static func < (lhs: Cut, rhs: Cut) -> Bool {
            (lhs.window, lhs.region, lhs.provider, lhs.category) < (rhs.window, rhs.region, rhs.provider, rhs.category)
        }
    }

    private var snapshots: [Cut: (occurredAt: Date, figures: [String: Double])] = [:]
    private var alerts = AlertBoard(envelopes: [])
    /// Alerts raised since the exporter started reading, by rule and severity.
    private var raised: [String: Int] = [:]
    /// Envelopes of aftersales.kpis and aftersales.alerts read.
    public private(set) var applied = 0

    public init() {}

    /// Applies one envelope of aftersales.kpis or aftersales.alerts; others are ignored.
    public mutating func apply(_ envelope: Envelope) {
        guard let type = envelope.eventType, type.topic == .kpis || type.topic == .alerts else { return }
        applied += 1
        switch type {
        case .kpiSnapshot:
            guard let snapshot = try? envelope.payload(as: KpiSnapshot.self) else { return }
            let cut = Cut(window: snapshot.window, region: snapshot.dimension?.region ?? "",
                          provider: snapshot.dimension?.providerId ?? "", category: snapshot.dimension?.category ?? "")
            if let current = snapshots[cut], current.occurredAt > envelope.occurredAt { return }
            snapshots[cut] = (envelope.occurredAt, snapshot.figures.filter { $0.value.isFinite })
        case .alertRaised, .alertEscalated, .alertResolved:
            alerts.apply(envelope)
            if envelope.eventType == .alertRaised {
                let key = "rule=\"\(Self.escape(envelope.data.text(at: "rule") ?? "?"))\",severity=\"\(Self.escape(envelope.data.text(at: "severity") ?? "?"))\""
                raised[key, default: 0] += 1
            }
        default:
            return
        }
    }

    /// The Prometheus text exposition.
    public func prometheusText() -> String {
        var lines = [
            "# HELP aftersales_kpi The latest kpi.snapshot figure of each window (region, provider, category empty: the whole network).",
            "# TYPE aftersales_kpi gauge",
        ]
        for cut in snapshots.keys.sorted() {
            let labels = "window=\"\(Self.escape(cut.window))\",region=\"\(Self.escape(cut.region))\",provider=\"\(Self.escape(cut.provider))\",category=\"\(Self.escape(cut.category))\""
            for (figure, value) in snapshots[cut]!.figures.sorted(by: { $0.key < $1.key }) {
                lines.append("aftersales_kpi{figure=\"\(Self.escape(figure))\",\(labels)} \(value)")
            }
        }
        lines += ["# HELP aftersales_alerts_open Alerts open now (raised or escalated, not resolved).", "# TYPE aftersales_alerts_open gauge"]
        var open: [String: Int] = [:]
        for row in alerts.rows.values where row.status != "resolved" {
            open["rule=\"\(Self.escape(row.rule))\",severity=\"\(Self.escape(row.severity))\"", default: 0] += 1
        }
        for severity in AlertSeverity.allCases where !open.keys.contains(where: { $0.hasSuffix("severity=\"\(severity.rawValue)\"") }) {
            open["rule=\"\",severity=\"\(severity.rawValue)\""] = 0
        }
        for (labels, count) in open.sorted(by: { $0.key < $1.key }) { lines.append("aftersales_alerts_open{\(labels)} \(count)") }
        lines += ["# HELP aftersales_alerts_raised_total Alerts raised, as read from aftersales.alerts.", "# TYPE aftersales_alerts_raised_total counter"]
        for (labels, count) in raised.sorted(by: { $0.key < $1.key }) { lines.append("aftersales_alerts_raised_total{\(labels)} \(count)") }
        lines += ["# HELP aftersales_exporter_events_total Envelopes of aftersales.kpis and aftersales.alerts read.",
                  "# TYPE aftersales_exporter_events_total counter", "aftersales_exporter_events_total \(applied)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A label value with backslash, quote and newline escaped (Prometheus text format).
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
