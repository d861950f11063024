import Foundation

/// The `alerts.status` column: open, escalated (still open, now critical) or resolved.
public enum AlertStatus: String, Sendable, CaseIterable {
    case open
    case escalated
    case resolved

    /// Open or escalated: the one alert of its rule and subject that is not resolved.
    public var isOpen: Bool { self != .resolved }
}
