import Foundation
import Kafka
import Schema

/// Talks to a test's prefixed topics like an outside system would: produces envelopes
/// (as ERP, technician app, customers…) and collects what the platform publishes.
public final class TopicProbe: @unchecked Sendable {
    public let topicPrefix: String
    private let producer: KafkaProducer
    private let consumer: KafkaConsumer
    /// Every envelope collected so far, in arrival order, across `collect` calls.
    public private(set) var seen: [Envelope] = []
    /// Raw records collected so far (for dead letters and keys).
    public private(set) var records: [ConsumerRecord] = []

    public init(topicPrefix: String, topics: [Topic]) throws {
        self.topicPrefix = topicPrefix
        try createTestTopics(prefix: topicPrefix)
        let config = KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "test-probe")
        producer = try KafkaProducer(config: config)
        consumer = try KafkaConsumer(config: config, groupId: "\(topicPrefix)probe-\(randomSuffix())",
                                     topics: topics.map { topicPrefix + $0.name })
    }

    deinit {
        consumer.close()
        producer.close()
        ContractCapture.write(records, prefix: topicPrefix)
    }

    /// Produces `payload` on its topic, keyed by its aggregate id; returns the envelope sent.
    @discardableResult
    public func send<P: EventPayload>(_ payload: P, correlationId: String? = nil,
                                      id: String = UUID().uuidString.lowercased(), occurredAt: Date = Date(),
                                      source: String = "test") throws -> Envelope {
        let envelope = Envelope(payload: payload, source: source, correlationId: correlationId, causationId: nil,
                                id: id, occurredAt: occurredAt)
        try sendRaw(topic: P.topic, key: payload.messageKey, value: Array(envelope.encoded()))
        return envelope
    }

    /// Produces many payloads in one delivery round.
    public func sendAll<P: EventPayload>(_ payloads: [P], source: String = "test") throws -> [Envelope] {
        let envelopes = payloads.map { Envelope(payload: $0, source: source, correlationId: nil, causationId: nil) }
        let records = zip(payloads, envelopes).map { payload, envelope in
            ProducerRecord(topic: topicPrefix + P.topic.name, key: payload.messageKey, value: Array(envelope.encoded()))
        }
        try deliver(records)
        return envelopes
    }

    /// Produces raw bytes (malformed messages, say).
    public func sendRaw(topic: Topic, key: String?, value: [UInt8]) throws {
        try deliver([ProducerRecord(topic: topicPrefix + topic.name, key: key, value: value)])
    }

    private func deliver(_ records: [ProducerRecord]) throws {
        for result in producer.sendAll(records, timeout: .seconds(30)) {
            if case .failure(let error) = result { throw error }
        }
    }

    /// Polls until `until(seen)` is true or `timeout` passes; returns everything seen.
    @discardableResult
    public func collect(timeout: TimeInterval = 60, until: ([Envelope]) -> Bool) throws -> [Envelope] {
        let deadline = Date().addingTimeInterval(timeout)
        while !until(seen) && Date() < deadline {
            let batch = try consumer.poll(maxMessages: 1000, timeout: .milliseconds(200))
            for record in batch {
                records.append(record)
                if let value = record.value, let envelope = try? Envelope.decode(Data(value)) {
                    seen.append(envelope)
                }
            }
        }
        return seen
    }

    /// Collects until at least `count` envelopes of `type` were seen.
    @discardableResult
    public func collect(_ type: EventType, count: Int, timeout: TimeInterval = 60) throws -> [Envelope] {
        try collect(timeout: timeout) { seen in seen.filter { $0.type == type.rawValue }.count >= count }
            .filter { $0.type == type.rawValue }
    }

    /// Keeps polling for `seconds` (to show that nothing more arrives).
    public func settle(seconds: TimeInterval) throws {
        _ = try collect(timeout: seconds) { _ in false }
    }

    /// Envelopes seen so far of one type.
    public func envelopes(_ type: EventType) -> [Envelope] { seen.filter { $0.type == type.rawValue } }

    /// Payloads seen so far of one type.
    public func payloads<P: EventPayload>(_ type: P.Type) -> [P] {
        envelopes(P.eventType).compactMap { try? $0.payload(as: P.self) }
    }
}
