import Foundation

/// A ticket as the alert rules see it.
public struct TicketFact: Sendable, Equatable {
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

/// The rules that raise alerts from patterns in the streams. Pure.
public struct AlertRules: Sendable, Equatable {
    public var qualityThreshold = 3
    public var qualityWindow: TimeInterval = 7 * 86_400
    public var complaintSpikeThreshold = 5
    public var complaintWindow: TimeInterval = 3_600
    public var csatSurveys = 10
    public var csatMinimumSurveys = 5
    public var csatThreshold = 0.6

    public init() {}

    /// Quality signal: the tickets of `model` with `fault` opened within the window before
    /// `now`, when they reach the threshold; critical when one of them is a safety hazard.
    public func qualitySignal(model: String, fault: String, facts: [TicketFact], now: Date) -> (tickets: [String], critical: Bool)? {
        let matching = facts.filter {
            $0.model == model && $0.fault == fault && $0.openedAt > now.addingTimeInterval(-qualityWindow) && $0.openedAt <= now
        }.sorted { ($0.openedAt, $0.ticketId) < ($1.openedAt, $1.ticketId) }
        guard matching.count >= qualityThreshold else { return nil }
        return (matching.map(\.ticketId), matching.contains(where: \.hazard))
    }

    /// Complaint spike: more complaints in the last window than the threshold.
    public func complaintSpike(complaintTimes: [Date], now: Date) -> Int? {
        let recent = complaintTimes.filter { $0 > now.addingTimeInterval(-complaintWindow) && $0 <= now }.count
        return recent > complaintSpikeThreshold ? recent : nil
    }

    /// A technician's rolling CSAT over their last `csatSurveys` answers (newest last), once
    /// they have at least `csatMinimumSurveys`; `isLow` when below the threshold.
    public func technicianCSAT(_ satisfied: [Bool]) -> (csat: Double, isLow: Bool)? {
        let recent = satisfied.suffix(csatSurveys)
        guard recent.count >= csatMinimumSurveys else { return nil }
        let csat = Double(recent.filter { $0 }.count) / Double(recent.count)
        return (csat, csat < csatThreshold)
    }
}
