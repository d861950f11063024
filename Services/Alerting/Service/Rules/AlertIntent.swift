import Foundation

/// What a rule wants done about the alert of one rule and subject; `AlertBook.Ledger`
/// turns intents into alert rows and `alert.*` events against the alerts already recorded.
public struct AlertIntent: Sendable, Equatable {
    /// The change wanted.
    public enum Action: Sendable, Equatable {
        /// Open this alert unless one of its rule and subject is open.
        case raise(AlertDraft)
        /// Escalate the open alert (once) with this message.
        case escalate(message: String, tickets: [String]?)
        /// Resolve the open alert, if any, with this message.
        case resolve(message: String)
    }

    public var rule: String
    public var subject: String
    public var action: Action
    /// The input (position in the fold) whose cause the resulting event carries.
    public var origin: Int

    public init(rule: String, subject: String, action: Action, origin: Int) {
        self.rule = rule
        self.subject = subject
        self.action = action
        self.origin = origin
    }

    /// Raise `draft`.
    public static func raise(_ draft: AlertDraft, origin: Int) -> AlertIntent {
        AlertIntent(rule: draft.rule, subject: draft.subject, action: .raise(draft), origin: origin)
    }

    /// Resolve the open alert of `rule` and `subject`.
    public static func resolve(_ rule: String, _ subject: String, message: String, origin: Int) -> AlertIntent {
        AlertIntent(rule: rule, subject: subject, action: .resolve(message: message), origin: origin)
    }

    /// The rule and subject the intent is about.
    public var pair: AlertBook.Pair { AlertBook.Pair(rule: rule, subject: subject) }
}
