import Foundation
import Schema

/// An alert a rule wants open: what the alert book raises when no alert of the same rule
/// and subject is open yet.
public struct AlertDraft: Sendable, Equatable {
    public var rule: String
    public var subject: String
    public var severity: AlertSeverity
    public var message: String
    public var tickets: [String]?
    public var details: [String: String]?

    public init(rule: String, subject: String, severity: AlertSeverity, message: String, tickets: [String]? = nil,
                details: [String: String]? = nil) {
        self.rule = rule
        self.subject = subject
        self.severity = severity
        self.message = message
        self.tickets = tickets
        self.details = details
    }
}

/// The rule names used in `alert.*` events (stable; documented in docs/services/alerting.md).
public enum AlertRuleName {
    public static let slaAtRisk = "sla-at-risk"
    public static let slaBreached = "sla-breached"
    public static let safetyHazard = "safety-hazard"
    public static let unassignable = "unassignable"
    public static let stockLow = "stock-low"
    public static let qualitySignal = "quality-signal"
    public static let complaintSpike = "complaint-spike"
    public static let technicianCSAT = "technician-csat"
    public static let auditFailed = "audit-failed"
}
