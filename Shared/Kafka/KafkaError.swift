import CRdKafka

/// A Kafka failure: librdkafka's error code and text, and whether retrying can help
/// (`isRetriable`: broker down, timeout, queue full…) or the client is unusable (`isFatal`).
public struct KafkaError: Error, Sendable, CustomStringConvertible, Hashable {
    public let code: Int32
    public let message: String
    public let isRetriable: Bool
    public let isFatal: Bool

    public init(code: Int32, message: String, isRetriable: Bool? = nil, isFatal: Bool = false) {
        self.code = code
        self.message = message
        self.isFatal = isFatal
        self.isRetriable = isRetriable ?? (!isFatal && KafkaError.retriableCodes.contains(code))
    }

    /// An error from a librdkafka response code, with its standard text.
    init(_ error: rd_kafka_resp_err_t, context: String? = nil, isFatal: Bool = false) {
        let text = String(cString: rd_kafka_err2str(error))
        self.init(code: error.rawValue, message: context.map { "\($0): \(text)" } ?? text, isFatal: isFatal)
    }

    /// An error from a librdkafka error object, which knows itself whether it is retriable
    /// or fatal; the object is destroyed.
    init(consuming error: OpaquePointer, context: String) {
        let code = rd_kafka_error_code(error)
        let text = rd_kafka_error_string(error).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(code))
        let fatal = rd_kafka_error_is_fatal(error) != 0
        let retriable = rd_kafka_error_is_retriable(error) != 0 || (!fatal && KafkaError.retriableCodes.contains(code.rawValue))
        rd_kafka_error_destroy(error)
        self.init(code: code.rawValue, message: "\(context): \(text)", isRetriable: retriable, isFatal: fatal)
    }

    public var description: String { "Kafka error \(code): \(message)" }

    /// Codes worth retrying: transport problems, timeouts, full queues, leadership moves.
    static let retriableCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__RESOLVE,
        RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR__NODE_UPDATE,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR__STATE,
        RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION,
    ].reduce(into: Set<Int32>()) { $0.insert($1.rawValue) }
}
