import Foundation
import Kafka
import Postgres
import Schema
import ServiceRuntime

/// Where the integration tests find the real PostgreSQL and Kafka-protocol broker:
/// `AFTERSALES_TEST_DATABASE_URL` (a superuser URL) and `AFTERSALES_TEST_KAFKA`, set by
/// `make infra-up` in `.local/env`; read from that file when the variables are unset.
public enum TestEnvironment {
    public static var adminDatabaseURL: String {
        value("AFTERSALES_TEST_DATABASE_URL") ?? "postgres://postgres@127.0.0.1:15432/postgres"
    }

    public static var kafkaBootstrap: String {
        value("AFTERSALES_TEST_KAFKA") ?? "127.0.0.1:19092"
    }

    /// The repository root (two folders above this file's folder).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func value(_ name: String) -> String? {
        if let value = ProcessInfo.processInfo.environment[name], !value.isEmpty { return value }
        return localEnvironment[name]
    }

    private static let localEnvironment: [String: String] = {
        let file = repositoryRoot.appendingPathComponent(".local/env")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }()
}

/// A short random lowercase hex string.
public func randomSuffix(_ length: Int = 8) -> String {
    String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(length))
}

/// Creates a fresh, empty database for one test and returns its URL (same server and
/// credentials as the admin URL).
public func makeTestDatabase(_ label: String) throws -> String {
    let safeLabel = label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(20)
    let name = "test_\(safeLabel)_\(randomSuffix())"
    let admin = try PGConnection(url: TestEnvironment.adminDatabaseURL)
    defer { admin.close() }
    // Identifiers cannot be bound parameters; `name` is built from letters and digits only.
    try admin.simpleExecute("CREATE DATABASE \(name)")
    return databaseURL(replacingDatabaseWith: name)
}

/// The admin URL pointing at another database on the same server.
public func databaseURL(replacingDatabaseWith name: String) -> String {
    let admin = TestEnvironment.adminDatabaseURL
    guard var components = URLComponents(string: admin) else { return admin }
    components.path = "/" + name
    return components.string ?? admin
}

/// A topic prefix unique to one test, so that tests never see each other's events.
public func uniqueTopicPrefix(_ label: String) -> String {
    let safeLabel = label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(20)
    return "t-\(safeLabel)-\(randomSuffix())."
}

/// A service configuration for in-process tests: the test broker, a prefixed topic space,
/// a consumer group of its own, short poll and idle intervals.
public func testServiceConfig(service: String, databaseURL: String, topicPrefix: String,
                              overrides: [String: String] = [:], batchSize: Int = 200) -> ServiceConfig {
    var config = ServiceConfig(
        serviceName: service, databaseURL: databaseURL,
        kafka: KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "test-\(service)"),
        topicPrefix: topicPrefix, groupId: "\(topicPrefix)\(service)", batchSize: batchSize,
        healthPort: nil, settings: overrides, pollTimeoutMs: 100, idleIntervalMs: 50, createTopics: true)
    config.startupTimeoutSeconds = 20
    return config
}

/// Creates every registry topic under `prefix` (idempotent).
public func createTestTopics(prefix: String) throws {
    let admin = try KafkaAdmin(config: KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "test-admin"))
    try admin.createTopics(Topic.all.map { (name: prefix + $0.name, partitions: $0.partitions, replicationFactor: -1) },
                           timeout: .seconds(30))
}
