import Foundation
import Schema

/// Alerting's business logic for a batch, pure: applies inputs in order to the recorded
/// state, in memory, and collects what must change — fact rows, alert intents, timers.
/// Several inputs for the same ticket in one batch see each other (opened, then accepted).
/// No I/O and no wall clock: `now` is the runtime clock's time for the batch.
public struct AlertingFold: Sendable {
    public let rules: AlertRules
    /// A stock-low alert resolves this long after the last `stock.low` of its pair.
    public let stockLowQuietSeconds: TimeInterval
    /// Which clocks each hold reason pauses.
    public let holdPolicy: HoldPolicy
    /// What a breached on-site or resolve deadline grants the customer, by priority.
    public let compensation: CompensationPolicy
    /// A ticket's `audit-failed` alert resolves after this long without a new failed audit
    /// (or earlier, when a complaint on the ticket is resolved).
    public let auditFailedQuietSeconds: TimeInterval
    /// Travel speed, repair-time priors and learning of the predictive SLA warning.
    public let forecastSettings: ForecastSettings
    public let now: Date
    public internal(set) var state: AlertingState

    private var changedTicketIds: [String] = []
    private var changed: Set<String> = []
    private var changedHoldKeys: [HoldKey] = []
    private var changedHoldSet: Set<HoldKey> = []

    private struct HoldKey: Hashable {
        var ticketId: String
        var since: Date
    }
    /// New survey, complaint, parts and counted facts, in order.
    public internal(set) var newSurveys: [SurveyFact] = []
    public internal(set) var newComplaints: [ComplaintFact] = []
    public internal(set) var partsFacts: [PartsFact] = []
    public internal(set) var countedFacts: [CountedFact] = []
    /// Alert intents, in order.
    public internal(set) var intents: [AlertIntent] = []
    /// Timer changes, in order (a later change of the same timer wins).
    public internal(set) var timers: [TimerChange] = []
    /// Compensations the batch's breaches grant (at most one per ticket in the batch; the
    /// store's unique row per ticket drops those an earlier batch already granted).
    public internal(set) var compensations: [CompensationDue] = []
    private var compensatedTickets: Set<String> = []
    /// Technicians whose provider the batch changed, in the order first touched, and new audits.
    public private(set) var changedTechnicians: [(technicianId: String, providerId: String?)] = []
    public internal(set) var newAudits: [AuditFact] = []
    /// Audit requests, held and released verdicts (`AlertingFold+Audits.swift`).
    public internal(set) var auditGate = AuditGateChanges()
    /// Settlement: evidence verdicts, provider rates and provider visits the batch records.
    public private(set) var changedEvidence: [(ticketId: String, status: SettlementLineStatus, at: Date)] = []
    public private(set) var changedRates: [(providerId: String, rates: ProviderUpserted.Rates?)] = []
    public private(set) var settlementVisits: [SettlementLineFact] = []
    /// Categories whose repair estimate the batch changed.
    var changedRepairCategories: Set<String> = []
    /// The repair estimates the batch changed, by category.
    public var changedRepairEstimates: [(category: String, estimate: RepairTimeEstimate)] {
        changedRepairCategories.sorted().compactMap { category in state.repairEstimates[category].map { (category, $0) } }
    }

    public init(rules: AlertRules, stockLowQuietSeconds: TimeInterval, holdPolicy: HoldPolicy = .standard,
                compensation: CompensationPolicy = CompensationPolicy(), auditFailedQuietSeconds: TimeInterval = 7 * 86_400,
                forecast: ForecastSettings = ForecastSettings(), state: AlertingState, now: Date) {
        self.rules = rules
        self.stockLowQuietSeconds = stockLowQuietSeconds
        self.holdPolicy = holdPolicy
        self.compensation = compensation
        self.auditFailedQuietSeconds = auditFailedQuietSeconds
        self.forecastSettings = forecast
        self.state = state
        self.now = now
    }

    /// Ticket facts the batch created or changed, in the order first touched.
    public var changedTickets: [TicketFact] { changedTicketIds.compactMap { state.tickets[$0] } }

    /// Holds the batch began or ended, as they now stand, in the order first touched.
    public var changedHolds: [(ticketId: String, hold: TicketHold)] {
        changedHoldKeys.compactMap { key in
            state.tickets[key.ticketId]?.holds.first { $0.since == key.since }.map { (key.ticketId, $0) }
        }
    }

    /// Applies one input; `origin` is its position, carried onto the intents and timers it causes.
    public mutating func apply(_ input: AlertingInput, origin: Int) -> InputOutcome {
        switch input {
        case .ticketOpened(let ticket): return opened(ticket, origin)
        case .ticketAssigned(let ticketId, let technicianId, let distanceKm): return assigned(ticketId, technicianId, distanceKm, origin)
        case .forecastDue(let ticketId, let deadline): return forecastDue(ticketId, deadline, origin)
        case .deadlineMet(let ticketId, let deadline, let technicianId, let at):
            return meet(ticketId, deadline, technicianId: technicianId, at: at, origin)
        case .ticketCompleted(let ticketId, let technicianId, let firstTimeFix, let at, let details):
            return completed(ticketId, technicianId, firstTimeFix, at, details, origin)
        case .technicianUpserted(let technicianId, let providerId):
            state.technicianProviders[technicianId] = providerId
            changedTechnicians.removeAll { $0.technicianId == technicianId }
            changedTechnicians.append((technicianId, providerId))
            return .applied
        case .auditRecorded(let audit, let eventId): return auditRecorded(audit, eventId: eventId, origin)
        case .auditRequested(let request): return auditRequested(request, origin)
        case .workCompleted(let ticketId, let status, let at):
            state.evidence[ticketId] = status
            changedEvidence.removeAll { $0.ticketId == ticketId }
            changedEvidence.append((ticketId, status, at))
            return .applied
        case .providerUpserted(let providerId, let rates):
            changedRates.removeAll { $0.providerId == providerId }
            changedRates.append((providerId, rates))
            return .applied
        case .complaintResolved(let ticketId, let complaintId):
            resolve(AlertRuleName.auditFailed, ticketId, "complaint \(complaintId) on ticket \(ticketId) resolved", origin)
            cancel(.auditFailedQuiet, ticketId, origin)
            return .applied
        case .auditQuietOver(let ticketId):
            resolve(AlertRuleName.auditFailed, ticketId, "no new failed audit on ticket \(ticketId) within the quiet period", origin)
            return .applied
        case .ticketEnded(let ticketId, let at): return ended(ticketId, at, origin)
        case .ticketUnassignable(let ticketId, let reason, let at): return unassignable(ticketId, reason, at, origin)
        case .ticketOnHold(let ticketId, let reason, let since): return onHold(ticketId, reason, since, origin)
        case .ticketResumed(let ticketId, let at): return resumed(ticketId, at, origin)
        case .slaThresholdDue(let ticketId, let deadline, let threshold): return thresholdDue(ticketId, deadline, threshold, origin)
        case .stockLow(let part, let warehouse, let available, let reorderPoint):
            return stockLow(part, warehouse, available, reorderPoint, origin)
        case .stockQuietOver(let subject): return stockQuietOver(subject, origin)
        case .partsAnswered(let fact):
            partsFacts.append(fact)
            return .applied
        case .counted(let fact):
            countedFacts.append(fact)
            return .applied
        case .surveyCompleted(let survey): return surveyCompleted(survey, origin)
        case .complaintOpened(let complaint): return complaintOpened(complaint, origin)
        case .qualityRecheckDue(let model): return recheckQuality(model, origin)
        case .complaintRecheckDue:
            checkComplaintSpike(at: now, origin)
            return .applied
        }
    }

    // MARK: Recording

    mutating func save(_ ticket: TicketFact) {
        state.tickets[ticket.ticketId] = ticket
        if changed.insert(ticket.ticketId).inserted { changedTicketIds.append(ticket.ticketId) }
    }

    mutating func holdChanged(_ ticketId: String, _ since: Date) {
        let key = HoldKey(ticketId: ticketId, since: since)
        if changedHoldSet.insert(key).inserted { changedHoldKeys.append(key) }
    }

    mutating func raise(_ draft: AlertDraft?, _ origin: Int) {
        if let draft { intents.append(.raise(draft, origin: origin)) }
    }

    mutating func resolve(_ rule: String, _ subject: String, _ message: String, _ origin: Int) {
        intents.append(.resolve(rule, subject, message: message, origin: origin))
    }

    mutating func schedule(_ kind: TimerKind, _ key: String, at due: Date, _ origin: Int) {
        timers.append(TimerChange(kind: kind, key: key, due: due, origin: origin))
    }

    mutating func cancel(_ kind: TimerKind, _ key: String, _ origin: Int) {
        timers.append(TimerChange(kind: kind, key: key, due: nil, origin: origin))
    }

    // MARK: Tickets and their SLA clocks

    /// Records the ticket, starts its three clocks, raises safety and quality alerts. A second
    /// `ticket.opened` for the same ticket (redelivered under a new id) does nothing.
    private mutating func opened(_ ticket: TicketFact, _ origin: Int) -> InputOutcome {
        guard state.tickets[ticket.ticketId] == nil else { return .ignored }
        save(ticket)
        for deadline in SLAClock.Deadline.allCases { startClock(ticket, deadline, origin) }
        raise(rules.safetyHazard(ticketId: ticket.ticketId, model: ticket.model, hazard: ticket.hazard), origin)
        state.qualityByModel[ticket.model, default: [:]][ticket.ticketId] = ticket.quality
        checkQuality(model: ticket.model, fault: ticket.fault, at: ticket.openedAt, origin)
        return .applied
    }

    /// Remembers the technician and clears an unassignable alert.
    private mutating func assigned(_ ticketId: String, _ technicianId: String, _ distanceKm: Double?, _ origin: Int) -> InputOutcome {
        if var ticket = state.tickets[ticketId] {
            ticket.technicianId = technicianId
            if let distanceKm { ticket.distanceKm = distanceKm }
            save(ticket)
            forecast(ticket, origin)
        }
        resolve(AlertRuleName.unassignable, ticketId, "ticket \(ticketId) was assigned", origin)
        return .applied
    }

    /// A deadline is met, the first time only: the fact is recorded, the clock's timer
    /// removed and its SLA alerts resolved.
    private mutating func meet(_ ticketId: String, _ deadline: SLAClock.Deadline, technicianId: String?, at: Date,
                               _ origin: Int) -> InputOutcome {
        guard var ticket = state.tickets[ticketId], ticket.metAt(deadline) == nil else { return .ignored }
        ticket.meet(deadline, at: at)
        if let technicianId { ticket.technicianId = technicianId }
        save(ticket)
        stopClock(ticket, deadline, message: SLAAlerts.metMessage(ticketId: ticketId, deadline: deadline), origin)
        if deadline == .onSite { forecast(ticket, origin) }
        return .applied
    }

    /// Completion records first-time fix, clears a safety alert and meets the resolve clock; a
    /// remote resolution (served without a visit) meets the respond and on-site clocks too.
    private mutating func completed(_ ticketId: String, _ technicianId: String?, _ firstTimeFix: Bool, _ at: Date,
                                    _ details: CompletionDetails, _ origin: Int) -> InputOutcome {
        if var ticket = state.tickets[ticketId], ticket.firstTimeFix == nil {
            learnRepairTime(ticket, completedAt: at, firstTimeFix: firstTimeFix, resolvedRemotely: details.resolvedRemotely)
            ticket.firstTimeFix = firstTimeFix
            ticket.resolvedRemotely = details.resolvedRemotely
            ticket.partsUsed = details.partsUsed
            ticket.visits = details.resolvedRemotely ? 0 : max(1, details.visit ?? 1)
            ticket.providerId = details.resolvedRemotely ? nil : technicianId.flatMap { state.technicianProviders[$0] }
            save(ticket)
            if let providerId = ticket.providerId {
                settlementVisits.append(SettlementLineFact(ticketId: ticketId, providerId: providerId, completedAt: at,
                                                           status: state.evidence[ticketId] ?? .evidenceMissing))
            }
        }
        resolve(AlertRuleName.safetyHazard, ticketId, "hazard ticket \(ticketId) completed", origin)
        let outcome = meet(ticketId, .resolve, technicianId: technicianId, at: at, origin)
        if details.resolvedRemotely {
            for deadline in [SLAClock.Deadline.respond, .onSite] { _ = meet(ticketId, deadline, technicianId: nil, at: at, origin) }
        }
        return outcome
    }

    /// Cancellation or closing stops every clock still running and clears the ticket's alerts.
    private mutating func ended(_ ticketId: String, _ at: Date, _ origin: Int) -> InputOutcome {
        guard var ticket = state.tickets[ticketId], ticket.stoppedAt == nil else { return .ignored }
        let running = Set(SLAClock.Deadline.allCases.filter { ticket.isRunning($0) })
        ticket.stoppedAt = at
        save(ticket)
        for deadline in SLAClock.Deadline.allCases {
            stopClock(ticket, deadline, message: SLAAlerts.endedMessage(ticketId: ticketId, deadline: deadline),
                      timers: running.contains(deadline), origin)
        }
        resolve(AlertRuleName.safetyHazard, ticketId, "ticket \(ticketId) ended", origin)
        resolve(AlertRuleName.unassignable, ticketId, "ticket \(ticketId) ended", origin)
        return .applied
    }

    /// Stops a clock: its timer cancelled (`timers`: it was running until now; a clock met
    /// before has none), its SLA alerts and forecast resolved.
    private mutating func stopClock(_ ticket: TicketFact, _ deadline: SLAClock.Deadline, message: String, timers: Bool = true,
                                    _ origin: Int) {
        if timers { cancelClockTimers(ticket, deadline, origin) }
        intents += SLAAlerts.resolveBoth(ticketId: ticket.ticketId, deadline: deadline, message: message, origin: origin)
        stopForecast(ticket.ticketId, deadline, message: message, origin)
    }

    /// An SLA timer came due: acts only while the clock runs (not met, ticket not ended) and
    /// once the threshold has passed on net time. Then it raises the threshold's alert — and
    /// those of later thresholds that have passed too (a timer firing late), in order — and
    /// sets the timer of the clock's next threshold. Early (a hold began after it was set): the
    /// clock's next threshold moves to its net time, a later one (set by a version that set
    /// every threshold at once) is dropped, the chain sets it. While the clock is paused it does
    /// nothing (the resumption sets the timer again). A threshold whose alert is already open
    /// (escalated) raises (escalates) nothing more in the ledger; a breach compensates once per ticket.
    private mutating func thresholdDue(_ ticketId: String, _ deadline: SLAClock.Deadline, _ threshold: SLAClock.Threshold,
                                       _ origin: Int) -> InputOutcome {
        guard let ticket = state.tickets[ticketId], ticket.isRunning(deadline) else { return .ignored }
        let clock = ticket.clock(deadline)
        let pauses = holdPolicy.pauses(ticket.holds, for: deadline)
        let key = SLAAlerts.subject(ticketId: ticketId, deadline: deadline)
        guard let due = clock.dueTime(of: threshold, pauses: pauses) else { return .ignored }
        let next = clock.nextThreshold(at: now, pauses: pauses)
        if due > now {
            if next == threshold { schedule(.sla(threshold), key, at: due, origin) }
            return .ignored
        }
        let heldSeconds = clock.pausedSeconds(before: now, pauses: pauses)
        for passed in SLAClock.Threshold.allCases where passed >= threshold && next.map({ passed < $0 }) ?? true {
            intents.append(SLAAlerts.intent(passed, ticketId: ticketId, deadline: deadline, heldSeconds: heldSeconds, origin: origin))
            if passed == .breach { compensate(ticket, breached: deadline, origin) }
        }
        if let next, let nextDue = clock.dueTime(of: next, pauses: pauses) { schedule(.sla(next), key, at: nextDue, origin) }
        return .applied
    }

    /// A breach of the on-site or resolve deadline grants the customer the priority's
    /// compensation, once per ticket (tickets recorded without priority or customer get none).
    private mutating func compensate(_ ticket: TicketFact, breached deadline: SLAClock.Deadline, _ origin: Int) {
        guard let priority = ticket.priority, let customerId = ticket.customerId,
              let grant = Compensation.grant(ticketId: ticket.ticketId, customerId: customerId, priority: priority,
                                             breached: deadline, alreadyGranted: compensatedTickets.contains(ticket.ticketId),
                                             policy: compensation) else { return }
        compensatedTickets.insert(ticket.ticketId)
        compensations.append(CompensationDue(grant: grant, origin: origin))
    }

    // MARK: Holds

    /// `ticket.on-hold`: the hold (identified by its `since`) pauses the clocks its reason
    /// pauses; their later thresholds wait for the resumption. A hold processed late (`since`
    /// before a threshold that has fired) withdraws that threshold's alert when, net of the
    /// hold, the clock has not reached it: resolved with the reason, its timer set again. The
    /// same hold again does nothing.
    private mutating func onHold(_ ticketId: String, _ reason: String, _ since: Date, _ origin: Int) -> InputOutcome {
        guard var ticket = state.tickets[ticketId], !ticket.holds.contains(where: { $0.since == since }) else { return .ignored }
        let before = ticket.holds
        let hold = TicketHold(since: since, reason: reason)
        ticket.holds.append(hold)
        save(ticket)
        holdChanged(ticketId, since)
        for deadline in SLAClock.Deadline.allCases where holdPolicy.deadlines(pausedBy: reason).contains(deadline) {
            let withdrawn = rescheduleClock(ticket, deadline, before: before, origin)
            withdraw(withdrawn, ticketId: ticketId, deadline, hold: hold, origin)
        }
        return .applied
    }

    /// `ticket.resumed`: every open hold that began by `at` ends at `at`; the clocks they paused
    /// run again, their next threshold moved by the time on hold (one processed late: a
    /// threshold already passed on net time fires at once, the later ones after it). Nothing
    /// open: nothing to do. Ending a hold only brings thresholds forward, so it withdraws nothing.
    private mutating func resumed(_ ticketId: String, _ at: Date, _ origin: Int) -> InputOutcome {
        guard var ticket = state.tickets[ticketId] else { return .ignored }
        let before = ticket.holds
        var paused = Set<SLAClock.Deadline>()
        for index in ticket.holds.indices where ticket.holds[index].until == nil && ticket.holds[index].since <= at {
            ticket.holds[index].until = at
            paused.formUnion(holdPolicy.deadlines(pausedBy: ticket.holds[index].reason))
            holdChanged(ticketId, ticket.holds[index].since)
        }
        guard ticket.holds != before else { return .ignored }
        save(ticket)
        for deadline in SLAClock.Deadline.allCases where paused.contains(deadline) {
            rescheduleClock(ticket, deadline, before: before, origin)
        }
        return .applied
    }

    /// `ticket.unassignable`: records when, and raises the critical alert.
    private mutating func unassignable(_ ticketId: String, _ reason: String, _ at: Date, _ origin: Int) -> InputOutcome {
        if var ticket = state.tickets[ticketId], ticket.unassignableAt == nil {
            ticket.unassignableAt = at
            save(ticket)
        }
        raise(rules.unassignable(ticketId: ticketId, reason: reason), origin)
        return .applied
    }

    // MARK: Quality signal

    /// Raises the model's quality signal for `fault` when it holds at `at`, and sets the
    /// re-check for when the oldest of its tickets leaves the window.
    private mutating func checkQuality(model: String, fault: String, at: Date, _ origin: Int) {
        let facts = Array(state.qualityByModel[model, default: [:]].values)
        let summary = state.qualitySummaries[model]?[fault]
        guard let signal = rules.qualitySignal(model: model, fault: fault, facts: facts, summary: summary, now: at) else { return }
        raise(signal, origin)
        scheduleQualityRecheck(model: model, fault: fault, facts: facts, summary: summary, at: at, origin)
    }

    private mutating func scheduleQualityRecheck(model: String, fault: String, facts: [QualityFact], summary: QualitySummary?,
                                                 at: Date, _ origin: Int) {
        let oldest = rules.qualityCount(model: model, fault: fault, facts: facts, summary: summary, now: at)?.oldest ?? now
        schedule(.qualityRecheck, model, at: max(oldest.addingTimeInterval(rules.qualityWindow + 1), now.addingTimeInterval(1)), origin)
    }

    /// The re-check: still a signal for some fault class → check again later; none → resolved.
    private mutating func recheckQuality(_ model: String, _ origin: Int) -> InputOutcome {
        let facts = Array(state.qualityByModel[model, default: [:]].values)
        let summaries = state.qualitySummaries[model, default: [:]]
        let faults = Set(facts.map(\.fault)).union(summaries.keys).sorted()
        let signalling = faults.first {
            rules.qualitySignal(model: model, fault: $0, facts: facts, summary: summaries[$0], now: now) != nil
        }
        if let fault = signalling {
            scheduleQualityRecheck(model: model, fault: fault, facts: facts, summary: summaries[fault], at: now, origin)
        } else {
            resolve(AlertRuleName.qualitySignal, model,
                    "model \(model): fewer than \(rules.qualityThreshold) tickets of one fault class in the window", origin)
        }
        return .applied
    }
}
