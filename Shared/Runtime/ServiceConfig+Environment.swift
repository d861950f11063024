import Foundation
import Kafka
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Reading the configuration from the environment

extension ServiceConfig {
    /// Reads and validates the configuration of `service` from `environment`; a missing or
    /// malformed value is a `ConfigError` naming the variable (ServiceMain exits 2 with it).
    ///
    /// Variables (README, "Configuration"): `AFTERSALES_<SERVICE>_DATABASE_URL` (or
    /// `DATABASE_URL`), `KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_SECURITY_PROTOCOL`,
    /// `KAFKA_SASL_MECHANISM`, `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD`,
    /// `KAFKA_SSL_CA_LOCATION`, `KAFKA_PROPERTY_<key with dots as underscores>` (any librdkafka
    /// property except the fixed ones, see `KafkaConfig.fixedPropertiesByName`),
    /// `AFTERSALES_TOPIC_PREFIX`, `AFTERSALES_GROUP_ID`, `AFTERSALES_BATCH_SIZE`,
    /// `AFTERSALES_HEALTH_PORT`, `AFTERSALES_HEALTH_BIND`, `AFTERSALES_HEALTH_STALL_SECONDS`,
    /// `AFTERSALES_POLL_TIMEOUT_MS`, `AFTERSALES_IDLE_INTERVAL_MS`,
    /// `AFTERSALES_STARTUP_TIMEOUT_SECONDS`, `AFTERSALES_CREATE_TOPICS`, `AFTERSALES_LOG_LEVEL`,
    /// `AFTERSALES_OUTBOX_RETENTION_HOURS` (checked here, read by the outbox relay).
    public static func fromEnvironment(
        service: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> ServiceConfig {
        let reader = EnvironmentReader(environment)
        let databaseURL = try reader.databaseURL(service: service)
        let kafka = try reader.kafka(clientId: "aftersales-\(service)")

        let pollTimeoutMs = try reader.integer("AFTERSALES_POLL_TIMEOUT_MS", default: 500, range: 10...60_000)
        let idleIntervalMs = try reader.integer("AFTERSALES_IDLE_INTERVAL_MS", default: 200, range: 10...60_000)
        let stallSeconds = try reader.seconds("AFTERSALES_HEALTH_STALL_SECONDS", default: 60, range: 1...86_400)
        let slowestLoopMs = max(pollTimeoutMs, idleIntervalMs)
        guard stallSeconds * 1000 >= Double(3 * slowestLoopMs) else {
            throw ConfigError(variable: "AFTERSALES_HEALTH_STALL_SECONDS",
                              problem: "must be at least 3 × the poll timeout / idle interval (\(slowestLoopMs) ms), not \(stallSeconds)")
        }
        // Read by OutboxRelay from `settings`; checked here so that a malformed value stops start-up.
        _ = try reader.integer("AFTERSALES_OUTBOX_RETENTION_HOURS", default: 1, range: 0...8_760)
        let healthPort = try reader.text("AFTERSALES_HEALTH_PORT") == nil
            ? nil : try reader.integer("AFTERSALES_HEALTH_PORT", default: 0, range: 1...65535)
        var config = ServiceConfig(
            serviceName: service,
            databaseURL: databaseURL,
            kafka: kafka,
            topicPrefix: try reader.topicPrefix(),
            groupId: try reader.groupId(),
            batchSize: try reader.integer("AFTERSALES_BATCH_SIZE", default: 200, range: 1...10_000),
            healthPort: healthPort,
            settings: environment.filter { $0.key.hasPrefix("AFTERSALES_") && !$0.key.hasSuffix("DATABASE_URL") },
            pollTimeoutMs: pollTimeoutMs,
            idleIntervalMs: idleIntervalMs,
            createTopics: try reader.bool("AFTERSALES_CREATE_TOPICS", default: true),
            healthBind: try reader.ipv4Address("AFTERSALES_HEALTH_BIND", default: ServiceConfig.defaultHealthBind),
            healthStallSeconds: stallSeconds,
            startupTimeoutSeconds: try reader.seconds("AFTERSALES_STARTUP_TIMEOUT_SECONDS", default: 60, range: 1...3_600),
            logLevel: try reader.logLevel("AFTERSALES_LOG_LEVEL")
        )
        config.maxMessageBytes = try reader.integer("AFTERSALES_MAX_MESSAGE_BYTES", default: 1_048_576, range: 1_024...16_777_216)
        return config
    }
}

/// Reads single variables and says precisely what is wrong with a malformed one.
struct EnvironmentReader {
    let environment: [String: String]

    init(_ environment: [String: String]) { self.environment = environment }

    /// The value, or nil when unset or empty. Leading or trailing white space is an error:
    /// it is almost always a quoting mistake and would silently change the meaning.
    func text(_ variable: String) throws(ConfigError) -> String? {
        guard let value = environment[variable], !value.isEmpty else { return nil }
        guard value.trimmingCharacters(in: .whitespacesAndNewlines) == value else {
            throw ConfigError(variable: variable, problem: "has leading or trailing white space")
        }
        return value
    }

    func integer(_ variable: String, default value: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let text = try text(variable) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigError(variable: variable, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return number
    }

    func seconds(_ variable: String, default value: Double, range: ClosedRange<Double>) throws(ConfigError) -> Double {
        guard let text = try text(variable) else { return value }
        guard let number = Double(text), number.isFinite, range.contains(number) else {
            throw ConfigError(variable: variable, problem: "must be a number of seconds in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return number
    }

    func bool(_ variable: String, default value: Bool) throws(ConfigError) -> Bool {
        guard let text = try text(variable)?.lowercased() else { return value }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ConfigError(variable: variable, problem: "must be true or false, not '\(text)'")
        }
    }

    func logLevel(_ variable: String) throws(ConfigError) -> Logger.Level? {
        guard let text = try text(variable) else { return nil }
        guard let level = Logger.Level(name: text.lowercased()) else {
            throw ConfigError(variable: variable, problem: "must be debug, info, warning or error, not '\(text)'")
        }
        return level
    }

    /// A dotted IPv4 address such as 127.0.0.1 or 0.0.0.0.
    func ipv4Address(_ variable: String, default value: String) throws(ConfigError) -> String {
        guard let text = try text(variable) else { return value }
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else {
            throw ConfigError(variable: variable, problem: "must be an IPv4 address such as 127.0.0.1 or 0.0.0.0, not '\(text)'")
        }
        return text
    }

    // MARK: Service settings

    /// The service's PostgreSQL URL (postgres:// URL or key=value conninfo).
    func databaseURL(service: String) throws(ConfigError) -> String {
        let serviceVariable = "AFTERSALES_\(service.uppercased())_DATABASE_URL"
        let variable: String
        let url: String
        if let value = try text(serviceVariable) {
            (variable, url) = (serviceVariable, value)
        } else if let value = try text("DATABASE_URL") {
            (variable, url) = ("DATABASE_URL", value)
        } else {
            throw ConfigError(variable: serviceVariable,
                              problem: "is not set (the PostgreSQL URL of the \(service) database; DATABASE_URL is also accepted)")
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") || url.contains("=") else {
            throw ConfigError(variable: variable, problem: "is neither a postgres:// URL nor a key=value conninfo string")
        }
        return url
    }

    /// Kafka topic names allow letters, digits, `.`, `_` and `-`, 249 characters at most.
    func topicPrefix() throws(ConfigError) -> String {
        guard let prefix = try text("AFTERSALES_TOPIC_PREFIX") else { return "" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard prefix.allSatisfy(allowed.contains), prefix.count <= 200 else {
            throw ConfigError(variable: "AFTERSALES_TOPIC_PREFIX",
                              problem: "may hold only letters, digits, '.', '_' and '-' (at most 200), not '\(prefix)'")
        }
        return prefix
    }

    func groupId() throws(ConfigError) -> String? {
        guard let group = try text("AFTERSALES_GROUP_ID") else { return nil }
        guard !group.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true }) else {
            throw ConfigError(variable: "AFTERSALES_GROUP_ID", problem: "must not contain white space or control characters")
        }
        return group
    }
}
