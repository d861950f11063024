import Foundation
import Schema

/// The one-open-alert-per-rule-and-subject logic, pure: given the alert currently open for a
/// rule and subject (if any) and how many alerts that pair has had, decides what to do.
/// Alert ids are deterministic, `AL-<rule>-<subject>-<occurrence>`, so replaying the
/// streams can never mint a second id for the same alert.
public enum AlertBook {
    /// The alert currently open (status open or escalated) for a rule and subject.
    public struct OpenAlert: Sendable, Equatable {
        public var alertId: String
        public var severity: AlertSeverity
        public var escalated: Bool
        public init(alertId: String, severity: AlertSeverity, escalated: Bool) {
            self.alertId = alertId
            self.severity = severity
            self.escalated = escalated
        }
    }

    /// What the caller wants.
    public enum Intent: Sendable, Equatable {
        case raise(AlertDraft)
        case escalate
        case resolve
    }

    /// What to do about it.
    public enum Decision: Sendable, Equatable {
        /// Insert a new alert with this id and publish `alert.raised`.
        case raise(alertId: String)
        /// Mark the open alert escalated (critical) and publish `alert.escalated`.
        case escalate(alertId: String)
        /// Mark the open alert resolved and publish `alert.resolved`.
        case resolve(alertId: String, severity: AlertSeverity)
        /// Nothing: already open, nothing open, or already escalated.
        case nothing
    }

    /// The deterministic alert id of a rule and subject's `occurrence`-th alert (1-based).
    public static func alertId(rule: String, subject: String, occurrence: Int) -> String {
        "AL-\(rule)-\(subject)-\(occurrence)"
    }

    /// Decides for `intent` on `rule` / `subject`, where `open` is the open alert and
    /// `previousCount` the number of alerts (any status) the pair has had.
    public static func decide(_ intent: Intent, rule: String, subject: String, open: OpenAlert?, previousCount: Int) -> Decision {
        switch intent {
        case .raise:
            guard open == nil else { return .nothing }
            return .raise(alertId: alertId(rule: rule, subject: subject, occurrence: previousCount + 1))
        case .escalate:
            guard let open, !open.escalated else { return .nothing }
            return .escalate(alertId: open.alertId)
        case .resolve:
            guard let open else { return .nothing }
            return .resolve(alertId: open.alertId, severity: open.severity)
        }
    }
}

// MARK: - Applying a batch of intents

extension AlertBook {
    /// A rule and subject: the unit of "one open alert".
    public struct Pair: Hashable, Sendable {
        public var rule: String
        public var subject: String
        public init(rule: String, subject: String) {
            self.rule = rule
            self.subject = subject
        }
    }

    /// What is recorded for a pair: the highest occurrence so far and the open alert, if any.
    public struct PairState: Sendable, Equatable {
        public var lastOccurrence: Int
        public var open: OpenAlert?
        public init(lastOccurrence: Int = 0, open: OpenAlert? = nil) {
            self.lastOccurrence = lastOccurrence
            self.open = open
        }
    }

    /// One alert row as the ledger leaves it: new (to insert) or recorded before (to update).
    public struct Record: Sendable, Equatable {
        public var alertId: String
        public var rule: String
        public var subject: String
        public var occurrence: Int
        public var severity: AlertSeverity
        public var status: AlertStatus
        /// The message to store; nil keeps the recorded one (a resolution keeps the raising text).
        public var message: String?
        /// True for an alert this ledger raised (its row does not exist yet).
        public var isNew: Bool
    }

    /// An `alert.*` event to publish, with the input (position in the fold) that caused it.
    public enum Event: Sendable, Equatable {
        case raised(AlertRaised, origin: Int)
        case escalated(AlertEscalated, origin: Int)
        case resolved(AlertResolved, origin: Int)
    }

    /// Applies intents in order to the recorded alerts, in memory: several intents for the
    /// same pair in one batch see each other (raised then resolved in the same batch is one
    /// new, resolved row and two events).
    public struct Ledger: Sendable {
        private var pairs: [Pair: PairState]
        private var recordIndex: [String: Int] = [:]
        /// Changed rows, in the order they were first touched.
        public private(set) var records: [Record] = []
        /// Events, in order.
        public private(set) var events: [Event] = []

        /// `recorded`: the state of every pair the intents may touch (missing pairs have none).
        public init(recorded: [Pair: PairState]) { pairs = recorded }

        /// Applies every intent in order.
        public mutating func apply(_ intents: [AlertIntent]) {
            for intent in intents { apply(intent) }
        }

        /// Applies one intent.
        public mutating func apply(_ intent: AlertIntent) {
            let pair = intent.pair
            var state = pairs[pair] ?? PairState()
            let wanted: Intent
            switch intent.action {
            case .raise(let draft): wanted = .raise(draft)
            case .escalate: wanted = .escalate
            case .resolve: wanted = .resolve
            }
            let decision = AlertBook.decide(wanted, rule: pair.rule, subject: pair.subject, open: state.open,
                                            previousCount: state.lastOccurrence)
            switch (decision, intent.action) {
            case (.raise(let alertId), .raise(let draft)):
                state.lastOccurrence += 1
                state.open = OpenAlert(alertId: alertId, severity: draft.severity, escalated: false)
                touch(Record(alertId: alertId, rule: pair.rule, subject: pair.subject, occurrence: state.lastOccurrence,
                             severity: draft.severity, status: .open, message: draft.message, isNew: true))
                events.append(.raised(AlertRaised(alertId: alertId, rule: pair.rule, severity: draft.severity, subject: pair.subject,
                                                  message: draft.message, tickets: draft.tickets, details: draft.details),
                                      origin: intent.origin))
            case (.escalate(let alertId), .escalate(let message, let tickets)):
                state.open?.escalated = true
                state.open?.severity = .critical
                update(alertId, pair: pair, occurrence: state.lastOccurrence) {
                    $0.status = .escalated
                    $0.severity = .critical
                    $0.message = message
                }
                events.append(.escalated(AlertEscalated(alertId: alertId, rule: pair.rule, severity: .critical, subject: pair.subject,
                                                        message: message, tickets: tickets), origin: intent.origin))
            case (.resolve(let alertId, let severity), .resolve(let message)):
                state.open = nil
                update(alertId, pair: pair, occurrence: state.lastOccurrence) {
                    $0.status = .resolved
                    $0.severity = severity
                }
                events.append(.resolved(AlertResolved(alertId: alertId, rule: pair.rule, severity: severity, subject: pair.subject,
                                                      message: message), origin: intent.origin))
            default:
                break
            }
            pairs[pair] = state
        }

        private mutating func touch(_ record: Record) {
            recordIndex[record.alertId] = records.count
            records.append(record)
        }

        /// Changes the row of `alertId` (the pair's open alert, which is its latest occurrence).
        private mutating func update(_ alertId: String, pair: Pair, occurrence: Int, _ change: (inout Record) -> Void) {
            if let index = recordIndex[alertId] {
                change(&records[index])
                return
            }
            let severity = pairs[pair]?.open?.severity ?? .warning
            var record = Record(alertId: alertId, rule: pair.rule, subject: pair.subject, occurrence: occurrence,
                                severity: severity, status: .open, message: nil, isNew: false)
            change(&record)
            touch(record)
        }
    }
}
