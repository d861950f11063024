import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Raises, escalates and resolves alerts with at most one open alert per rule and subject.
/// Alert ids are deterministic (`AL-<rule>-<subject>-<n>`, n counting that rule and
/// subject's alerts), so replaying the streams can never mint a second id for one alert.
struct AlertBook {
    let context: HandlerContext

    /// Raises the alert unless one is already open for the rule and subject; true when raised.
    @discardableResult
    func raise(_ rule: String, subject: String, severity: AlertSeverity, message: String, tickets: [String]? = nil,
               details: [String: String]? = nil, cause: EventCause?) throws -> Bool {
        guard try open(rule, subject) == nil else { return false }
        let count: Int = try context.db.query("SELECT count(*)::bigint AS n FROM alerts WHERE rule = \(rule) AND subject = \(subject)")
            .first?.get("n") ?? 0
        let alertId = "AL-\(rule)-\(subject)-\(count + 1)"
        try context.db.execute("""
            INSERT INTO alerts (alert_id, rule, subject, severity, status, message, raised_at, updated_at)
            VALUES (\(alertId), \(rule), \(subject), \(severity.rawValue), 'open', \(message), \(context.now), \(context.now))
            """)
        try context.emit(AlertRaised(alertId: alertId, rule: rule, severity: severity, subject: subject, message: message,
                                     tickets: tickets, details: details), cause: cause)
        return true
    }

    /// Escalates the open alert (once).
    func escalate(_ rule: String, subject: String, message: String, cause: EventCause?) throws {
        guard let (alertId, status) = try open(rule, subject), status == "open" else { return }
        try context.db.execute("""
            UPDATE alerts SET status = 'escalated', severity = 'critical', message = \(message), updated_at = \(context.now)
            WHERE alert_id = \(alertId)
            """)
        try context.emit(AlertEscalated(alertId: alertId, rule: rule, severity: .critical, subject: subject, message: message), cause: cause)
    }

    /// Resolves the open alert, if any.
    func resolve(_ rule: String, subject: String, message: String, cause: EventCause?) throws {
        guard let (alertId, _) = try open(rule, subject) else { return }
        let severity: String = try context.db.query("""
            UPDATE alerts SET status = 'resolved', updated_at = \(context.now) WHERE alert_id = \(alertId) RETURNING severity
            """).first?.get("severity") ?? "warning"
        try context.emit(AlertResolved(alertId: alertId, rule: rule, severity: AlertSeverity(rawValue: severity) ?? .warning,
                                       subject: subject, message: message), cause: cause)
    }

    func open(_ rule: String, _ subject: String) throws -> (String, String)? {
        guard let row = try context.db.query("""
            SELECT alert_id, status FROM alerts WHERE rule = \(rule) AND subject = \(subject) AND status <> 'resolved' FOR UPDATE
            """).first else { return nil }
        return (try row.get("alert_id"), try row.get("status"))
    }
}
