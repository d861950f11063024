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
/// once at start-up (`fromEnvironment`, in ServiceConfig+Environment.swift). Secrets
/// (database URL, SASL password) come only from the environment and are never logged.
public struct ServiceConfig: Sendable {
    public var serviceName: String
    public var databaseURL: String
    public var kafka: KafkaConfig
    /// Prepended to every topic name; empty in production, unique per test run.
    public var topicPrefix: String
    public var groupId: String
    public var batchSize: Int
    /// The port of the health endpoint; nil runs none.
    public var healthPort: Int?
    /// The IPv4 address the health endpoint listens on (`AFTERSALES_HEALTH_BIND`). 127.0.0.1
    /// unless set; containers set 0.0.0.0 so that probes from outside the container reach it.
    public var healthBind: String
    /// `/health` answers 503 once a worker thread has not reported progress for this long
    /// (`AFTERSALES_HEALTH_STALL_SECONDS`).
    public var healthStallSeconds: Double
    /// How long start-up waits for the database (`AFTERSALES_STARTUP_TIMEOUT_SECONDS`).
    public var startupTimeoutSeconds: Double
    /// The log threshold (`AFTERSALES_LOG_LEVEL`); nil leaves `Logger`'s default.
    public var logLevel: Logger.Level?
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
                createTopics: Bool = true, healthBind: String = ServiceConfig.defaultHealthBind,
                healthStallSeconds: Double = 60, startupTimeoutSeconds: Double = 60, logLevel: Logger.Level? = nil) {
        self.serviceName = serviceName
        self.databaseURL = databaseURL
        self.kafka = kafka
        self.topicPrefix = topicPrefix
        self.groupId = groupId ?? "aftersales-\(serviceName)"
        self.batchSize = batchSize
        self.healthPort = healthPort
        self.healthBind = healthBind
        self.healthStallSeconds = healthStallSeconds
        self.startupTimeoutSeconds = startupTimeoutSeconds
        self.logLevel = logLevel
        self.settings = settings
        self.pollTimeoutMs = pollTimeoutMs
        self.idleIntervalMs = idleIntervalMs
        self.createTopics = createTopics
    }

    /// Loopback: a process started by hand does not expose its metrics to the network.
    public static let defaultHealthBind = "127.0.0.1"

    /// The broker-side name of a registry topic.
    public func topicName(_ topic: Topic) -> String { topicPrefix + topic.name }

    /// The registry topic behind a broker-side name, if any.
    public func topic(named brokerName: String) -> Topic? {
        guard brokerName.hasPrefix(topicPrefix) else { return nil }
        return Topic.named(String(brokerName.dropFirst(topicPrefix.count)))
    }
}
