import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Alerting: watches every stream; keeps SLA clocks per ticket as runtime timers, raises,
/// escalates and resolves alerts (one open per rule and subject), and publishes KPI
/// snapshots every interval. See docs/services/alerting.md.
public struct AlertingHandler: EventHandler {
    public let settings: AlertingSettings

    public init(settings: AlertingSettings = AlertingSettings()) { self.settings = settings }

    public init(config: ServiceConfig) throws { self.init(settings: try AlertingSettings(config: config)) }

    /// Every topic except alerting's own outputs (alerts, kpis) and the external inbound ones
    /// whose effects arrive as platform events anyway (requests, roster, stock, survey-responses).
    public var subscriptions: [Topic] { [.tickets, .field, .parts, .inventory, .surveys, .rejections, .deadLetters] }

    /// Timer kinds.
    enum TimerKind {
        static let slaAtRisk = "sla-at-risk", slaBreach = "sla-breach", slaEscalate = "sla-escalate"
        static let kpiSnapshot = "kpi-snapshot", stockLowQuiet = "stock-low-quiet"
        static let qualityRecheck = "quality-recheck", complaintRecheck = "complaint-spike-recheck"
        static let kpiKey = "kpi"

        static func sla(_ threshold: SLAClock.Threshold) -> String {
            switch threshold {
            case .atRisk: slaAtRisk
            case .breach: slaBreach
            case .escalate: slaEscalate
            }
        }
    }

    // MARK: ServiceHandler

    /// Seeds the self-rescheduling KPI timer once (it survives restarts in the timers table).
    public func start(context: HandlerContext) throws {
        try seedKPITimer(context: context)
    }

    public func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        let alerts = AlertStore(context: context)
        do {
            switch event.eventType {
            case .ticketOpened: return try opened(event, alerts: alerts, context: context)
            case .ticketAssigned: return try assigned(try event.payload(as: TicketAssigned.self), event, alerts: alerts, context: context)
            case .ticketAccepted:
                let accepted = try event.payload(as: TicketAccepted.self)
                return try clockMet(accepted.ticketId, .respond, technicianId: accepted.technicianId, event, alerts: alerts, context: context)
            case .ticketOnSite:
                let onSite = try event.payload(as: TicketOnSite.self)
                return try clockMet(onSite.ticketId, .onSite, technicianId: onSite.technicianId, event, alerts: alerts, context: context)
            case .ticketCompleted: return try completed(try event.payload(as: TicketCompleted.self), event, alerts: alerts, context: context)
            case .ticketCancelled: return try ended(try event.payload(as: TicketCancelled.self).ticketId, event, alerts: alerts, context: context)
            case .ticketClosed: return try ended(try event.payload(as: TicketClosed.self).ticketId, event, alerts: alerts, context: context)
            case .ticketUnassignable:
                return try unassignable(try event.payload(as: TicketUnassignable.self), event, alerts: alerts, context: context)
            case .stockLow: return try stockLow(try event.payload(as: StockLow.self), event, alerts: alerts, context: context)
            case .partsReserved:
                let reserved = try event.payload(as: PartsReserved.self)
                return try partsAnswer(reserved.ticketId, reserved: reserved.lines, backordered: [], event, context: context)
            case .partsBackordered:
                let backordered = try event.payload(as: PartsBackordered.self)
                return try partsAnswer(backordered.ticketId, reserved: [], backordered: backordered.lines, event, context: context)
            case .surveyCompleted:
                return try surveyCompleted(try event.payload(as: SurveyCompleted.self), event, alerts: alerts, context: context)
            case .complaintOpened:
                return try complaintOpened(try event.payload(as: ComplaintOpened.self), event, alerts: alerts, context: context)
            case .requestRejected, .messageDeadLettered:
                return try counted(event, context: context)
            default:
                return .ignored
            }
        } catch let failure as ValidationFailure {
            return .deadLetter(reason: "invalid \(event.envelope.type): " + failure.errors.map(\.description).joined(separator: "; "))
        }
    }

    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        let alerts = AlertStore(context: context)
        switch timer.kind {
        case TimerKind.kpiSnapshot:
            try publishKPIs(context: context)
            try context.schedule(timer: TimerKind.kpiSnapshot, key: TimerKind.kpiKey,
                                 at: context.now.addingTimeInterval(settings.kpiIntervalSeconds), cause: nil)
        case TimerKind.slaAtRisk, TimerKind.slaBreach, TimerKind.slaEscalate:
            guard let (ticketId, deadline) = SLAClock.parse(key: timer.key) else { return }
            try slaThreshold(timer.kind, ticketId: ticketId, deadline: deadline, cause: timer.cause, alerts: alerts, context: context)
        case TimerKind.stockLowQuiet:
            try alerts.resolve(AlertRuleName.stockLow, subject: timer.key,
                               message: "no new low-stock warning for \(timer.key) within the quiet period", cause: timer.cause)
        case TimerKind.qualityRecheck:
            try recheckQuality(model: timer.key, cause: timer.cause, alerts: alerts, context: context)
        case TimerKind.complaintRecheck:
            try checkComplaintSpike(now: context.now, cause: timer.cause, alerts: alerts, context: context)
        default:
            break
        }
    }

    func seedKPITimer(context: HandlerContext) throws {
        if try !context.hasTimer(kind: TimerKind.kpiSnapshot, key: TimerKind.kpiKey) {
            try context.schedule(timer: TimerKind.kpiSnapshot, key: TimerKind.kpiKey,
                                 at: context.now.addingTimeInterval(settings.kpiIntervalSeconds), cause: nil)
        }
    }

    // MARK: Counted streams

    /// Rejections and dead letters only feed the KPI counters.
    private func counted(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            INSERT INTO stream_facts (event_id, event_type, at) VALUES (\(event.envelope.id), \(event.envelope.type), \(event.envelope.occurredAt))
            ON CONFLICT (event_id) DO NOTHING
            """)
        return .applied
    }
}
