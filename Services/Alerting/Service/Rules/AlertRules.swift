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

/// The alert rules: each turns facts into the alert that should be open (or nil when the
/// condition does not hold). Pure; every number is a setting.
public struct AlertRules: Sendable, Equatable {
    /// Quality signal: this many tickets of one model and fault class …
    public var qualityThreshold = 3
    /// … opened within this window (seconds).
    public var qualityWindow: TimeInterval = 7 * 86_400
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
    /// is a safety hazard. Tickets are listed oldest first. The `unknown` fault class never signals.
    public func qualitySignal(model: String, fault: String, facts: [QualityFact], now: Date) -> AlertDraft? {
        guard fault != "unknown" else { return nil }
        let since = now.addingTimeInterval(-qualityWindow)
        let matching = facts.filter { $0.model == model && $0.fault == fault && $0.openedAt > since && $0.openedAt <= now }
            .sorted { ($0.openedAt, $0.ticketId) < ($1.openedAt, $1.ticketId) }
        guard matching.count >= qualityThreshold else { return nil }
        let days = (qualityWindow / 86_400).formatted(.number.precision(.fractionLength(0...1)))
        return AlertDraft(rule: AlertRuleName.qualitySignal, subject: model,
                          severity: matching.contains(where: \.hazard) ? .critical : .warning,
                          message: "model \(model): \(matching.count) \(fault) faults within \(days) days (\(matching.map(\.ticketId).joined(separator: ", ")))",
                          tickets: matching.map(\.ticketId), details: ["model": model, "fault": fault, "count": "\(matching.count)"])
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
