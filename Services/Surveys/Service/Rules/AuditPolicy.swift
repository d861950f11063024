import Foundation
import Schema

/// One finding of a supervisor's audit: a checklist code and how serious it is (free text
/// on the wire; `AuditPolicy` reads the severity).
public struct AuditFinding: Codable, Equatable, Sendable {
    public var code: String
    public var severity: String

    public init(code: String, severity: String) {
        self.code = code
        self.severity = severity
    }
}

/// What an audit's verdict does (DESIGN.md: a failed audit opens a complaint).
public enum AuditPolicy {
    /// The audit of a ticket's n-th completion: `AUD-<ticket>-<n>`.
    public static func auditId(ticketId: String, completion: Int) -> String {
        "AUD-\(ticketId)-\(completion)"
    }

    /// The complaint a failed audit opens: `CMP-<auditId>` (never equal to a survey's `CMP-<ticket>-<n>`).
    public static func complaintId(forAudit auditId: String) -> String {
        "CMP-" + auditId
    }

    /// The complaint severity a finding's severity stands for: critical → critical; high or
    /// major → high; anything else (medium, minor, low, or a word outside this list) → normal.
    /// Case and surrounding blanks are ignored.
    public static func complaintSeverity(ofFinding severity: String) -> ComplaintSeverity {
        switch severity.trimmingCharacters(in: .whitespaces).lowercased() {
        case "critical": .critical
        case "high", "major": .high
        default: .normal
        }
    }

    /// The complaint of a failed audit: the most serious finding sets its severity (normal
    /// when there are none); the reason names the audit and its findings.
    public static func complaint(forFailedAudit auditId: String, findings: [AuditFinding],
                                 maxReasonLength: Int = 2_000) -> (severity: ComplaintSeverity, reason: String) {
        func rank(_ severity: ComplaintSeverity) -> Int {
            switch severity {
            case .normal: 0
            case .high: 1
            case .critical: 2
            }
        }
        let severity = findings.map { complaintSeverity(ofFinding: $0.severity) }.max { rank($0) < rank($1) } ?? .normal
        let head = "audit \(auditId) failed"
        guard !findings.isEmpty else { return (severity, head + " (no findings given)") }
        // As many findings as fit (lengths in Unicode scalars, as the schema counts them),
        // keeping room for "and N more".
        let reserve = " and \(findings.count) more".unicodeScalars.count
        var listed: [String] = []
        var length = head.unicodeScalars.count + 2
        for (index, finding) in findings.enumerated() {
            let item = "\(finding.code) (\(finding.severity))"
            let added = (listed.isEmpty ? 0 : 2) + item.unicodeScalars.count
            let last = index == findings.count - 1
            if length + added + (last ? 0 : reserve) > maxReasonLength { break }
            listed.append(item)
            length += added
        }
        let omitted = findings.count - listed.count
        let reason = head + ": " + listed.joined(separator: ", ") + (omitted > 0 ? " and \(omitted) more" : "")
        return (severity, reason)
    }

    /// What a supervisor's verdict does to the audit it names.
    public enum RecordDecision: Equatable, Sendable {
        /// The audit takes the verdict now.
        case record
        /// The same verdict was recorded before (a re-sent answer): nothing changes.
        case duplicate
        /// The verdict cannot be taken: dead-lettered with a reason a person can act on.
        case reject(reason: String)
    }

    /// The decision for a verdict on `auditId` of `ticketId`, given the stored audit (nil: unknown).
    public static func decide(auditId: String, ticketId: String, passed: Bool, findings: [AuditFinding],
                              stored: (ticketId: String, status: AuditStatus, findings: [AuditFinding])?) -> RecordDecision {
        guard let stored else { return .reject(reason: "unknown-audit: no audit \(auditId) was requested") }
        guard stored.ticketId == ticketId else {
            return .reject(reason: "audit-ticket-mismatch: audit \(auditId) is for ticket \(stored.ticketId), not \(ticketId)")
        }
        let verdict = AuditStatus.verdict(passed: passed)
        switch stored.status {
        case .requested:
            return .record
        case .passed, .failed:
            if stored.status == verdict && stored.findings == findings { return .duplicate }
            return .reject(reason: "audit-already-recorded: audit \(auditId) was recorded as \(stored.status.rawValue); a different verdict is not taken")
        }
    }
}

extension AuditStatus {
    /// The status a verdict leaves the audit in.
    public static func verdict(passed: Bool) -> AuditStatus { passed ? .passed : .failed }
}
