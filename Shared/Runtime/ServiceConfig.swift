import Foundation
import Kafka
import Schema

/// A configuration problem found at start-up: which environment variable, and what is wrong.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var variable: String
    public var problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "configuration error: \(variable): \(problem)" }
}

/// Everything a service needs to start, read from environment variables and validated
/// once at start-up. Secrets (database URL, SASL password) come only from the environment
/// and are never logged.
public struct ServiceConfig: Sendable {
    public var serviceName: String
    public var databaseURL: String
    public var kafka: KafkaConfig
    /// Prepended to every topic name; empty in production, unique per test run.
    public var topicPrefix: String
    public var groupId: String
    public var batchSize: Int
    public var healthPort: Int?
    /// Every `AFTERSALES_*` variable, for the service's own rule settings.
    public var settings: [String: String]
    /// Poll timeout for one batch, in milliseconds.
    public var pollTimeoutMs: Int
    /// How often the timer scheduler and the outbox relay look for work, in milliseconds.
    public var idleIntervalMs: Int
    /// Create the topics the service uses at start-up (idempotent).
    public var createTopics: Bool
    /// The largest message value the service parses; larger ones are dead-lettered unread.
    public var maxMessageBytes: Int = 1_048_576

    public init(serviceName: String, databaseURL: String, kafka: KafkaConfig, topicPrefix: String = "",
                groupId: String? = nil, batchSize: Int = 200, healthPort: Int? = nil,
                settings: [String: String] = [:], pollTimeoutMs: Int = 500, idleIntervalMs: Int = 200,
                createTopics: Bool = true) {
        self.serviceName = serviceName
        self.databaseURL = databaseURL
        self.kafka = kafka
        self.topicPrefix = topicPrefix
        self.groupId = groupId ?? "aftersales-\(serviceName)"
        self.batchSize = batchSize
        self.healthPort = healthPort
        self.settings = settings
        self.pollTimeoutMs = pollTimeoutMs
        self.idleIntervalMs = idleIntervalMs
        self.createTopics = createTopics
    }

    /// The broker-side name of a registry topic.
    public func topicName(_ topic: Topic) -> String { topicPrefix + topic.name }

    /// The registry topic behind a broker-side name, if any.
    public func topic(named brokerName: String) -> Topic? {
        guard brokerName.hasPrefix(topicPrefix) else { return nil }
        return Topic.named(String(brokerName.dropFirst(topicPrefix.count)))
    }

    // MARK: Reading from the environment

    /// Reads the configuration of `service` from `environment`.
    ///
    /// Variables: `AFTERSALES_<SERVICE>_DATABASE_URL` (or `DATABASE_URL`), `KAFKA_BOOTSTRAP_SERVERS`,
    /// `KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_MECHANISM`, `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD`,
    /// `KAFKA_SSL_CA_LOCATION`, `KAFKA_PROPERTY_<key with dots as underscores>` (any librdkafka
    /// property), `AFTERSALES_TOPIC_PREFIX`, `AFTERSALES_GROUP_ID`, `AFTERSALES_BATCH_SIZE`,
    /// `AFTERSALES_HEALTH_PORT`, `AFTERSALES_POLL_TIMEOUT_MS`, `AFTERSALES_IDLE_INTERVAL_MS`,
    /// `AFTERSALES_CREATE_TOPICS`.
    public static func fromEnvironment(
        service: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> ServiceConfig {
        let upper = service.uppercased()
        let databaseVariable = "AFTERSALES_\(upper)_DATABASE_URL"
        guard let databaseURL = environment[databaseVariable] ?? environment["DATABASE_URL"], !databaseURL.isEmpty else {
            throw ConfigError(variable: databaseVariable, problem: "is not set (the PostgreSQL URL of the \(service) database; DATABASE_URL is also accepted)")
        }
        guard databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://") || databaseURL.contains("=") else {
            throw ConfigError(variable: databaseVariable, problem: "is neither a postgres:// URL nor a key=value conninfo string")
        }
        guard let bootstrap = environment["KAFKA_BOOTSTRAP_SERVERS"], !bootstrap.isEmpty else {
            throw ConfigError(variable: "KAFKA_BOOTSTRAP_SERVERS", problem: "is not set (host:port of the Kafka brokers, comma-separated)")
        }
        var kafka = KafkaConfig(bootstrapServers: bootstrap, clientId: "aftersales-\(service)")
        kafka.securityProtocol = environment["KAFKA_SECURITY_PROTOCOL"]
        if let protocolName = kafka.securityProtocol,
           !["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"].contains(protocolName.lowercased()) {
            throw ConfigError(variable: "KAFKA_SECURITY_PROTOCOL", problem: "must be plaintext, ssl, sasl_plaintext or sasl_ssl, not '\(protocolName)'")
        }
        kafka.saslMechanism = environment["KAFKA_SASL_MECHANISM"]
        kafka.saslUsername = environment["KAFKA_SASL_USERNAME"]
        kafka.saslPassword = environment["KAFKA_SASL_PASSWORD"]
        kafka.sslCALocation = environment["KAFKA_SSL_CA_LOCATION"]
        for (name, value) in environment where name.hasPrefix("KAFKA_PROPERTY_") {
            let key = name.dropFirst("KAFKA_PROPERTY_".count).lowercased().replacingOccurrences(of: "_", with: ".")
            kafka.extra[key] = value
        }

        func integer(_ variable: String, default value: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard let text = environment[variable], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigError(variable: variable, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
            }
            return number
        }
        let healthPort: Int? = environment["AFTERSALES_HEALTH_PORT"].flatMap { $0.isEmpty ? nil : $0 } == nil
            ? nil : try integer("AFTERSALES_HEALTH_PORT", default: 0, range: 1...65535)
        let createTopics = (environment["AFTERSALES_CREATE_TOPICS"] ?? "true").lowercased()
        guard ["true", "false", "1", "0", "yes", "no"].contains(createTopics) else {
            throw ConfigError(variable: "AFTERSALES_CREATE_TOPICS", problem: "must be true or false")
        }
        var config = ServiceConfig(
            serviceName: service,
            databaseURL: databaseURL,
            kafka: kafka,
            topicPrefix: environment["AFTERSALES_TOPIC_PREFIX"] ?? "",
            groupId: environment["AFTERSALES_GROUP_ID"].flatMap { $0.isEmpty ? nil : $0 },
            batchSize: try integer("AFTERSALES_BATCH_SIZE", default: 200, range: 1...10_000),
            healthPort: healthPort,
            settings: environment.filter { $0.key.hasPrefix("AFTERSALES_") && !$0.key.hasSuffix("DATABASE_URL") },
            pollTimeoutMs: try integer("AFTERSALES_POLL_TIMEOUT_MS", default: 500, range: 10...60_000),
            idleIntervalMs: try integer("AFTERSALES_IDLE_INTERVAL_MS", default: 200, range: 10...60_000),
            createTopics: ["true", "1", "yes"].contains(createTopics)
        )
        config.maxMessageBytes = try integer("AFTERSALES_MAX_MESSAGE_BYTES", default: 1_048_576, range: 1_024...16_777_216)
        return config
    }
}

// MARK: - Typed access to service settings

extension ServiceConfig {
    /// A numeric setting, or `defaultValue` when unset; a malformed value is a ConfigError naming the variable.
    public func double(_ variable: String, default defaultValue: Double) throws(ConfigError) -> Double {
        guard let text = settings[variable], !text.isEmpty else { return defaultValue }
        guard let value = Double(text), value.isFinite else {
            throw ConfigError(variable: variable, problem: "must be a number, not '\(text)'")
        }
        return value
    }

    /// A whole-number setting, or `defaultValue` when unset.
    public func int(_ variable: String, default defaultValue: Int) throws(ConfigError) -> Int {
        guard let text = settings[variable], !text.isEmpty else { return defaultValue }
        guard let value = Int(text) else {
            throw ConfigError(variable: variable, problem: "must be a whole number, not '\(text)'")
        }
        return value
    }

    /// A boolean setting (true/false/1/0/yes/no), or `defaultValue` when unset.
    public func bool(_ variable: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        guard let text = settings[variable]?.lowercased(), !text.isEmpty else { return defaultValue }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ConfigError(variable: variable, problem: "must be true or false, not '\(text)'")
        }
    }

    /// A text setting, or `defaultValue` when unset.
    public func string(_ variable: String, default defaultValue: String) -> String {
        guard let text = settings[variable], !text.isEmpty else { return defaultValue }
        return text
    }
}
