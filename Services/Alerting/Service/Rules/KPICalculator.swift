import Foundation

/// KPI arithmetic for one window `[start, now]`. Pure: facts in, figures out, the clock is a
/// parameter. Percentiles are nearest-rank; durations in minutes; rates as fractions 0…1,
/// rounded to 4 decimals; figures without data (no completed ticket → no resolution time)
/// are left out rather than reported as 0. Names are documented in docs/services/alerting.md.
public enum KPICalculator {
    /// One published window: from `start` to now; `today` starts at each region's own midnight.
    public struct Window: Sendable, Equatable {
        public var name: String
        /// The start for facts without a region or of a region without a zone of its own.
        public var start: Date
        /// The start for the regions with a zone of their own.
        public var regionStarts: [String: Date]

        public init(name: String, start: Date, regionStarts: [String: Date] = [:]) {
            self.name = name
            self.start = start
            self.regionStarts = regionStarts
        }

        /// Where the window starts for a fact of `region`.
        public func start(for region: String?) -> Date { region.flatMap { regionStarts[$0] } ?? start }
    }

    /// The windows published: `last-hour`, `today` (since 00:00 of the service day in each
    /// fact's region, `zones`) and `last-7-days`.
    public static func windows(now: Date, zones: RegionTimeZones = RegionTimeZones()) -> [Window] {
        [Window(name: "last-hour", start: now.addingTimeInterval(-3_600)),
         Window(name: "today", start: zones.startOfServiceDay(now, region: nil),
                regionStarts: zones.byRegion.keys.reduce(into: [:]) { $0[$1] = zones.startOfServiceDay(now, region: $1) }),
         Window(name: "last-7-days", start: now.addingTimeInterval(-7 * 86_400))]
    }

    /// Nearest-rank percentile: the smallest value with at least p % of the values at or below
    /// it (rank ⌈p/100 · n⌉, at least 1). Nil for no values.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }

    /// Rounds to 4 decimals so snapshots stay readable.
    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// Every figure for the window `[start, now]`, the same start for every region.
    public static func figures(_ facts: KPIFacts, from start: Date, to now: Date) -> [String: Double] {
        figures(facts, in: Window(name: "", start: start), to: now)
    }

    /// Every figure for `window` up to `now`.
    public static func figures(_ facts: KPIFacts, in window: Window, to now: Date) -> [String: Double] {
        var f: [String: Double] = [:]
        func inWindow(_ date: Date?, _ region: String?) -> Bool {
            date.map { $0 >= window.start(for: region) && $0 <= now } ?? false
        }
        func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? rounded(Double(part) / Double(whole)) : nil }

        // MARK: Tickets opened in the window, and their times
        let opened = facts.tickets.filter { inWindow($0.openedAt, $0.region) }
        f["tickets.opened"] = Double(opened.count)
        func minutes(_ pick: (KPIFacts.Ticket) -> Date?) -> [Double] {
            opened.compactMap { t in pick(t).flatMap { $0 <= now ? $0.timeIntervalSince(t.openedAt) / 60 : nil } }
        }
        for (name, values) in [("response", minutes(\.acceptedAt)), ("onsite", minutes(\.onSiteAt)),
                               ("resolution", minutes(\.completedAt))] {
            if let v = percentile(values, 50) { f["\(name).p50.minutes"] = rounded(v) }
            if let v = percentile(values, 90) { f["\(name).p90.minutes"] = rounded(v) }
        }

        // MARK: SLA compliance per deadline, raw and net of holds
        // A clock counts once it is decided: met (on time or late) or its deadline passed unmet.
        // Raw: against the deadline as opened. Net: the time on hold that pauses the clock does
        // not count (the deadline moves by it; a clock on hold is not overdue).
        let deadlines: [(String, SLAClock.Deadline, KeyPath<KPIFacts.Ticket, Date>, KeyPath<KPIFacts.Ticket, Date?>)] =
            [("respond", .respond, \.respondBy, \.acceptedAt), ("onsite", .onSite, \.onSiteBy, \.onSiteAt),
             ("resolve", .resolve, \.resolveBy, \.completedAt)]
        for (name, deadline, due, met) in deadlines {
            let decided = opened.compactMap { t -> Bool? in
                let deadline = t[keyPath: due]
                if let metAt = t[keyPath: met], metAt <= now { return metAt <= deadline }
                return now > deadline ? false : nil
            }
            if let v = ratio(decided.filter { $0 }.count, decided.count) { f["sla.\(name).compliance"] = v }
            let decidedNet = opened.compactMap { t -> Bool? in
                let clock = SLAClock(deadline: deadline, start: t.openedAt, due: t[keyPath: due])
                let pauses = t.pauses[deadline] ?? []
                if let metAt = t[keyPath: met], metAt <= now { return clock.metOnTime(metAt, pauses: pauses) }
                return clock.isOverdue(at: now, pauses: pauses) ? false : nil
            }
            if let v = ratio(decidedNet.filter { $0 }.count, decidedNet.count) { f["sla.\(name).compliance.net"] = v }
        }

        // MARK: Holds: started in the window; tickets on hold now
        f["holds.started"] = Double(facts.tickets.map { t in t.holds.filter { inWindow($0.since, t.region) }.count }.reduce(0, +))
        f["tickets.on-hold"] = Double(facts.tickets.filter { t in t.holds.contains { $0.until == nil && $0.since <= now } }.count)

        // MARK: Completions: first-time fix; repeat repairs among opened
        let fixes = facts.tickets.filter { inWindow($0.completedAt, $0.region) }.compactMap(\.firstTimeFix)
        if let v = ratio(fixes.filter { $0 }.count, fixes.count) { f["ftf.rate"] = v }
        if let v = ratio(opened.filter(\.isRepeat).count, opened.count) { f["repeat.rate"] = v }
        f["tickets.unassignable"] = Double(facts.tickets.filter { inWindow($0.unassignableAt, $0.region) }.count)

        // MARK: Surveys and complaints
        let surveys = facts.surveys.filter { inWindow($0.completedAt, $0.region) }
        let complaints = facts.complaints.filter { inWindow($0.openedAt, $0.region) }.count
        f["surveys.completed"] = Double(surveys.count)
        f["complaints.opened"] = Double(complaints)
        if !surveys.isEmpty {
            let n = Double(surveys.count)
            f["csat"] = rounded(Double(surveys.filter(\.satisfied).count) / n)
            f["score.attitude"] = rounded(Double(surveys.map(\.attitude).reduce(0, +)) / n)
            f["score.efficiency"] = rounded(Double(surveys.map(\.efficiency).reduce(0, +)) / n)
            f["score.quality"] = rounded(Double(surveys.map(\.quality).reduce(0, +)) / n)
            f["complaint.rate"] = rounded(Double(complaints) / n)
        }

        // MARK: Parts
        let parts = facts.parts.filter { inWindow($0.at, $0.region) }
        let reserved = parts.map(\.reservedQuantity).reduce(0, +)
        if let v = ratio(reserved, reserved + parts.map(\.backorderedQuantity).reduce(0, +)) { f["parts.fill.rate"] = v }

        // MARK: Open alerts (a state, the same in every window)
        for severity in ["info", "warning", "critical"] { f["alerts.open.\(severity)"] = Double(facts.openAlerts[severity] ?? 0) }
        return f
    }
}
