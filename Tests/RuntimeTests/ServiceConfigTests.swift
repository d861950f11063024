import Foundation
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
