import Foundation
import Schema
import ServiceRuntime

// MARK: Events and timers as inputs

extension AlertingHandler {
    /// The input an event stands for (nil for a type alerting does not act on); throws the
    /// payload's field-level validation failure. Fact times are the event's `occurredAt`.
    static func input(for event: InboundEvent) throws(ValidationFailure) -> AlertingInput? {
        let at = event.envelope.occurredAt
        switch event.eventType {
        case .ticketOpened:
            let t = try event.payload(as: TicketOpened.self)
            return .ticketOpened(TicketFact(ticketId: t.ticketId, openedAt: at, model: t.product.model,
                                            fault: t.fault.category.rawValue, hazard: t.fault.safetyHazard, repeatOf: t.repeatOf,
                                            respondBy: t.sla.respondBy, onSiteBy: t.sla.onSiteBy, resolveBy: t.sla.resolveBy,
                                            region: t.region, priority: t.priority, customerId: t.customerId,
                                            category: t.product.category.rawValue))
        case .ticketAssigned:
            let assigned = try event.payload(as: TicketAssigned.self)
            return .ticketAssigned(ticketId: assigned.ticketId, technicianId: assigned.technicianId, distanceKm: assigned.distanceKm)
        case .ticketAccepted:
            let accepted = try event.payload(as: TicketAccepted.self)
            return .deadlineMet(ticketId: accepted.ticketId, deadline: .respond, technicianId: accepted.technicianId, at: at)
        case .ticketOnSite:
            let onSite = try event.payload(as: TicketOnSite.self)
            return .deadlineMet(ticketId: onSite.ticketId, deadline: .onSite, technicianId: onSite.technicianId, at: at)
        case .ticketCompleted:
            let done = try event.payload(as: TicketCompleted.self)
            return .ticketCompleted(ticketId: done.ticketId, technicianId: done.technicianId, firstTimeFix: done.firstTimeFix, at: at,
                                    details: CompletionDetails(resolvedRemotely: done.resolvedRemotely ?? false,
                                                               partsUsed: done.partsUsed.map(\.quantity).reduce(0, +),
                                                               visit: done.visit))
        case .technicianUpserted:
            let technician = try event.payload(as: TechnicianUpserted.self)
            return .technicianUpserted(technicianId: technician.technicianId, providerId: technician.providerId)
        case .workCompleted:
            let work = try event.payload(as: WorkCompleted.self)
            let settleable = work.evidence?.isSettleable(partsUsed: work.partsUsed) ?? false
            return .workCompleted(ticketId: work.ticketId, status: settleable ? .settleable : .evidenceMissing, at: at)
        case .providerUpserted:
            let provider = try event.payload(as: ProviderUpserted.self)
            return .providerUpserted(providerId: provider.providerId, rates: provider.rates)
        case .auditRecorded:
            let audit = try event.payload(as: AuditRecorded.self)
            return .auditRecorded(AuditFact(auditId: audit.auditId, ticketId: audit.ticketId, passed: audit.passed,
                                            findings: audit.findings.map(\.code), recordedAt: at), eventId: event.envelope.id)
        case .auditRequested:
            let request = try event.payload(as: AuditRequested.self)
            return .auditRequested(AuditRequestFact(auditId: request.auditId, ticketId: request.ticketId, requestedAt: at))
        case .complaintResolved:
            let resolved = try event.payload(as: ComplaintResolved.self)
            return .complaintResolved(ticketId: resolved.ticketId, complaintId: resolved.complaintId)
        case .ticketCancelled:
            return .ticketEnded(ticketId: try event.payload(as: TicketCancelled.self).ticketId, at: at)
        case .ticketClosed:
            return .ticketEnded(ticketId: try event.payload(as: TicketClosed.self).ticketId, at: at)
        case .ticketUnassignable:
            let u = try event.payload(as: TicketUnassignable.self)
            return .ticketUnassignable(ticketId: u.ticketId, reason: u.reason, at: at)
        case .ticketOnHold:
            let hold = try event.payload(as: TicketOnHold.self)
            return .ticketOnHold(ticketId: hold.ticketId, reason: hold.reason.rawValue, since: hold.since)
        case .ticketResumed:
            // The hold ends at the event's time; `heldSeconds` is informational (held time is
            // computed from the recorded hold, so a replay never counts it twice).
            return .ticketResumed(ticketId: try event.payload(as: TicketResumed.self).ticketId, at: at)
        case .stockLow:
            let low = try event.payload(as: StockLow.self)
            return .stockLow(partNumber: low.partNumber, warehouseId: low.warehouseId, available: low.available,
                             reorderPoint: low.reorderPoint)
        case .partsReserved:
            let reserved = try event.payload(as: PartsReserved.self)
            return .partsAnswered(PartsFact(eventId: event.envelope.id, ticketId: reserved.ticketId,
                                            reserved: reserved.lines.map(\.quantity).reduce(0, +), backordered: 0, at: at))
        case .partsBackordered:
            let backordered = try event.payload(as: PartsBackordered.self)
            return .partsAnswered(PartsFact(eventId: event.envelope.id, ticketId: backordered.ticketId, reserved: 0,
                                            backordered: backordered.lines.map(\.quantity).reduce(0, +), at: at))
        case .surveyCompleted:
            let s = try event.payload(as: SurveyCompleted.self)
            return .surveyCompleted(SurveyFact(surveyId: s.surveyId, ticketId: s.ticketId, satisfied: s.satisfied,
                                               attitude: s.scores.attitude, efficiency: s.scores.efficiency,
                                               quality: s.scores.quality, completedAt: at))
        case .complaintOpened:
            let c = try event.payload(as: ComplaintOpened.self)
            return .complaintOpened(ComplaintFact(complaintId: c.complaintId, ticketId: c.ticketId, openedAt: at))
        case .requestRejected, .messageDeadLettered:
            // Only counted, but validated first: a malformed one is dead-lettered, not counted.
            if event.eventType == .requestRejected {
                _ = try event.payload(as: RequestRejected.self)
            } else {
                _ = try event.payload(as: MessageDeadLettered.self)
            }
            return .counted(CountedFact(eventId: event.envelope.id, eventType: event.envelope.type, at: at))
        default:
            return nil
        }
    }

    /// The input a due timer stands for; nil for a key that does not parse.
    static func input(for kind: TimerKind, key: String) -> AlertingInput? {
        switch kind {
        case .sla(let threshold):
            guard let (ticketId, deadline) = SLAClock.parse(key: key) else { return nil }
            return .slaThresholdDue(ticketId: ticketId, deadline: deadline, threshold: threshold)
        case .stockLowQuiet: return .stockQuietOver(subject: key)
        case .qualityRecheck: return .qualityRecheckDue(model: key)
        case .complaintRecheck: return .complaintRecheckDue
        case .auditFailedQuiet: return .auditQuietOver(ticketId: key)
        case .settlementMonth: return nil
        case .slaForecast:
            guard let (ticketId, deadline) = SLAClock.parse(key: key) else { return nil }
            return .forecastDue(ticketId: ticketId, deadline: deadline)
        case .kpiSnapshot: return nil
        }
    }
}
