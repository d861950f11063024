import Foundation
import Kafka
import TestSupport
import XCTest

/// A throughput measurement (printed, never asserted on time): 50,000 messages of 200 bytes
/// produced twice with `sendAll` (in chunks, then at once) and read back by one consumer-group member.
final class KafkaThroughputTests: XCTestCase {
    func testThroughputOfFiftyThousandSmallMessages() throws {
        let config = KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "kafka-throughput")
        let topic = "kt-throughput-\(randomSuffix(12))"
        try KafkaAdmin(config: config).createTopics([(name: topic, partitions: 6, replicationFactor: -1)], timeout: .seconds(30))
        let count = 50_000
        let payload = [UInt8](repeating: 0x61, count: 200)
        let records = (0..<count).map { ProducerRecord(topic: topic, key: "key-\($0 % 1_000)", value: payload) }

        let producer = try KafkaProducer(config: config)
        defer { producer.close() }
        // Warm up (connection, metadata, idempotent producer id) so the numbers are steady-state.
        let warmUp = producer.sendAll([ProducerRecord(topic: topic, key: "warm-up", value: payload)], timeout: .seconds(30))
        XCTAssertNotNil(try? warmUp[0].get())
        let produceStart = ContinuousClock.now
        var delivered = 0
        for chunk in stride(from: 0, to: count, by: 5_000) {
            let reports = producer.sendAll(Array(records[chunk..<min(chunk + 5_000, count)]), timeout: .seconds(120))
            delivered += reports.filter { (try? $0.get()) != nil }.count
        }
        let produceTime = ContinuousClock.now - produceStart
        XCTAssertEqual(delivered, count, "every message has a delivery report")

        // The same volume again in a single call (the whole batch in flight at once).
        let singleStart = ContinuousClock.now
        let single = producer.sendAll(records, timeout: .seconds(120))
        let singleTime = ContinuousClock.now - singleStart
        XCTAssertEqual(single.filter { (try? $0.get()) != nil }.count, count)
        let total = count * 2 + 1

        let consumer = try KafkaConsumer(config: config, groupId: "kt-throughput-\(randomSuffix())", topics: [topic])
        defer { consumer.close() }
        var consumed = 0
        var bytes = 0
        var consumeStart: ContinuousClock.Instant?
        let created = ContinuousClock.now
        let deadline = Date().addingTimeInterval(180)
        while consumed < total && Date() < deadline {
            let batch = try consumer.poll(maxMessages: 1_000, timeout: .milliseconds(500))
            if consumeStart == nil && !batch.isEmpty { consumeStart = .now }   // from the first message, not the group join
            consumed += batch.count
            bytes += batch.reduce(0) { $0 + ($1.value?.count ?? 0) }
        }
        let consumeTime = consumeStart.map { ContinuousClock.now - $0 } ?? .zero
        let joinTime = ContinuousClock.now - created
        XCTAssertEqual(consumed, total)
        XCTAssertEqual(bytes, total * 200)
        print("kafka throughput: produced \(count) x 200 B in chunks of 5,000 in \(format(produceTime)) = \(rate(count, produceTime)) msg/s; "
              + "in one sendAll in \(format(singleTime)) = \(rate(count, singleTime)) msg/s; "
              + "consumed \(total) in \(format(consumeTime)) = \(rate(total, consumeTime)) msg/s (from the first message), "
              + "\(format(joinTime)) from consumer creation")
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func format(_ duration: Duration) -> String { String(format: "%.2f s", seconds(duration)) }

    private func rate(_ count: Int, _ duration: Duration) -> String {
        String(format: "%.0f", Double(count) / max(seconds(duration), 0.001))
    }
}
