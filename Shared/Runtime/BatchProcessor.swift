import Foundation
import Kafka
import Postgres
import Schema

/// Applies one polled batch in one PostgreSQL transaction (DESIGN.md, processing guarantees).
///
/// 1. Triage, before any database work: a message that is too large, not an envelope, or
///    carries an unusable id becomes a dead letter; an unknown type is skipped and counted;
///    a type the handler does not act on is skipped without touching the database.
/// 2. The fast path: one transaction that reads the inbox for the whole batch, hands every
///    new event to the handler at once (set-based), and writes inbox, outbox and timer rows
///    with one statement each.
/// 3. When that fails for a non-transient reason, the batch is rolled back and applied again
///    one event at a time, each in a savepoint (its outbox rows and timer changes written inside
///    it), so exactly the bad event is dead-lettered and the rest applied. Should even that
///    fail, every message of the batch is dead-lettered with the cause, so the partition always
///    moves on.
///
/// Transient failures (database or broker down, lock or serialization conflicts, an inbox
/// race with another instance) are thrown: the caller retries the batch, committing nothing.
final class BatchProcessor {
    typealias Outcome = BatchOutcome

    /// One polled message, classified before any database work.
    enum Triage {
        case event(InboundEvent)
        case deadLetter(reason: String)
        case unknownType
        case notHandled

        var needsDatabase: Bool {
            switch self {
            case .event, .deadLetter: true
            case .unknownType, .notHandled: false
            }
        }
    }

    /// How much of the work `apply` does.
    private enum Mode {
        /// The whole batch through the handler at once.
        case batch
        /// One event at a time, each in a savepoint.
        case isolated
        /// No handler: every message becomes a dead letter with this cause.
        case deadLetterAll(cause: String)
    }

    /// A dead letter carries at most this many bytes of the original (base64 on the wire).
    static let deadLetterCopyLimit = 64 * 1024
    /// The longest event id the inbox accepts (DESIGN.md envelope bounds).
    static let maxEventIdLength = 200

    let config: ServiceConfig
    let handler: any ServiceHandler
    let clock: any ServiceClock
    let logger: Logger
    let faults: FaultInjector?
    private let handledTypes: Set<EventType>
    private let maxMessageBytes: Int

    init(config: ServiceConfig, handler: any ServiceHandler, clock: any ServiceClock, logger: Logger,
         faults: FaultInjector?) {
        self.config = config
        self.handler = handler
        self.clock = clock
        self.logger = logger
        self.faults = faults
        self.handledTypes = handler.handledTypes
        self.maxMessageBytes = config.maxMessageBytes
    }

    /// Applies `records` and commits. Throws transient failures (the caller retries the
    /// batch) and injected crashes; never throws because of what a message contains.
    func process(_ records: [ConsumerRecord], batch: Int, on db: PGConnection) throws -> Outcome {
        var outcome = Outcome()
        var work: [(record: ConsumerRecord, triage: Triage)] = []
        work.reserveCapacity(records.count)
        for record in records {
            let triage = triage(record)
            switch triage {
            case .unknownType: outcome.unknownTypes += 1
            case .notHandled: outcome.skipped += 1
            case .event, .deadLetter: work.append((record, triage))
            }
        }
        guard !work.isEmpty else { return outcome }
        do {
            outcome.add(try db.transaction { db in try apply(work, mode: .batch, batch: batch, on: db) })
            return outcome
        } catch let error where isRecoverableByIsolation(error) {
            logger.warning("batch failed; applying it one message at a time",
                           ["messages": "\(work.count)", "error": "\(error)"])
        }
        do {
            var isolated = try db.transaction { db in try apply(work, mode: .isolated, batch: batch, on: db) }
            isolated.isolated = 1
            outcome.add(isolated)
            return outcome
        } catch let error where isRecoverableByIsolation(error) {
            logger.error("batch failed even message by message; dead-lettering it", ["error": "\(error)"])
            var lettered = try db.transaction { db in
                try apply(work, mode: .deadLetterAll(cause: "\(error)"), batch: batch, on: db)
            }
            lettered.isolated = 1
            outcome.add(lettered)
            return outcome
        }
    }

    /// True for failures caused by the batch's content or the handler (not the infrastructure).
    private func isRecoverableByIsolation(_ error: any Error) -> Bool {
        !(error is InjectedCrash) && !RuntimeFailure.isTransient(error)
    }

    // MARK: Triage

    private func triage(_ record: ConsumerRecord) -> Triage {
        guard let topic = config.topic(named: record.topic) else {
            return .deadLetter(reason: "topic \(record.topic) is not in the registry")
        }
        guard let value = record.value, !value.isEmpty else {
            return .deadLetter(reason: "empty message value (tombstone) on \(topic.name)")
        }
        guard value.count <= maxMessageBytes else {
            return .deadLetter(reason: "message of \(value.count) bytes exceeds the limit of \(maxMessageBytes) bytes")
        }
        let envelope: Envelope
        do {
            envelope = try Envelope.decode(Data(value))
        } catch {
            return .deadLetter(reason: "not a valid event envelope: \(error)")
        }
        if let problem = Self.eventIdProblem(envelope.id) {
            return .deadLetter(reason: "not a valid event envelope: id \(problem)")
        }
        guard let type = EventType(rawValue: envelope.type), topic.eventTypes.contains(type) else {
            logger.debug("skipped unknown event type", ["topic": topic.name])
            return .unknownType
        }
        guard handledTypes.contains(type) else { return .notHandled }
        let key = record.key.map { String(decoding: $0, as: UTF8.self) }
        return .event(InboundEvent(topic: topic, partition: record.partition, offset: record.offset, key: key,
                                   envelope: envelope))
    }

    /// Why an event id cannot be an inbox key, or nil: empty, too long, or with control characters.
    static func eventIdProblem(_ id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id.count > maxEventIdLength { return "is longer than \(maxEventIdLength) characters" }
        if id.unicodeScalars.contains(where: isControl) {
            return "contains control characters"
        }
        return nil
    }

    /// The inbox id: the event id, or the message's position when it has no usable event id.
    private func inboxId(_ record: ConsumerRecord, _ triage: Triage) -> String {
        if case .event(let event) = triage { return event.envelope.id }
        return "position:\(record.topic)/\(record.partition)/\(record.offset)"
    }

    // MARK: Applying

    private func apply(_ work: [(record: ConsumerRecord, triage: Triage)], mode: Mode, batch: Int,
                       on db: PGConnection) throws -> Outcome {
        let buffer = BatchBuffer()
        try buffer.loadKnown(work.map { inboxId($0.record, $0.triage) }, on: db)
        let context = HandlerContext(db: db, now: clock.now(), serviceName: config.serviceName, buffer: buffer)
        var outcome = Outcome()
        var events: [(record: ConsumerRecord, event: InboundEvent)] = []
        for (record, triage) in work {
            let id = inboxId(record, triage)
            guard buffer.claim(id) else {
                outcome.duplicates += 1
                continue
            }
            switch (triage, mode) {
            case (.deadLetter(let reason), _):
                try self.record(id, record, "dead-lettered", buffer)
                try deadLetter(record, cause: nil, reason: reason, context: context, outcome: &outcome)
            case (.event(let event), .deadLetterAll(let cause)):
                try self.record(id, record, "dead-lettered", buffer)
                try deadLetter(record, cause: event.cause,
                               reason: "\(config.serviceName) could not apply \(event.envelope.type) even alone: \(cause)",
                               context: context, outcome: &outcome)
            case (.event(let event), _):
                events.append((record, event))
            case (.unknownType, _), (.notHandled, _):
                break
            }
        }
        let results: [HandlingResult]
        switch mode {
        case .batch:
            results = events.isEmpty ? [] : try handler.handle(events.map(\.event), context: context)
            guard results.count == events.count else {
                throw HandlerContractViolation(expected: events.count, got: results.count)
            }
        case .isolated:
            results = try events.map { try applyAlone($0.event, buffer: buffer, context: context, outcome: &outcome) }
        case .deadLetterAll:
            results = []
        }
        for index in events.indices { try faults.check(.midBatch(batch: batch, index: index)) }
        for ((record, event), result) in zip(events, results) {
            switch result {
            case .applied:
                outcome.applied += 1
                try self.record(event.envelope.id, record, "applied", buffer)
            case .ignored:
                outcome.ignored += 1
                try self.record(event.envelope.id, record, "ignored", buffer)
            case .deadLetter(let reason):
                try self.record(event.envelope.id, record, "dead-lettered", buffer)
                try deadLetter(record, cause: event.cause, reason: reason, context: context, outcome: &outcome)
            }
        }
        try buffer.flush(on: db)
        return outcome
    }

    private func record(_ id: String, _ record: ConsumerRecord, _ outcome: String, _ buffer: BatchBuffer) throws {
        buffer.record(id, topic: record.topic, partition: record.partition, offset: record.offset, outcome: outcome)
    }

    /// Applies one event in a savepoint; a failure undoes that event alone and dead-letters it.
    private func applyAlone(_ event: InboundEvent, buffer: BatchBuffer, context: HandlerContext,
                            outcome: inout Outcome) throws -> HandlingResult {
        let mark = buffer.mark
        try context.db.simpleExecute("SAVEPOINT message")
        do {
            let results = try handler.handle([event], context: context)
            guard results.count == 1 else { throw HandlerContractViolation(expected: 1, got: results.count) }
            // Its outbox rows and timer changes are written inside its savepoint: a value the
            // database refuses only there fails this event, not every event of the batch.
            try buffer.flushChanges(on: context.db)
            try context.db.simpleExecute("RELEASE SAVEPOINT message")
            return results[0]
        } catch let error where isRecoverableByIsolation(error) {
            buffer.rollBack(to: mark)
            try context.db.simpleExecute("ROLLBACK TO SAVEPOINT message")
            try context.db.simpleExecute("RELEASE SAVEPOINT message")
            if let failure = error as? ValidationFailure { return .invalid(event, failure) }
            outcome.failed += 1
            logger.error("handler failed; message dead-lettered",
                         ["type": event.envelope.type, "eventId": event.envelope.id, "topic": event.topic.name,
                          "error": "\(error)"])
            return .deadLetter(reason: "\(config.serviceName) failed to apply \(event.envelope.type): \(error)")
        }
    }

    // MARK: Dead letters

    /// Emits a `message.dead-lettered` event with the reason and (at most the first 64 KiB of)
    /// the original bytes, as the handler's `deadLetterCopy` gives them (masked, say).
    private func deadLetter(_ record: ConsumerRecord, cause: EventCause?, reason: String, context: HandlerContext,
                            outcome: inout Outcome) throws {
        outcome.deadLettered += 1
        logger.warning("message dead-lettered", [
            // The reason is on the dead-letter topic; it may quote field values, so it is not logged.
            "topic": record.topic, "partition": "\(record.partition)", "offset": "\(record.offset)",
        ])
        let original = record.value ?? []
        var copy = original
        if let topic = config.topic(named: record.topic) {
            let origin = DeadLetterOrigin(topic: topic, topicName: record.topic, partition: record.partition,
                                          offset: record.offset, key: record.key.map(Self.printableKey), reason: reason)
            copy = try handler.deadLetterCopy(of: original, origin: origin, context: context)
        }
        // The copy (masked, say) goes on the wire, at most its first 64 KiB; length and
        // fingerprint are the original's, so the original can be matched (in a quarantine, say).
        let kept = copy.prefix(Self.deadLetterCopyLimit)
        let letter = MessageDeadLettered(
            service: config.serviceName, topic: record.topic, partition: Int(record.partition), offset: record.offset,
            key: record.key.map(Self.printableKey), value: Data(kept).base64EncodedString(),
            reason: String(reason.prefix(4_000)), valueLength: original.count, valueSha256: SHA256.hex(original),
            valueTruncated: kept.count < copy.count)
        try context.emit(letter, cause: cause)
    }

    /// A message key as text that is safe to store and print: control characters removed, at most 200 characters.
    static func printableKey(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(800), as: UTF8.self)
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isControl($0) })
            .prefix(200))
    }
}

/// Unicode's control characters (general category Cc): U+0000–U+001F and U+007F–U+009F.
func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
}

/// What a committed batch contained, message by message.
public struct BatchOutcome: Equatable, Sendable {
    public var applied = 0, ignored = 0, unknownTypes = 0, duplicates = 0, deadLettered = 0, failed = 0
    /// Messages of types the service does not act on (no database work).
    public var skipped = 0
    /// 1 when the batch had to be applied message by message.
    public var isolated = 0

    public init() {}

    mutating func add(_ other: BatchOutcome) {
        applied += other.applied
        ignored += other.ignored
        unknownTypes += other.unknownTypes
        duplicates += other.duplicates
        deadLettered += other.deadLettered
        failed += other.failed
        skipped += other.skipped
        isolated += other.isolated
    }
}

/// A handler returned a different number of results than it was given events.
struct HandlerContractViolation: Error, CustomStringConvertible {
    var expected: Int
    var got: Int
    var description: String { "handler returned \(got) results for \(expected) events" }
}
