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
public protocol ServiceHandler: Sendable {
    /// The topics the service consumes.
    var subscriptions: [Topic] { get }
    /// Applies one inbound event. Throwing a connection failure retries the whole batch;
    /// any other error dead-letters this event only.
    func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult
    /// Applies a due timer.
    func fire(_ timer: DueTimer, context: HandlerContext) throws
    /// Called once at start-up, inside a transaction, after migrations (seed timers, say).
    func start(context: HandlerContext) throws
}

extension ServiceHandler {
    public func fire(_ timer: DueTimer, context: HandlerContext) throws {}
    public func start(context: HandlerContext) throws {}
}
