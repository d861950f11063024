import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Dispatch's business logic (DESIGN.md, dispatch row): keeps the roster, offers each
/// opened ticket to the best technician, follows the field work through the ticket state
/// machine, asks inventory for parts, and closes tickets after quotes and surveys.
public struct DispatchHandler: EventHandler {
    public let settings: DispatchSettings

    /// Timer kind of the acceptance deadline; key `<ticketId>#<attempt>`.
    public static let acceptanceTimer = "acceptance-timeout"

    public init(settings: DispatchSettings = DispatchSettings()) {
        self.settings = settings
    }

    public init(config: ServiceConfig) throws {
        self.init(settings: try DispatchSettings(config: config))
    }

    public var subscriptions: [Topic] { [.tickets, .field, .roster, .parts, .surveys] }

    public static func timerKey(ticketId: String, attempt: Int) -> String { "\(ticketId)#\(attempt)" }

    // MARK: Routing

    public func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        switch event.eventType {
        case .technicianUpserted:
            try DispatchStore.upsertTechnician(try event.payload(as: TechnicianUpserted.self), now: context.now, on: context.db)
            return .applied
        case .ticketOpened: return try opened(try event.payload(as: TicketOpened.self), event, context)
        case .ticketCancelled: return try cancelled(try event.payload(as: TicketCancelled.self), event, context)
        case .assignmentAccepted:
            let p = try event.payload(as: AssignmentAccepted.self)
            return try field(p.ticketId, technicianId: p.technicianId, .accept, event, context) { ticket, _ in
                try context.cancelTimer(kind: Self.acceptanceTimer, key: Self.timerKey(ticketId: ticket.ticketId, attempt: ticket.attempt))
                try context.emit(TicketAccepted(ticketId: ticket.ticketId, technicianId: p.technicianId), cause: event.cause)
            }
        case .assignmentDeclined:
            let p = try event.payload(as: AssignmentDeclined.self)
            return try field(p.ticketId, technicianId: p.technicianId, .decline, event, context, save: false) { ticket, _ in
                try reassignAfterRefusal(&ticket, cause: event.cause, context: context)
            }
        case .visitScheduled:
            let p = try event.payload(as: VisitScheduled.self)
            return try field(p.ticketId, technicianId: p.technicianId, .schedule, event, context) { ticket, _ in
                try context.emit(TicketScheduled(ticketId: ticket.ticketId, technicianId: p.technicianId), cause: event.cause)
            }
        case .visitStarted:
            let p = try event.payload(as: VisitStarted.self)
            return try field(p.ticketId, technicianId: p.technicianId, .start, event, context) { ticket, _ in
                ticket.visits += 1
                try context.emit(TicketOnSite(ticketId: ticket.ticketId, technicianId: p.technicianId), cause: event.cause)
            }
        case .diagnosisReported:
            let p = try event.payload(as: DiagnosisReported.self)
            return try field(p.ticketId, technicianId: p.technicianId, .diagnose, event, context) { ticket, _ in
                try diagnosed(&ticket, p, cause: event.cause, context: context)
            }
        case .quoteApproved:
            let p = try event.payload(as: QuoteApproved.self)
            return try field(p.ticketId, technicianId: nil, .approveQuote, event, context) { ticket, _ in
                try DispatchStore.recordQuoteApproved(ticketId: ticket.ticketId, now: context.now, on: context.db)
            }
        case .quoteDeclined:
            let p = try event.payload(as: QuoteDeclined.self)
            return try field(p.ticketId, technicianId: nil, .declineQuote, event, context) { ticket, _ in
                try context.emit(TicketClosed(ticketId: ticket.ticketId, reason: "quote-declined"), cause: event.cause)
                try releaseParts(&ticket, cause: event.cause, context: context)
            }
        case .workCompleted:
            let p = try event.payload(as: WorkCompleted.self)
            return try field(p.ticketId, technicianId: p.technicianId, .complete, event, context) { ticket, _ in
                let firstTimeFix = FirstTimeFix.evaluate(resolved: p.resolved, visits: ticket.visits,
                                                         waitedForParts: ticket.waitedForParts, reopened: ticket.reopened)
                try context.emit(TicketCompleted(ticketId: ticket.ticketId, technicianId: p.technicianId, resolved: p.resolved,
                                                 firstTimeFix: firstTimeFix, partsUsed: p.partsUsed), cause: event.cause)
                if !p.partsUsed.isEmpty {
                    try context.emit(PartsConsumed(ticketId: ticket.ticketId, lines: p.partsUsed), cause: event.cause)
                }
            }
        case .partsBackordered: return try backordered(try event.payload(as: PartsBackordered.self), event, context)
        case .partsReserved: return try reserved(try event.payload(as: PartsReserved.self), event, context)
        case .complaintOpened: return try complaint(try event.payload(as: ComplaintOpened.self), event, context)
        case .surveyCompleted:
            let p = try event.payload(as: SurveyCompleted.self)
            guard p.satisfied else { return .ignored }  // a complaint follows when the customer is unhappy
            return try closeAfterSurvey(p.ticketId, .closeSatisfied, reason: "survey-satisfied", event, context)
        case .surveyExpired:
            let p = try event.payload(as: SurveyExpired.self)
            return try closeAfterSurvey(p.ticketId, .closeExpired, reason: "survey-expired", event, context)
        default:
            // Our own outputs (ticket.assigned …, parts.requested/consumed/released) and
            // types dispatch does not act on (survey.requested).
            return .ignored
        }
    }

    // MARK: Timers

    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        guard timer.kind == Self.acceptanceTimer, let hash = timer.key.lastIndex(of: "#"),
              let attempt = Int(timer.key[timer.key.index(after: hash)...]) else { return }
        let ticketId = String(timer.key[..<hash])
        guard var ticket = try DispatchStore.find(ticketId: ticketId, on: context.db),
              ticket.state == .assigned, ticket.attempt == attempt else { return }  // answered meanwhile
        try reassignAfterRefusal(&ticket, cause: timer.cause, context: context)
    }

    // MARK: Tickets from intake

    private func opened(_ p: TicketOpened, _ event: InboundEvent, _ context: HandlerContext) throws -> HandlingResult {
        guard try DispatchStore.insertTicket(p, now: context.now, on: context.db),
              var ticket = try DispatchStore.find(ticketId: p.ticketId, on: context.db) else { return .ignored }
        try offer(&ticket, excluding: [], cause: event.cause, context: context)
        return .applied
    }

    private func cancelled(_ p: TicketCancelled, _ event: InboundEvent, _ context: HandlerContext) throws -> HandlingResult {
        guard var ticket = try DispatchStore.find(ticketId: p.ticketId, on: context.db),
              case .success(let next) = TicketStateMachine.next(from: ticket.state, on: .cancel) else { return .ignored }
        if ticket.state == .assigned {
            try context.cancelTimer(kind: Self.acceptanceTimer, key: Self.timerKey(ticketId: ticket.ticketId, attempt: ticket.attempt))
        }
        ticket.state = next
        try releaseParts(&ticket, cause: event.cause, context: context)
        try DispatchStore.save(ticket, reason: p.reason, now: context.now, on: context.db)
        return .applied
    }

    // MARK: Field events

    /// Checks the ticket, the reporting technician and the transition; applies `body` and
    /// saves the new state, or dead-letters the event without changing anything.
    private func field(_ ticketId: String, technicianId: String?, _ trigger: TicketTrigger, _ event: InboundEvent,
                       _ context: HandlerContext, save: Bool = true,
                       _ body: (inout TicketRow, TicketState) throws -> Void) throws -> HandlingResult {
        guard var ticket = try DispatchStore.find(ticketId: ticketId, on: context.db) else {
            return .deadLetter(reason: "ticketId: unknown ticket \(ticketId)")
        }
        if let technicianId, ticket.technicianId != technicianId, ticket.state.holdsCapacity {
            return .deadLetter(reason: "technicianId: \(technicianId) is not the technician assigned to ticket \(ticketId)"
                + " (\(ticket.technicianId ?? "none")); \(trigger.rawValue) not applied")
        }
        let next: TicketState
        switch TicketStateMachine.next(from: ticket.state, on: trigger) {
        case .success(let state): next = state
        case .failure(let rejection): return .deadLetter(reason: "state: ticket \(ticketId): \(rejection)")
        }
        if save {
            ticket.state = next
            try body(&ticket, next)
            try DispatchStore.save(ticket, now: context.now, on: context.db)
        } else {
            try body(&ticket, next)
        }
        return .applied
    }

    private func diagnosed(_ ticket: inout TicketRow, _ p: DiagnosisReported, cause: EventCause, context: HandlerContext) throws {
        try context.emit(TicketDiagnosed(ticketId: ticket.ticketId, technicianId: p.technicianId), cause: cause)
        if !p.parts.isEmpty {
            ticket.requestedParts += p.parts
            try context.emit(PartsRequested(ticketId: ticket.ticketId, technicianId: p.technicianId, region: ticket.region,
                                            location: ticket.location, lines: p.parts), cause: cause)
        }
        if ticket.warrantyStatus == WarrantyStatus.outOfWarranty.rawValue,
           case .success(let quoted) = TicketStateMachine.next(from: ticket.state, on: .quote) {
            ticket.state = quoted
            try context.emit(TicketQuoted(ticketId: ticket.ticketId, technicianId: p.technicianId), cause: cause)
        }
    }

    private func releaseParts(_ ticket: inout TicketRow, cause: EventCause, context: HandlerContext) throws {
        guard !ticket.requestedParts.isEmpty else { return }
        try context.emit(PartsReleased(ticketId: ticket.ticketId, lines: ticket.requestedParts), cause: cause)
        ticket.requestedParts = []
    }

    // MARK: Parts from inventory (races are normal here: what does not fit is ignored)

    private func backordered(_ p: PartsBackordered, _ event: InboundEvent, _ context: HandlerContext) throws -> HandlingResult {
        guard var ticket = try DispatchStore.find(ticketId: p.ticketId, on: context.db),
              case .success(let next) = TicketStateMachine.next(from: ticket.state, on: .backorder),
              let technicianId = ticket.technicianId else { return .ignored }
        ticket.state = next
        ticket.waitedForParts = true
        try context.emit(TicketWaitingParts(ticketId: ticket.ticketId, technicianId: technicianId), cause: event.cause)
        try DispatchStore.save(ticket, now: context.now, on: context.db)
        return .applied
    }

    private func reserved(_ p: PartsReserved, _ event: InboundEvent, _ context: HandlerContext) throws -> HandlingResult {
        guard var ticket = try DispatchStore.find(ticketId: p.ticketId, on: context.db) else { return .ignored }
        try DispatchStore.recordReserved(ticketId: p.ticketId, lines: p.lines, now: context.now, on: context.db)
        guard ticket.state == .waitingParts, let technicianId = ticket.technicianId,
              case .success(let next) = TicketStateMachine.next(from: ticket.state, on: .reserve) else { return .applied }
        ticket.state = next
        try context.emit(TicketScheduled(ticketId: ticket.ticketId, technicianId: technicianId), cause: event.cause)
        try DispatchStore.save(ticket, now: context.now, on: context.db)
        return .applied
    }

    // MARK: Surveys

    private func complaint(_ p: ComplaintOpened, _ event: InboundEvent, _ context: HandlerContext) throws -> HandlingResult {
        guard var ticket = try DispatchStore.find(ticketId: p.ticketId, on: context.db),
              case .success = TicketStateMachine.next(from: ticket.state, on: .reopen) else { return .ignored }
        try context.emit(TicketReopened(ticketId: ticket.ticketId, reason: p.reason), cause: event.cause)
        ticket.reopened = true
        ticket.tried = []
        let previous = ticket.technicianId
        ticket.technicianId = nil
        try offer(&ticket, excluding: Set([previous].compactMap { $0 }), fallBackToExcluded: true,
                  cause: event.cause, context: context)
        return .applied
    }

    private func closeAfterSurvey(_ ticketId: String, _ trigger: TicketTrigger, reason: String, _ event: InboundEvent,
                                  _ context: HandlerContext) throws -> HandlingResult {
        guard var ticket = try DispatchStore.find(ticketId: ticketId, on: context.db),
              case .success(let next) = TicketStateMachine.next(from: ticket.state, on: trigger) else { return .ignored }
        ticket.state = next
        try context.emit(TicketClosed(ticketId: ticketId, reason: reason), cause: event.cause)
        try DispatchStore.save(ticket, reason: reason, now: context.now, on: context.db)
        return .applied
    }

    // MARK: Assignment

    /// A decline or an acceptance timeout: the next candidate, never one who was offered
    /// the ticket before, or `candidates-exhausted`.
    private func reassignAfterRefusal(_ ticket: inout TicketRow, cause: EventCause, context: HandlerContext) throws {
        try context.cancelTimer(kind: Self.acceptanceTimer, key: Self.timerKey(ticketId: ticket.ticketId, attempt: ticket.attempt))
        if let previous = ticket.technicianId, !ticket.tried.contains(previous) { ticket.tried.append(previous) }
        ticket.technicianId = nil
        try offer(&ticket, excluding: Set(ticket.tried), exhaustedWhenNone: true, cause: cause, context: context)
    }

    /// Ranks the candidates with their load on today's service day (UTC date of
    /// `context.now`), locks the best one's row and re-counts their load (another instance
    /// may have assigned them meanwhile), then assigns — the ticket's assignment day becomes
    /// today — or marks the ticket unassignable. Saves the ticket.
    private func offer(_ ticket: inout TicketRow, excluding excluded: Set<String>, exhaustedWhenNone: Bool = false,
                       fallBackToExcluded: Bool = false, cause: EventCause, context: HandlerContext) throws {
        let day = DispatchStore.serviceDay(context.now)
        var profiles = try DispatchStore.skilledTechnicians(category: ticket.category, day: day, on: context.db)
        let ranking = settings.scoring
        var outcome = ranking.rank(ticket.site, technicians: profiles, excluding: excluded)
        if fallBackToExcluded, outcome.best == nil {
            outcome = ranking.rank(ticket.site, technicians: profiles)
        }
        var chosen: CandidateScoring.Candidate?
        var rounds = 0
        while let best = outcome.best, chosen == nil, rounds <= profiles.count + 1 {
            rounds += 1
            let load = try DispatchStore.lockAndCountLoad(technicianId: best.technicianId, day: day, on: context.db)
            if let load, load < best.loadLimit {
                chosen = best
            } else if let index = profiles.firstIndex(where: { $0.technicianId == best.technicianId }) {
                if let load { profiles[index].load = load } else { profiles.remove(at: index) }
                outcome = ranking.rank(ticket.site, technicians: profiles, excluding: excluded)
                if fallBackToExcluded, outcome.best == nil { outcome = ranking.rank(ticket.site, technicians: profiles) }
            } else {
                break
            }
        }
        if let chosen {
            ticket.state = .assigned
            ticket.technicianId = chosen.technicianId
            ticket.attempt += 1
            try context.emit(TicketAssigned(ticketId: ticket.ticketId, technicianId: chosen.technicianId,
                                            distanceKm: (chosen.distanceKm * 1000).rounded() / 1000, attempt: ticket.attempt),
                             cause: cause)
            try context.schedule(timer: Self.acceptanceTimer, key: Self.timerKey(ticketId: ticket.ticketId, attempt: ticket.attempt),
                                 at: context.now.addingTimeInterval(settings.acceptTimeoutSeconds), cause: cause)
            try DispatchStore.save(ticket, distanceKm: chosen.distanceKm, assignedOn: day, now: context.now, on: context.db)
        } else {
            var reason: UnassignableReason = .noCapacity
            if case .unassignable(let r) = outcome { reason = r }
            if exhaustedWhenNone { reason = .candidatesExhausted }
            ticket.state = .unassignable
            ticket.technicianId = nil
            try context.emit(TicketUnassignable(ticketId: ticket.ticketId, reason: reason.rawValue), cause: cause)
            try DispatchStore.save(ticket, reason: reason.rawValue, now: context.now, on: context.db)
        }
    }
}
