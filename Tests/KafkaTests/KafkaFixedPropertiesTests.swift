import Foundation
import Kafka
import TestSupport
import XCTest

/// The properties the processing guarantees rest on cannot be changed through `extra`.
/// (Creating a client does not contact the broker, so these tests need none.)
final class KafkaFixedPropertiesTests: XCTestCase {
    private func config(_ extra: [String: String]) -> KafkaConfig {
        var config = KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "fixed-tests")
        config.extra = extra
        config.extra["log_level"] = "0"
        return config
    }

    func testTheProducerRefusesToLoseIdempotenceOrFullAcknowledgement() {
        for (name, value) in [("enable.idempotence", "false"), ("acks", "1"), ("acks", "0"),
                              ("request.required.acks", "1")] {
            XCTAssertThrowsError(try KafkaProducer(config: config([name: value])), "\(name)=\(value)") { error in
                XCTAssertTrue("\(error)".contains("is fixed to"), "\(error)")
            }
        }
    }

    func testTheConsumerRefusesAutomaticCommitsOffsetStoringAndUncommittedReads() {
        for (name, value) in [("enable.auto.commit", "true"), ("auto.commit.enable", "true"),
                              ("enable.auto.offset.store", "true"), ("isolation.level", "read_uncommitted")] {
            XCTAssertThrowsError(try KafkaConsumer(config: config([name: value]), groupId: "fixed-\(randomSuffix())",
                                                   topics: ["fixed-unused"]), "\(name)=\(value)") { error in
                XCTAssertTrue("\(error)".contains("is fixed to"), "\(error)")
            }
        }
    }

    func testRepeatingTheFixedValueIsAccepted() throws {
        let producer = try KafkaProducer(config: config(["acks": "-1", "enable.idempotence": "true"]))
        producer.close()
        let consumer = try KafkaConsumer(config: config(["enable.auto.commit": "false", "isolation.level": "read_committed"]),
                                         groupId: "fixed-\(randomSuffix())", topics: ["fixed-unused"])
        consumer.close()
    }

    func testEveryFixedNameIsKnownToLibrdkafka() {
        for (name, property) in KafkaConfig.fixedPropertiesByName {
            XCTAssertNil(KafkaConfig.problem(withProperty: name, value: property.value), name)
        }
        XCTAssertEqual(KafkaConfig.fixedPropertiesByName["request.required.acks"]?.name, "acks")
    }

    func testPropertyNamesFromEnvironmentVariables() {
        XCTAssertEqual(KafkaConfig.propertyName(environmentVariable: "KAFKA_PROPERTY_SOCKET_KEEPALIVE_ENABLE"),
                       "socket.keepalive.enable")
        XCTAssertEqual(KafkaConfig.propertyName(environmentVariable: "KAFKA_PROPERTY_LOG_LEVEL"), "log_level")
        XCTAssertNil(KafkaConfig.propertyName(environmentVariable: "KAFKA_PROPERTY_"))
        XCTAssertNil(KafkaConfig.propertyName(environmentVariable: "KAFKA_BOOTSTRAP_SERVERS"))
    }

    func testPropertyProblemsComeFromLibrdkafka() {
        XCTAssertNil(KafkaConfig.problem(withProperty: "linger.ms", value: "20"))
        XCTAssertNotNil(KafkaConfig.problem(withProperty: "linger.ms", value: "soon"))
        XCTAssertNotNil(KafkaConfig.problem(withProperty: "no.such.property", value: "1"))
    }
}
