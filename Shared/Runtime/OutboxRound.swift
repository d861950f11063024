import Foundation
import Kafka
import Schema

/// One unsent, unparked outbox row as the relay reads it.
struct PendingOutboxRow: Sendable, Equatable {
    var id: Int
    var eventId: String
    /// The registry topic name (without the test prefix).
    var topic: String
    var key: String?
    var value: String
    /// Failed attempts counted so far (persistent failures only).
    var attempts: Int
}

/// What one relay round does with the rows it read, given the broker's answer for each:
/// a pure decision, so that the ordering rules are testable without a broker.
///
/// Rows are walked in id order. An acknowledged row is marked sent; a row the broker
/// refuses permanently (or persistently, `maxAttempts` times) is parked and replaced by a
/// dead letter; the first row that failed for any other reason stops the walk: it and
/// everything after it stay unsent and are retried in order next round (a row after it
/// that was delivered anyway is published again; consumers' inboxes drop the repeat).
struct OutboxRoundPlan {
    /// A row given up on, with the broker's answer.
    struct Parked {
        var row: PendingOutboxRow
        var error: KafkaError
    }

    /// The row that must be retried before anything after it.
    struct Retry {
        var row: PendingOutboxRow
        var error: KafkaError
        /// True for a persistent failure: the row's attempts go up by one.
        var counts: Bool
    }

    private(set) var acknowledged: [Int] = []
    private(set) var parked: [Parked] = []
    private(set) var retry: Retry?

    init(rows: [PendingOutboxRow], results: [Result<DeliveryReport, KafkaError>], maxAttempts: Int) {
        for (row, result) in zip(rows, results) {
            switch result {
            case .success:
                acknowledged.append(row.id)
            case .failure(let error):
                switch PublishFailure.classify(error) {
                case .permanent:
                    parked.append(Parked(row: row, error: error))
                case .persistent where row.attempts + 1 >= maxAttempts:
                    parked.append(Parked(row: row, error: error))
                case .persistent:
                    retry = Retry(row: row, error: error, counts: true)
                    return
                case .transient:
                    retry = Retry(row: row, error: error, counts: false)
                    return
                }
            }
        }
    }

    /// Rows this round finished with (sent or parked).
    var handled: Int { acknowledged.count + parked.count }
}

// MARK: - Dead letters for parked rows

/// The `message.dead-lettered` event that takes a parked outbox row's place on the wire.
enum OutboxDeadLetter {
    /// How many leading bytes of the refused value the dead letter carries (base64).
    static let valuePrefixBytes = 256

    /// Whether `row` is itself a dead letter (parked without a dead letter of its own, so
    /// that a refused dead letter cannot loop).
    static func isDeadLetter(_ row: PendingOutboxRow) -> Bool { row.topic == Topic.deadLetters.name }

    /// The envelope naming the refused row: service, broker topic, outbox id and event id,
    /// the broker's error as the reason, the first bytes of the value. `partition` and
    /// `offset` are -1: the event never reached its topic. The causation id is the refused
    /// event's id and the correlation id is carried over when the value is an envelope.
    static func envelope(for row: PendingOutboxRow, error: KafkaError, service: String, topicPrefix: String,
                         now: Date) -> Envelope {
        let bytes = Array(row.value.utf8)
        let original = try? Envelope.decode(bytes)
        let letter = MessageDeadLettered(
            service: service, topic: topicPrefix + row.topic, partition: -1, offset: -1, key: row.key,
            value: Data(bytes.prefix(valuePrefixBytes)).base64EncodedString(),
            reason: "outbox row \(row.id) (event \(row.eventId)) could not be published to \(topicPrefix + row.topic): \(error.description)")
        return Envelope(payload: letter, source: service, correlationId: original?.correlationId,
                        causationId: row.eventId, occurredAt: now)
    }
}
