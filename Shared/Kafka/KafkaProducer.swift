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
    private let queue = DispatchQueue(label: "aftersales.kafka.producer")

    /// Creates the producer; `lingerMs` batches messages for that long before sending.
    public init(config: KafkaConfig, lingerMs: Int = 5) throws(KafkaError) {
        let conf = try config.makeNativeConfig(defaults: [
            "enable.idempotence": "true",
            "acks": "all",
            "linger.ms": String(lingerMs),
            "queue.buffering.max.messages": "100000",
            "queue.buffering.max.kbytes": "65536",
            "message.timeout.ms": "60000",
            "partitioner": "murmur2_random",
        ])
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, _ in
            guard let message, let opaque = message.pointee._private else { return }
            let slot = Unmanaged<DeliverySlot>.fromOpaque(opaque).takeRetainedValue()
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                slot.complete(.success(DeliveryReport(topic: slot.topic, partition: message.pointee.partition,
                                                      offset: message.pointee.offset)))
            } else {
                slot.complete(.failure(KafkaError(message.pointee.err, context: "delivery to \(slot.topic) failed")))
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
        let slots = records.map { DeliverySlot(topic: $0.topic) }
        var results: [Result<DeliveryReport, KafkaError>?] = Array(repeating: nil, count: records.count)
        for (index, record) in records.enumerated() {
            if let error = enqueue(record, slot: slots[index]) { results[index] = .failure(error) }
        }
        let deadline = ContinuousClock.now + timeout
        while true {
            var pending = false
            for (index, slot) in slots.enumerated() where results[index] == nil {
                if let result = slot.result { results[index] = result } else { pending = true }
            }
            guard pending else { break }
            if ContinuousClock.now >= deadline { break }
            rd_kafka_poll(handle, 20)
        }
        return results.map { $0 ?? .failure(KafkaError(code: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue,
                                                       message: "no delivery report within \(timeout)")) }
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
    private func enqueue(_ record: ProducerRecord, slot: DeliverySlot) -> KafkaError? {
        let opaque = Unmanaged.passRetained(slot).toOpaque()
        var attempts = 0
        while true {
            let error: rd_kafka_resp_err_t = record.topic.withCString { topic in
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
                        guard let failure = rd_kafka_produceva(handle, fields, count) else { return RD_KAFKA_RESP_ERR_NO_ERROR }
                        let code = rd_kafka_error_code(failure)
                        rd_kafka_error_destroy(failure)
                        if let headers { rd_kafka_headers_destroy(headers) }
                        return code
                    }
                }
            }
            if error == RD_KAFKA_RESP_ERR_NO_ERROR { return nil }
            if error == RD_KAFKA_RESP_ERR__QUEUE_FULL && attempts < 600 {
                attempts += 1
                rd_kafka_poll(handle, 100)
                continue
            }
            Unmanaged<DeliverySlot>.fromOpaque(opaque).release()
            return KafkaError(error, context: "cannot enqueue a message for \(record.topic)")
        }
    }
}

/// Receives one message's delivery report (from librdkafka's callback thread).
final class DeliverySlot: @unchecked Sendable {
    let topic: String
    private let lock = NSLock()
    private var stored: Result<DeliveryReport, KafkaError>?

    init(topic: String) { self.topic = topic }

    func complete(_ result: Result<DeliveryReport, KafkaError>) {
        lock.lock()
        stored = result
        lock.unlock()
    }

    var result: Result<DeliveryReport, KafkaError>? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// Calls `body` with a pointer and length for optional UTF-8 text (nil, 0 when absent).
func withOptionalBytes<R>(_ text: String?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let text else { return body(nil, 0) }
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { body($0.baseAddress, $0.count) }
}
