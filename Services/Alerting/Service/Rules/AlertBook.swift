import Foundation
import Schema

/// The one-open-alert-per-rule-and-subject logic, pure: given the alert currently open for a
/// rule and subject (if any) and how many alerts that pair has had, decides what to do.
/// Alert ids are deterministic, `AL-<rule>-<subject>-<occurrence>`, so replaying the
/// streams can never mint a second id for the same alert.
public enum AlertBook {
    /// The alert currently open (status open or escalated) for a rule and subject.
    public struct OpenAlert: Sendable, Equatable {
        public var alertId: String
        public var severity: AlertSeverity
        public var escalated: Bool
        public init(alertId: String, severity: AlertSeverity, escalated: Bool) {
            self.alertId = alertId
            self.severity = severity
            self.escalated = escalated
        }
    }

    /// What the caller wants.
    public enum Intent: Sendable, Equatable {
        case raise(AlertDraft)
        case escalate
        case resolve
    }

    /// What to do about it.
    public enum Decision: Sendable, Equatable {
        /// Insert a new alert with this id and publish `alert.raised`.
        case raise(alertId: String)
        /// Mark the open alert escalated (critical) and publish `alert.escalated`.
        case escalate(alertId: String)
        /// Mark the open alert resolved and publish `alert.resolved`.
        case resolve(alertId: String, severity: AlertSeverity)
        /// Nothing: already open, nothing open, or already escalated.
        case nothing
    }

    /// The deterministic alert id of a rule and subject's `occurrence`-th alert (1-based).
    public static func alertId(rule: String, subject: String, occurrence: Int) -> String {
        "AL-\(rule)-\(subject)-\(occurrence)"
    }

    /// Decides for `intent` on `rule` / `subject`, where `open` is the open alert and
    /// `previousCount` the number of alerts (any status) the pair has had.
    public static func decide(_ intent: Intent, rule: String, subject: String, open: OpenAlert?, previousCount: Int) -> Decision {
        switch intent {
        case .raise:
            guard open == nil else { return .nothing }
            return .raise(alertId: alertId(rule: rule, subject: subject, occurrence: previousCount + 1))
        case .escalate:
            guard let open, !open.escalated else { return .nothing }
            return .escalate(alertId: open.alertId)
        case .resolve:
            guard let open else { return .nothing }
            return .resolve(alertId: open.alertId, severity: open.severity)
        }
    }
}
