import Foundation
import Kafka
import TestSupport
import XCTest

/// Group membership: rebalances are counted, and commits only touch partitions still owned.
final class KafkaGroupTests: XCTestCase {
    private var config: KafkaConfig { KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "kafka-group-tests") }

    private func topic(partitions: Int, messages: Int) throws -> String {
        let name = "kt-\(randomSuffix(12))"
        try KafkaAdmin(config: config).createTopics([(name: name, partitions: partitions, replicationFactor: -1)], timeout: .seconds(30))
        let producer = try KafkaProducer(config: config)
        defer { producer.close() }
        let reports = producer.sendAll((0..<messages).map { ProducerRecord(topic: name, key: "k\($0)", value: [UInt8($0)]) },
                                       timeout: .seconds(30))
        XCTAssertTrue(reports.allSatisfy { (try? $0.get()) != nil })
        return name
    }

    private func pollUntil(_ consumer: KafkaConsumer, seconds: Double = 60, _ done: ([ConsumerRecord]) -> Bool) throws -> [ConsumerRecord] {
        var records: [ConsumerRecord] = []
        let deadline = Date().addingTimeInterval(seconds)
        while !done(records) && Date() < deadline { records += try consumer.poll(maxMessages: 100, timeout: .milliseconds(200)) }
        return records
    }

    func testACommitForAPartitionNotAssignedIsDropped() throws {
        let owned = try topic(partitions: 1, messages: 5)
        let other = try topic(partitions: 1, messages: 5)
        let group = "kt-drop-\(randomSuffix())"
        do {
            let consumer = try KafkaConsumer(config: config, groupId: group, topics: [owned])
            defer { consumer.close() }
            XCTAssertEqual(try pollUntil(consumer) { $0.count >= 5 }.count, 5)
            XCTAssertEqual(consumer.assignment, [TopicPartition(topic: owned, partition: 0)])
            try consumer.commit([TopicPartitionOffset(topic: owned, partition: 0, offset: 5),
                                 TopicPartitionOffset(topic: other, partition: 0, offset: 3)])
        }
        // The same group on the other topic starts from the beginning: its offset was never committed.
        // (Each member closes before the next joins: a member that stops polling stalls the group's rebalance.)
        do {
            let reader = try KafkaConsumer(config: config, groupId: group, topics: [other])
            defer { reader.close() }
            XCTAssertEqual(try pollUntil(reader) { $0.count >= 5 }.map(\.offset), [0, 1, 2, 3, 4])
        }
        // …while the owned topic's commit held.
        let again = try KafkaConsumer(config: config, groupId: group, topics: [owned])
        defer { again.close() }
        var late = try pollUntil(again) { _ in !again.assignment.isEmpty }
        late += try pollUntil(again, seconds: 3) { _ in false }
        XCTAssertEqual(again.assignment, [TopicPartition(topic: owned, partition: 0)])
        XCTAssertEqual(late.count, 0)
    }

    func testASecondMemberTriggersARevocationAndSplitsThePartitions() throws {
        try checkRebalance(config: config)
    }

    func testTheCooperativeProtocolRevokesIncrementally() throws {
        var config = self.config
        config.extra["partition.assignment.strategy"] = "cooperative-sticky"
        try checkRebalance(config: config)
    }

    private func checkRebalance(config: KafkaConfig) throws {
        let name = try topic(partitions: 2, messages: 0)
        let group = "kt-rebalance-\(randomSuffix())"
        let first = try KafkaConsumer(config: config, groupId: group, topics: [name])
        defer { first.close() }
        _ = try pollUntil(first) { _ in first.assignment.count == 2 }
        XCTAssertEqual(first.assignment.count, 2)
        let generation = first.rebalanceGeneration

        let second = try KafkaConsumer(config: config, groupId: group, topics: [name])
        defer { second.close() }
        let deadline = Date().addingTimeInterval(60)
        while (first.assignment.count != 1 || second.assignment.count != 1) && Date() < deadline {
            _ = try first.poll(maxMessages: 10, timeout: .milliseconds(100))
            _ = try second.poll(maxMessages: 10, timeout: .milliseconds(100))
        }
        XCTAssertGreaterThan(first.rebalanceGeneration, generation, "the first member's partitions were revoked")
        XCTAssertEqual(first.assignment.count, 1)
        XCTAssertEqual(second.assignment.count, 1)
        XCTAssertEqual(first.assignment.union(second.assignment).count, 2)
    }
}
