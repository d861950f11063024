import Foundation

// The typed rows of the audit tables and who did the work. Status columns are enums.

/// The values of `audits.status`: requested until the supervisor's verdict, then passed or
/// failed (`AuditPolicy` decides, in Rules/).
public enum AuditStatus: String, Sendable, CaseIterable {
    case requested, passed, failed
}

/// The values of `audits.reason`: why a completed ticket was picked for an audit.
public enum AuditReason: String, Sendable, CaseIterable {
    /// Every safety-hazard ticket is audited.
    case safetyHazard = "safety-hazard"
    /// The ticket fell within the configured share (`AuditSampling`).
    case sampled
}

/// Who did the work of a completion, as the report attributes it: the technician and the
/// provider the roster knew for them at the time (`survey_technicians`).
public struct WorkAttribution: Equatable, Sendable {
    /// nil for a remote resolution (no technician).
    public var technicianId: String?
    /// The technician's provider at completion; nil for the brand's own staff or when the
    /// roster did not know the technician yet (`rosterKnown` tells which).
    public var providerId: String?
    /// Whether `technician.upserted` had been seen for the technician at completion.
    public var rosterKnown: Bool
    /// True for `ticket.completed` with `resolvedRemotely`.
    public var resolvedRemotely: Bool

    public init(technicianId: String?, providerId: String? = nil, rosterKnown: Bool = false, resolvedRemotely: Bool = false) {
        self.technicianId = technicianId
        self.providerId = providerId
        self.rosterKnown = rosterKnown
        self.resolvedRemotely = resolvedRemotely
    }
}

/// One `survey_technicians` row: a technician's provider from `technician.upserted`.
public struct TechnicianRow: Equatable, Sendable {
    public var technicianId: String
    /// nil for the brand's own staff.
    public var providerId: String?

    public init(technicianId: String, providerId: String?) {
        self.technicianId = technicianId
        self.providerId = providerId
    }
}

/// One `audits` row: a supervisor's call-back of one completion of a ticket, with who did
/// the work and the ticket's facts at completion (for the report).
public struct AuditRow: Equatable, Sendable {
    public var auditId: String
    public var ticketId: String
    /// Which completion of the ticket it audits.
    public var sequence: Int
    public var status: AuditStatus
    public var reason: AuditReason
    public var work: WorkAttribution
    public var region: String?
    public var category: String?
    public var model: String?
    public var requestedAt: Date
    public var recordedAt: Date?
    public var findings: [AuditFinding]
    /// The complaint a failed audit opened.
    public var complaintId: String?

    public init(auditId: String, ticketId: String, sequence: Int, status: AuditStatus, reason: AuditReason,
                work: WorkAttribution, region: String?, category: String?, model: String?, requestedAt: Date,
                recordedAt: Date? = nil, findings: [AuditFinding] = [], complaintId: String? = nil) {
        self.auditId = auditId
        self.ticketId = ticketId
        self.sequence = sequence
        self.status = status
        self.reason = reason
        self.work = work
        self.region = region
        self.category = category
        self.model = model
        self.requestedAt = requestedAt
        self.recordedAt = recordedAt
        self.findings = findings
        self.complaintId = complaintId
    }
}
