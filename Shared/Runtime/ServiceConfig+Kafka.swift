import Foundation
import Kafka

// MARK: - The Kafka part of the environment

extension EnvironmentReader {
    static let securityProtocols = ["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"]
    static let saslMechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "GSSAPI", "OAUTHBEARER"]

    /// The Kafka client settings: brokers, TLS/SASL, and `KAFKA_PROPERTY_*` passthrough,
    /// each checked against librdkafka; the properties the processing guarantees rest on
    /// cannot be set.
    func kafka(clientId: String) throws(ConfigError) -> KafkaConfig {
        var kafka = KafkaConfig(bootstrapServers: try bootstrapServers(), clientId: clientId)
        let security = try text("KAFKA_SECURITY_PROTOCOL")?.lowercased()
        if let security, !Self.securityProtocols.contains(security) {
            throw ConfigError(variable: "KAFKA_SECURITY_PROTOCOL", problem: "must be plaintext, ssl, sasl_plaintext or sasl_ssl, not '\(security)'")
        }
        kafka.securityProtocol = security
        let usesSASL = security?.hasPrefix("sasl_") ?? false
        let usesTLS = security == "ssl" || security == "sasl_ssl"

        let mechanism = try text("KAFKA_SASL_MECHANISM")?.uppercased()
        if let mechanism, !Self.saslMechanisms.contains(mechanism) {
            throw ConfigError(variable: "KAFKA_SASL_MECHANISM", problem: "must be one of \(Self.saslMechanisms.joined(separator: ", ")), not '\(mechanism)'")
        }
        let username = try text("KAFKA_SASL_USERNAME")
        // A password may legitimately start or end with a space: read it as is.
        let password = environment["KAFKA_SASL_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if !usesSASL {
            for (variable, value) in [("KAFKA_SASL_MECHANISM", mechanism), ("KAFKA_SASL_USERNAME", username),
                                      ("KAFKA_SASL_PASSWORD", password)] where value != nil {
                throw ConfigError(variable: variable,
                                  problem: "is set but KAFKA_SECURITY_PROTOCOL is \(security ?? "unset (plaintext)"): the credentials would be ignored")
            }
        } else {
            guard let mechanism else {
                throw ConfigError(variable: "KAFKA_SASL_MECHANISM", problem: "must be set when KAFKA_SECURITY_PROTOCOL is \(security ?? "")")
            }
            if ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"].contains(mechanism) {
                guard username != nil else {
                    throw ConfigError(variable: "KAFKA_SASL_USERNAME", problem: "must be set for SASL \(mechanism)")
                }
                guard password != nil else {
                    throw ConfigError(variable: "KAFKA_SASL_PASSWORD", problem: "must be set for SASL \(mechanism)")
                }
            }
        }
        kafka.saslMechanism = mechanism
        kafka.saslUsername = username
        kafka.saslPassword = password
        kafka.sslCALocation = try text("KAFKA_SSL_CA_LOCATION")
        if kafka.sslCALocation != nil, !usesTLS {
            throw ConfigError(variable: "KAFKA_SSL_CA_LOCATION",
                              problem: "is set but KAFKA_SECURITY_PROTOCOL is \(security ?? "unset (plaintext)"), which does not use TLS")
        }

        for variable in environment.keys.sorted() where variable.hasPrefix("KAFKA_PROPERTY_") {
            let value = environment[variable] ?? ""
            guard let name = KafkaConfig.propertyName(environmentVariable: variable) else {
                throw ConfigError(variable: variable, problem: "names no property (KAFKA_PROPERTY_<name with dots as underscores>)")
            }
            if let fixed = KafkaConfig.fixedPropertiesByName[name] {
                throw ConfigError(variable: variable, problem: "sets \(name), which the platform fixes to \(fixed.value) "
                                  + "(\(fixed.reason)); remove the variable")
            }
            if var problem = KafkaConfig.problem(withProperty: name, value: value) {
                if Self.looksSecret(name), !value.isEmpty { problem = problem.replacingOccurrences(of: value, with: "<redacted>") }
                throw ConfigError(variable: variable, problem: "librdkafka rejects it: \(problem)")
            }
            kafka.extra[name] = value
        }
        return kafka
    }

    /// Whether a librdkafka property carries a secret, whose value an error must not repeat.
    static func looksSecret(_ name: String) -> Bool {
        ["password", "secret", "key", "token", "jaas", "credential"].contains { name.contains($0) }
    }

    /// `host:port[,host:port…]`; a bracketed IPv6 host or a `SCHEME://` prefix is allowed.
    func bootstrapServers() throws(ConfigError) -> String {
        let variable = "KAFKA_BOOTSTRAP_SERVERS"
        guard let list = try text(variable) else {
            throw ConfigError(variable: variable, problem: "is not set (host:port of the Kafka brokers, comma-separated)")
        }
        for entry in list.split(separator: ",", omittingEmptySubsequences: false) {
            var address = Substring(entry)
            if let scheme = address.range(of: "://") { address = address[scheme.upperBound...] }
            guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
                  !address.contains(where: \.isWhitespace),
                  let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port) else {
                throw ConfigError(variable: variable, problem: "must be host:port entries separated by commas, not '\(list)'")
            }
        }
        return list
    }
}
