import Foundation
import Schema
import ServiceRuntime

/// Applies a batch's commands in order, in memory, over the tickets the batch loaded and the
/// technicians read so far (`CandidatePool`), with the pure rules (`TicketStateMachine`,
/// `VisitProgress`, `TicketHold`, `CandidateScoring`, `SearchCoverage`, `ServiceDay`,
/// `FirstTimeFix`; `QuoteConsent`, `Invoicing`, `PaymentCheck` in `BatchFold+Money`). No I/O:
/// it produces the tickets to write, the roster to write, the load-counter deltas, the prices
/// and invoice accounts to write, the ordered effects (events, timers) and what it lacked (`needs`).
/// When `needs` is not empty the handler reads that and folds again from the start; the last
/// fold's outputs are the ones written.
///
/// Several commands for the same ticket in one batch are normal (opened, then accepted …):
/// each sees the state the previous ones left. A command that is dead-lettered changes nothing.
struct BatchFold {
    let settings: DispatchSettings
    let now: Date
    let pool: CandidatePool

    /// Every ticket of the batch, as the commands so far left it.
    private(set) var tickets: [String: TicketRow]
    /// Tickets changed (to be written).
    private(set) var changed: Set<String> = []
    /// Roster updates of the batch: the latest per technician.
    private(set) var rosterWrites: [String: TechnicianUpserted] = [:]
    /// Per technician-day: offers made minus offers given up, over the batch.
    private(set) var loadDeltas: [LoadSlot: Int] = [:]
    var effects: [FoldEffect] = []
    var needs = PoolNeeds()
    /// Prices and invoice accounts (`BatchFold+Money`).
    var money: MoneyLedger

    /// The batch's roster updates applied so far, over the database state.
    private var overlay: [String: TechnicianProfile] = [:]
    /// Technicians updated so far in this batch, in order (always candidates).
    private var updatedTechnicians: [String] = []
    /// Technicians a ticket of this batch left so far, in order (always candidates: the
    /// nearest-first search may have skipped them as full).
    private var freedTechnicians: [String] = []
    private var days: [String: String] = [:]

    init(settings: DispatchSettings, now: Date, pool: CandidatePool, tickets: [String: TicketRow],
         money: MoneyLedger = MoneyLedger()) {
        self.settings = settings
        self.now = now
        self.pool = pool
        self.tickets = tickets
        self.money = money
    }

    /// The tickets to write.
    var changedTickets: [TicketRow] { changed.sorted().compactMap { tickets[$0] } }

    // MARK: Routing

    mutating func apply(_ command: DispatchCommand, cause: EventCause) -> HandlingResult {
        switch command {
        case .roster(let p): return roster(p, cause)
        case .opened(let p, let occurredAt): return opened(p, occurredAt: occurredAt, cause)
        case .cancelled(let p): return cancelled(p, cause)
        case .accepted(let p):
            return field(p.ticketId, technicianId: p.technicianId, .accept) { fold, ticket in
                fold.effects.append(.cancelAcceptance(key: AcceptanceTimer.key(ticketId: ticket.ticketId, attempt: ticket.attempt)))
                fold.emit(TicketAccepted(ticketId: ticket.ticketId, technicianId: p.technicianId), cause)
            }
        case .declined(let p):
            return field(p.ticketId, technicianId: p.technicianId, .decline, keepState: true) { fold, ticket in
                fold.reassign(&ticket, cause: cause)
            }
        case .returned(let p):
            return field(p.ticketId, technicianId: p.technicianId, .returnAssignment, keepState: true) { fold, ticket in
                fold.reassign(&ticket, cause: cause)
            }
        case .scheduled(let p): return scheduled(p, cause)
        case .started(let p): return started(p, cause)
        case .failed(let p): return failed(p, cause)
        case .diagnosed(let p):
            return field(p.ticketId, technicianId: p.technicianId, .diagnose,
                         check: { fold, ticket in fold.diagnosisRefusal(ticket, p) }) { fold, ticket in
                fold.diagnosed(&ticket, p, cause)
            }
        case .quoteApproved(let p):
            return field(p.ticketId, technicianId: nil, .approveQuote, check: Self.quoteRefusal(.approved)) { _, ticket in
                Self.answer(.approved, on: &ticket)
            }
        case .quoteDeclined(let p):
            return field(p.ticketId, technicianId: nil, .declineQuote, check: Self.quoteRefusal(.declined)) { fold, ticket in
                Self.answer(.declined, on: &ticket)
                fold.emit(TicketClosed(ticketId: ticket.ticketId, reason: "quote-declined"), cause)
                fold.releaseParts(&ticket, cause)
                fold.endHold(&ticket, .closed, cause)
            }
        case .completed(let p):
            return field(p.ticketId, technicianId: p.technicianId, .complete,
                         check: { fold, ticket in fold.completionRefusal(ticket, p) }) { fold, ticket in
                let visit = max(1, ticket.visit.number)
                let firstTimeFix = FirstTimeFix.evaluate(resolved: p.resolved, visits: visit,
                                                         waitedForParts: ticket.waitedForParts, reopened: ticket.reopened)
                fold.endHold(&ticket, .closed, cause)
                let completed = TicketCompleted(ticketId: ticket.ticketId, technicianId: p.technicianId, resolved: p.resolved,
                                                firstTimeFix: firstTimeFix, partsUsed: p.partsUsed, visit: visit)
                fold.emit(completed, cause)
                fold.invoice(after: completed, ticket: &ticket, remote: false, cause: cause)
                if !p.partsUsed.isEmpty { fold.emit(PartsConsumed(ticketId: ticket.ticketId, lines: p.partsUsed), cause) }
            }
        case .backordered(let p): return backordered(p, cause)
        case .reserved(let p): return reserved(p, cause)
        case .complaint(let p): return complaint(p, cause)
        case .surveyCompleted(let p):
            guard p.satisfied else { return .ignored }  // a complaint follows when the customer is unhappy
            return closeAfterSurvey(p.ticketId, .closeSatisfied, reason: "survey-satisfied", cause)
        case .surveyExpired(let p):
            return closeAfterSurvey(p.ticketId, .closeExpired, reason: "survey-expired", cause)
        case .partPrice(let p): return priced(p)
        case .payment(let p): return payment(p, cause)
        case .acceptanceTimeout(let ticketId, let attempt):
            guard var ticket = tickets[ticketId], ticket.state == .assigned, ticket.attempt == attempt else {
                return .ignored  // answered meanwhile
            }
            reassign(&ticket, cause: cause)
            commit(ticket)
            return .applied
        case .remoteResolved(let p): return remote(p.ticketId, .resolved, cause)
        case .remoteFailed(let p): return remote(p.ticketId, .failed, cause)
        case .remoteWindowEnded(let ticketId): return remote(ticketId, .windowEnded, cause)
        }
    }

    // MARK: Roster

    /// Records the update; a technician who is (now) inactive gives back every ticket they
    /// hold that is offered or accepted but not being worked on site: each goes to the next
    /// candidate (never them), or becomes unassignable.
    private mutating func roster(_ p: TechnicianUpserted, _ cause: EventCause) -> HandlingResult {
        overlay[p.technicianId] = TechnicianProfile(technicianId: p.technicianId, skills: Set(p.skills), region: p.region,
                                                    location: p.location, dailyCapacity: p.dailyCapacity, active: p.active,
                                                    certificates: CertificateSet(p.certifications))
        if rosterWrites[p.technicianId] == nil { updatedTechnicians.append(p.technicianId) }
        rosterWrites[p.technicianId] = p
        guard !p.active else { return .applied }
        let held = tickets.values.filter {
            $0.technicianId == p.technicianId && TicketState.reassignable.contains($0.state)
        }.map(\.ticketId).sorted()
        for ticketId in held {
            guard var ticket = tickets[ticketId],
                  case .success = TicketStateMachine.next(from: ticket.state, on: .deactivate) else { continue }
            reassign(&ticket, cause: cause)
            commit(ticket)
        }
        return .applied
    }

    // MARK: Tickets from intake

    private mutating func opened(_ p: TicketOpened, occurredAt: Date, _ cause: EventCause) -> HandlingResult {
        guard tickets[p.ticketId] == nil else { return .ignored }  // the same ticket again
        var ticket = TicketRow(opened: p, now: now)
        if !holdForRemote(&ticket, p, occurredAt: occurredAt, cause) { offer(&ticket, excluding: [], cause: cause) }
        commit(ticket)
        return .applied
    }

    private mutating func cancelled(_ p: TicketCancelled, _ cause: EventCause) -> HandlingResult {
        guard var ticket = tickets[p.ticketId],
              case .success(let next) = TicketStateMachine.next(from: ticket.state, on: .cancel) else { return .ignored }
        if ticket.state == .assigned {
            effects.append(.cancelAcceptance(key: AcceptanceTimer.key(ticketId: ticket.ticketId, attempt: ticket.attempt)))
        }
        if ticket.state == .heldForRemote { effects.append(.cancelTimer(kind: RemoteWindow.timerKind, key: ticket.ticketId)) }
        ticket.state = next
        releaseParts(&ticket, cause)
        endHold(&ticket, .cancelled, cause)
        ticket.reason = p.reason
        commit(ticket)
        return .applied
    }

    // MARK: Field events

    /// Checks the ticket, the reporting technician and the transition (and `check`, a
    /// further reason to refuse); applies `body` and keeps the result, or dead-letters the
    /// event without changing anything. With `keepState`, `body` decides the state itself
    /// (a decline or a return offers the ticket again).
    mutating func field(_ ticketId: String, technicianId: String?, _ trigger: TicketTrigger, keepState: Bool = false,
                        check: (inout BatchFold, TicketRow) -> String? = { _, _ in nil },
                        _ body: (inout BatchFold, inout TicketRow) -> Void) -> HandlingResult {
        guard var ticket = tickets[ticketId] else {
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
        if let refusal = check(&self, ticket) { return .deadLetter(reason: refusal) }
        if !keepState { ticket.state = next }
        body(&self, &ticket)
        commit(ticket)
        return .applied
    }

    private mutating func diagnosed(_ ticket: inout TicketRow, _ p: DiagnosisReported, _ cause: EventCause) {
        emit(TicketDiagnosed(ticketId: ticket.ticketId, technicianId: p.technicianId), cause)
        if !p.parts.isEmpty {
            ticket.requestedParts += p.parts
            emit(PartsRequested(ticketId: ticket.ticketId, technicianId: p.technicianId, region: ticket.region,
                                location: ticket.location, lines: p.parts), cause)
        }
        // Out of warranty the customer is always asked; with an unknown warranty, when there is a
        // price (`QuoteConsent.diagnosis`; `diagnosisRefusal` already refused what cannot be asked).
        switch diagnosisQuote(ticket, p) {
        case .ask(let amounts):
            if case .success(let quoted) = TicketStateMachine.next(from: ticket.state, on: .quote) { ticket.state = quoted }
            ticket.money.newQuote(amounts)
            emit(TicketQuoted(ticketId: ticket.ticketId, technicianId: p.technicianId), cause)
        case .record(let amounts):
            ticket.money.newQuote(amounts)
        case .nothing, .refused:
            break
        }
    }

    mutating func releaseParts(_ ticket: inout TicketRow, _ cause: EventCause) {
        guard !ticket.requestedParts.isEmpty else { return }
        emit(PartsReleased(ticketId: ticket.ticketId, lines: ticket.requestedParts), cause)
        ticket.requestedParts = []
        ticket.backorderedParts = []
    }

    // MARK: Parts from inventory (races are normal here: what does not fit is ignored)

    /// Waiting for parts: the technician leaves (the visit ends) and the ticket goes on a
    /// waiting-parts hold until every backordered line is reserved or the next visit.
    private mutating func backordered(_ p: PartsBackordered, _ cause: EventCause) -> HandlingResult {
        guard var ticket = tickets[p.ticketId] else { return .ignored }
        if ticket.state == .waitingParts {  // more lines backordered while already waiting
            ticket.backorderedParts = OutstandingParts.adding(p.lines, to: ticket.backorderedParts)
            commit(ticket)
            return .applied
        }
        guard case .success(let next) = TicketStateMachine.next(from: ticket.state, on: .backorder),
              let technicianId = ticket.technicianId else { return .ignored }
        ticket.state = next
        ticket.waitedForParts = true
        ticket.visit.end()
        ticket.backorderedParts = OutstandingParts.adding(p.lines, to: ticket.backorderedParts)
        emit(TicketWaitingParts(ticketId: ticket.ticketId, technicianId: technicianId), cause)
        beginHold(&ticket, .waitingParts, cause)
        commit(ticket)
        return .applied
    }

    /// Recorded; when it brings in the last backordered line, the waiting-parts hold ends and
    /// a ticket still waiting goes back to scheduled: dispatch books the next visit.
    private mutating func reserved(_ p: PartsReserved, _ cause: EventCause) -> HandlingResult {
        guard var ticket = tickets[p.ticketId] else { return .ignored }
        ticket.reservedParts += p.lines
        ticket.backorderedParts = OutstandingParts.removing(p.lines, from: ticket.backorderedParts)
        if ticket.backorderedParts.isEmpty {
            if ticket.hold?.reason == .waitingParts { endHold(&ticket, .partsReserved, cause) }
            if ticket.state == .waitingParts, let technicianId = ticket.technicianId,
               case .success(let next) = TicketStateMachine.next(from: ticket.state, on: .reserve) {
                ticket.state = next
                let visit = ticket.visit.bookNext()
                emit(TicketScheduled(ticketId: ticket.ticketId, technicianId: technicianId, visit: visit), cause)
            }
        }
        commit(ticket)
        return .applied
    }

    // MARK: Surveys

    private mutating func complaint(_ p: ComplaintOpened, _ cause: EventCause) -> HandlingResult {
        guard var ticket = tickets[p.ticketId],
              case .success = TicketStateMachine.next(from: ticket.state, on: .reopen) else { return .ignored }
        emit(TicketReopened(ticketId: ticket.ticketId, reason: p.reason), cause)
        ticket.reopened = true
        ticket.tried = []
        ticket.visit.end()
        let previous = ticket.technicianId
        reopenQuote(&ticket, lastTechnician: previous)
        ticket.technicianId = nil
        offer(&ticket, excluding: Set([previous].compactMap { $0 }), fallBackToExcluded: true, cause: cause)
        commit(ticket)
        return .applied
    }

    private mutating func closeAfterSurvey(_ ticketId: String, _ trigger: TicketTrigger, reason: String,
                                           _ cause: EventCause) -> HandlingResult {
        guard var ticket = tickets[ticketId],
              case .success(let next) = TicketStateMachine.next(from: ticket.state, on: trigger) else { return .ignored }
        ticket.state = next
        ticket.reason = reason
        emit(TicketClosed(ticketId: ticketId, reason: reason), cause)
        commit(ticket)
        return .applied
    }

    // MARK: Keeping state

    /// Stores the ticket's new state and moves its load between technician-days.
    mutating func commit(_ ticket: TicketRow) {
        let before = tickets[ticket.ticketId]?.loadSlot, after = ticket.loadSlot
        if let before, before != after {
            loadDeltas[before, default: 0] -= 1
            if !freedTechnicians.contains(before.technicianId) { freedTechnicians.append(before.technicianId) }
        }
        if let after, before != after { loadDeltas[after, default: 0] += 1 }
        tickets[ticket.ticketId] = ticket
        changed.insert(ticket.ticketId)
    }

    mutating func emit<P: EventPayload>(_ payload: P, _ cause: EventCause) {
        effects.append(.emit(payload, cause))
    }

    /// The service day of `region` now.
    mutating func serviceDay(of region: String) -> String {
        if let day = days[region] { return day }
        let day = settings.serviceDay.day(region: region, at: now)
        days[region] = day
        return day
    }

    /// True when this batch updated the technician's roster data (so every skill is known).
    func isUpdated(_ technicianId: String) -> Bool { overlay[technicianId] != nil }

    /// A technician as the batch sees them now: database state with this batch's updates.
    func profile(_ technicianId: String) -> TechnicianProfile? {
        overlay[technicianId] ?? pool.technicians[technicianId]
    }

    /// The technician's full roster data (every skill and certificate), when read or updated.
    func fullProfile(_ technicianId: String) -> TechnicianProfile? {
        overlay[technicianId] ?? (pool.isFullyKnown(technicianId) ? pool.technicians[technicianId] : nil)
    }

    /// The technician's load on a day: the counter read, plus this batch's changes.
    func load(_ slot: LoadSlot) -> Int { pool.load(slot) + (loadDeltas[slot] ?? 0) }

    /// Technicians updated or freed so far in this batch (each is a candidate for every ticket).
    var batchTechnicians: [String] { updatedTechnicians + freedTechnicians }

    /// For every technician whose load changed: their current service day and, when the batch
    /// added to it, when that day ends (they may now be full); nil when it only took away.
    var capacityMarks: [(technicianId: String, day: String, until: Date?)] {
        var marks: [String: (day: String, until: Date?)] = [:]
        for (slot, delta) in loadDeltas where delta != 0 {
            if delta > 0, let profile = profile(slot.technicianId),
               settings.serviceDay.day(region: profile.region, at: now) == slot.day {
                marks[slot.technicianId] = (slot.day, settings.serviceDay.dayEnds(region: profile.region, at: now))
            } else if marks[slot.technicianId] == nil {
                marks[slot.technicianId] = (slot.day, nil)
            }
        }
        return marks.map { ($0.key, $0.value.day, $0.value.until) }
    }
}
