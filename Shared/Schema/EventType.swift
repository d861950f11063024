/// Every event `type` of the topic contract (DESIGN.md); the raw value is the wire string.
public enum EventType: String, CaseIterable, Sendable, Codable {
    // MARK: Inbound (produced outside the platform)
    case requestSubmitted = "request.submitted"
    case requestCancelled = "request.cancelled"
    case assignmentAccepted = "assignment.accepted"
    case assignmentDeclined = "assignment.declined"
    case visitScheduled = "visit.scheduled"
    case visitStarted = "visit.started"
    case diagnosisReported = "diagnosis.reported"
    case quoteApproved = "quote.approved"
    case quoteDeclined = "quote.declined"
    case workCompleted = "work.completed"
    case technicianUpserted = "technician.upserted"
    case partUpserted = "part.upserted"
    case warehouseUpserted = "warehouse.upserted"
    case stockReceived = "stock.received"
    case stockCounted = "stock.counted"
    case surveyAnswered = "survey.answered"
    /// Extension: an operator investigates a complaint (docs/contract-extensions.md).
    case complaintInvestigating = "complaint.investigating"
    /// Extension: an operator resolves a complaint (docs/contract-extensions.md).
    case complaintResolved = "complaint.resolved"
    // December 2026 additions (DESIGN.md "Additions")
    case visitFailed = "visit.failed"
    case assignmentReturned = "assignment.returned"
    case paymentRecorded = "payment.recorded"
    case remoteResolved = "remote.resolved"
    case remoteFailed = "remote.failed"
    case providerUpserted = "provider.upserted"
    case auditRecorded = "audit.recorded"

    // MARK: Produced by the platform
    case requestRejected = "request.rejected"
    case ticketOpened = "ticket.opened"
    case ticketAssigned = "ticket.assigned"
    case ticketUnassignable = "ticket.unassignable"
    case ticketAccepted = "ticket.accepted"
    case ticketScheduled = "ticket.scheduled"
    case ticketOnSite = "ticket.on-site"
    case ticketDiagnosed = "ticket.diagnosed"
    case ticketQuoted = "ticket.quoted"
    case ticketWaitingParts = "ticket.waiting-parts"
    case ticketCompleted = "ticket.completed"
    case ticketReopened = "ticket.reopened"
    case ticketCancelled = "ticket.cancelled"
    case ticketClosed = "ticket.closed"
    case partsRequested = "parts.requested"
    case partsReserved = "parts.reserved"
    case partsBackordered = "parts.backordered"
    case partsConsumed = "parts.consumed"
    case partsReleased = "parts.released"
    case stockLow = "stock.low"
    case reorderSuggested = "reorder.suggested"
    case surveyRequested = "survey.requested"
    case surveyCompleted = "survey.completed"
    case surveyExpired = "survey.expired"
    case complaintOpened = "complaint.opened"
    case alertRaised = "alert.raised"
    case alertEscalated = "alert.escalated"
    case alertResolved = "alert.resolved"
    case kpiSnapshot = "kpi.snapshot"
    case messageDeadLettered = "message.dead-lettered"
    // December 2026 additions (DESIGN.md "Additions")
    case ticketOnHold = "ticket.on-hold"
    case ticketResumed = "ticket.resumed"
    case ticketVisitFailed = "ticket.visit-failed"
    case ticketInvoiced = "ticket.invoiced"
    case ticketPaid = "ticket.paid"
    case compensationGranted = "compensation.granted"
    case auditRequested = "audit.requested"
    case settlementStatement = "settlement.statement"

    /// The one topic this type is published on.
    public var topic: Topic { Topic.topic(for: self) }

    /// The payload field whose value is this type's message key: the topic's `keyField`,
    /// except `warehouse.upserted` (`warehouseId`), `provider.upserted` and
    /// `settlement.statement` (`providerId`) and `compensation.granted` (`ticketId`).
    public var keyField: String {
        switch self {
        case .warehouseUpserted: "warehouseId"
        case .providerUpserted, .settlementStatement: "providerId"
        case .compensationGranted: "ticketId"
        default: topic.keyField
        }
    }

    /// True for the types produced by systems outside the platform.
    public var isInbound: Bool {
        switch topic.name {
        case Topic.requests.name, Topic.field.name, Topic.roster.name, Topic.stock.name, Topic.surveyResponses.name:
            return true
        default:
            return false
        }
    }
}
