import Foundation
import Schema
import ServiceRuntime

// MARK: - Remote-first window (DESIGN.md "Remote-first resolution"; docs/money-and-network.md)

extension BatchFold {
    /// On `ticket.opened`: holds a remote-eligible ticket (`RemoteWindow.opening`) for the
    /// contact centre — state `held-for-remote`, no offer, timer `remote-window` keyed by the
    /// ticket id at the window's end — and returns true; false when the ticket is to be
    /// dispatched at once (not eligible, an emergency or a safety hazard, the window off or
    /// already over). The window runs from the event's `occurredAt`, never from later than now
    /// (a future `occurredAt` cannot stretch the hold).
    mutating func holdForRemote(_ ticket: inout TicketRow, _ p: TicketOpened, occurredAt: Date,
                                _ cause: EventCause) -> Bool {
        let (state, opening) = RemoteWindow.opening(p, openedAt: min(occurredAt, now), now: now,
                                                     settings: settings.remoteWindow)
        ticket.remoteWindow = state
        guard case .hold(let until) = opening else { return false }
        ticket.state = .heldForRemote
        ticket.remoteUntil = until
        effects.append(.scheduleTimer(kind: RemoteWindow.timerKind, key: ticket.ticketId, at: until, cause: cause))
        return true
    }

    /// `remote.resolved`, `remote.failed` or the window's end, per `RemoteWindow.next`:
    /// complete remotely, dispatch as usual (the same offer as an opened ticket's), ignore, or
    /// dead-letter with the rule's reason. An unknown ticket is dead-lettered (a late timer
    /// is ignored); a ticket cancelled during its window refuses the contact centre's answer.
    mutating func remote(_ ticketId: String, _ event: RemoteWindow.Event, _ cause: EventCause) -> HandlingResult {
        guard var ticket = tickets[ticketId] else {
            return event == .windowEnded ? .ignored : .deadLetter(reason: "ticketId: unknown ticket \(ticketId)")
        }
        if ticket.remoteWindow == .holding, ticket.state != .heldForRemote {  // cancelled while held
            guard let type = event.eventType else { return .ignored }
            return .deadLetter(reason: "state: ticket \(ticketId): \(type.rawValue) is not allowed while the ticket is "
                + ticket.state.rawValue)
        }
        let (next, action) = RemoteWindow.next(ticket.remoteWindow, on: event)
        switch action {
        case .ignore:
            return .ignored
        case .refuse(let reason):
            return .deadLetter(reason: "state: ticket \(ticketId): \(reason)")
        case .completeRemotely:
            ticket.remoteWindow = next
            completeRemotely(&ticket, cause)
        case .dispatch:
            ticket.remoteWindow = next
            // The fired timer is gone already; an answer before the end cancels it.
            if event != .windowEnded {
                effects.append(.cancelTimer(kind: RemoteWindow.timerKind, key: ticketId))
            }
            offer(&ticket, excluding: [], cause: cause)
        }
        commit(ticket)
        return .applied
    }

    /// Solved by phone or online guidance: `ticket.completed` with `resolved`, `firstTimeFix`
    /// and `resolvedRemotely` true, no technician, no visit, no parts; the window's timer is
    /// cancelled. The ticket then follows the completed path (surveys, reopen, close).
    mutating func completeRemotely(_ ticket: inout TicketRow, _ cause: EventCause) {
        effects.append(.cancelTimer(kind: RemoteWindow.timerKind, key: ticket.ticketId))
        ticket.state = .completed
        ticket.technicianId = nil
        let completed = TicketCompleted(ticketId: ticket.ticketId, technicianId: nil, resolved: true, firstTimeFix: true,
                                        partsUsed: [], resolvedRemotely: true, visit: nil)
        emit(completed, cause)
        // Every completion is invoiced; a remote one has no call-out and no labour, so its
        // invoice is empty and not chargeable — the rule cannot refuse it.
        _ = invoice(after: completed, ticket: &ticket, remote: true, cause: cause)
    }
}

extension RemoteWindow.Event {
    /// The inbound type of the contact centre's answer (nil for the window's end).
    var eventType: EventType? {
        switch self {
        case .resolved: .remoteResolved
        case .failed: .remoteFailed
        case .windowEnded: nil
        }
    }
}
