import Foundation
import Kafka
import Postgres
import Schema

/// Applies one polled batch in one PostgreSQL transaction (DESIGN.md, processing
/// guarantees): each message's event id goes into the inbox (a duplicate is skipped), the
/// handler runs in a savepoint, and what it emits goes into the outbox — the inbox and
/// outbox rows are written together at the end of the batch (`BatchBuffer`). A message that
/// cannot be decoded, is invalid, or makes the handler fail becomes a dead letter in the
/// same transaction, so the partition keeps moving.
final class BatchProcessor {
    /// What a committed batch contained.
    struct Outcome: Equatable {
        var applied = 0, ignored = 0, unknownTypes = 0, duplicates = 0, deadLettered = 0, failed = 0
    }

    /// One polled message after decoding.
    private enum Parsed {
        case event(Topic, Envelope)
        case undecodable(reason: String)

        /// The inbox id: the event id, or the message's position when there is no event id.
        func inboxId(for record: ConsumerRecord) -> String {
            switch self {
            case .event(_, let envelope): envelope.id
            case .undecodable: "position:\(record.topic)/\(record.partition)/\(record.offset)"
            }
        }
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

    /// Applies `records` and commits. Throws connection failures, deadlocks and inbox
    /// conflicts with another instance (the caller retries the batch) and injected crashes;
    /// never throws for a bad message.
    func process(_ records: [ConsumerRecord], batch: Int, on db: PGConnection) throws -> Outcome {
        let parsed = records.map(parse)
        return try db.transaction { db in
            let buffer = try BatchBuffer(candidateIds: zip(parsed, records).map { $0.inboxId(for: $1) }, on: db)
            var outcome = Outcome()
            for (index, record) in records.enumerated() {
                try faults.check(.midBatch(batch: batch, index: index))
                try apply(record, parsed[index], buffer: buffer, on: db, outcome: &outcome)
            }
            try buffer.flush(on: db)
            return outcome
        }
    }

    // MARK: One message

    private func parse(_ record: ConsumerRecord) -> Parsed {
        guard let topic = config.topic(named: record.topic) else {
            return .undecodable(reason: "topic \(record.topic) is not in the registry")
        }
        guard let value = record.value, !value.isEmpty else {
            return .undecodable(reason: "empty message value (tombstone) on \(topic.name)")
        }
        do {
            return .event(topic, try Envelope.decode(value))
        } catch {
            return .undecodable(reason: "not a valid event envelope: \(error)")
        }
    }

    private func apply(_ record: ConsumerRecord, _ parsed: Parsed, buffer: BatchBuffer, on db: PGConnection,
                       outcome: inout Outcome) throws {
        let key = record.key.map { String(decoding: $0, as: UTF8.self) }
        guard buffer.claim(parsed.inboxId(for: record), topic: record.topic, partition: record.partition,
                           offset: record.offset, outcome: "applied") else {
            outcome.duplicates += 1
            return
        }
        guard case .event(let topic, let envelope) = parsed else {
            if case .undecodable(let reason) = parsed {
                buffer.setLastOutcome("dead-lettered")
                try deadLetter(record, key: key, cause: nil, reason: reason, buffer: buffer, on: db, outcome: &outcome)
            }
            return
        }
        guard let type = EventType(rawValue: envelope.type), topic.eventTypes.contains(type) else {
            buffer.setLastOutcome("unknown-type")
            outcome.unknownTypes += 1
            logger.debug("skipped unknown event type", ["type": envelope.type, "topic": topic.name])
            return
        }
        let event = InboundEvent(topic: topic, partition: record.partition, offset: record.offset, key: key,
                                 envelope: envelope)
        let result: HandlingResult
        let mark = buffer.outboxMark
        do {
            // A savepoint per message, so a failing handler is undone alone. It is not
            // released: the commit ends them all, and that saves a round trip per message.
            try db.simpleExecute("SAVEPOINT message")
            do {
                let context = HandlerContext(db: db, now: clock.now(), serviceName: config.serviceName, buffer: buffer)
                result = try handler.handle(event, context: context)
            } catch {
                buffer.rollBackOutbox(to: mark)
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
            buffer.setLastOutcome("dead-lettered")
            try deadLetter(record, key: key, cause: event.cause,
                           reason: "invalid \(envelope.type): " + failure.errors.map(\.description).joined(separator: "; "),
                           buffer: buffer, on: db, outcome: &outcome)
            return
        } catch {
            outcome.failed += 1
            buffer.setLastOutcome("dead-lettered")
            logger.error("handler failed; message dead-lettered",
                         ["type": envelope.type, "eventId": envelope.id, "topic": topic.name, "error": "\(error)"])
            try deadLetter(record, key: key, cause: event.cause,
                           reason: "\(config.serviceName) failed to apply \(envelope.type): \(error)",
                           buffer: buffer, on: db, outcome: &outcome)
            return
        }
        switch result {
        case .applied:
            outcome.applied += 1
        case .ignored:
            outcome.ignored += 1
            buffer.setLastOutcome("ignored")
        case .deadLetter(let reason):
            buffer.setLastOutcome("dead-lettered")
            try deadLetter(record, key: key, cause: event.cause, reason: reason, buffer: buffer, on: db, outcome: &outcome)
        }
    }

    /// Emits a `message.dead-lettered` event carrying the original bytes and the reason.
    private func deadLetter(_ record: ConsumerRecord, key: String?, cause: EventCause?, reason: String, buffer: BatchBuffer,
                            on db: PGConnection, outcome: inout Outcome) throws {
        outcome.deadLettered += 1
        logger.warning("message dead-lettered", [
            // The reason is on the dead-letter topic; it may quote field values, so it is not logged.
            "topic": record.topic, "partition": "\(record.partition)", "offset": "\(record.offset)",
        ])
        let letter = MessageDeadLettered(
            service: config.serviceName, topic: record.topic, partition: Int(record.partition), offset: record.offset,
            key: key, value: Data(record.value ?? []).base64EncodedString(), reason: reason)
        let context = HandlerContext(db: db, now: clock.now(), serviceName: config.serviceName, buffer: buffer)
        try context.emit(letter, cause: cause)
    }
}
