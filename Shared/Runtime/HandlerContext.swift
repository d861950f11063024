import Foundation
import Postgres
import Schema

/// Everything a handler may do while applying a batch of events or a timer, inside the
/// runtime's single PostgreSQL transaction: read and write its own tables through `db`, emit
/// events (outbox rows, committed with the state change), and set or cancel deadline timers.
///
/// During a batch, emitted events and timer changes are buffered and written with one
/// set-based statement each when the batch ends; `hasTimer` sees the batch's own changes.
public final class HandlerContext {
    /// The service's database connection; a transaction is open.
    public let db: PGConnection
    /// The current time from the service's clock.
    public let now: Date
    public let serviceName: String
    /// Events emitted so far through this context (for logs and tests).
    public private(set) var emittedCount = 0

    /// Where emitted events and timer changes go during a batch; nil writes at once.
    let buffer: BatchBuffer?

    init(db: PGConnection, now: Date, serviceName: String, buffer: BatchBuffer? = nil) {
        self.db = db
        self.now = now
        self.serviceName = serviceName
        self.buffer = buffer
    }

    /// Emits `payload` on its topic, keyed by its aggregate id, with this service as source.
    /// The event is written to the outbox and published by the relay after the commit.
    public func emit<P: EventPayload>(_ payload: P, cause: EventCause?) throws {
        let envelope = Envelope(payload: payload, source: serviceName, correlationId: cause?.correlationId,
                                causationId: cause?.causationId, occurredAt: now)
        if let buffer {
            buffer.append(.init(eventId: envelope.id, topic: P.topic.name, key: payload.messageKey,
                                value: String(decoding: envelope.encoded(), as: UTF8.self)))
        } else {
            try Outbox.insert(envelope: envelope, topic: P.topic, key: payload.messageKey, on: db)
        }
        emittedCount += 1
    }

    /// Sets (or moves) the timer identified by `kind` and `key` to come due at `due`.
    public func schedule(timer kind: String, key: String, at due: Date, payload: JSONValue = .null,
                         cause: EventCause?) throws {
        if let buffer {
            buffer.schedule(kind: kind, key: key, due: due, payload: payload, cause: cause ?? .none)
        } else {
            try TimerStore.upsert(kind: kind, key: key, due: due, payload: payload, cause: cause ?? .none, on: db)
        }
    }

    /// Removes a pending timer; nothing happens when there is none.
    public func cancelTimer(kind: String, key: String) throws {
        if let buffer {
            buffer.cancel(kind: kind, key: key)
        } else {
            try TimerStore.cancel(kind: kind, key: key, on: db)
        }
    }

    /// Whether a timer is pending (including what this batch set or cancelled).
    public func hasTimer(kind: String, key: String) throws -> Bool {
        if let pending = buffer?.pendingState(kind: kind, key: key) { return pending }
        return try TimerStore.exists(kind: kind, key: key, on: db)
    }
}
