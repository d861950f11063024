import Foundation

/// An alert opens.
/// Extension: optional `tickets` and `details`.
public struct AlertRaised: EventPayload, Hashable {
    public static let eventType = EventType.alertRaised
    public static let topic = Topic.alerts

    public var alertId: String
    /// The rule, e.g. "sla-at-risk".
    public var rule: String
    public var severity: AlertSeverity
    /// What it is about (ticket, part, model, technician).
    public var subject: String
    /// For people.
    public var message: String
    /// Extension: tickets involved.
    public var tickets: [String]?
    /// Extension: rule-specific facts.
    public var details: [String: String]?

    public init(
        alertId: String,
        rule: String,
        severity: AlertSeverity,
        subject: String,
        message: String,
        tickets: [String]? = nil,
        details: [String: String]? = nil
    ) {
        self.alertId = alertId
        self.rule = rule
        self.severity = severity
        self.subject = subject
        self.message = message
        self.tickets = tickets
        self.details = details
    }

    public var messageKey: String { subject }
}

/// An open alert gets worse.
/// Extension: optional `tickets` and `details`.
public struct AlertEscalated: EventPayload, Hashable {
    public static let eventType = EventType.alertEscalated
    public static let topic = Topic.alerts

    public var alertId: String
    /// The rule, e.g. "sla-at-risk".
    public var rule: String
    public var severity: AlertSeverity
    /// What it is about (ticket, part, model, technician).
    public var subject: String
    /// For people.
    public var message: String
    /// Extension: tickets involved.
    public var tickets: [String]?
    /// Extension: rule-specific facts.
    public var details: [String: String]?

    public init(
        alertId: String,
        rule: String,
        severity: AlertSeverity,
        subject: String,
        message: String,
        tickets: [String]? = nil,
        details: [String: String]? = nil
    ) {
        self.alertId = alertId
        self.rule = rule
        self.severity = severity
        self.subject = subject
        self.message = message
        self.tickets = tickets
        self.details = details
    }

    public var messageKey: String { subject }
}

/// The condition cleared.
/// Extension: optional `tickets` and `details`.
public struct AlertResolved: EventPayload, Hashable {
    public static let eventType = EventType.alertResolved
    public static let topic = Topic.alerts

    public var alertId: String
    /// The rule, e.g. "sla-at-risk".
    public var rule: String
    public var severity: AlertSeverity
    /// What it is about (ticket, part, model, technician).
    public var subject: String
    /// For people.
    public var message: String
    /// Extension: tickets involved.
    public var tickets: [String]?
    /// Extension: rule-specific facts.
    public var details: [String: String]?

    public init(
        alertId: String,
        rule: String,
        severity: AlertSeverity,
        subject: String,
        message: String,
        tickets: [String]? = nil,
        details: [String: String]? = nil
    ) {
        self.alertId = alertId
        self.rule = rule
        self.severity = severity
        self.subject = subject
        self.message = message
        self.tickets = tickets
        self.details = details
    }

    public var messageKey: String { subject }
}

/// Current KPI figures for a window.
/// Extension: optional `generatedAt`.
public struct KpiSnapshot: EventPayload, Hashable {
    public static let eventType = EventType.kpiSnapshot
    public static let topic = Topic.kpis

    /// "last-hour", "today" or "last-7-days".
    public var window: String
    /// KPI name to value.
    public var figures: [String: Double]
    /// Extension: when the figures were computed.
    public var generatedAt: Date?

    public init(window: String, figures: [String: Double], generatedAt: Date? = nil) {
        self.window = window
        self.figures = figures
        self.generatedAt = generatedAt
    }

    public var messageKey: String { window }
}

/// A message no service could process, kept with its reason.
public struct MessageDeadLettered: EventPayload, Hashable {
    public static let eventType = EventType.messageDeadLettered
    public static let topic = Topic.deadLetters

    /// The service that gave up.
    public var service: String
    /// Where the message was.
    public var topic: String
    public var partition: Int
    public var offset: Int64
    /// The original key; the message key of this event ("" when there was none).
    public var key: String?
    /// The original bytes, base64.
    public var value: String
    /// Why.
    public var reason: String

    public init(
        service: String,
        topic: String,
        partition: Int,
        offset: Int64,
        key: String? = nil,
        value: String,
        reason: String
    ) {
        self.service = service
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.reason = reason
    }

    public var messageKey: String { key ?? "" }
}
