import Foundation

/// An audit the surveys service requested (`audit.requested` on `aftersales.surveys`), as
/// alerting records it: only verdicts of these audits count (issue 16).
public struct AuditRequestFact: Sendable, Equatable {
    public var auditId: String
    public var ticketId: String
    /// The request's `occurredAt`.
    public var requestedAt: Date

    public init(auditId: String, ticketId: String, requestedAt: Date) {
        self.auditId = auditId
        self.ticketId = ticketId
        self.requestedAt = requestedAt
    }
}

/// A verdict (`audit.recorded`) that arrived before its audit's request, held until the
/// request arrives (the two topics are consumed independently and may reorder).
public struct PendingAuditVerdict: Sendable, Equatable {
    /// The verdict event's envelope id (a re-sent verdict is a second pending row).
    public var eventId: String
    public var audit: AuditFact
    /// When alerting received it (the runtime clock): pending rows expire `pendingRetention` later.
    public var receivedAt: Date

    public init(eventId: String, audit: AuditFact, receivedAt: Date) {
        self.eventId = eventId
        self.audit = audit
        self.receivedAt = receivedAt
    }
}

/// Decides, pure, whether a supervisor's verdict counts in the audit KPIs and may raise
/// `audit-failed`: only a verdict of an audit that surveys requested, for the same ticket,
/// given after the request, and the first such verdict of the audit. The same decisions as
/// surveys' `AuditPolicy` (which dead-letters the others), so both services count the same audits.
public enum AuditVerdictGate {
    /// How far a verdict's `occurredAt` may lie before its request's and still answer it (the
    /// supervisor's application and surveys stamp times with different clocks).
    public static let clockSkewTolerance: TimeInterval = 300
    /// How long a verdict without a request is held; after that it is dropped (surveys refused
    /// it as `unknown-audit`; a legitimate reordering lasts far less).
    public static let pendingRetention: TimeInterval = 7 * 86_400

    /// What to do with one verdict.
    public enum Decision: Sendable, Equatable {
        /// Count it: an audit fact, and `audit-failed` when it failed.
        case count
        /// No request yet: hold it until the request arrives.
        case hold
        /// Never count it; `reason` says why (`<code>: <text>`).
        case ignore(reason: String)
    }

    /// The decision for `verdict` given its audit's recorded request (nil: none yet) and whether
    /// a verdict of the audit was already counted.
    public static func decide(_ verdict: AuditFact, request: AuditRequestFact?, alreadyCounted: Bool) -> Decision {
        if alreadyCounted { return .ignore(reason: duplicate(verdict)) }
        guard let request else { return .hold }
        return refusal(of: verdict, for: request).map { .ignore(reason: $0) } ?? .count
    }

    /// What the arrival of an audit's request does to the verdicts held for it: the first
    /// (in arrival order) that the request accepts is counted, every other one is ignored; all
    /// are dropped from the pending verdicts.
    public static func release(_ pending: [PendingAuditVerdict], request: AuditRequestFact, alreadyCounted: Bool)
        -> (counted: PendingAuditVerdict?, ignored: [(verdict: PendingAuditVerdict, reason: String)]) {
        var counted: PendingAuditVerdict?
        var ignored: [(verdict: PendingAuditVerdict, reason: String)] = []
        for verdict in pending {
            if alreadyCounted || counted != nil {
                ignored.append((verdict, duplicate(verdict.audit)))
            } else if let reason = refusal(of: verdict.audit, for: request) {
                ignored.append((verdict, reason))
            } else {
                counted = verdict
            }
        }
        return (counted, ignored)
    }

    /// Why `request` does not accept `verdict` (nil: it does): another ticket, or given before
    /// the audit was requested (beyond the clock-skew tolerance), so no answer to it.
    static func refusal(of verdict: AuditFact, for request: AuditRequestFact) -> String? {
        guard request.ticketId == verdict.ticketId else {
            return "audit-ticket-mismatch: audit \(verdict.auditId) is for ticket \(request.ticketId), not \(verdict.ticketId)"
        }
        guard verdict.recordedAt >= request.requestedAt.addingTimeInterval(-clockSkewTolerance) else {
            return "verdict-before-request: the verdict on audit \(verdict.auditId) was given before the audit was requested"
        }
        return nil
    }

    private static func duplicate(_ verdict: AuditFact) -> String {
        "audit-already-counted: a verdict of audit \(verdict.auditId) was counted before"
    }

    /// The moment before which pending verdicts (received then) are dropped.
    public static func pendingCutoff(now: Date) -> Date { now.addingTimeInterval(-pendingRetention) }
}

/// A verdict the gate refused, for the log (identifiers and the reason only).
public struct IgnoredAuditVerdict: Sendable, Equatable {
    public var auditId: String
    public var ticketId: String
    public var reason: String
}

/// What the batch's audit requests and verdicts change besides the audit facts: new requests,
/// verdicts newly held, audits whose held verdicts the batch released, refused verdicts.
public struct AuditGateChanges: Sendable, Equatable {
    public internal(set) var newRequests: [AuditRequestFact] = []
    /// Verdicts held by this batch and still pending at its end.
    public internal(set) var newPending: [PendingAuditVerdict] = []
    /// Audits whose recorded pending verdicts are to be dropped (their request arrived).
    public internal(set) var releasedAuditIds: [String] = []
    public internal(set) var ignored: [IgnoredAuditVerdict] = []

    public init() {}
}
