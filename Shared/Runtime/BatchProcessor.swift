import Foundation
import Kafka
import Postgres
import Schema

/// Applies one polled batch in one PostgreSQL transaction (DESIGN.md, processing
/// guarantees): for each message, record its event id in the inbox (a duplicate is
/// skipped), apply the handler in a savepoint, and write what it emits to the outbox.
/// A message that cannot be decoded, is invalid, or makes the handler fail becomes a
/// dead letter in the same transaction, so the partition keeps moving.
final class BatchProcessor {
    /// What a committed batch contained.
    struct Outcome: Equatable {
        var applied = 0, ignored = 0, unknownTypes = 0, duplicates = 0, deadLettered = 0, failed = 0
    }

    let config: ServiceConfig
    let handler: any ServiceHandler
    let clock: any ServiceClock
    let logger: Logger
    let faults: FaultInjector?

    init(config: ServiceConfig, handler: any ServiceHandler, clock: any ServiceClock, logger: Logger,
         faults: FaultInjector?) {
        self.config = config
        self.handler = handler
        self.clock = clock
        self.logger = logger
        self.faults = faults
    }

    /// Applies `records` and commits. Throws connection failures (the caller retries the
    /// batch) and injected crashes; never throws for a bad message.
    func process(_ records: [ConsumerRecord], batch: Int, on db: PGConnection) throws -> Outcome {
        try db.transaction { db in
            var outcome = Outcome()
            for (index, record) in records.enumerated() {
                try faults.check(.midBatch(batch: batch, index: index))
                try apply(record, on: db, outcome: &outcome)
            }
            return outcome
        }
    }

    // MARK: One message

    private func apply(_ record: ConsumerRecord, on db: PGConnection, outcome: inout Outcome) throws {
        let key = record.key.map { String(decoding: $0, as: UTF8.self) }
        let position = "\(record.topic)/\(record.partition)/\(record.offset)"
        guard let topic = config.topic(named: record.topic) else {
            try deadLetter(record, key: key, inboxId: "position:" + position, cause: nil,
                           reason: "topic \(record.topic) is not in the registry", on: db, outcome: &outcome)
            return
        }
        guard let value = record.value, !value.isEmpty else {
            try deadLetter(record, key: key, inboxId: "position:" + position, cause: nil,
                           reason: "empty message value (tombstone) on \(topic.name)", on: db, outcome: &outcome)
            return
        }
        let envelope: Envelope
        do {
            envelope = try Envelope.decode(Data(value))
        } catch {
            try deadLetter(record, key: key, inboxId: "position:" + position, cause: nil,
                           reason: "not a valid event envelope: \(error)", on: db, outcome: &outcome)
            return
        }
        // Recorded as applied up front (the common case, one round trip); other outcomes update it.
        guard try Inbox.record(eventId: envelope.id, topic: topic.name, partition: record.partition,
                               offset: record.offset, outcome: "applied", on: db) else {
            outcome.duplicates += 1
            return
        }
        guard let type = EventType(rawValue: envelope.type), topic.eventTypes.contains(type) else {
            try Inbox.setOutcome(eventId: envelope.id, outcome: "unknown-type", on: db)
            outcome.unknownTypes += 1
            logger.debug("skipped unknown event type", ["type": envelope.type, "topic": topic.name])
            return
        }
        let event = InboundEvent(topic: topic, partition: record.partition, offset: record.offset, key: key,
                                 envelope: envelope)
        let result: HandlingResult
        do {
            // A savepoint per message, so a failing handler is undone alone. It is not
            // released: the commit ends them all, and that saves a round trip per message.
            try db.simpleExecute("SAVEPOINT message")
            do {
                let context = HandlerContext(db: db, now: clock.now(), serviceName: config.serviceName)
                result = try handler.handle(event, context: context)
            } catch {
                try db.simpleExecute("ROLLBACK TO SAVEPOINT message")
                throw error
            }
        } catch let error as PGError where error.isConnectionFailure || error.isSerializationFailure {
            // The database went away, or a deadlock / serialization conflict with another
            // instance: retry the whole batch rather than dead-letter a valid message.
            throw error
        } catch let error as InjectedCrash {
            throw error
        } catch let failure as ValidationFailure {
            try Inbox.setOutcome(eventId: envelope.id, outcome: "dead-lettered", on: db)
            try deadLetter(record, key: key, inboxId: nil, cause: event.cause,
                           reason: "invalid \(envelope.type): " + failure.errors.map(\.description).joined(separator: "; "),
                           on: db, outcome: &outcome)
            return
        } catch {
            outcome.failed += 1
            try Inbox.setOutcome(eventId: envelope.id, outcome: "dead-lettered", on: db)
            logger.error("handler failed; message dead-lettered",
                         ["type": envelope.type, "eventId": envelope.id, "topic": topic.name, "error": "\(error)"])
            try deadLetter(record, key: key, inboxId: nil, cause: event.cause,
                           reason: "\(config.serviceName) failed to apply \(envelope.type): \(error)", on: db, outcome: &outcome)
            return
        }
        switch result {
        case .applied:
            outcome.applied += 1
        case .ignored:
            outcome.ignored += 1
            try Inbox.setOutcome(eventId: envelope.id, outcome: "ignored", on: db)
        case .deadLetter(let reason):
            try deadLetter(record, key: key, inboxId: nil, cause: event.cause, reason: reason, on: db, outcome: &outcome)
            try Inbox.setOutcome(eventId: envelope.id, outcome: "dead-lettered", on: db)
        }
    }

    /// Writes a `message.dead-lettered` event carrying the original bytes and the reason.
    /// `inboxId`, when given, records the message's position so a redelivery is not
    /// dead-lettered twice.
    private func deadLetter(_ record: ConsumerRecord, key: String?, inboxId: String?, cause: EventCause?, reason: String,
                            on db: PGConnection, outcome: inout Outcome) throws {
        if let inboxId {
            guard try Inbox.record(eventId: inboxId, topic: record.topic, partition: record.partition,
                                   offset: record.offset, outcome: "dead-lettered", on: db) else {
                outcome.duplicates += 1
                return
            }
        }
        outcome.deadLettered += 1
        logger.warning("message dead-lettered", [
            // The reason is on the dead-letter topic; it may quote field values, so it is not logged.
            "topic": record.topic, "partition": "\(record.partition)", "offset": "\(record.offset)",
        ])
        let letter = MessageDeadLettered(
            service: config.serviceName, topic: record.topic, partition: Int(record.partition), offset: record.offset,
            key: key, value: Data(record.value ?? []).base64EncodedString(), reason: reason)
        let context = HandlerContext(db: db, now: clock.now(), serviceName: config.serviceName)
        try context.emit(letter, cause: cause)
    }
}
