import Foundation

/// Every kind of runtime timer alerting sets. The SLA kinds are the clock thresholds
/// themselves (`SLAClock.Threshold` is the one list of them), so a threshold added there is
/// a timer kind here without a second list to keep in step.
public enum TimerKind: Hashable, Sendable {
    /// A threshold of one SLA clock; key `<ticketId>:<deadline>` (`SLAClock.key`).
    case sla(SLAClock.Threshold)
    /// The self-rescheduling KPI snapshot; key `kpiKey`.
    case kpiSnapshot
    /// The quiet period after which a stock-low alert resolves; key = the alert subject.
    case stockLowQuiet
    /// Re-checks a model's quality signal; key = the model.
    case qualityRecheck
    /// Re-checks the complaint spike; key `complaintKey`.
    case complaintRecheck
    /// The quiet period after which a ticket's `audit-failed` alert resolves; key = the ticket id.
    case auditFailedQuiet
    /// The month-end settlement run; key `settlementKey`, due at 00:00 on the 1st (brand's zone).
    case settlementMonth
    /// The moment a ticket's forecast shortfall begins; key `<ticketId>:<deadline>`.
    case slaForecast

    /// Every kind, SLA thresholds first.
    public static let all: [TimerKind] =
        SLAClock.Threshold.allCases.map(TimerKind.sla) + [.kpiSnapshot, .stockLowQuiet, .qualityRecheck, .complaintRecheck, .auditFailedQuiet, .settlementMonth, .slaForecast]

    /// The key of the one KPI timer.
    public static let kpiKey = "kpi"
    /// The key of the one complaint-spike timer (the alert's subject).
    public static let complaintKey = "platform"
    /// The key of the one settlement timer.
    public static let settlementKey = "settlement"

    /// The kind as stored in the runtime's timers table.
    public var name: String {
        switch self {
        case .sla(let threshold): threshold.rawValue
        case .kpiSnapshot: "kpi-snapshot"
        case .stockLowQuiet: "stock-low-quiet"
        case .qualityRecheck: "quality-recheck"
        case .complaintRecheck: "complaint-spike-recheck"
        case .auditFailedQuiet: "audit-failed-quiet"
        case .settlementMonth: "settlement-month"
        case .slaForecast: SLAForecast.timerKind
        }
    }

    /// The kind of a stored timer name; nil for a name alerting never sets.
    public init?(name: String) {
        guard let kind = Self.all.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

/// A timer the rules want set or removed (the handler passes it to the runtime, which
/// writes every change of a batch with one statement).
public struct TimerChange: Sendable, Equatable {
    public var kind: TimerKind
    public var key: String
    /// When it comes due; nil removes the timer.
    public var due: Date?
    /// The input (position in the fold) whose cause the timer carries.
    public var origin: Int

    public init(kind: TimerKind, key: String, due: Date?, origin: Int) {
        self.kind = kind
        self.key = key
        self.due = due
        self.origin = origin
    }
}
