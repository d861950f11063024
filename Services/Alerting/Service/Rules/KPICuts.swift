import Foundation
import Schema

/// A completed ticket as the KPI cuts see it: its scorecard fact, when it was completed and
/// whether it was resolved remotely.
public struct CutTicket: Sendable, Equatable {
    public var fact: ScorecardFact
    public var completedAt: Date
    public var resolvedRemotely: Bool

    public init(fact: ScorecardFact, completedAt: Date, resolvedRemotely: Bool) {
        self.fact = fact
        self.completedAt = completedAt
        self.resolvedRemotely = resolvedRemotely
    }
}

/// A recorded audit, with its ticket's region, provider and category (nil when unknown).
public struct CutAudit: Sendable, Equatable {
    public var passed: Bool
    public var recordedAt: Date
    public var region: String?
    public var providerId: String?
    public var category: String?

    public init(passed: Bool, recordedAt: Date, region: String? = nil, providerId: String? = nil, category: String? = nil) {
        self.passed = passed
        self.recordedAt = recordedAt
        self.region = region
        self.providerId = providerId
        self.category = category
    }

    func value(in dimension: ScorecardDimension) -> String? {
        switch dimension {
        case .region: region
        case .provider: providerId
        case .category: category
        }
    }
}

/// The KPI cuts of one window (issue 16): the scorecard figures of the tickets completed in
/// the window, per region, per provider and per product category, plus the remote-resolution
/// and audit pass rates. Pure. Bounded: only values seen in the window get a cut, and at most
/// `maxCutsPerDimension` per dimension (those with the most completed tickets, then by name).
public enum KPICuts {
    /// One cut: its dimension and its figures.
    public struct Cut: Sendable, Equatable {
        public var dimension: KpiSnapshot.Dimension
        public var figures: [String: Double]
    }

    /// The figures every snapshot (cut or not) adds to its own: `remote-resolution.rate`
    /// (remote resolutions ÷ completed tickets), `audits.recorded`, `audit.pass-rate`
    /// (passed ÷ recorded); rates left out without data.
    public static func extraFigures(tickets: [CutTicket], audits: [CutAudit]) -> [String: Double] {
        var figures: [String: Double] = [:]
        if !tickets.isEmpty {
            figures["remote-resolution.rate"] = rounded(Double(tickets.filter(\.resolvedRemotely).count) / Double(tickets.count))
        }
        figures["audits.recorded"] = Double(audits.count)
        if !audits.isEmpty {
            figures["audit.pass-rate"] = rounded(Double(audits.filter(\.passed).count) / Double(audits.count))
        }
        return figures
    }

    /// The cuts of `window` up to `now`, in dimension order (region, provider, category), then
    /// by value. Tickets count when completed in the window; audits when recorded in it.
    public static func cuts(tickets: [CutTicket], audits: [CutAudit], window: KPICalculator.Window, now: Date,
                            maxCutsPerDimension: Int) -> [Cut] {
        let inTickets = tickets.filter { $0.completedAt >= window.start(for: $0.fact.region) && $0.completedAt <= now }
        let inAudits = audits.filter { $0.recordedAt >= window.start(for: $0.region) && $0.recordedAt <= now }
        var cuts: [Cut] = []
        for dimension in ScorecardDimension.allCases {
            var byValue: [String: [CutTicket]] = [:]
            for ticket in inTickets {
                if let value = dimension.value(of: ticket.fact) { byValue[value, default: []].append(ticket) }
            }
            var auditsByValue: [String: [CutAudit]] = [:]
            for audit in inAudits {
                if let value = audit.value(in: dimension) { auditsByValue[value, default: []].append(audit) }
            }
            let values = Set(byValue.keys).union(auditsByValue.keys)
            let kept = values.sorted { a, b in
                let (na, nb) = (byValue[a]?.count ?? 0, byValue[b]?.count ?? 0)
                return na != nb ? na > nb : a < b
            }.prefix(max(0, maxCutsPerDimension)).sorted()
            for value in kept {
                let group = byValue[value] ?? []
                var figures = Scorecard(group.map(\.fact)).figures
                figures.merge(extraFigures(tickets: group, audits: auditsByValue[value] ?? [])) { _, new in new }
                cuts.append(Cut(dimension: dimension.snapshotDimension(value), figures: figures))
            }
        }
        return cuts
    }

    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}

extension ScorecardDimension {
    /// The `kpi.snapshot` dimension naming `value` in this dimension.
    public func snapshotDimension(_ value: String) -> KpiSnapshot.Dimension {
        switch self {
        case .region: KpiSnapshot.Dimension(region: value)
        case .provider: KpiSnapshot.Dimension(providerId: value)
        case .category: KpiSnapshot.Dimension(category: value)
        }
    }
}
