import Kafka

/// How the outbox relay treats a row the broker did not take, from librdkafka's error code.
///
/// - `transient`: the broker, the network or the producer is the problem, not the row
///   (broker down, timeouts, full local queue, leadership moves, idempotence or
///   authentication trouble). The row stays at the head and is retried; nothing after it
///   is marked sent, so order holds.
/// - `permanent`: the broker will never take this row (message too large, invalid topic
///   name, invalid record). It is parked at once and replaced by a dead letter.
/// - `persistent`: an error that is usually about the row's destination and may or may not
///   go away (unknown topic or partition, topic authorization, an unexpected broker error
///   code). Retried like a transient one, but counted on the row; parked once it has
///   failed `AFTERSALES_OUTBOX_MAX_ATTEMPTS` times.
enum PublishFailure: Equatable, Sendable {
    case transient, persistent, permanent

    /// Classifies one delivery failure.
    static func classify(_ error: KafkaError) -> PublishFailure {
        if error.isFatal { return .transient }            // the producer itself is unusable
        if permanentCodes.contains(error.code) { return .permanent }
        if persistentCodes.contains(error.code) { return .persistent }
        // Local (negative) codes describe the client's state; retriable codes and the
        // producer- or cluster-level broker codes are not about one row either.
        if error.isRetriable || error.code < 0 || clientLevelCodes.contains(error.code) { return .transient }
        return .persistent
    }

    // librdkafka response codes (rdkafka.h); the runtime does not import the C module.

    /// The row itself can never be stored.
    static let permanentCodes: Set<Int32> = [
        -199,  // _BAD_MSG: local, bad message format
        -186,  // _INVALID_ARG: local, the message was refused at enqueue
        4,     // INVALID_MSG_SIZE
        10,    // MSG_SIZE_TOO_LARGE (also the local check against message.max.bytes)
        17,    // TOPIC_EXCEPTION: invalid topic name
        18,    // RECORD_LIST_TOO_LARGE
        87,    // INVALID_RECORD
    ]

    /// About the row's destination; may clear up (a topic being created), may not.
    static let persistentCodes: Set<Int32> = [
        -190,  // _UNKNOWN_PARTITION
        -188,  // _UNKNOWN_TOPIC
        2,     // INVALID_MSG (corrupt message)
        3,     // UNKNOWN_TOPIC_OR_PART
        29,    // TOPIC_AUTHORIZATION_FAILED
        32,    // INVALID_TIMESTAMP
        44,    // POLICY_VIOLATION
    ]

    /// Broker codes about the producer, the cluster or the connection: never the row's fault.
    static let clientLevelCodes: Set<Int32> = [
        7, 8, 9,            // REQUEST_TIMED_OUT, BROKER_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE
        21,                 // INVALID_REQUIRED_ACKS (configuration)
        31,                 // CLUSTER_AUTHORIZATION_FAILED
        33, 34, 35,         // UNSUPPORTED_SASL_MECHANISM, ILLEGAL_SASL_STATE, UNSUPPORTED_VERSION
        41,                 // NOT_CONTROLLER
        45, 46, 47, 48, 49, // idempotence: sequence numbers, producer epoch, transaction state, producer id
        53, 54,             // TRANSACTIONAL_ID_AUTHORIZATION_FAILED, SECURITY_DISABLED
        56,                 // KAFKA_STORAGE_ERROR
        58, 59,             // SASL_AUTHENTICATION_FAILED, UNKNOWN_PRODUCER_ID
        74, 75,             // FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH
        80, 83,             // PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE
        89, 90,             // THROTTLING_QUOTA_EXCEEDED, PRODUCER_FENCED
    ]
}
