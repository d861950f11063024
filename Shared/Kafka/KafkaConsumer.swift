import CRdKafka
import Foundation

/// A consumer-group member with manual offset commits: auto-commit and automatic offset
/// storing are off, so an offset moves only when `commit` is called after the work is
/// durable. Partition assignment follows the group's rebalances; `rebalanceGeneration`
/// counts revocations so callers can tell a batch straddled one. Not for concurrent use:
/// one thread polls and commits.
public final class KafkaConsumer: @unchecked Sendable {
    private let handle: OpaquePointer
    private let state: RebalanceState
    private let stateOpaque: UnmanagedRebalanceState
    private let lock = NSLock()
    private var closed = false
    private let resetToLatest: Bool

    /// Joins `groupId` and subscribes to `topics`. Defaults: `auto.offset.reset=earliest`,
    /// `session.timeout.ms=6000` (quick joins on Tansu), `heartbeat.interval.ms=1000`.
    /// Always: `KafkaConfig.fixedConsumerProperties` (no auto-commit, no automatic offset
    /// store, read_committed); a configuration asking otherwise throws.
    public init(config: KafkaConfig, groupId: String, topics: [String]) throws(KafkaError) {
        let conf = try config.makeNativeConfig(defaults: [
            "group.id": groupId,
            "auto.offset.reset": "earliest",
            "session.timeout.ms": "6000",
            "heartbeat.interval.ms": "1000",
            "enable.partition.eof": "false",
            "fetch.wait.max.ms": "100",
        ], fixed: KafkaConfig.fixedConsumerProperties)
        resetToLatest = config.properties()["auto.offset.reset"] == "latest"
        state = RebalanceState()
        stateOpaque = UnmanagedRebalanceState(state)
        rd_kafka_conf_set_opaque(conf, stateOpaque.pointer)
        rd_kafka_conf_set_rebalance_cb(conf) { handle, error, partitions, opaque in
            guard let handle, let opaque else { return }
            let state = Unmanaged<RebalanceState>.fromOpaque(opaque).takeUnretainedValue()
            KafkaConsumer.rebalance(handle, error: error, partitions: partitions, state: state)
        }
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            stateOpaque.release()
            throw KafkaError(code: -1, message: "cannot create consumer: \(text(ofCBuffer: errorText))")
        }
        self.handle = handle
        rd_kafka_poll_set_consumer(handle)
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
        let error = rd_kafka_subscribe(handle, list)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            rd_kafka_destroy(handle)
            stateOpaque.release()
            // Every property is set, so deinit runs: it must not touch the destroyed handle.
            closed = true
            throw KafkaError(error, context: "subscribe to \(topics.joined(separator: ", "))")
        }
    }

    deinit { close() }

    /// The partitions currently assigned to this member.
    public var assignment: Set<TopicPartition> { state.current }

    /// Increments on every revocation.
    public var rebalanceGeneration: Int { state.generation }

    // MARK: Polling

    /// Up to `maxMessages` messages, waiting at most `timeout` for the first, then taking
    /// what is already fetched. Transient consumer errors are skipped; fatal ones throw.
    public func poll(maxMessages: Int, timeout: Duration) throws(KafkaError) -> [ConsumerRecord] {
        try ensureOpen()
        var records: [ConsumerRecord] = []
        var wait = timeout.milliseconds32
        while records.count < maxMessages {
            guard let message = rd_kafka_consumer_poll(handle, wait) else { break }
            defer { rd_kafka_message_destroy(message) }
            wait = 0
            let error = message.pointee.err
            if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                if error == RD_KAFKA_RESP_ERR__PARTITION_EOF { continue }
                var reason = [CChar](repeating: 0, count: 512)
                let fatal = rd_kafka_fatal_error(handle, &reason, reason.count)
                if fatal != RD_KAFKA_RESP_ERR_NO_ERROR {
                    throw KafkaError(fatal, context: "fatal consumer error: \(text(ofCBuffer: reason))", isFatal: true)
                }
                continue
            }
            records.append(Self.record(from: message))
        }
        return records
    }

    // MARK: Offsets

    /// Commits the given next-offsets synchronously; partitions no longer assigned are
    /// left out (their new owner continues from the last commit).
    public func commit(_ offsets: [TopicPartitionOffset]) throws(KafkaError) {
        try ensureOpen()
        let owned = state.current
        let kept = offsets.filter { owned.contains(TopicPartition(topic: $0.topic, partition: $0.partition)) }
        guard !kept.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(kept.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for offset in kept {
            let entry = rd_kafka_topic_partition_list_add(list, offset.topic, offset.partition)
            entry?.pointee.offset = offset.offset
        }
        let error = rd_kafka_commit(handle, list, 0)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR__NO_OFFSET {
            throw KafkaError(error, context: "offset commit")
        }
    }

    /// Moves every assigned partition back to its committed offset (or to the start, when
    /// nothing was committed), so the next poll re-reads what was not committed.
    public func rewindToCommitted() throws(KafkaError) {
        try ensureOpen()
        let owned = Array(state.current)
        guard !owned.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(owned.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in owned { rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition) }
        let error = rd_kafka_committed(handle, list, 10_000)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(error, context: "read committed offsets") }
        if let elements = list?.pointee.elems {
            for index in 0..<Int(list!.pointee.cnt) where elements[index].offset < 0 {
                elements[index].offset = Int64(resetToLatest ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING)
            }
        }
        if let failure = rd_kafka_seek_partitions(handle, list, 10_000) {
            let code = rd_kafka_error_code(failure)
            rd_kafka_error_destroy(failure)
            throw KafkaError(code, context: "seek to committed offsets")
        }
    }

    // MARK: Lag

    /// Messages behind the end of each assigned partition: the high watermark last seen by
    /// the fetcher minus this consumer's position (no broker round trip; -1 when unknown yet).
    public func lag() -> [TopicPartition: Int64] {
        guard (try? ensureOpen()) != nil else { return [:] }
        let owned = Array(state.current)
        guard !owned.isEmpty else { return [:] }
        let list = rd_kafka_topic_partition_list_new(Int32(owned.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in owned { rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition) }
        guard rd_kafka_position(handle, list) == RD_KAFKA_RESP_ERR_NO_ERROR, let elements = list?.pointee.elems else {
            return [:]
        }
        var lags: [TopicPartition: Int64] = [:]
        for index in 0..<Int(list!.pointee.cnt) {
            let element = elements[index]
            let topic = String(cString: element.topic)
            var low: Int64 = -1
            var high: Int64 = -1
            let known = rd_kafka_get_watermark_offsets(handle, topic, element.partition, &low, &high)
            let key = TopicPartition(topic: topic, partition: element.partition)
            guard known == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else {
                lags[key] = -1
                continue
            }
            let position = element.offset >= 0 ? element.offset : low
            lags[key] = max(0, high - max(position, 0))
        }
        return lags
    }

    private func ensureOpen() throws(KafkaError) {
        lock.lock()
        defer { lock.unlock() }
        if closed { throw KafkaError(RD_KAFKA_RESP_ERR__DESTROY, context: "the consumer is closed") }
    }

    /// Leaves the group (so partitions move at once) and releases the consumer; idempotent.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        rd_kafka_consumer_close(handle)
        rd_kafka_destroy(handle)
        stateOpaque.release()
    }

    // MARK: Rebalancing

    /// Follows the group's decision: assigns or revokes (incrementally under the cooperative
    /// protocol, wholesale under the eager one) and records the assignment.
    static func rebalance(_ handle: OpaquePointer, error: rd_kafka_resp_err_t,
                          partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, state: RebalanceState) {
        let cooperative = rd_kafka_rebalance_protocol(handle).map { String(cString: $0) } == "COOPERATIVE"
        let changed = KafkaConsumer.partitions(in: partitions)
        if error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            if cooperative {
                if let failure = rd_kafka_incremental_assign(handle, partitions) { rd_kafka_error_destroy(failure) }
                state.added(changed)
            } else {
                rd_kafka_assign(handle, partitions)
                state.assigned(changed)
            }
        } else {
            if cooperative {
                if let failure = rd_kafka_incremental_unassign(handle, partitions) { rd_kafka_error_destroy(failure) }
                state.revoked(changed)
            } else {
                rd_kafka_assign(handle, nil)
                state.revoked(nil)
            }
        }
    }

    // MARK: Conversions

    static func partitions(in list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> Set<TopicPartition> {
        guard let list, let elements = list.pointee.elems else { return [] }
        var result = Set<TopicPartition>()
        for index in 0..<Int(list.pointee.cnt) {
            result.insert(TopicPartition(topic: String(cString: elements[index].topic), partition: elements[index].partition))
        }
        return result
    }

    static func record(from message: UnsafeMutablePointer<rd_kafka_message_t>) -> ConsumerRecord {
        let pointer = message.pointee
        let topic = pointer.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let value = pointer.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: pointer.len)) }
        let key = pointer.key.map { Array(UnsafeRawBufferPointer(start: $0, count: pointer.key_len)) }
        var headers: [KafkaHeader] = []
        var headerList: OpaquePointer?
        if rd_kafka_message_headers(message, &headerList) == RD_KAFKA_RESP_ERR_NO_ERROR, let headerList {
            var index = 0
            var name: UnsafePointer<CChar>?
            var bytes: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(headerList, index, &name, &bytes, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let data = bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                headers.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: data))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &timestampType)
        let timestamp = milliseconds >= 0 ? Date(timeIntervalSince1970: Double(milliseconds) / 1000) : nil
        return ConsumerRecord(topic: topic, partition: pointer.partition, offset: pointer.offset, key: key, value: value,
                              headers: headers, timestamp: timestamp)
    }
}

/// The assignment as the rebalance callback leaves it.
final class RebalanceState: @unchecked Sendable {
    private let lock = NSLock()
    private var partitions = Set<TopicPartition>()
    private var revocations = 0

    func assigned(_ new: Set<TopicPartition>) {
        lock.lock()
        partitions = new
        lock.unlock()
    }

    func added(_ new: Set<TopicPartition>) {
        lock.lock()
        partitions.formUnion(new)
        lock.unlock()
    }

    /// Drops `lost` (every partition when nil) and counts a revocation.
    func revoked(_ lost: Set<TopicPartition>?) {
        lock.lock()
        if let lost { partitions.subtract(lost) } else { partitions = [] }
        revocations += 1
        lock.unlock()
    }

    var current: Set<TopicPartition> {
        lock.lock()
        defer { lock.unlock() }
        return partitions
    }

    var generation: Int {
        lock.lock()
        defer { lock.unlock() }
        return revocations
    }
}

/// A retained pointer to the rebalance state handed to librdkafka as the opaque.
struct UnmanagedRebalanceState: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    init(_ state: RebalanceState) { pointer = Unmanaged.passRetained(state).toOpaque() }
    func release() { Unmanaged<RebalanceState>.fromOpaque(pointer).release() }
}
