import Foundation
import Kafka
import TestSupport
import XCTest

/// The Kafka layer against the real broker (Tansu on the local stack).
final class KafkaClientTests: XCTestCase {
    private var config: KafkaConfig { KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "kafka-tests") }

    private func freshTopic(partitions: Int = 3) throws -> String {
        let name = "kt-\(randomSuffix(12))"
        try KafkaAdmin(config: config).createTopics([(name: name, partitions: partitions, replicationFactor: -1)], timeout: .seconds(30))
        return name
    }

    func testConfigurationMapsToLibrdkafkaKeys() throws {
        var config = KafkaConfig(bootstrapServers: "b1:9092,b2:9092", clientId: "svc")
        config.securityProtocol = "sasl_ssl"
        config.saslMechanism = "SCRAM-SHA-256"
        config.saslUsername = "user"
        config.saslPassword = "secret"
        config.sslCALocation = "/etc/ca.pem"
        config.extra["client.id"] = "overridden"
        let properties = config.properties()
        XCTAssertEqual(properties["bootstrap.servers"], "b1:9092,b2:9092")
        XCTAssertEqual(properties["security.protocol"], "sasl_ssl")
        XCTAssertEqual(properties["sasl.mechanisms"], "SCRAM-SHA-256")
        XCTAssertEqual(properties["sasl.username"], "user")
        XCTAssertEqual(properties["sasl.password"], "secret")
        XCTAssertEqual(properties["ssl.ca.location"], "/etc/ca.pem")
        XCTAssertEqual(properties["client.id"], "overridden", "extra properties are applied last")
    }

    func testAnInvalidPropertyIsNamed() {
        var config = self.config
        config.extra["no.such.property"] = "1"
        XCTAssertThrowsError(try KafkaProducer(config: config)) { error in
            XCTAssertTrue("\(error)".contains("no.such.property"), "\(error)")
        }
    }

    func testCreatingATopicTwiceIsFineAndListed() throws {
        let name = try freshTopic(partitions: 3)
        XCTAssertNoThrow(try KafkaAdmin(config: config).createTopics([(name: name, partitions: 3, replicationFactor: -1)],
                                                                     timeout: .seconds(30)))
        XCTAssertEqual(try KafkaAdmin(config: config).listTopics(timeout: .seconds(30))[name], 3)
    }

    func testProducedMessagesAreConsumedWithKeysAndHeadersAndCommitsHold() throws {
        let topic = try freshTopic()
        let producer = try KafkaProducer(config: config)
        defer { producer.close() }
        let records = (0..<1_000).map {
            ProducerRecord(topic: topic, key: "key-\($0 % 17)", value: Array("message-\($0)".utf8),
                           headers: [KafkaHeader(name: "event-type", value: Array("test.event".utf8))])
        }
        let reports = producer.sendAll(records, timeout: .seconds(60))
        XCTAssertEqual(reports.count, 1_000)
        XCTAssertTrue(reports.allSatisfy { (try? $0.get())?.offset ?? -1 >= 0 }, "every message has a delivery report with an offset")

        let group = "kt-group-\(randomSuffix())"
        var received: [ConsumerRecord] = []
        do {
            let consumer = try KafkaConsumer(config: config, groupId: group, topics: [topic])
            let deadline = Date().addingTimeInterval(60)
            while received.count < 1_000 && Date() < deadline {
                received += try consumer.poll(maxMessages: 500, timeout: .milliseconds(500))
            }
            var next: [TopicPartition: Int64] = [:]
            for record in received { next[TopicPartition(topic: record.topic, partition: record.partition)] = record.offset + 1 }
            try consumer.commit(next.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) })
            consumer.close()
        }
        XCTAssertEqual(Set(received.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }).count, 1_000)
        let sample = try XCTUnwrap(received.first { $0.value == Array("message-5".utf8) })
        XCTAssertEqual(sample.key, Array("key-5".utf8))
        XCTAssertEqual(sample.headers, [KafkaHeader(name: "event-type", value: Array("test.event".utf8))])
        // Same key, same partition, in order.
        let keyFive = received.filter { $0.key == Array("key-5".utf8) }
        XCTAssertEqual(Set(keyFive.map(\.partition)).count, 1)
        XCTAssertEqual(keyFive.map(\.offset), keyFive.map(\.offset).sorted())

        // A new member of the same group starts after the commit: only new messages arrive.
        _ = producer.sendAll((0..<10).map { ProducerRecord(topic: topic, key: "late-\($0)", value: Array("late-\($0)".utf8)) },
                             timeout: .seconds(30))
        let second = try KafkaConsumer(config: config, groupId: group, topics: [topic])
        defer { second.close() }
        var late: [ConsumerRecord] = []
        let deadline = Date().addingTimeInterval(30)
        while late.count < 10 && Date() < deadline {
            late += try second.poll(maxMessages: 100, timeout: .milliseconds(500))
        }
        late += try second.poll(maxMessages: 100, timeout: .seconds(1))
        XCTAssertEqual(late.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }.sorted(),
                       (0..<10).map { "late-\($0)" }.sorted())
    }

    func testRewindRedeliversWhatWasNotCommitted() throws {
        let topic = try freshTopic(partitions: 1)
        let producer = try KafkaProducer(config: config)
        defer { producer.close() }
        _ = producer.sendAll((0..<20).map { ProducerRecord(topic: topic, key: "k", value: [UInt8($0)]) }, timeout: .seconds(30))
        let consumer = try KafkaConsumer(config: config, groupId: "kt-rewind-\(randomSuffix())", topics: [topic])
        defer { consumer.close() }
        var first: [ConsumerRecord] = []
        let deadline = Date().addingTimeInterval(30)
        while first.count < 20 && Date() < deadline { first += try consumer.poll(maxMessages: 20, timeout: .milliseconds(500)) }
        XCTAssertEqual(first.count, 20)
        // Nothing committed yet: back to the beginning.
        try consumer.rewindToCommitted()
        var fromStart: [ConsumerRecord] = []
        let third = Date().addingTimeInterval(30)
        while fromStart.count < 20 && Date() < third { fromStart += try consumer.poll(maxMessages: 20, timeout: .milliseconds(500)) }
        XCTAssertEqual(fromStart.map(\.offset), Array(0..<20).map(Int64.init))
        try consumer.commit([TopicPartitionOffset(topic: topic, partition: 0, offset: 10)])
        try consumer.rewindToCommitted()
        var again: [ConsumerRecord] = []
        let second = Date().addingTimeInterval(30)
        while again.count < 10 && Date() < second { again += try consumer.poll(maxMessages: 20, timeout: .milliseconds(500)) }
        XCTAssertEqual(again.map(\.offset), Array(10..<20).map(Int64.init))
    }

    func testAsyncSendReportsWhereTheMessageWent() async throws {
        let topic = try freshTopic(partitions: 1)
        let producer = try KafkaProducer(config: config)
        defer { producer.close() }
        let first = try await producer.send(ProducerRecord(topic: topic, key: "a", value: [1]))
        let second = try await producer.send(ProducerRecord(topic: topic, key: "a", value: [2]))
        XCTAssertEqual(first.topic, topic)
        XCTAssertEqual(second.offset, first.offset + 1)
    }

    func testAnUnreachableBrokerFailsWithARetriableError() {
        var config = KafkaConfig(bootstrapServers: "127.0.0.1:1", clientId: "kafka-tests")
        config.extra["message.timeout.ms"] = "1500"
        config.extra["log_level"] = "0"
        guard let producer = try? KafkaProducer(config: config) else { return XCTFail("producer creation should not need the broker") }
        defer { producer.close() }
        let result = producer.sendAll([ProducerRecord(topic: "nowhere", key: nil, value: [1])], timeout: .seconds(10))
        guard case .failure(let error) = result[0] else { return XCTFail("expected a failure") }
        XCTAssertTrue(error.isRetriable, "\(error)")
        XCTAssertFalse(error.isFatal)
    }
}
