import Foundation

// MARK: Audits: only verdicts of requested audits count (issue 16)

extension AlertingFold {
    /// `audit.requested`: records the request (the first one of the audit wins) and releases
    /// the verdicts held for it: the first the request accepts counts now, the others are
    /// ignored, and none stays pending.
    mutating func auditRequested(_ request: AuditRequestFact, _ origin: Int) -> InputOutcome {
        guard state.auditRequests[request.auditId] == nil else { return .ignored }
        state.auditRequests[request.auditId] = request
        auditGate.newRequests.append(request)
        guard let pending = state.pendingVerdicts.removeValue(forKey: request.auditId), !pending.isEmpty else { return .applied }
        auditGate.releasedAuditIds.append(request.auditId)
        auditGate.newPending.removeAll { $0.audit.auditId == request.auditId }
        let release = AuditVerdictGate.release(pending, request: request,
                                               alreadyCounted: state.knownAuditIds.contains(request.auditId))
        for (verdict, reason) in release.ignored { ignoreVerdict(verdict.audit, reason) }
        if let verdict = release.counted { count(verdict.audit, origin) }
        return .applied
    }

    /// `audit.recorded`: counted when `AuditVerdictGate` accepts it, held when its audit has no
    /// request yet, else ignored (with the reason, for the log).
    mutating func auditRecorded(_ audit: AuditFact, eventId: String, _ origin: Int) -> InputOutcome {
        switch AuditVerdictGate.decide(audit, request: state.auditRequests[audit.auditId],
                                       alreadyCounted: state.knownAuditIds.contains(audit.auditId)) {
        case .count:
            count(audit, origin)
            return .applied
        case .hold:
            let verdict = PendingAuditVerdict(eventId: eventId, audit: audit, receivedAt: now)
            state.pendingVerdicts[audit.auditId, default: []].append(verdict)
            auditGate.newPending.append(verdict)
            return .applied
        case .ignore(let reason):
            ignoreVerdict(audit, reason)
            return .ignored
        }
    }

    /// A counted verdict: the audit fact (pass rates); a failed one raises `audit-failed` for
    /// its ticket and (re)starts the quiet period after which it resolves.
    private mutating func count(_ audit: AuditFact, _ origin: Int) {
        state.knownAuditIds.insert(audit.auditId)
        newAudits.append(audit)
        guard !audit.passed else { return }
        let findings = audit.findings.isEmpty ? "no findings given" : audit.findings.prefix(5).joined(separator: ", ")
        raise(AlertDraft(rule: AlertRuleName.auditFailed, subject: audit.ticketId, severity: .warning,
                         message: "ticket \(audit.ticketId): audit \(audit.auditId) failed (\(findings))",
                         tickets: [audit.ticketId], details: ["auditId": audit.auditId]), origin)
        schedule(.auditFailedQuiet, audit.ticketId, at: max(audit.recordedAt, now).addingTimeInterval(auditFailedQuietSeconds), origin)
    }

    private mutating func ignoreVerdict(_ audit: AuditFact, _ reason: String) {
        auditGate.ignored.append(IgnoredAuditVerdict(auditId: audit.auditId, ticketId: audit.ticketId, reason: reason))
    }
}
