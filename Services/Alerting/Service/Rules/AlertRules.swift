import Foundation
import Schema

/// A ticket as the quality-signal rule sees it.
public struct QualityFact: Sendable, Equatable {
    public var ticketId: String
    public var model: String
    public var fault: String
    public var hazard: Bool
    public var openedAt: Date

    public init(ticketId: String, model: String, fault: String, hazard: Bool, openedAt: Date) {
        self.ticketId = ticketId
        self.model = model
        self.fault = fault
        self.hazard = hazard
        self.openedAt = openedAt
    }
}

/// What the store counts of one model and fault class over a range of opening times: the
/// count, whether one is a safety hazard, the oldest opening and the most recent ticket ids
/// (at most `AlertRules.qualityListed`, oldest first).
public struct QualitySummary: Sendable, Equatable {
    public var count: Int
    public var hazard: Bool
    public var oldest: Date?
    public var recent: [String]

    public init(count: Int, hazard: Bool, oldest: Date?, recent: [String]) {
        self.count = count
        self.hazard = hazard
        self.oldest = oldest
        self.recent = recent
    }
}

/// The alert rules: each turns facts into the alert that should be open (or nil when the
/// condition does not hold). Pure; every number is a setting.
public struct AlertRules: Sendable, Equatable {
    /// Quality signal: this many tickets of one model and fault class …
    public var qualityThreshold = 3
    /// … opened within this window (seconds).
    public var qualityWindow: TimeInterval = 7 * 86_400
    /// The quality alert names at most this many tickets (the most recent).
    public var qualityListed = 20
    /// Complaint spike: more than this many complaints …
    public var complaintSpikeThreshold = 5
    /// … within this window (seconds).
    public var complaintWindow: TimeInterval = 3_600
    /// Technician CSAT: over the last this many completed surveys …
    public var csatSurveys = 10
    /// … once there are at least this many …
    public var csatMinimumSurveys = 5
    /// … the share of satisfied customers below this raises a warning.
    public var csatThreshold = 0.6

    public init() {}

    // MARK: Single-event rules

    /// A ticket opened with a safety hazard: critical at once.
    public func safetyHazard(ticketId: String, model: String, hazard: Bool) -> AlertDraft? {
        guard hazard else { return nil }
        return AlertDraft(rule: AlertRuleName.safetyHazard, subject: ticketId, severity: .critical,
                          message: "safety hazard reported on model \(model), ticket \(ticketId)", tickets: [ticketId],
                          details: ["model": model])
    }

    /// No technician can take the ticket: critical.
    public func unassignable(ticketId: String, reason: String) -> AlertDraft {
        AlertDraft(rule: AlertRuleName.unassignable, subject: ticketId, severity: .critical,
                   message: "no technician for ticket \(ticketId): \(reason)", tickets: [ticketId], details: ["reason": reason])
    }

    /// A part fell below its reorder point in a warehouse: warning, subject `<partNumber>@<warehouseId>`.
    public func stockLow(partNumber: String, warehouseId: String, available: Int, reorderPoint: Int) -> AlertDraft {
        AlertDraft(rule: AlertRuleName.stockLow, subject: Self.stockSubject(partNumber: partNumber, warehouseId: warehouseId),
                   severity: .warning,
                   message: "\(partNumber) at \(warehouseId): \(available) available, reorder point \(reorderPoint)",
                   details: ["partNumber": partNumber, "warehouseId": warehouseId, "available": "\(available)",
                             "reorderPoint": "\(reorderPoint)"])
    }

    /// The stock-low subject.
    public static func stockSubject(partNumber: String, warehouseId: String) -> String { "\(partNumber)@\(warehouseId)" }

    // MARK: Pattern rules

    /// Quality signal for `model` and `fault`: the matching tickets opened within the window
    /// ending at `now`, once there are at least `qualityThreshold`; critical when one of them
    /// is a safety hazard. `summary` counts the tickets of a range inside every window the batch
    /// checks (read by the store, not listed); `facts` are the tickets outside it (the batch's
    /// own and the range's edges). The message and `tickets` name at most `qualityListed`
    /// tickets, the most recent ones, oldest first. The `unknown` fault class never signals.
    public func qualitySignal(model: String, fault: String, facts: [QualityFact], summary: QualitySummary? = nil,
                              now: Date) -> AlertDraft? {
        guard fault != "unknown", let window = qualityCount(model: model, fault: fault, facts: facts, summary: summary, now: now),
              window.count >= qualityThreshold else { return nil }
        let days = (qualityWindow / 86_400).formatted(.number.precision(.fractionLength(0...1)))
        let more = window.count - window.recent.count
        let listed = window.recent.joined(separator: ", ") + (more > 0 ? ", … and \(Self.grouped(more)) more" : "")
        return AlertDraft(rule: AlertRuleName.qualitySignal, subject: model, severity: window.hazard ? .critical : .warning,
                          message: "model \(model): \(window.count) \(fault) faults within \(days) days (\(listed))",
                          tickets: window.recent, details: ["model": model, "fault": fault, "count": "\(window.count)"])
    }

    /// The tickets of `model` and `fault` in the window ending at `now`: `summary` (taken as
    /// lying inside the window) plus the matching `facts`; nil when there are none.
    public func qualityCount(model: String, fault: String, facts: [QualityFact], summary: QualitySummary?,
                             now: Date) -> QualitySummary? {
        let since = now.addingTimeInterval(-qualityWindow)
        let matching = facts.filter { $0.model == model && $0.fault == fault && $0.openedAt > since && $0.openedAt <= now }
            .sorted { ($0.openedAt, $0.ticketId) < ($1.openedAt, $1.ticketId) }
        let core = summary ?? QualitySummary(count: 0, hazard: false, oldest: nil, recent: [])
        guard core.count + matching.count > 0 else { return nil }
        // The summary's range and the facts are disjoint: facts before its oldest ticket, then it, then the rest.
        let older = matching.filter { fact in core.oldest.map { fact.openedAt < $0 } ?? false }
        let newer = matching.dropFirst(older.count)
        let listed = older.map(\.ticketId) + core.recent + newer.map(\.ticketId)
        return QualitySummary(count: core.count + matching.count, hazard: core.hazard || matching.contains(where: \.hazard),
                              oldest: ([core.oldest].compactMap { $0 } + matching.prefix(1).map(\.openedAt)).min(),
                              recent: Array(listed.suffix(qualityListed)))
    }

    /// `value` with a comma every three digits ("7,480").
    static func grouped(_ value: Int) -> String {
        var digits = String(value.magnitude), out = ""
        while digits.count > 3 { out = "," + digits.suffix(3) + out; digits.removeLast(3) }
        return (value < 0 ? "-" : "") + digits + out
    }

    /// Complaint spike: more than `complaintSpikeThreshold` complaints in the window ending at `now`.
    public func complaintSpike(complaintTimes: [Date], now: Date) -> AlertDraft? {
        let since = now.addingTimeInterval(-complaintWindow)
        let count = complaintTimes.filter { $0 > since && $0 <= now }.count
        guard count > complaintSpikeThreshold else { return nil }
        return AlertDraft(rule: AlertRuleName.complaintSpike, subject: "platform", severity: .warning,
                          message: "\(count) complaints in the last \(Int(complaintWindow / 60)) minutes (threshold \(complaintSpikeThreshold))",
                          details: ["count": "\(count)", "threshold": "\(complaintSpikeThreshold)"])
    }

    /// A technician's rolling CSAT (share of satisfied) over the last `csatSurveys` answers,
    /// given oldest first; nil until there are `csatMinimumSurveys`.
    public func rollingCSAT(_ satisfied: [Bool]) -> Double? {
        let recent = satisfied.suffix(csatSurveys)
        guard recent.count >= max(1, csatMinimumSurveys) else { return nil }
        return Double(recent.filter { $0 }.count) / Double(recent.count)
    }

    /// The technician-CSAT alert when the rolling CSAT is below the threshold.
    public func technicianCSAT(technicianId: String, satisfied: [Bool]) -> AlertDraft? {
        guard let csat = rollingCSAT(satisfied), csat < csatThreshold else { return nil }
        let surveys = min(satisfied.count, csatSurveys)
        return AlertDraft(rule: AlertRuleName.technicianCSAT, subject: technicianId, severity: .warning,
                          message: "technician \(technicianId): CSAT \(Int((csat * 100).rounded())) % over the last \(surveys) surveys",
                          details: ["csat": String(format: "%.2f", csat), "surveys": "\(surveys)"])
    }
}
