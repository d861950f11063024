import CRdKafka
import Dispatch
import Foundation

/// An idempotent producer (`enable.idempotence=true`, `acks=all`): the broker keeps each
/// message once and in order per partition, even when the client retries. Every message's
/// delivery report reaches the caller. Blocking calls run on the caller's thread (`sendAll`)
/// or on a private DispatchQueue (`send`), never on Swift's cooperative pool.
public final class KafkaProducer: @unchecked Sendable {
    private let handle: OpaquePointer
    private let lock = NSLock()
    private var closed = false
    /// Where `send` waits, so that blocking never happens on the cooperative pool.
    private let queue = DispatchQueue(label: "aftersales.kafka.producer", attributes: .concurrent)

    /// Creates the producer; `lingerMs` batches messages for that long before sending.
    /// `KafkaConfig.fixedProducerProperties` (idempotence, acks=all) always apply; a
    /// configuration asking otherwise throws.
    public init(config: KafkaConfig, lingerMs: Int = 5) throws(KafkaError) {
        let conf = try config.makeNativeConfig(defaults: [
            "linger.ms": String(lingerMs),
            "queue.buffering.max.messages": "100000",
            "queue.buffering.max.kbytes": "65536",
            "message.timeout.ms": "60000",
            "partitioner": "murmur2_random",
        ], fixed: KafkaConfig.fixedProducerProperties)
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, _ in
            guard let message, let opaque = message.pointee._private else { return }
            let ticket = Unmanaged<DeliveryTicket>.fromOpaque(opaque).takeRetainedValue()
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                ticket.complete(.success(DeliveryReport(topic: ticket.topic, partition: message.pointee.partition,
                                                        offset: message.pointee.offset)))
            } else {
                ticket.complete(.failure(KafkaError(message.pointee.err, context: "delivery to \(ticket.topic) failed")))
            }
        }
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(code: -1, message: "cannot create producer: \(text(ofCBuffer: errorText))")
        }
        self.handle = handle
    }

    deinit { close() }

    // MARK: Sending

    /// Enqueues every record, then waits until each has a delivery report or `timeout`
    /// passes. Results are in the order of `records`.
    public func sendAll(_ records: [ProducerRecord], timeout: Duration) -> [Result<DeliveryReport, KafkaError>] {
        let batch = DeliveryBatch(count: records.count)
        guard !isClosed else {
            return records.map { _ in .failure(KafkaError(code: RD_KAFKA_RESP_ERR__DESTROY.rawValue, message: "producer is closed")) }
        }
        for (index, record) in records.enumerated() {
            enqueue(record, ticket: DeliveryTicket(batch: batch, index: index, topic: record.topic))
        }
        // Serve delivery reports (ours, and any other caller's) until every one is in.
        let deadline = ContinuousClock.now + timeout
        while !batch.isComplete {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { break }
            rd_kafka_poll(handle, min(20, remaining.milliseconds32))
        }
        return batch.results(missing: KafkaError(code: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue,
                                                 message: "no delivery report within \(timeout)", isRetriable: true))
    }

    /// Sends one record and returns where it was stored; the wait happens off the cooperative pool.
    public func send(_ record: ProducerRecord) async throws(KafkaError) -> DeliveryReport {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>) in
            queue.async { [self] in
                continuation.resume(returning: sendAll([record], timeout: .seconds(60))[0])
            }
        }
        return try result.get()
    }

    /// Waits until every enqueued message is delivered or failed.
    public func flush(timeout: Duration) throws(KafkaError) {
        let error = rd_kafka_flush(handle, timeout.milliseconds32)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(error, context: "flush") }
    }

    private var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    /// Flushes (up to 10 s) and releases the producer; safe to call more than once.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        _ = rd_kafka_flush(handle, 10_000)
        rd_kafka_destroy(handle)
    }

    // MARK: Enqueueing

    /// Hands one record to librdkafka (copying key and value); on a full local queue it
    /// serves delivery reports and tries again, which bounds the memory in flight.
    private func enqueue(_ record: ProducerRecord, ticket: DeliveryTicket) {
        let opaque = Unmanaged.passRetained(ticket).toOpaque()
        var attempts = 0
        while true {
            let failure: OpaquePointer? = record.topic.withCString { topic in
                record.value.withUnsafeBytes { value in
                    withOptionalBytes(record.key) { key, keyLength in
                        var headers: OpaquePointer?
                        if !record.headers.isEmpty {
                            headers = rd_kafka_headers_new(record.headers.count)
                            for header in record.headers {
                                header.value.withUnsafeBytes { bytes in
                                    _ = rd_kafka_header_add(headers, header.name, -1, bytes.baseAddress, bytes.count)
                                }
                            }
                        }
                        var fields = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 6)
                        fields[0].vtype = RD_KAFKA_VTYPE_TOPIC
                        fields[0].u.cstr = topic
                        fields[1].vtype = RD_KAFKA_VTYPE_VALUE
                        fields[1].u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                        fields[1].u.mem.size = value.count
                        fields[2].vtype = RD_KAFKA_VTYPE_KEY
                        fields[2].u.mem.ptr = key.map { UnsafeMutableRawPointer(mutating: $0) }
                        fields[2].u.mem.size = keyLength
                        fields[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                        fields[3].u.i = RD_KAFKA_MSG_F_COPY
                        fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE
                        fields[4].u.ptr = opaque
                        var count = 5
                        if let headers {
                            fields[5].vtype = RD_KAFKA_VTYPE_HEADERS
                            fields[5].u.headers = headers
                            count = 6
                        }
                        // On success librdkafka owns the headers; on failure they are still ours.
                        let failure = rd_kafka_produceva(handle, fields, count)
                        if failure != nil, let headers { rd_kafka_headers_destroy(headers) }
                        return failure
                    }
                }
            }
            guard let failure else { return }
            if rd_kafka_error_code(failure) == RD_KAFKA_RESP_ERR__QUEUE_FULL && attempts < 600 {
                rd_kafka_error_destroy(failure)
                attempts += 1
                rd_kafka_poll(handle, 100)
                continue
            }
            Unmanaged<DeliveryTicket>.fromOpaque(opaque).release()
            ticket.complete(.failure(KafkaError(consuming: failure, context: "cannot enqueue a message for \(record.topic)")))
            return
        }
    }
}

// MARK: Delivery tracking

/// The delivery reports of one `sendAll` call, filled in from librdkafka's callback.
final class DeliveryBatch: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Result<DeliveryReport, KafkaError>?]
    private var outstanding: Int

    init(count: Int) {
        stored = Array(repeating: nil, count: count)
        outstanding = count
    }

    func complete(_ index: Int, with result: Result<DeliveryReport, KafkaError>) {
        lock.lock()
        defer { lock.unlock() }
        guard stored[index] == nil else { return }
        stored[index] = result
        outstanding -= 1
    }

    var isComplete: Bool {
        lock.lock()
        defer { lock.unlock() }
        return outstanding == 0
    }

    /// Every result in order; a message still without a report gets `missing`.
    func results(missing: KafkaError) -> [Result<DeliveryReport, KafkaError>] {
        lock.lock()
        defer { lock.unlock() }
        return stored.map { $0 ?? .failure(missing) }
    }
}

/// The per-message opaque handed to librdkafka: which batch, which position.
final class DeliveryTicket: @unchecked Sendable {
    let batch: DeliveryBatch
    let index: Int
    let topic: String

    init(batch: DeliveryBatch, index: Int, topic: String) {
        self.batch = batch
        self.index = index
        self.topic = topic
    }

    func complete(_ result: Result<DeliveryReport, KafkaError>) { batch.complete(index, with: result) }
}
