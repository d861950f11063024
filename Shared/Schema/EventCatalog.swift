/// Maps every `EventType` to its payload struct, for code that handles any event
/// generically (the operator tool's rendering, dead-letter inspection).
public enum EventCatalog {
    /// The payload struct of a type.
    public static func payloadType(for type: EventType) -> any EventPayload.Type {
        switch type {
        case .requestSubmitted: RequestSubmitted.self
        case .requestCancelled: RequestCancelled.self
        case .assignmentAccepted: AssignmentAccepted.self
        case .assignmentDeclined: AssignmentDeclined.self
        case .visitScheduled: VisitScheduled.self
        case .visitStarted: VisitStarted.self
        case .diagnosisReported: DiagnosisReported.self
        case .quoteApproved: QuoteApproved.self
        case .quoteDeclined: QuoteDeclined.self
        case .workCompleted: WorkCompleted.self
        case .technicianUpserted: TechnicianUpserted.self
        case .partUpserted: PartUpserted.self
        case .warehouseUpserted: WarehouseUpserted.self
        case .stockReceived: StockReceived.self
        case .stockCounted: StockCounted.self
        case .surveyAnswered: SurveyAnswered.self
        case .complaintInvestigating: ComplaintInvestigating.self
        case .complaintResolved: ComplaintResolved.self
        case .requestRejected: RequestRejected.self
        case .ticketOpened: TicketOpened.self
        case .ticketAssigned: TicketAssigned.self
        case .ticketUnassignable: TicketUnassignable.self
        case .ticketAccepted: TicketAccepted.self
        case .ticketScheduled: TicketScheduled.self
        case .ticketOnSite: TicketOnSite.self
        case .ticketDiagnosed: TicketDiagnosed.self
        case .ticketQuoted: TicketQuoted.self
        case .ticketWaitingParts: TicketWaitingParts.self
        case .ticketCompleted: TicketCompleted.self
        case .ticketReopened: TicketReopened.self
        case .ticketCancelled: TicketCancelled.self
        case .ticketClosed: TicketClosed.self
        case .partsRequested: PartsRequested.self
        case .partsReserved: PartsReserved.self
        case .partsBackordered: PartsBackordered.self
        case .partsConsumed: PartsConsumed.self
        case .partsReleased: PartsReleased.self
        case .stockLow: StockLow.self
        case .reorderSuggested: ReorderSuggested.self
        case .surveyRequested: SurveyRequested.self
        case .surveyCompleted: SurveyCompleted.self
        case .surveyExpired: SurveyExpired.self
        case .complaintOpened: ComplaintOpened.self
        case .alertRaised: AlertRaised.self
        case .alertEscalated: AlertEscalated.self
        case .alertResolved: AlertResolved.self
        case .kpiSnapshot: KpiSnapshot.self
        case .messageDeadLettered: MessageDeadLettered.self
        case .visitFailed: VisitFailed.self
        case .assignmentReturned: AssignmentReturned.self
        case .paymentRecorded: PaymentRecorded.self
        case .remoteResolved: RemoteResolved.self
        case .remoteFailed: RemoteFailed.self
        case .providerUpserted: ProviderUpserted.self
        case .auditRecorded: AuditRecorded.self
        case .ticketOnHold: TicketOnHold.self
        case .ticketResumed: TicketResumed.self
        case .ticketVisitFailed: TicketVisitFailed.self
        case .ticketInvoiced: TicketInvoiced.self
        case .ticketPaid: TicketPaid.self
        case .compensationGranted: CompensationGranted.self
        case .auditRequested: AuditRequested.self
        case .settlementStatement: SettlementStatement.self
        }
    }

    /// Decodes and validates an envelope's payload with the struct its `type` names.
    /// An unknown type is a `ValidationFailure` on field "type" (code `unknown-value`).
    public static func payload(of envelope: Envelope) throws(ValidationFailure) -> any EventPayload {
        guard let type = envelope.eventType else {
            throw ValidationFailure(errors: [
                FieldError(field: "type", code: "unknown-value", message: "unknown event type \(envelope.type)")
            ])
        }
        return try open(payloadType(for: type), envelope)
    }

    /// The message key of a valid envelope's payload, or nil when it does not decode.
    public static func messageKey(of envelope: Envelope) -> String? {
        (try? payload(of: envelope))?.messageKey
    }

    private static func open<P: EventPayload>(_ type: P.Type, _ envelope: Envelope) throws(ValidationFailure) -> P {
        try envelope.payload(as: type)
    }
}
