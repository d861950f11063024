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

    public func validate() -> [FieldError] {
        AlertFields.check(alertId: alertId, rule: rule, subject: subject, message: message, tickets: tickets, details: details)
    }
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

    public func validate() -> [FieldError] {
        AlertFields.check(alertId: alertId, rule: rule, subject: subject, message: message, tickets: tickets, details: details)
    }
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

    public func validate() -> [FieldError] {
        AlertFields.check(alertId: alertId, rule: rule, subject: subject, message: message, tickets: tickets, details: details)
    }
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
    /// Addition: the cut these figures are for (nil: the whole network).
    public var dimension: Dimension?

    public init(window: String, figures: [String: Double], generatedAt: Date? = nil, dimension: Dimension? = nil) {
        self.window = window
        self.figures = figures
        self.generatedAt = generatedAt
        self.dimension = dimension
    }

    /// Still `window` with a dimension: every cut of one window shares a partition, in order.
    public var messageKey: String { window }

    /// A cut of the figures by region, provider and/or product category (league tables).
    public struct Dimension: Codable, Sendable, Hashable {
        public var region: String?
        public var providerId: String?
        /// A `ProductCategory` raw value.
        public var category: String?

        public init(region: String? = nil, providerId: String? = nil, category: String? = nil) {
            self.region = region
            self.providerId = providerId
            self.category = category
        }
    }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.name(window, "window")
        checks.maxCount(figures.count, SchemaLimits.maxListCount * 10, "figures")
        if let dimension {
            checks.optionalName(dimension.region, "dimension.region")
            checks.identifier(dimension.providerId, "dimension.providerId")
            checks.optionalName(dimension.category, "dimension.category")
        }
        return checks.errors
    }
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
    /// The original bytes, base64: all of them, or the first 64 KiB when `valueTruncated`.
    public var value: String
    /// Why.
    public var reason: String
    /// Addition: the full length of the original value in bytes.
    public var valueLength: Int?
    /// Addition: the SHA-256 of the full original value, lowercase hex.
    public var valueSha256: String?
    /// Addition: true when `value` holds only the first `MessageDeadLettered.maxValueBytes` bytes.
    public var valueTruncated: Bool?

    public init(
        service: String,
        topic: String,
        partition: Int,
        offset: Int64,
        key: String? = nil,
        value: String,
        reason: String,
        valueLength: Int? = nil,
        valueSha256: String? = nil,
        valueTruncated: Bool? = nil
    ) {
        self.service = service
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.reason = reason
        self.valueLength = valueLength
        self.valueSha256 = valueSha256
        self.valueTruncated = valueTruncated
    }

    /// The most original bytes a dead letter carries in `value` (64 KiB, before base64).
    public static let maxValueBytes = 65_536

    /// A dead letter for `original` bytes: `value` is the base64 of at most the first
    /// 64 KiB, with the full length, the SHA-256 of all of it and whether it was cut.
    public init(
        service: String, topic: String, partition: Int, offset: Int64, key: String?, original: [UInt8], reason: String
    ) {
        let kept = original.prefix(Self.maxValueBytes)
        self.init(
            service: service, topic: topic, partition: partition, offset: offset, key: key,
            value: Data(kept).base64EncodedString(), reason: reason, valueLength: original.count,
            valueSha256: SHA256.hex(original), valueTruncated: kept.count < original.count)
    }

    public var messageKey: String { key ?? "" }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.name(service, "service")
        checks.name(topic, "topic")
        // -1: an outgoing event the broker refused never reached a partition (runtime relay).
        checks.within(partition, -1...Int(Int32.max), "partition")
        // The runtime writes keys without control characters, at most 200 characters.
        checks.optionalName(key, "key")
        if offset < -1 { checks.add("offset", "out-of-range", "offset must be at least -1") }
        if let valueLength { checks.atLeast(valueLength, 0, "valueLength") }
        if let valueSha256, !(valueSha256.utf8.count == 64 && valueSha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })) {
            checks.add("valueSha256", "invalid-format", "valueSha256 must be 64 lowercase hex digits")
        }
        return checks.errors
    }
}

/// The checks shared by `alert.raised`, `alert.escalated` and `alert.resolved`.
enum AlertFields {
    static func check(
        alertId: String, rule: String, subject: String, message: String, tickets: [String]?, details: [String: String]?
    ) -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(alertId, "alertId")
        checks.name(rule, "rule")
        checks.identifier(subject, "subject")
        checks.maxLength(message, SchemaLimits.maxTextLength, "message")
        if let tickets {
            checks.maxCount(tickets.count, SchemaLimits.maxListCount * 10, "tickets")
            for (index, ticket) in tickets.prefix(SchemaLimits.maxListCount * 10).enumerated() {
                checks.identifier(ticket, "tickets[\(index)]")
            }
        }
        if let details {
            checks.maxCount(details.count, SchemaLimits.maxListCount, "details")
            for (key, value) in details.sorted(by: { $0.key < $1.key }).prefix(SchemaLimits.maxListCount) {
                checks.maxLength(key, SchemaLimits.maxNameLength, "details")
                checks.maxLength(value, SchemaLimits.maxTextLength, "details.\(key.prefix(SchemaLimits.maxNameLength))")
            }
        }
        return checks.errors
    }
}
