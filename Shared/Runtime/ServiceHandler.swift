import Foundation
import Postgres
import Schema

/// One inbound message, decoded into its envelope, as handed to a handler.
public struct InboundEvent: Sendable {
    public let topic: Topic
    public let partition: Int32
    public let offset: Int64
    public let key: String?
    public let envelope: Envelope

    public init(topic: Topic, partition: Int32, offset: Int64, key: String?, envelope: Envelope) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.envelope = envelope
    }

    /// The envelope's `type` as a known event type, or nil.
    public var eventType: EventType? { EventType(rawValue: envelope.type) }

    /// Decodes and validates the payload; throws field-level reasons.
    public func payload<P: EventPayload>(as type: P.Type) throws(ValidationFailure) -> P {
        try envelope.payload(as: type)
    }

    /// The cause to put on events produced in response to this one.
    public var cause: EventCause {
        EventCause(correlationId: envelope.correlationId, causationId: envelope.id)
    }
}

/// Correlation and causation ids carried onto produced events.
public struct EventCause: Sendable, Codable, Hashable {
    public let correlationId: String?
    public let causationId: String?

    public init(correlationId: String?, causationId: String?) {
        self.correlationId = correlationId
        self.causationId = causationId
    }

    /// No cause: an event the service originates itself (a periodic snapshot, say).
    public static let none = EventCause(correlationId: nil, causationId: nil)
}

/// What a handler did with one inbound event.
public enum HandlingResult: Sendable, Equatable {
    /// The state change was applied (and any events emitted).
    case applied
    /// A known event the service does not act on; counted, nothing changed.
    case ignored
    /// The event is invalid for this service; it goes to the dead-letter topic with `reason`.
    case deadLetter(reason: String)
}

/// A deadline timer that came due.
public struct DueTimer: Sendable {
    public let kind: String
    public let key: String
    public let dueAt: Date
    public let payload: JSONValue
    public let cause: EventCause

    public init(kind: String, key: String, dueAt: Date, payload: JSONValue, cause: EventCause) {
        self.kind = kind
        self.key = key
        self.dueAt = dueAt
        self.payload = payload
        self.cause = cause
    }
}

/// A service's business logic: applies inbound events and due timers inside the runtime's
/// transaction. Must not talk to Kafka: produced events go through `HandlerContext.emit`.
///
/// Batch-native: the runtime hands over every new event of a polled batch at once, in
/// partition order (duplicates, unknown types and types outside `handledTypes` removed),
/// so a handler can read the state of every key in one query, fold the events in memory
/// with its pure rules, and write the result with one set-based statement per table.
///
/// Failure contract: throwing a transient error (`RuntimeFailure.isTransient`) retries the
/// whole batch later; any other error makes the runtime roll the batch back and apply it
/// again one event at a time (each in a savepoint), so exactly the event that fails is
/// dead-lettered and the others are applied. A handler must therefore be correct for a
/// batch of one event, and must report an invalid event as `.deadLetter` rather than
/// leave half of its effects behind.
public protocol ServiceHandler: Sendable {
    /// The topics the service consumes.
    var subscriptions: [Topic] { get }
    /// The event types the service acts on. Other types on its topics cost it nothing in
    /// the database: no inbox row, no transaction. Default: every type of `subscriptions`.
    var handledTypes: Set<EventType> { get }
    /// Applies new events in order; returns one result per event, in the same order.
    func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult]
    /// Applies a due timer.
    func fire(_ timer: DueTimer, context: HandlerContext) throws
    /// Called once at start-up, inside a transaction, after migrations (seed timers, say).
    func start(context: HandlerContext) throws
    /// The bytes a dead letter of this service carries for an original message (at most the
    /// first 64 KiB of them go on the wire). Default: the original. A service whose inbound
    /// messages carry personal data masks it here and keeps the original itself.
    func deadLetterCopy(of original: [UInt8], topic: Topic, context: HandlerContext) throws -> [UInt8]
    /// The same, told where the original was read and why it is dead-lettered (a service that
    /// keeps the original, say in a quarantine table, files it under that position).
    /// Default: `deadLetterCopy(of:topic:context:)`.
    func deadLetterCopy(of original: [UInt8], origin: DeadLetterOrigin, context: HandlerContext) throws -> [UInt8]
}

/// Where a dead-lettered message was read, and why it is dead-lettered.
public struct DeadLetterOrigin: Sendable {
    /// The registry topic.
    public let topic: Topic
    /// The broker-side topic name (with the configured prefix), as on the dead letter.
    public let topicName: String
    public let partition: Int32
    public let offset: Int64
    /// The message key as printable text (control characters removed), as on the dead letter.
    public let key: String?
    /// The reason the dead letter carries.
    public let reason: String

    public init(topic: Topic, topicName: String, partition: Int32, offset: Int64, key: String?, reason: String) {
        self.topic = topic
        self.topicName = topicName
        self.partition = partition
        self.offset = offset
        self.key = key
        self.reason = reason
    }
}

extension ServiceHandler {
    public var handledTypes: Set<EventType> { Set(subscriptions.flatMap(\.eventTypes)) }
    public func fire(_ timer: DueTimer, context: HandlerContext) throws {}
    public func start(context: HandlerContext) throws {}
    public func deadLetterCopy(of original: [UInt8], topic: Topic, context: HandlerContext) throws -> [UInt8] {
        original
    }
    public func deadLetterCopy(of original: [UInt8], origin: DeadLetterOrigin, context: HandlerContext) throws -> [UInt8] {
        try deadLetterCopy(of: original, topic: origin.topic, context: context)
    }
}

/// A handler that applies one event at a time (simple services, tests). The runtime still
/// batches the inbox and outbox writes; the handler's own statements run per event.
public protocol EventHandler: ServiceHandler {
    /// Applies one inbound event. Throwing a transient error retries the whole batch; any
    /// other error dead-letters this event only.
    func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult
}

extension EventHandler {
    public func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
        try batch.map { try handle($0, context: context) }
    }
}

extension HandlingResult {
    /// The dead letter for an event whose payload failed validation, with every field-level reason.
    public static func invalid(_ event: InboundEvent, _ failure: ValidationFailure) -> HandlingResult {
        .deadLetter(reason: "invalid \(event.envelope.type): " + failure.errors.map(\.description).joined(separator: "; "))
    }
}
