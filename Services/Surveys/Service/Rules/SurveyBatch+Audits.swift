import Foundation
import Schema

// The audit part of the fold (DESIGN.md "Quality supervision"): sampling at completion and
// the supervisor's verdict.
extension SurveyBatch {
    /// Requests the audit of the ticket's latest completion when `AuditSampling` picks it
    /// (every safety-hazard ticket, and the configured share of the others).
    mutating func requestAuditIfSampled(_ ticket: SurveyTicketRow, work: WorkAttribution, emitted: inout [SurveyOutput]) {
        guard sampling.isSampled(ticketId: ticket.ticketId, safetyHazard: ticket.safetyHazard) else { return }
        let audit = AuditRow(
            auditId: AuditPolicy.auditId(ticketId: ticket.ticketId, completion: ticket.completions), ticketId: ticket.ticketId,
            sequence: ticket.completions, status: .requested, reason: ticket.safetyHazard ? .safetyHazard : .sampled,
            work: work, region: ticket.region, category: ticket.category, model: ticket.model, requestedAt: now)
        save(audit)
        emitted.append(.auditRequested(ticketId: ticket.ticketId, auditId: audit.auditId))
    }

    /// Records a supervisor's verdict; a failed audit opens a complaint whose severity comes
    /// from the findings.
    mutating func auditRecorded(ticketId: String, auditId: String, passed: Bool, findings: [AuditFinding],
                                        emitted: inout [SurveyOutput]) -> SurveyOutcome {
        let stored = audits[auditId]
        switch AuditPolicy.decide(auditId: auditId, ticketId: ticketId, passed: passed, findings: findings,
                                  stored: stored.map { ($0.ticketId, $0.status, $0.findings) }) {
        case .reject(let reason): return .deadLetter(reason: reason)
        case .duplicate: return .applied
        case .record: break
        }
        guard var audit = stored else { return .applied }
        audit.status = AuditStatus.verdict(passed: passed)
        audit.recordedAt = now
        audit.findings = findings
        if !passed {
            let complaint = AuditPolicy.complaint(forFailedAudit: auditId, findings: findings)
            let row = ComplaintRow(complaintId: AuditPolicy.complaintId(forAudit: auditId), ticketId: ticketId, surveyId: nil,
                                   auditId: auditId, severity: complaint.severity, reason: complaint.reason, status: .opened,
                                   openedAt: now)
            save(row)
            audit.complaintId = row.complaintId
            emitted.append(.complaintOpened(ComplaintOpened(ticketId: ticketId, complaintId: row.complaintId,
                                                            severity: row.severity, reason: row.reason)))
        }
        save(audit)
        return .applied
    }
}
