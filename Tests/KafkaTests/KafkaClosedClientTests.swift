import Kafka
import TestSupport
import XCTest

/// Using a closed client fails cleanly instead of touching a released handle.
final class KafkaClosedClientTests: XCTestCase {
    func testAClosedConsumerAndProducerReportErrors() throws {
        let config = KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "kafka-closed-tests")
        let consumer = try KafkaConsumer(config: config, groupId: "kt-closed-\(randomSuffix())", topics: ["kt-closed-\(randomSuffix())"])
        consumer.close()
        consumer.close()
        XCTAssertThrowsError(try consumer.poll(maxMessages: 1, timeout: .milliseconds(10)))
        let producer = try KafkaProducer(config: config)
        producer.close()
        producer.close()
        let results = producer.sendAll([ProducerRecord(topic: "kt-closed", key: nil, value: [1])], timeout: .seconds(1))
        guard case .failure = results[0] else { return XCTFail("a closed producer cannot deliver") }
    }
}
