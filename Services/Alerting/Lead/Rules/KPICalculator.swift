import Foundation

/// Everything the KPIs are computed from, as plain rows.
public struct KPIFacts: Sendable {
    public struct Ticket: Sendable {
        public var openedAt: Date
        public var respondBy: Date?, onSiteBy: Date?, resolveBy: Date?
        public var acceptedAt: Date?, onSiteAt: Date?, completedAt: Date?
        public var firstTimeFix: Bool?
        public var isRepeat: Bool
        public var unassignableAt: Date?

        public init(openedAt: Date, respondBy: Date?, onSiteBy: Date?, resolveBy: Date?, acceptedAt: Date?, onSiteAt: Date?,
                    completedAt: Date?, firstTimeFix: Bool?, isRepeat: Bool, unassignableAt: Date?) {
            self.openedAt = openedAt
            self.respondBy = respondBy
            self.onSiteBy = onSiteBy
            self.resolveBy = resolveBy
            self.acceptedAt = acceptedAt
            self.onSiteAt = onSiteAt
            self.completedAt = completedAt
            self.firstTimeFix = firstTimeFix
            self.isRepeat = isRepeat
            self.unassignableAt = unassignableAt
        }
    }

    public struct Survey: Sendable {
        public var completedAt: Date
        public var satisfied: Bool
        public var attitude: Int, efficiency: Int, quality: Int
        public init(completedAt: Date, satisfied: Bool, attitude: Int, efficiency: Int, quality: Int) {
            self.completedAt = completedAt
            self.satisfied = satisfied
            self.attitude = attitude
            self.efficiency = efficiency
            self.quality = quality
        }
    }

    public var tickets: [Ticket] = []
    public var surveys: [Survey] = []
    public var complaintTimes: [Date] = []
    /// (when, reserved lines, backordered lines)
    public var parts: [(at: Date, reserved: Int, backordered: Int)] = []
    public var openAlerts: (critical: Int, warning: Int) = (0, 0)

    public init() {}
}

/// KPI arithmetic for one window ending at `now`. Pure; percentiles by nearest rank;
/// figures without data are left out.
public enum KPICalculator {
    /// The windows published: last hour, today (UTC) and the last seven days.
    public static func windows(now: Date) -> [(name: String, start: Date)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return [("last-hour", now.addingTimeInterval(-3_600)), ("today", calendar.startOfDay(for: now)),
                ("last-7-days", now.addingTimeInterval(-7 * 86_400))]
    }

    /// Nearest-rank percentile (p in 0…100) of unsorted values.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }

    public static func figures(_ facts: KPIFacts, from start: Date, to now: Date) -> [String: Double] {
        var f: [String: Double] = [:]
        func inWindow(_ date: Date?) -> Bool { date.map { $0 >= start && $0 <= now } ?? false }
        func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
        let opened = facts.tickets.filter { inWindow($0.openedAt) }
        f["tickets.opened"] = Double(opened.count)
        func minutes(_ pick: (KPIFacts.Ticket) -> Date?) -> [Double] {
            opened.compactMap { t in pick(t).map { $0.timeIntervalSince(t.openedAt) / 60 } }
        }
        let response = minutes(\.acceptedAt), onsite = minutes(\.onSiteAt), resolution = minutes(\.completedAt)
        if let v = percentile(response, 50) { f["response.p50.minutes"] = round2(v) }
        if let v = percentile(response, 90) { f["response.p90.minutes"] = round2(v) }
        if let v = percentile(onsite, 50) { f["onsite.p50.minutes"] = round2(v) }
        if let v = percentile(resolution, 50) { f["resolution.p50.minutes"] = round2(v) }
        if let v = percentile(resolution, 90) { f["resolution.p90.minutes"] = round2(v) }
        for (name, due, met) in [("respond", \KPIFacts.Ticket.respondBy, \KPIFacts.Ticket.acceptedAt),
                                 ("onsite", \.onSiteBy, \.onSiteAt), ("resolve", \.resolveBy, \.completedAt)] {
            // Clocks that ended in the window or whose deadline passed: met on time / all of them.
            let judged = opened.compactMap { t -> Bool? in
                guard let deadline = t[keyPath: due] else { return nil }
                if let metAt = t[keyPath: met] { return metAt <= deadline }
                return now > deadline ? false : nil
            }
            if !judged.isEmpty { f["sla.\(name).compliance"] = round2(Double(judged.filter { $0 }.count) / Double(judged.count)) }
        }
        let completed = facts.tickets.filter { inWindow($0.completedAt) }.compactMap(\.firstTimeFix)
        if !completed.isEmpty { f["ftf.rate"] = round2(Double(completed.filter { $0 }.count) / Double(completed.count)) }
        if !opened.isEmpty { f["repeat.rate"] = round2(Double(opened.filter(\.isRepeat).count) / Double(opened.count)) }
        let surveys = facts.surveys.filter { inWindow($0.completedAt) }
        if !surveys.isEmpty {
            let n = Double(surveys.count)
            f["csat"] = round2(Double(surveys.filter(\.satisfied).count) / n)
            f["score.attitude"] = round2(Double(surveys.map(\.attitude).reduce(0, +)) / n)
            f["score.efficiency"] = round2(Double(surveys.map(\.efficiency).reduce(0, +)) / n)
            f["score.quality"] = round2(Double(surveys.map(\.quality).reduce(0, +)) / n)
            f["complaint.rate"] = round2(Double(facts.complaintTimes.filter { inWindow($0) }.count) / n)
        }
        let parts = facts.parts.filter { inWindow($0.at) }
        let lines = parts.map { $0.reserved + $0.backordered }.reduce(0, +)
        if lines > 0 { f["parts.fill.rate"] = round2(Double(parts.map(\.reserved).reduce(0, +)) / Double(lines)) }
        f["tickets.unassignable"] = Double(facts.tickets.filter { inWindow($0.unassignableAt) }.count)
        f["alerts.open.critical"] = Double(facts.openAlerts.critical)
        f["alerts.open.warning"] = Double(facts.openAlerts.warning)
        return f
    }
}
