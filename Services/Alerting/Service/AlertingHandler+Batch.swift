import Foundation
import Postgres
import Schema
import ServiceRuntime

// MARK: Applying a batch of inputs: load, fold, decide, write, emit

extension AlertingHandler {
    /// Applies `inputs` (with the cause of each) in one pass. The number of statements
    /// depends on which tables the batch touches, never on how many inputs it holds.
    func apply(_ inputs: [AlertingInput], causes: [EventCause?], context: HandlerContext) throws -> [InputOutcome] {
        guard !inputs.isEmpty else { return [] }
        let db = context.db

        // 1. Load every key the batch touches, one query per table.
        let state = try load(AlertingKeys(inputs: inputs, rules: settings.rules, now: context.now), inputs: inputs,
                             now: context.now, on: db)

        // 2. Fold the inputs in order (pure), then decide the alerts against the recorded ones.
        var fold = AlertingFold(rules: settings.rules, stockLowQuietSeconds: settings.stockLowQuietSeconds,
                                holdPolicy: settings.holdPolicy, compensation: settings.compensation,
                                auditFailedQuietSeconds: settings.auditFailedQuietSeconds, forecast: settings.forecast, state: state,
                                now: context.now)
        let outcomes = inputs.enumerated().map { origin, input in fold.apply(input, origin: origin) }
        var ledger = AlertBook.Ledger(recorded: try AlertStore.lock(fold.intents.map(\.pair), on: db))
        ledger.apply(fold.intents)

        // 3. Write each table once.
        try TicketFactStore.upsert(fold.changedTickets, on: db)
        try TicketHoldStore.upsert(fold.changedHolds, on: db)
        try SurveyFactStore.insert(fold.newSurveys, on: db)
        try ComplaintFactStore.insert(fold.newComplaints, on: db)
        try TechnicianProviderStore.upsert(fold.changedTechnicians, on: db)
        try AuditFactStore.insert(fold.newAudits, on: db)
        try AuditGateStore.insertRequests(fold.auditGate.newRequests, on: db)
        try AuditGateStore.release(fold.auditGate.releasedAuditIds, on: db)
        try AuditGateStore.hold(fold.auditGate.newPending, expiredBefore: AuditVerdictGate.pendingCutoff(now: context.now), on: db)
        try SettlementStore.upsertEvidence(fold.changedEvidence, on: db)
        try SettlementStore.upsertRates(fold.changedRates, on: db)
        try SettlementStore.insertVisits(fold.settlementVisits, on: db)
        try RepairEstimateStore.upsert(fold.changedRepairEstimates, on: db)
        try EventFactStore.insert(fold.partsFacts, on: db)
        try EventFactStore.insert(fold.countedFacts, on: db)
        try AlertStore.write(ledger.records, now: context.now, on: db)
        let granted = try CompensationStore.insert(fold.compensations.map(\.grant), now: context.now, on: db)
        logIgnored(fold.auditGate.ignored, service: context.serviceName)

        // 4. Events and timers, buffered by the runtime and written set-based with the batch.
        for event in ledger.events {
            switch event {
            case .raised(let alert, let origin): try context.emit(alert, cause: causes[origin])
            case .escalated(let alert, let origin): try context.emit(alert, cause: causes[origin])
            case .resolved(let alert, let origin): try context.emit(alert, cause: causes[origin])
            }
        }
        for due in fold.compensations where granted.contains(due.grant.ticketId) {
            try context.emit(due.grant, cause: causes[due.origin])
        }
        for timer in fold.timers {
            if let due = timer.due {
                try context.schedule(timer: timer.kind.name, key: timer.key, at: due, cause: causes[timer.origin])
            } else {
                try context.cancelTimer(kind: timer.kind.name, key: timer.key)
            }
        }
        return outcomes
    }

    /// Reads the recorded state of every key in `keys`.
    private func load(_ keys: AlertingKeys, inputs: [AlertingInput], now: Date, on db: PGConnection) throws -> AlertingState {
        var state = AlertingState()
        state.tickets = try TicketFactStore.lock(keys.ticketIds, on: db)
        if !state.tickets.isEmpty {
            for (ticketId, holds) in try TicketHoldStore.load(Array(state.tickets.keys).sorted(), on: db) {
                state.tickets[ticketId]?.holds = holds
            }
        }
        for edge in keys.qualityEdges {
            state.qualityByModel.merge(try TicketFactStore.quality(models: keys.qualityModels, since: edge.since,
                                                                   until: edge.until, on: db)) { $0.merging($1) { a, _ in a } }
        }
        if let core = keys.qualityCore {
            state.qualitySummaries = try TicketFactStore.qualitySummaries(models: keys.qualityModels, since: core.since,
                                                                          until: core.until, listed: settings.rules.qualityListed,
                                                                          on: db)
        }
        if !keys.surveyIds.isEmpty {
            (state.surveysByTechnician, state.knownSurveyIds) = try SurveyFactStore.load(
                technicians: AlertingKeys.technicians(inputs: inputs, tickets: state.tickets), limit: settings.rules.csatSurveys,
                surveyIds: keys.surveyIds, on: db)
        }
        state.technicianProviders = try TechnicianProviderStore.load(keys.technicians, on: db)
        (state.knownAuditIds, state.auditRequests) = try AuditGateStore.load(keys.auditIds, on: db)
        state.pendingVerdicts = try AuditGateStore.pending(keys.requestedAuditIds,
                                                           receivedSince: AuditVerdictGate.pendingCutoff(now: now), on: db)
        let forecasting = inputs.contains { input in
            switch input {
            case .ticketAssigned, .forecastDue, .ticketCompleted, .deadlineMet: true
            default: false
            }
        }
        if forecasting {
            var categories = Set(state.tickets.values.compactMap(\.category))
            for case .ticketOpened(let ticket) in inputs { if let category = ticket.category { categories.insert(category) } }
            state.repairEstimates = try RepairEstimateStore.load(categories.sorted(), on: db)
        }
        if inputs.contains(where: { if case .ticketCompleted = $0 { true } else { false } }) {
            state.evidence = try SettlementStore.evidence(keys.ticketIds, on: db)
        }
        state.complaints = try ComplaintFactStore.load(complaintIds: keys.complaintIds, since: keys.complaintsSince, on: db)
        return state
    }

    /// Logs the verdicts the gate refused (audit and ticket ids and the reason: no PII).
    private func logIgnored(_ verdicts: [IgnoredAuditVerdict], service: String) {
        guard !verdicts.isEmpty else { return }
        let logger = Logger(service: service)
        for verdict in verdicts {
            logger.info("audit verdict not counted", ["auditId": verdict.auditId, "ticketId": verdict.ticketId,
                                                      "reason": verdict.reason])
        }
    }
}
