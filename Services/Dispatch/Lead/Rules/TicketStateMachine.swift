import Foundation

/// The ticket's life in the field, as dispatch tracks it.
public enum FieldState: String, Sendable, CaseIterable {
    case assigned, accepted, scheduled
    case onSite = "on-site"
    case diagnosed, quoted
    case waitingParts = "waiting-parts"
    case completed, closed, cancelled, unassignable

    /// States in which the ticket holds its technician's capacity.
    public var holdsCapacity: Bool {
        switch self {
        case .assigned, .accepted, .scheduled, .onSite, .diagnosed, .quoted, .waitingParts: true
        default: false
        }
    }
}

/// A field event from the technician app (or a parts answer) that moves the ticket.
public enum FieldStep: String, Sendable {
    case accept, decline, schedule, start, diagnose, approveQuote, declineQuote, complete
    case partsBackordered, partsReservedAfterWaiting
}

/// Which step is allowed in which state, and where it leads. Pure.
public enum TicketStateMachine {
    /// The next state, or a sentence saying why the step is not allowed now.
    public static func next(from state: FieldState, on step: FieldStep) -> Result<FieldState, TransitionError> {
        let target: FieldState?
        switch (step, state) {
        case (.accept, .assigned): target = .accepted
        case (.decline, .assigned): target = .assigned            // reassigned (or unassignable) by the handler
        case (.schedule, .accepted), (.schedule, .scheduled): target = .scheduled
        case (.start, .scheduled): target = .onSite
        case (.diagnose, .onSite): target = .diagnosed
        case (.approveQuote, .quoted): target = .diagnosed
        case (.declineQuote, .quoted): target = .closed
        case (.complete, .onSite), (.complete, .diagnosed): target = .completed
        case (.partsBackordered, .diagnosed), (.partsBackordered, .quoted), (.partsBackordered, .onSite): target = .waitingParts
        case (.partsReservedAfterWaiting, .waitingParts): target = .scheduled
        default: target = nil
        }
        guard let target else { return .failure(TransitionError(state: state, step: step)) }
        return .success(target)
    }
}

/// A field event that does not fit the ticket's state.
public struct TransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var state: FieldState
    public var step: FieldStep

    public init(state: FieldState, step: FieldStep) {
        self.state = state
        self.step = step
    }

    public var description: String { "out-of-order: \(step.rawValue) is not allowed while the ticket is \(state.rawValue)" }
}

/// First-time fix: resolved on the first visit, never waited for parts, never reopened.
public enum FirstTimeFix {
    public static func holds(resolved: Bool, visits: Int, waitedForParts: Bool, reopened: Bool) -> Bool {
        resolved && visits <= 1 && !waitedForParts && !reopened
    }
}
