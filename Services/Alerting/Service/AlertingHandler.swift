import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Alerting: watches every stream; keeps SLA clocks per ticket as runtime timers, raises,
/// escalates and resolves alerts (one open per rule and subject), grants compensations for
/// breached commitments, publishes KPI snapshots (and their cuts) every interval and the
/// providers' settlement statements every month. Batch-native: a batch is decoded into inputs, the store reads
/// each table once for all of them, the pure `AlertingFold` and `AlertBook.Ledger` decide,
/// and the store writes each table once. See docs/services/alerting.md.
public struct AlertingHandler: ServiceHandler {
    public let settings: AlertingSettings

    public init(settings: AlertingSettings = AlertingSettings()) { self.settings = settings }

    public init(config: ServiceConfig) throws { self.init(settings: try AlertingSettings(config: config)) }

    /// Every platform stream alerting uses, and three external inbound topics for the few
    /// types only they carry (`handledTypes` keeps the rest free): the roster (providers,
    /// rates), the field (work evidence for settlement) and survey responses (audits,
    /// complaint resolutions). Not its own outputs (alerts, kpis), nor requests or stock.
    public var subscriptions: [Topic] {
        [.tickets, .parts, .inventory, .surveys, .rejections, .deadLetters, .roster, .field, .surveyResponses]
    }

    /// The types alerting acts on; every other type on its topics costs it nothing.
    public var handledTypes: Set<EventType> { Self.handled }

    static let handled: Set<EventType> = [
        .ticketOpened, .ticketAssigned, .ticketAccepted, .ticketOnSite, .ticketCompleted, .ticketCancelled, .ticketClosed,
        .ticketUnassignable, .ticketOnHold, .ticketResumed, .stockLow, .partsReserved, .partsBackordered, .surveyCompleted, .complaintOpened,
        // aftersales.surveys: the audits surveys requested (only their verdicts count).
        .auditRequested,
        .requestRejected, .messageDeadLettered,
        // aftersales.roster: the provider of each technician (KPI cuts by provider).
        .technicianUpserted, .providerUpserted,
        // aftersales.field: the evidence of completed work (settlement); nothing else of it.
        .workCompleted,
        // aftersales.survey-responses: audits (pass rate, audit-failed) and complaint resolutions.
        .auditRecorded, .complaintResolved,
    ]

    // MARK: ServiceHandler

    /// Seeds the self-rescheduling KPI timer once (it survives restarts in the timers table).
    public func start(context: HandlerContext) throws {
        if try !context.hasTimer(kind: TimerKind.kpiSnapshot.name, key: TimerKind.kpiKey) {
            try scheduleKPISnapshot(context: context)
        }
        try startSettlement(context: context)
    }

    /// Decodes every event (an invalid payload is dead-lettered with its field-level reasons)
    /// and applies the inputs together.
    public func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
        var results = [HandlingResult](repeating: .ignored, count: batch.count)
        var inputs: [AlertingInput] = [], positions: [Int] = [], causes: [EventCause?] = []
        for (position, event) in batch.enumerated() {
            do {
                guard let input = try Self.input(for: event) else { continue }
                inputs.append(input)
                positions.append(position)
                causes.append(event.cause)
            } catch {
                results[position] = .invalid(event, error)
            }
        }
        let outcomes = try apply(inputs, causes: causes, context: context)
        for (position, outcome) in zip(positions, outcomes) {
            results[position] = outcome == .applied ? .applied : .ignored
        }
        return results
    }

    /// A due timer: the KPI snapshot publishes and reschedules itself; every other timer is
    /// an input applied like an event.
    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        guard let kind = TimerKind(name: timer.kind) else { return }
        if kind == .kpiSnapshot {
            try publishKPIs(context: context)
            try scheduleKPISnapshot(context: context)
            return
        }
        if kind == .settlementMonth {
            try fireSettlement(timer, context: context)   // month-end, or the demo's running statement
            return
        }
        guard let input = Self.input(for: kind, key: timer.key) else { return }
        _ = try apply([input], causes: [timer.cause], context: context)
    }

    private func scheduleKPISnapshot(context: HandlerContext) throws {
        try context.schedule(timer: TimerKind.kpiSnapshot.name, key: TimerKind.kpiKey,
                             at: context.now.addingTimeInterval(settings.kpiIntervalSeconds), cause: nil)
    }
}
