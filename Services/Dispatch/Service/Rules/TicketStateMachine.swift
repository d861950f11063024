/// The ticket's field state as dispatch owns it.
public enum TicketState: String, Sendable, CaseIterable, Codable {
    case assigned, accepted, scheduled
    case onSite = "on-site"
    case diagnosed, quoted
    case waitingParts = "waiting-parts"
    /// The last visit failed (`visit.failed`); the ticket is on hold until the next visit.
    case visitFailed = "visit-failed"
    case completed, closed, cancelled, unassignable
    /// Opened and held for the remote-first window (`RemoteWindow`): no technician yet. The
    /// contact centre's answer or the window's end moves it on; cancellation ends it.
    case heldForRemote = "held-for-remote"

    /// States in which the ticket counts against its technician's capacity.
    public var holdsCapacity: Bool {
        switch self {
        case .assigned, .accepted, .scheduled, .onSite, .diagnosed, .quoted, .waitingParts, .visitFailed: true
        case .completed, .closed, .cancelled, .unassignable, .heldForRemote: false
        }
    }

    /// No further field work: completed, closed, cancelled or unassignable.
    public var isFinished: Bool { !holdsCapacity && self != .heldForRemote }

    /// Every state that holds capacity (for SQL filters).
    public static let active: [TicketState] = allCases.filter(\.holdsCapacity)

    /// The states a deactivated technician's tickets are taken back from: offered or
    /// accepted, not on site and no work reported yet on the current visit.
    public static let reassignable: [TicketState] = [.assigned, .accepted, .scheduled, .visitFailed]
}

/// What happens to a ticket: field reports, parts news, surveys, cancellation, roster changes.
public enum TicketTrigger: String, Sendable, CaseIterable {
    case accept = "assignment.accepted"
    case decline = "assignment.declined"
    case acceptanceTimeout = "acceptance-timeout"
    /// The technician hands an accepted ticket back.
    case returnAssignment = "assignment.returned"
    /// Internal: the technician was deactivated (`technician.upserted` with `active: false`).
    case deactivate = "technician.deactivated"
    case schedule = "visit.scheduled"
    case start = "visit.started"
    case fail = "visit.failed"
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

/// The ticket's field state machine (pure). Decline, acceptance timeout, return and
/// deactivation lead back to `assigned` (the handler offers the next candidate or marks the
/// ticket unassignable); `parts.reserved` outside `waiting-parts` is recorded without a state
/// change.
///
/// Visits (DESIGN.md "Field flow"): scheduling is optional — `visit.started` is accepted
/// straight after acceptance; `visit.scheduled` again reschedules; after a diagnosis, a quote,
/// waiting for parts or a failed visit, the next `visit.scheduled` / `visit.started` begins
/// another visit. `visit.failed` is accepted while a visit is planned or under way (accepted,
/// scheduled, on-site) — not after work was reported on it.
public enum TicketStateMachine {
    public static func next(from state: TicketState, on trigger: TicketTrigger) -> Result<TicketState, TransitionRejection> {
        if let target = target(state, trigger) { return .success(target) }
        return .failure(TransitionRejection(state: state, trigger: trigger))
    }

    /// States from which the next visit may be booked or begun.
    static let visitable: Set<TicketState> = [.accepted, .scheduled, .diagnosed, .quoted, .waitingParts, .visitFailed]

    private static func target(_ state: TicketState, _ trigger: TicketTrigger) -> TicketState? {
        switch (state, trigger) {
        case (.assigned, .accept): return .accepted
        case (.assigned, .decline), (.assigned, .acceptanceTimeout): return .assigned
        case (let current, .returnAssignment) where current.holdsCapacity && current != .assigned && current != .onSite:
            return .assigned
        case (let current, .deactivate) where TicketState.reassignable.contains(current): return .assigned
        case (let current, .schedule) where visitable.contains(current): return .scheduled
        case (let current, .start) where visitable.contains(current): return .onSite
        case (.accepted, .fail), (.scheduled, .fail), (.onSite, .fail): return .visitFailed
        case (.onSite, .diagnose): return .diagnosed
        case (.diagnosed, .quote): return .quoted
        case (.quoted, .approveQuote): return .quoted
        // The customer may answer the quote while the parts are on their way, after they came,
        // or after a visit failed.
        case (.waitingParts, .approveQuote): return .waitingParts
        case (.scheduled, .approveQuote): return .scheduled
        case (.visitFailed, .approveQuote): return .visitFailed
        case (.quoted, .declineQuote), (.waitingParts, .declineQuote), (.scheduled, .declineQuote),
             (.visitFailed, .declineQuote):
            return .closed
        case (.diagnosed, .backorder), (.quoted, .backorder), (.scheduled, .backorder), (.onSite, .backorder):
            return .waitingParts
        case (.waitingParts, .reserve): return .scheduled
        case (let current, .reserve) where current.holdsCapacity: return current
        case (.onSite, .complete), (.diagnosed, .complete), (.quoted, .complete): return .completed
        case (let current, .cancel) where current.holdsCapacity || current == .unassignable || current == .heldForRemote:
            return .cancelled
        case (.completed, .reopen): return .assigned
        case (.completed, .closeSatisfied), (.completed, .closeExpired): return .closed
        default: return nil
        }
    }
}
