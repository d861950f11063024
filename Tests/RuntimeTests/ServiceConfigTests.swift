import Foundation
import Kafka
import Schema
import ServiceRuntime
import XCTest

final class ServiceConfigTests: XCTestCase {
    private let minimal = [
        "AFTERSALES_INTAKE_DATABASE_URL": "postgres://u:p@127.0.0.1:5432/intake",
        "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9092",
    ]

    func testMinimalEnvironmentGivesDefaults() throws {
        let config = try ServiceConfig.fromEnvironment(service: "intake", environment: minimal)
        XCTAssertEqual(config.groupId, "aftersales-intake")
        XCTAssertEqual(config.batchSize, 200)
        XCTAssertNil(config.healthPort)
        XCTAssertEqual(config.topicName(.tickets), "aftersales.tickets")
        XCTAssertEqual(config.kafka.bootstrapServers, "127.0.0.1:9092")
    }

    func testMissingDatabaseURLNamesTheVariable() {
        var environment = minimal
        environment["AFTERSALES_INTAKE_DATABASE_URL"] = nil
        XCTAssertThrowsError(try ServiceConfig.fromEnvironment(service: "intake", environment: environment)) { error in
            XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_INTAKE_DATABASE_URL")
        }
    }

    func testMissingBrokerNamesTheVariable() {
        var environment = minimal
        environment["KAFKA_BOOTSTRAP_SERVERS"] = nil
        XCTAssertThrowsError(try ServiceConfig.fromEnvironment(service: "intake", environment: environment)) { error in
            XCTAssertEqual((error as? ConfigError)?.variable, "KAFKA_BOOTSTRAP_SERVERS")
        }
    }

    func testMalformedNumbersAreRejectedWithTheVariable() {
        for (variable, value) in [("AFTERSALES_BATCH_SIZE", "lots"), ("AFTERSALES_BATCH_SIZE", "0"),
                                  ("AFTERSALES_HEALTH_PORT", "70000"), ("KAFKA_SECURITY_PROTOCOL", "carrier-pigeon")] {
            var environment = minimal
            environment[variable] = value
            XCTAssertThrowsError(try ServiceConfig.fromEnvironment(service: "intake", environment: environment)) { error in
                XCTAssertEqual((error as? ConfigError)?.variable, variable)
            }
        }
    }

    func testNewSettingsHaveSafeDefaults() throws {
        let config = try ServiceConfig.fromEnvironment(service: "intake", environment: minimal)
        XCTAssertEqual(config.healthBind, "127.0.0.1")
        XCTAssertEqual(config.healthStallSeconds, 60)
        XCTAssertEqual(config.startupTimeoutSeconds, 60)
        XCTAssertNil(config.logLevel)
        XCTAssertTrue(config.createTopics)
    }

    func testNewSettingsAreRead() throws {
        var environment = minimal
        environment["AFTERSALES_HEALTH_BIND"] = "0.0.0.0"
        environment["AFTERSALES_HEALTH_PORT"] = "8080"
        environment["AFTERSALES_HEALTH_STALL_SECONDS"] = "30"
        environment["AFTERSALES_STARTUP_TIMEOUT_SECONDS"] = "5"
        environment["AFTERSALES_LOG_LEVEL"] = "WARNING"
        environment["AFTERSALES_CREATE_TOPICS"] = "no"
        environment["KAFKA_PROPERTY_LOG_LEVEL"] = "3"
        let config = try ServiceConfig.fromEnvironment(service: "intake", environment: environment)
        XCTAssertEqual(config.healthBind, "0.0.0.0")
        XCTAssertEqual(config.healthPort, 8080)
        XCTAssertEqual(config.healthStallSeconds, 30)
        XCTAssertEqual(config.startupTimeoutSeconds, 5)
        XCTAssertEqual(config.logLevel, .warning)
        XCTAssertFalse(config.createTopics)
        XCTAssertEqual(config.kafka.properties()["log_level"], "3")
    }

    /// Every malformed value stops start-up with an error naming its variable.
    func testEveryMalformedValueNamesItsVariable() {
        let sasl = ["KAFKA_SECURITY_PROTOCOL": "sasl_ssl", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
                    "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "secret"]
        let cases: [(variable: String, environment: [String: String])] = [
            ("AFTERSALES_BATCH_SIZE", ["AFTERSALES_BATCH_SIZE": " 200"]),
            ("AFTERSALES_POLL_TIMEOUT_MS", ["AFTERSALES_POLL_TIMEOUT_MS": "5"]),
            ("AFTERSALES_IDLE_INTERVAL_MS", ["AFTERSALES_IDLE_INTERVAL_MS": "often"]),
            ("AFTERSALES_HEALTH_PORT", ["AFTERSALES_HEALTH_PORT": "http"]),
            ("AFTERSALES_HEALTH_BIND", ["AFTERSALES_HEALTH_BIND": "localhost"]),
            ("AFTERSALES_HEALTH_BIND", ["AFTERSALES_HEALTH_BIND": "300.1.1.1"]),
            ("AFTERSALES_HEALTH_STALL_SECONDS", ["AFTERSALES_HEALTH_STALL_SECONDS": "soon"]),
            ("AFTERSALES_HEALTH_STALL_SECONDS", ["AFTERSALES_HEALTH_STALL_SECONDS": "0"]),
            ("AFTERSALES_HEALTH_STALL_SECONDS", ["AFTERSALES_HEALTH_STALL_SECONDS": "2", "AFTERSALES_POLL_TIMEOUT_MS": "1000"]),
            ("AFTERSALES_STARTUP_TIMEOUT_SECONDS", ["AFTERSALES_STARTUP_TIMEOUT_SECONDS": "-1"]),
            ("AFTERSALES_STARTUP_TIMEOUT_SECONDS", ["AFTERSALES_STARTUP_TIMEOUT_SECONDS": "nan"]),
            ("AFTERSALES_LOG_LEVEL", ["AFTERSALES_LOG_LEVEL": "loud"]),
            ("AFTERSALES_OUTBOX_RETENTION_HOURS", ["AFTERSALES_OUTBOX_RETENTION_HOURS": "a day"]),
            ("AFTERSALES_OUTBOX_RETENTION_HOURS", ["AFTERSALES_OUTBOX_RETENTION_HOURS": "-1"]),
            ("AFTERSALES_CREATE_TOPICS", ["AFTERSALES_CREATE_TOPICS": "maybe"]),
            ("AFTERSALES_TOPIC_PREFIX", ["AFTERSALES_TOPIC_PREFIX": "staging/"]),
            ("AFTERSALES_GROUP_ID", ["AFTERSALES_GROUP_ID": "two words"]),
            ("KAFKA_BOOTSTRAP_SERVERS", ["KAFKA_BOOTSTRAP_SERVERS": "broker"]),
            ("KAFKA_BOOTSTRAP_SERVERS", ["KAFKA_BOOTSTRAP_SERVERS": "b1:9092,,b2:9092"]),
            ("KAFKA_BOOTSTRAP_SERVERS", ["KAFKA_BOOTSTRAP_SERVERS": "b1:99999"]),
            ("KAFKA_SECURITY_PROTOCOL", ["KAFKA_SECURITY_PROTOCOL": "tls"]),
            ("KAFKA_SASL_MECHANISM", sasl.merging(["KAFKA_SASL_MECHANISM": "MAGIC"]) { $1 }),
            ("KAFKA_SASL_MECHANISM", sasl.filter { $0.key != "KAFKA_SASL_MECHANISM" }),
            ("KAFKA_SASL_PASSWORD", sasl.filter { $0.key != "KAFKA_SASL_PASSWORD" }),
            ("KAFKA_SASL_USERNAME", ["KAFKA_SASL_USERNAME": "svc"]),
            ("KAFKA_SSL_CA_LOCATION", ["KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "KAFKA_SASL_MECHANISM": "PLAIN",
                                       "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "p",
                                       "KAFKA_SSL_CA_LOCATION": "/etc/ca.pem"]),
            ("KAFKA_PROPERTY_LINGER_MS", ["KAFKA_PROPERTY_LINGER_MS": "soon"]),
            ("KAFKA_PROPERTY_NO_SUCH_THING", ["KAFKA_PROPERTY_NO_SUCH_THING": "1"]),
            ("DATABASE_URL", ["AFTERSALES_INTAKE_DATABASE_URL": "", "DATABASE_URL": "mysql-please"]),
            ("AFTERSALES_INTAKE_DATABASE_URL", ["AFTERSALES_INTAKE_DATABASE_URL": "intake-db"]),
        ]
        for (variable, overrides) in cases {
            let environment = minimal.merging(overrides) { $1 }
            XCTAssertThrowsError(try ServiceConfig.fromEnvironment(service: "intake", environment: environment),
                                 "\(overrides)") { error in
                XCTAssertEqual((error as? ConfigError)?.variable, variable, "\(overrides): \(error)")
            }
        }
    }

    /// The settings the processing guarantees rest on cannot be overridden from the environment,
    /// under any of their librdkafka names and whatever the value.
    func testFixedKafkaPropertiesCannotBeSetFromTheEnvironment() {
        let variables = ["KAFKA_PROPERTY_ENABLE_AUTO_COMMIT", "KAFKA_PROPERTY_AUTO_COMMIT_ENABLE",
                         "KAFKA_PROPERTY_ENABLE_AUTO_OFFSET_STORE", "KAFKA_PROPERTY_ENABLE_IDEMPOTENCE",
                         "KAFKA_PROPERTY_ACKS", "KAFKA_PROPERTY_REQUEST_REQUIRED_ACKS", "KAFKA_PROPERTY_ISOLATION_LEVEL"]
        for variable in variables {
            for value in ["true", "false", "1", "all", "read_uncommitted"] {
                var environment = minimal
                environment[variable] = value
                XCTAssertThrowsError(try ServiceConfig.fromEnvironment(service: "intake", environment: environment)) { error in
                    XCTAssertEqual((error as? ConfigError)?.variable, variable)
                    XCTAssertTrue("\(error)".contains("fixes"), "\(error)")
                }
            }
        }
        XCTAssertEqual(Set(KafkaConfig.fixedPropertiesByName.keys),
                       Set(variables.map { KafkaConfig.propertyName(environmentVariable: $0)! }),
                       "every fixed name is covered here")
    }

    func testASecretIsNotRepeatedInAnError() {
        for (variable, value) in [("AFTERSALES_INTAKE_DATABASE_URL", "hunter2"), ("AFTERSALES_INTAKE_DATABASE_URL", " postgres://u:hunter2@h/d")] {
            var environment = minimal
            environment[variable] = value
            XCTAssertThrowsError(try ServiceConfig.fromEnvironment(service: "intake", environment: environment)) { error in
                XCTAssertEqual((error as? ConfigError)?.variable, variable)
                XCTAssertFalse("\(error)".contains("hunter2"), "\(error)")
            }
        }
    }

    func testSecuritySettingsAndRawPropertiesReachKafka() throws {
        var environment = minimal
        environment["KAFKA_SECURITY_PROTOCOL"] = "sasl_ssl"
        environment["KAFKA_SASL_MECHANISM"] = "SCRAM-SHA-512"
        environment["KAFKA_SASL_USERNAME"] = "svc"
        environment["KAFKA_SASL_PASSWORD"] = "secret"
        environment["KAFKA_PROPERTY_SOCKET_KEEPALIVE_ENABLE"] = "true"
        environment["AFTERSALES_TOPIC_PREFIX"] = "staging."
        let config = try ServiceConfig.fromEnvironment(service: "intake", environment: environment)
        let properties = config.kafka.properties()
        XCTAssertEqual(properties["security.protocol"], "sasl_ssl")
        XCTAssertEqual(properties["sasl.mechanisms"], "SCRAM-SHA-512")
        XCTAssertEqual(properties["sasl.username"], "svc")
        XCTAssertEqual(properties["socket.keepalive.enable"], "true")
        XCTAssertEqual(config.topicName(.tickets), "staging.aftersales.tickets")
        XCTAssertEqual(config.topic(named: "staging.aftersales.field"), .field)
        XCTAssertNil(config.topic(named: "aftersales.field"))
    }

    func testTypedSettings() throws {
        var environment = minimal
        environment["AFTERSALES_DISPATCH_MAX_DISTANCE_KM"] = "35.5"
        environment["AFTERSALES_FLAG"] = "maybe"
        let config = try ServiceConfig.fromEnvironment(service: "intake", environment: environment)
        XCTAssertEqual(try config.double("AFTERSALES_DISPATCH_MAX_DISTANCE_KM", default: 50), 35.5)
        XCTAssertEqual(try config.int("AFTERSALES_UNSET", default: 7), 7)
        XCTAssertThrowsError(try config.bool("AFTERSALES_FLAG", default: true))
        XCTAssertNil(config.settings["AFTERSALES_INTAKE_DATABASE_URL"], "secrets are not copied into settings")
    }
}

/// infra/topics.txt (used by the shell scripts and compose) must match the registry.
final class TopicFileTests: XCTestCase {
    func testTopicsFileMatchesTheRegistry() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("infra/topics.txt")
        let text = try String(contentsOf: file, encoding: .utf8)
        var listed: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            listed[String(parts[0])] = Int(parts[1])
        }
        let registry = Dictionary(uniqueKeysWithValues: Topic.all.map { ($0.name, $0.partitions) })
        XCTAssertEqual(listed, registry)
    }
}

final class MetricsTests: XCTestCase {
    func testPrometheusTextCarriesEveryFigure() {
        let metrics = ServiceMetrics(service: "intake")
        metrics.update { $0.processed = 12; $0.deadLettered = 2; $0.outboxLag = 5 }
        metrics.recordBatch(seconds: 0.03)
        metrics.recordBatch(seconds: 3)
        let text = metrics.prometheusText()
        XCTAssertTrue(text.contains("aftersales_messages_processed_total{service=\"intake\"} 12"))
        XCTAssertTrue(text.contains("aftersales_messages_dead_lettered_total{service=\"intake\"} 2"))
        XCTAssertTrue(text.contains("aftersales_outbox_lag{service=\"intake\"} 5"))
        XCTAssertTrue(text.contains("aftersales_batch_seconds_bucket{service=\"intake\",le=\"0.05\"} 1"))
        XCTAssertTrue(text.contains("aftersales_batch_seconds_count{service=\"intake\"} 2"))
    }
}
