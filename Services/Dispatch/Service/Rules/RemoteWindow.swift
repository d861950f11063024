import Foundation
import Schema
import ServiceRuntime

/// How long dispatch holds a remote-eligible ticket for the contact centre before assigning
/// it (DESIGN.md "Remote-first resolution"; 002 §3.3).
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_DISPATCH_REMOTE_WINDOW_MINUTES | 30 (0 turns the hold off: every ticket is dispatched at once) |
public struct RemoteWindowSettings: Sendable, Hashable {
    public static let windowVariable = "AFTERSALES_DISPATCH_REMOTE_WINDOW_MINUTES"

    /// The hold in seconds.
    public var windowSeconds: Double

    public init(windowSeconds: Double = 30 * 60) {
        self.windowSeconds = windowSeconds
    }

    /// Reads the window (minutes, 0…1440) from `AFTERSALES_*` settings.
    public init(settings: [String: String]) throws(ConfigError) {
        self.init()
        guard let text = settings[Self.windowVariable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return }
        guard let minutes = Double(text), minutes.isFinite, (0...1_440).contains(minutes) else {
            throw ConfigError(variable: Self.windowVariable, problem: "must be a number of minutes between 0 and 1440, not '\(text)'")
        }
        windowSeconds = minutes * 60
    }

    public init(config: ServiceConfig) throws(ConfigError) {
        try self.init(settings: config.settings)
    }
}

/// Where a ticket stands in the remote-first window. Dispatch keeps one per ticket.
public enum RemoteWindowState: String, Sendable, CaseIterable, Codable {
    /// Never held: not eligible, an emergency, or the window was off or already over.
    case notHeld = "not-held"
    /// Waiting for the contact centre until the window ends.
    case holding
    /// Remote guidance failed or the window ended: dispatched as usual.
    case released
    /// Solved by phone or online guidance: completed without a technician.
    case resolvedRemotely = "resolved-remotely"
}

/// The remote-first window as a small pure state machine.
///
/// Eligible: the ticket carries `remoteGuidance` and is neither an emergency nor a safety
/// hazard ("emergencies never wait"). The window runs from the ticket's opening
/// (`ticket.opened` `occurredAt`) for `windowSeconds`, never past the respond deadline; a
/// ticket that arrives after its window ended is dispatched at once.
///
/// | state | remote.resolved | remote.failed | window end |
/// |---|---|---|---|
/// | holding | resolved-remotely, complete remotely | released, dispatch | released, dispatch |
/// | released | refused | ignored | ignored |
/// | resolved-remotely | ignored | refused | ignored |
/// | not-held | refused | refused | ignored |
///
/// A `remote.resolved` after the window ended is refused: a technician is already on the way;
/// the technician's visit (or a cancellation) ends the ticket.
public enum RemoteWindow {
    /// The timer kind dispatch schedules for the window's end; the key is the ticket id.
    public static let timerKind = "remote-window"

    /// What dispatch does on `ticket.opened`.
    public enum Opening: Sendable, Hashable {
        /// Hold until `until` (schedule `timerKind` then).
        case hold(until: Date)
        /// Dispatch now (not eligible, or the window is already over).
        case dispatchNow
    }

    /// What happens to the window.
    public enum Event: Sendable, Hashable {
        case resolved
        case failed
        case windowEnded
    }

    /// What dispatch does after an event.
    public enum Action: Sendable, Hashable {
        /// Emit `ticket.completed` with `resolved`, `firstTimeFix` and `resolvedRemotely` true,
        /// no technician; cancel the window timer.
        case completeRemotely
        /// Dispatch as usual (offer the first candidate); cancel the window timer.
        case dispatch
        /// Nothing to do (a duplicate or a late timer).
        case ignore
        /// Dead-letter the event with this reason.
        case refuse(reason: String)
    }

    /// True when the ticket may wait for remote guidance.
    public static func isEligible(remoteGuidance: TicketOpened.RemoteGuidance?, priority: Priority, safetyHazard: Bool) -> Bool {
        remoteGuidance != nil && priority != .emergency && !safetyHazard
    }

    /// Same, for an opened ticket.
    public static func isEligible(_ ticket: TicketOpened) -> Bool {
        isEligible(remoteGuidance: ticket.remoteGuidance, priority: ticket.priority, safetyHazard: ticket.fault.safetyHazard)
    }

    /// When the window of a ticket opened at `openedAt` ends: `openedAt + windowSeconds`,
    /// capped at the respond deadline when one is given.
    public static func windowEnds(openedAt: Date, respondBy: Date?, settings: RemoteWindowSettings) -> Date {
        let end = openedAt.addingTimeInterval(settings.windowSeconds)
        guard let respondBy else { return end }
        return min(end, respondBy)
    }

    /// What to do with a newly opened ticket at `now`, and its state.
    public static func opening(eligible: Bool, openedAt: Date, respondBy: Date?, now: Date,
                               settings: RemoteWindowSettings) -> (state: RemoteWindowState, opening: Opening) {
        guard eligible, settings.windowSeconds > 0 else { return (.notHeld, .dispatchNow) }
        let end = windowEnds(openedAt: openedAt, respondBy: respondBy, settings: settings)
        guard end > now else { return (.notHeld, .dispatchNow) }
        return (.holding, .hold(until: end))
    }

    /// Same, for an opened ticket (`openedAt` is the event's `occurredAt`).
    public static func opening(_ ticket: TicketOpened, openedAt: Date, now: Date,
                               settings: RemoteWindowSettings) -> (state: RemoteWindowState, opening: Opening) {
        opening(eligible: isEligible(ticket), openedAt: openedAt, respondBy: ticket.sla.respondBy, now: now, settings: settings)
    }

    /// The state and action after `event` in `state`.
    public static func next(_ state: RemoteWindowState, on event: Event) -> (state: RemoteWindowState, action: Action) {
        switch (state, event) {
        case (.holding, .resolved): return (.resolvedRemotely, .completeRemotely)
        case (.holding, .failed), (.holding, .windowEnded): return (.released, .dispatch)
        case (.released, .resolved):
            return (.released, .refuse(reason: "remote.resolved after the remote window ended: the ticket is already being dispatched"))
        case (.resolvedRemotely, .failed):
            return (.resolvedRemotely, .refuse(reason: "remote.failed after the ticket was resolved remotely"))
        case (.notHeld, .resolved), (.notHeld, .failed):
            return (.notHeld, .refuse(reason: "the ticket was not held for remote guidance"))
        case (.released, .failed), (.released, .windowEnded), (.resolvedRemotely, .resolved), (.resolvedRemotely, .windowEnded),
             (.notHeld, .windowEnded):
            return (state, .ignore)
        }
    }
}
