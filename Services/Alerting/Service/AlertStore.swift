import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Applies `AlertBook` decisions to the `alerts` table and publishes the matching
/// `alert.*` events, inside the handler's transaction.
struct AlertStore {
    let context: HandlerContext

    /// Raises `draft` unless an alert of its rule and subject is open; true when raised.
    @discardableResult
    func raise(_ draft: AlertDraft, cause: EventCause?) throws -> Bool {
        let (open, count) = try state(draft.rule, draft.subject)
        guard case .raise(let alertId) = AlertBook.decide(.raise(draft), rule: draft.rule, subject: draft.subject, open: open,
                                                          previousCount: count) else { return false }
        try context.db.execute("""
            INSERT INTO alerts (alert_id, rule, subject, occurrence, severity, status, message, raised_at, updated_at)
            VALUES (\(alertId), \(draft.rule), \(draft.subject), \(count + 1)::int, \(draft.severity.rawValue), 'open', \(draft.message),
                    \(context.now), \(context.now))
            """)
        try context.emit(AlertRaised(alertId: alertId, rule: draft.rule, severity: draft.severity, subject: draft.subject,
                                     message: draft.message, tickets: draft.tickets, details: draft.details), cause: cause)
        return true
    }

    /// Escalates the open alert of `rule` and `subject` to critical (once).
    func escalate(_ rule: String, subject: String, message: String, tickets: [String]? = nil, cause: EventCause?) throws {
        let (open, count) = try state(rule, subject)
        guard case .escalate(let alertId) = AlertBook.decide(.escalate, rule: rule, subject: subject, open: open,
                                                             previousCount: count) else { return }
        try context.db.execute("""
            UPDATE alerts SET status = 'escalated', severity = 'critical', message = \(message), updated_at = \(context.now)
            WHERE alert_id = \(alertId)
            """)
        try context.emit(AlertEscalated(alertId: alertId, rule: rule, severity: .critical, subject: subject, message: message,
                                        tickets: tickets), cause: cause)
    }

    /// Resolves the open alert of `rule` and `subject`, if any.
    func resolve(_ rule: String, subject: String, message: String, cause: EventCause?) throws {
        let (open, count) = try state(rule, subject)
        guard case .resolve(let alertId, let severity) = AlertBook.decide(.resolve, rule: rule, subject: subject, open: open,
                                                                          previousCount: count) else { return }
        try context.db.execute("UPDATE alerts SET status = 'resolved', updated_at = \(context.now) WHERE alert_id = \(alertId)")
        try context.emit(AlertResolved(alertId: alertId, rule: rule, severity: severity, subject: subject, message: message),
                         cause: cause)
    }

    /// The open alert (locked) and how many alerts the pair has had.
    private func state(_ rule: String, _ subject: String) throws -> (AlertBook.OpenAlert?, Int) {
        var open: AlertBook.OpenAlert?
        var count = 0
        for row in try context.db.query("""
            SELECT alert_id, severity, status FROM alerts WHERE rule = \(rule) AND subject = \(subject) FOR UPDATE
            """) {
            count += 1
            let status: String = try row.get("status")
            if status != "resolved" {
                open = AlertBook.OpenAlert(alertId: try row.get("alert_id"),
                                           severity: AlertSeverity(rawValue: try row.get("severity")) ?? .warning,
                                           escalated: status == "escalated")
            }
        }
        return (open, count)
    }
}
