/// The ticket's field state as dispatch owns it.
public enum TicketState: String, Sendable, CaseIterable, Codable {
    case assigned, accepted, scheduled
    case onSite = "on-site"
    case diagnosed, quoted
    case waitingParts = "waiting-parts"
    case completed, closed, cancelled, unassignable

    /// States in which the ticket counts against its technician's capacity.
    public var holdsCapacity: Bool {
        switch self {
        case .assigned, .accepted, .scheduled, .onSite, .diagnosed, .quoted, .waitingParts: true
        case .completed, .closed, .cancelled, .unassignable: false
        }
    }

    /// No further field work: completed, closed, cancelled or unassignable.
    public var isFinished: Bool { !holdsCapacity }

    /// Every state that holds capacity (for SQL filters).
    public static let active: [TicketState] = allCases.filter(\.holdsCapacity)
}

/// What happens to a ticket: field reports, parts news, surveys, cancellation.
public enum TicketTrigger: String, Sendable, CaseIterable {
    case accept = "assignment.accepted"
    case decline = "assignment.declined"
    case acceptanceTimeout = "acceptance-timeout"
    case schedule = "visit.scheduled"
    case start = "visit.started"
    case diagnose = "diagnosis.reported"
    /// Internal: a chargeable diagnosis awaits the customer's answer.
    case quote = "quote"
    case approveQuote = "quote.approved"
    case declineQuote = "quote.declined"
    case backorder = "parts.backordered"
    case reserve = "parts.reserved"
    case complete = "work.completed"
    case cancel = "ticket.cancelled"
    case reopen = "complaint.opened"
    case closeSatisfied = "survey.completed"
    case closeExpired = "survey.expired"
}

/// Why a trigger cannot apply in a state.
public struct TransitionRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var state: TicketState
    public var trigger: TicketTrigger

    public var description: String {
        "\(trigger.rawValue) is not allowed while the ticket is \(state.rawValue)"
    }
}

/// The ticket's field state machine (pure). Decline and acceptance timeout lead back to
/// `assigned` (the handler offers the next candidate or marks the ticket unassignable);
/// `parts.reserved` outside `waiting-parts` is recorded without a state change.
public enum TicketStateMachine {
    public static func next(from state: TicketState, on trigger: TicketTrigger) -> Result<TicketState, TransitionRejection> {
        if let target = target(state, trigger) { return .success(target) }
        return .failure(TransitionRejection(state: state, trigger: trigger))
    }

    private static func target(_ state: TicketState, _ trigger: TicketTrigger) -> TicketState? {
        switch (state, trigger) {
        case (.assigned, .accept): return .accepted
        case (.assigned, .decline), (.assigned, .acceptanceTimeout): return .assigned
        case (.accepted, .schedule), (.scheduled, .schedule), (.diagnosed, .schedule), (.quoted, .schedule):
            return .scheduled
        case (.scheduled, .start): return .onSite
        case (.onSite, .diagnose): return .diagnosed
        case (.diagnosed, .quote): return .quoted
        case (.quoted, .approveQuote): return .quoted
        // The customer may answer the quote while the parts are on their way, or after they came.
        case (.waitingParts, .approveQuote): return .waitingParts
        case (.scheduled, .approveQuote): return .scheduled
        case (.quoted, .declineQuote), (.waitingParts, .declineQuote), (.scheduled, .declineQuote): return .closed
        case (.diagnosed, .backorder), (.quoted, .backorder), (.scheduled, .backorder), (.onSite, .backorder):
            return .waitingParts
        case (.waitingParts, .reserve): return .scheduled
        case (let current, .reserve) where current.holdsCapacity: return current
        case (.onSite, .complete), (.diagnosed, .complete), (.quoted, .complete): return .completed
        case (let current, .cancel) where current.holdsCapacity || current == .unassignable: return .cancelled
        case (.completed, .reopen): return .assigned
        case (.completed, .closeSatisfied), (.completed, .closeExpired): return .closed
        default: return nil
        }
    }
}
