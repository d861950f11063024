import Foundation
import Schema
import ServiceRuntime

/// An output of a fold, in the order the batch's events caused it; applied through the
/// `HandlerContext` once the fold is final (a fold may be run again with more data).
enum FoldEffect: Sendable {
    case emit(any EventPayload, EventCause)
    case scheduleAcceptance(key: String, at: Date, cause: EventCause)
    case cancelAcceptance(key: String)
    /// Another timer (the remote-first window: `RemoteWindow.timerKind`, keyed by ticket id).
    case scheduleTimer(kind: String, key: String, at: Date, cause: EventCause)
    case cancelTimer(kind: String, key: String)

    func apply(_ context: HandlerContext) throws {
        switch self {
        case .emit(let payload, let cause):
            try context.emit(payload, cause: cause)
        case .scheduleAcceptance(let key, let due, let cause):
            try context.schedule(timer: AcceptanceTimer.kind, key: key, at: due, cause: cause)
        case .cancelAcceptance(let key):
            try context.cancelTimer(kind: AcceptanceTimer.kind, key: key)
        case .scheduleTimer(let kind, let key, let due, let cause):
            try context.schedule(timer: kind, key: key, at: due, cause: cause)
        case .cancelTimer(let kind, let key):
            try context.cancelTimer(kind: kind, key: key)
        }
    }
}

/// The acceptance deadline of an offer: timer kind `acceptance-timeout`, key `<ticketId>#<attempt>`.
enum AcceptanceTimer {
    static let kind = "acceptance-timeout"

    static func key(ticketId: String, attempt: Int) -> String { "\(ticketId)#\(attempt)" }

    /// The ticket and attempt of a key, or nil when it is not one.
    static func parse(_ key: String) -> (ticketId: String, attempt: Int)? {
        guard let hash = key.lastIndex(of: "#"), let attempt = Int(key[key.index(after: hash)...]) else { return nil }
        return (String(key[..<hash]), attempt)
    }
}
