import Foundation
import Kafka
import Postgres
import Schema
import ServiceRuntime

/// Runs a service's handler through the runtime's real batch processor and timer scheduler
/// (`OfflinePipeline`) against a fresh PostgreSQL database, without a broker. Handler tests
/// deliver events — one at a time or as one polled batch — move a manual clock, fire due
/// timers, and read back what the service emitted to its outbox and what it dead-lettered.
public final class BatchHarness {
    /// A separate connection to the service's database, for assertions.
    public let db: PGConnection
    public let clock: ManualClock
    public let pipeline: OfflinePipeline
    public let databaseURL: String
    private var nextOffset: Int64 = 0
    private var lastOutboxId: Int64 = 0

    public init(service: String, migrations: [Migration], handler: any ServiceHandler,
                now: Date = Timestamp.parse("2026-11-22T02:00:00Z")!, settings: [String: String] = [:]) throws {
        databaseURL = try makeTestDatabase(service)
        clock = ManualClock(now)
        var config = ServiceConfig(serviceName: service, databaseURL: databaseURL,
                                   kafka: KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "harness"),
                                   settings: settings)
        config.createTopics = false
        pipeline = try OfflinePipeline(config: config, migrations: migrations, handler: handler, clock: clock)
        db = try PGConnection(url: databaseURL)
    }

    deinit { db.close() }

    /// The clock's current time.
    public var now: Date {
        get { clock.now() }
        set { clock.set(newValue) }
    }

    // MARK: Delivering

    /// An envelope for `payload` as an outside system (or another service) would send it.
    public func envelope<P: EventPayload>(_ payload: P, id: String = UUID().uuidString.lowercased(),
                                         correlationId: String? = "corr", occurredAt: Date? = nil,
                                         source: String = "test") -> Envelope {
        Envelope(payload: payload, source: source, correlationId: correlationId, causationId: nil, id: id,
                 occurredAt: occurredAt ?? now)
    }

    /// Delivers one event as a batch of one; returns the batch outcome and what was emitted.
    @discardableResult
    public func deliver<P: EventPayload>(_ payload: P) throws -> (outcome: BatchOutcome, emitted: [Envelope]) {
        try deliver([envelope(payload)], keys: [payload.messageKey])
    }

    /// Delivers envelopes as ONE polled batch (same order, keys default to each payload's key).
    @discardableResult
    public func deliver(_ envelopes: [Envelope], keys: [String?]? = nil) throws -> (outcome: BatchOutcome, emitted: [Envelope]) {
        let records = envelopes.enumerated().map { index, envelope -> ConsumerRecord in
            let topic = envelope.eventType.flatMap { type in Topic.all.first { $0.eventTypes.contains(type) } }
            // The key a producer would use: the payload's aggregate id, read from the raw data
            // when the payload is invalid (hostile-input tests), as an integrator's producer would.
            let key = keys?[index] ?? EventCatalog.messageKey(of: envelope)
                ?? envelope.eventType.flatMap { envelope.data[$0.keyField]?.stringValue }
            return record(topic: topic ?? .deadLetters, key: key, value: Array(envelope.encoded()))
        }
        return try deliverRecords(records)
    }

    /// Delivers raw bytes on a topic (hostile input), as one batch with anything else given.
    @discardableResult
    public func deliverRaw(topic: Topic, key: String?, value: [UInt8]) throws -> (outcome: BatchOutcome, emitted: [Envelope]) {
        try deliverRecords([record(topic: topic, key: key, value: value)])
    }

    /// A consumer record at the next offset of partition 0.
    public func record(topic: Topic, key: String?, value: [UInt8]?) -> ConsumerRecord {
        defer { nextOffset += 1 }
        return ConsumerRecord(topic: topic.name, partition: 0, offset: nextOffset, key: key.map { Array($0.utf8) },
                              value: value, headers: [], timestamp: now)
    }

    /// Statements the pipeline sent while applying `body`'s deliveries (set-based work is O(1) per batch).
    public func statements(during body: () throws -> Void) rethrows -> Int {
        let before = pipeline.statementCount
        try body()
        return pipeline.statementCount - before
    }

    /// Applies records as one batch; returns the outcome and what was emitted since the last call.
    @discardableResult
    public func deliverRecords(_ records: [ConsumerRecord]) throws -> (outcome: BatchOutcome, emitted: [Envelope]) {
        let outcome = try pipeline.process(records)
        return (outcome, try newlyEmitted())
    }

    /// Fires the timers due at the clock's now; returns what they emitted.
    @discardableResult
    public func fireDueTimers() throws -> [Envelope] {
        try pipeline.fireDueTimers()
        return try newlyEmitted()
    }

    /// Moves the clock and fires what came due; returns what was emitted.
    @discardableResult
    public func advance(by seconds: TimeInterval) throws -> [Envelope] {
        clock.advance(by: seconds)
        return try fireDueTimers()
    }

    // MARK: Reading back

    /// Outbox events written since the last delivery or read, in order.
    public func newlyEmitted() throws -> [Envelope] {
        let rows = try db.query("SELECT id, value FROM outbox WHERE id > \(lastOutboxId) ORDER BY id")
        var envelopes: [Envelope] = []
        for row in rows {
            lastOutboxId = try row.get("id")
            let value: String = try row.get("value")
            envelopes.append(try Envelope.decode(Data(value.utf8)))
        }
        return envelopes
    }

    /// Every outbox event so far, in order.
    public func allEmitted() throws -> [Envelope] {
        try db.query("SELECT value FROM outbox ORDER BY id").map { row in
            let value: String = try row.get("value")
            return try Envelope.decode(Data(value.utf8))
        }
    }

    /// The keys of pending timers of `kind`, sorted.
    public func pendingTimers(kind: String) throws -> [String] {
        try db.query("SELECT key FROM deadline_timers WHERE kind = \(kind) ORDER BY key").map { try $0.get("key") }
    }
}

extension Array where Element == Envelope {
    /// The event types, in order.
    public var types: [String] { map(\.type) }

    /// The first event of `P`'s type, decoded.
    public func payload<P: EventPayload>(_ type: P.Type) -> P? {
        first { $0.type == P.eventType.rawValue }.flatMap { try? $0.payload(as: P.self) }
    }

    /// Every event of `P`'s type, decoded.
    public func payloads<P: EventPayload>(_ type: P.Type) -> [P] {
        filter { $0.type == P.eventType.rawValue }.compactMap { try? $0.payload(as: P.self) }
    }

    /// The dead letters among them.
    public var deadLetters: [MessageDeadLettered] { payloads(MessageDeadLettered.self) }
}
