import Foundation
import Schema

/// The SLA alerts of a ticket's clocks: subjects, texts and what each threshold does.
/// Subject `<ticketId>:<deadline>`, so one ticket can have several clocks at risk at once.
public enum SLAAlerts {
    /// The alert subject (and timer key) of a ticket's deadline.
    public static func subject(ticketId: String, deadline: SLAClock.Deadline) -> String {
        SLAClock.key(ticketId: ticketId, deadline: deadline)
    }

    /// What a threshold passing on a running clock does: at risk raises `sla-at-risk`
    /// (warning), the breach raises `sla-breached` (critical), escalation escalates the breach.
    /// Thresholds fall on net time; `heldSeconds` (the time on hold that paused the clock) is
    /// named in the text and in `details` when there was any.
    public static func intent(_ threshold: SLAClock.Threshold, ticketId: String, deadline: SLAClock.Deadline,
                              heldSeconds: TimeInterval = 0, origin: Int) -> AlertIntent {
        let subject = subject(ticketId: ticketId, deadline: deadline)
        var details = ["ticketId": ticketId, "deadline": deadline.rawValue]
        var net = ""
        if heldSeconds >= 1 {
            details["heldSeconds"] = "\(Int(heldSeconds))"
            net = " (not counting \(Int((heldSeconds / 60).rounded())) min on hold)"
        }
        switch threshold {
        case .atRisk:
            return .raise(AlertDraft(rule: AlertRuleName.slaAtRisk, subject: subject, severity: .warning,
                                     message: "ticket \(ticketId): 80 % of the \(deadline.rawValue) window has passed\(net)",
                                     tickets: [ticketId], details: details), origin: origin)
        case .breach:
            return .raise(AlertDraft(rule: AlertRuleName.slaBreached, subject: subject, severity: .critical,
                                     message: "ticket \(ticketId): \(deadline.rawValue) deadline breached\(net)",
                                     tickets: [ticketId], details: details), origin: origin)
        case .escalate:
            return AlertIntent(rule: AlertRuleName.slaBreached, subject: subject,
                               action: .escalate(message: "ticket \(ticketId): \(deadline.rawValue) breach still open at 150 % of the window\(net)",
                                                 tickets: [ticketId]), origin: origin)
        }
    }

    /// The rule of the alert a threshold raises; nil for escalation (it escalates the breach).
    public static func rule(of threshold: SLAClock.Threshold) -> String? {
        switch threshold {
        case .atRisk: AlertRuleName.slaAtRisk
        case .breach: AlertRuleName.slaBreached
        case .escalate: nil
        }
    }

    /// The resolution text of an alert withdrawn because a hold processed late (`since` before
    /// the threshold) puts the clock's net time back below the threshold.
    public static func withdrawnMessage(ticketId: String, deadline: SLAClock.Deadline, threshold: SLAClock.Threshold,
                                        since: Date, reason: String) -> String {
        "withdrawn: ticket \(ticketId) on hold since \(Timestamp.format(since)) (\(reason)), net \(deadline.rawValue) time "
            + "below the \(Int((threshold.fraction * 100).rounded())) % threshold"
    }

    /// Resolves both SLA alerts of a clock that stopped (met, or the ticket ended).
    public static func resolveBoth(ticketId: String, deadline: SLAClock.Deadline, message: String, origin: Int) -> [AlertIntent] {
        let subject = subject(ticketId: ticketId, deadline: deadline)
        return [.resolve(AlertRuleName.slaAtRisk, subject, message: message, origin: origin),
                .resolve(AlertRuleName.slaBreached, subject, message: message, origin: origin)]
    }

    /// The resolution text of a met deadline.
    public static func metMessage(ticketId: String, deadline: SLAClock.Deadline) -> String {
        "\(deadline.rawValue) deadline of \(ticketId) met"
    }

    /// The resolution text of a clock stopped by cancellation or closing.
    public static func endedMessage(ticketId: String, deadline: SLAClock.Deadline) -> String {
        "ticket \(ticketId) ended; \(deadline.rawValue) clock stopped"
    }
}
