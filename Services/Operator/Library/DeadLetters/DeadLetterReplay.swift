import Foundation
import Schema

/// What `dead-letters replay` publishes for one dead letter, or why it will not.
///
/// The original goes back to its original topic as a NEW event: a fresh `id` (consumers
/// de-duplicate on ids, so the original's id would be swallowed by an inbox that recorded
/// it), `causationId` = the dead letter's id (the story says why it came back), and the
/// original's `type`, `version`, `occurredAt`, `source`, `correlationId` and `data`, keyed
/// by the original key (so it lands on the partition of its aggregate).
public struct DeadLetterReplay: Sendable, Equatable {
    /// The registry topic to publish on (the tool adds its topic prefix).
    public let topic: Topic
    /// The message key: the original's.
    public let key: String?
    public let envelope: Envelope
    /// The dead letter it replays.
    public let deadLetterId: String

    /// The replay of `letter`, with `topicPrefix` stripped from the original topic as the
    /// tool adds it to every topic it names (`AFTERSALES_TOPIC_PREFIX`); throws a sentence
    /// when the original cannot be replayed.
    public static func plan(_ letter: DeadLetter, topicPrefix: String, newId: String = EventID.make()) throws -> DeadLetterReplay {
        func refuse(_ why: String) -> OperatorError {
            OperatorError("cannot replay dead letter \(letter.id): \(why)")
        }
        guard let topic = registryTopic(of: letter.topic, prefix: topicPrefix) else {
            throw refuse("its original topic '\(Printable.clean(letter.topic))' is not a topic of this platform"
                         + (topicPrefix.isEmpty ? "" : " under the topic prefix '\(topicPrefix)'"))
        }
        switch letter.fidelity {
        case .unreadable:
            throw refuse("it carries no readable original (value is missing or not base64)")
        case .truncated:
            throw refuse("its original was truncated (\(letter.value?.count ?? 0) of \(letter.valueLength.map(String.init) ?? "more") bytes kept)"
                         + "; resend the message from the system that produced it")
        case .copy:
            throw refuse("it carries a masked copy, not the original (its SHA-256 differs from valueSha256)"
                         + "; the unmasked original is kept by \(letter.service), or resend it from the system that produced it")
        case .whole, .unverified:
            break
        }
        let original: Envelope
        do {
            original = try Envelope.decode(letter.value ?? [])
        } catch {
            throw refuse("its original is not an event envelope (\(Printable.shortened(error.reason, to: 200)))")
        }
        let key = letter.originalKey ?? original.data[topic.keyField]?.stringValue
        let envelope = Envelope(id: newId, type: original.type, version: original.version, occurredAt: original.occurredAt,
                                source: original.source, correlationId: original.correlationId, causationId: letter.id,
                                data: original.data)
        return DeadLetterReplay(topic: topic, key: key, envelope: envelope, deadLetterId: letter.id)
    }

    /// The registry topic a broker topic name stands for: the prefix stripped, the rest a
    /// registry name (as the services resolve the topics they consume).
    public static func registryTopic(of brokerName: String, prefix: String) -> Topic? {
        guard brokerName.hasPrefix(prefix) else { return nil }
        return Topic.named(String(brokerName.dropFirst(prefix.count)))
    }
}
