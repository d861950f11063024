import Foundation

/// The surveys service picked a completed ticket for a supervisor's call-back
/// (DESIGN.md "Quality supervision").
public struct AuditRequested: EventPayload, Hashable {
    public static let eventType = EventType.auditRequested
    public static let topic = Topic.surveys

    /// The ticket this is about.
    public var ticketId: String
    public var auditId: String

    public init(ticketId: String, auditId: String) {
        self.ticketId = ticketId
        self.auditId = auditId
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(auditId, "auditId")
        return checks.errors
    }
}

/// The supervisor's verdict; a failed audit opens a complaint and raises `audit-failed`.
public struct AuditRecorded: EventPayload, Hashable {
    public static let eventType = EventType.auditRecorded
    public static let topic = Topic.surveyResponses

    /// The ticket this is about.
    public var ticketId: String
    public var auditId: String
    public var passed: Bool
    /// What the supervisor found (may be empty; at most 100).
    public var findings: [Finding]

    public init(ticketId: String, auditId: String, passed: Bool, findings: [Finding]) {
        self.ticketId = ticketId
        self.auditId = auditId
        self.passed = passed
        self.findings = findings
    }

    public var messageKey: String { ticketId }

    /// One finding: a code from the supervisor's checklist and how serious it is.
    public struct Finding: Codable, Sendable, Hashable {
        public var code: String
        public var severity: String

        public init(code: String, severity: String) {
            self.code = code
            self.severity = severity
        }
    }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(auditId, "auditId")
        checks.maxCount(findings.count, SchemaLimits.maxListCount, "findings")
        for (index, finding) in findings.prefix(SchemaLimits.maxListCount).enumerated() {
            checks.name(finding.code, "findings[\(index)].code")
            checks.name(finding.severity, "findings[\(index)].severity")
        }
        return checks.errors
    }
}
