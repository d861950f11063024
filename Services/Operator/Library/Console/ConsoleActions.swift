import Foundation
import Kafka
import Schema

/// Where the console's actions publish: the broker (`KafkaConsolePublisher`), or a test's
/// recorder. `topic` is the registry name; the publisher adds any topic prefix.
public protocol ConsolePublisher: Sendable {
    func publish(_ envelope: Envelope, topic: String, key: String?) throws
}

/// Publishes on the broker with the tool's settings, waiting for the acknowledgement.
public final class KafkaConsolePublisher: ConsolePublisher, @unchecked Sendable {
    private let context: OperatorContext
    private let producer: KafkaProducer
    private let lock = NSLock()

    public init(context: OperatorContext) throws {
        self.context = context
        producer = try KafkaProducer(config: context.kafka)
    }

    public func publish(_ envelope: Envelope, topic: String, key: String?) throws {
        let record = ProducerRecord(topic: context.brokerName(topic), key: key, value: Array(envelope.encoded()))
        let results = lock.withLock { producer.sendAll([record], timeout: .seconds(10)) }
        for result in results {
            if case .failure(let error) = result { throw OperatorError("the broker did not accept the \(envelope.type) event: \(error)") }
        }
    }

    public func close() { producer.close() }
}

/// The console's three actions, with the same rules and the same events as the command
/// line: `complaints take` (only an `opened` complaint; `complaint.investigating` with the
/// optional operator), `complaints resolve` (not already resolved, a note required;
/// `complaint.resolved`), both on `aftersales.survey-responses` keyed by the ticket, and
/// `dead-letters replay` (`DeadLetterReplay`: a new event on the original topic, caused by
/// the dead letter). The events' `source` is `aftersales-console`.
public struct ConsoleActions: Sendable {
    public static let source = "aftersales-console"
    public let publisher: any ConsolePublisher
    public let topicPrefix: String

    public init(publisher: any ConsolePublisher, topicPrefix: String) {
        self.publisher = publisher
        self.topicPrefix = topicPrefix
    }

    /// Takes complaint `id` as `operatorName` (optional); the outcome in `text`'s language.
    public func take(_ id: String, operatorName: String?, state: ConsoleState, text: ConsoleText, now: Date) -> ConsoleNotice {
        guard let complaint = state.read({ $0.complaints[id] }) else { return failure(text.unknownComplaint(id)) }
        guard complaint.status == "opened" else { return failure(text.complaintAlready(id, complaint.status)) }
        let name = operatorName?.trimmingCharacters(in: .whitespacesAndNewlines)
        let payload = ComplaintInvestigating(ticketId: complaint.ticketId, complaintId: id, operator: name?.isEmpty == false ? name : nil)
        return publish(payload, now: now, text: text, done: text.taken(id, ticket: complaint.ticketId))
    }

    /// Resolves complaint `id` with `note`.
    public func resolve(_ id: String, note: String?, state: ConsoleState, text: ConsoleText, now: Date) -> ConsoleNotice {
        guard let complaint = state.read({ $0.complaints[id] }) else { return failure(text.unknownComplaint(id)) }
        guard complaint.status != "resolved" else { return failure(text.complaintAlready(id, complaint.status)) }
        guard let note = note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty else { return failure(text.noteRequired) }
        let payload = ComplaintResolved(ticketId: complaint.ticketId, complaintId: id, resolution: note)
        return publish(payload, now: now, text: text, done: text.resolvedNotice(id, ticket: complaint.ticketId))
    }

    /// Replays dead letter `id` (its full id or a unique prefix of 8 characters or more).
    public func replay(_ id: String, state: ConsoleState, text: ConsoleText) -> ConsoleNotice {
        do {
            let letter = try DeadLetter.find(id, in: state.read { $0.deadLetters })
            let plan = try DeadLetterReplay.plan(letter, topicPrefix: topicPrefix)
            try publisher.publish(plan.envelope, topic: plan.topic.name, key: plan.key)
            return ConsoleNotice(text: text.replayedNotice(letter.id, type: Printable.clean(plan.envelope.type), topic: plan.topic.name,
                                                           event: plan.envelope.id), isError: false)
        } catch {
            return failure(text.refused("\(error)"))
        }
    }

    private func publish<P: EventPayload>(_ payload: P, now: Date, text: ConsoleText, done: String) -> ConsoleNotice {
        let problems = payload.validate()
        guard problems.isEmpty else { return failure(text.refused(problems.map(\.description).joined(separator: "; "))) }
        let envelope = Envelope(payload: payload, source: Self.source, correlationId: nil, causationId: nil, id: EventID.make(),
                                occurredAt: now)
        do {
            try publisher.publish(envelope, topic: P.topic.name, key: payload.messageKey)
            return ConsoleNotice(text: done, isError: false)
        } catch {
            return failure(text.refused("\(error)"))
        }
    }

    private func failure(_ message: String) -> ConsoleNotice { ConsoleNotice(text: message, isError: true) }
}
