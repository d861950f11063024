import CRdKafka

/// A librdkafka property the platform's processing guarantees rest on: it has exactly one
/// allowed value, set by the producer or consumer itself. No configuration may change it:
/// not `KAFKA_PROPERTY_*` variables (rejected at start-up) and not `KafkaConfig.extra`
/// (creating the client throws).
public struct FixedKafkaProperty: Sendable, Hashable {
    /// The librdkafka name, for example `enable.auto.commit`.
    public let name: String
    /// Other librdkafka names that set the same value (`request.required.acks` for `acks`).
    public let aliases: [String]
    /// The only value the platform runs with.
    public let value: String
    /// Why it is fixed, for error messages.
    public let reason: String

    /// The name and every alias.
    public var allNames: [String] { [name] + aliases }
}

extension KafkaConfig {
    /// What `KafkaConsumer` relies on: offsets move only through its explicit `commit`,
    /// after the batch's database transaction (DESIGN.md, processing guarantees).
    public static let fixedConsumerProperties: [FixedKafkaProperty] = [
        FixedKafkaProperty(name: "enable.auto.commit", aliases: ["auto.commit.enable"], value: "false",
                           reason: "offsets are committed only after the batch's database transaction"),
        FixedKafkaProperty(name: "enable.auto.offset.store", aliases: [], value: "false",
                           reason: "offsets are stored only for batches whose database transaction committed"),
        FixedKafkaProperty(name: "isolation.level", aliases: [], value: "read_committed",
                           reason: "events of aborted producer transactions must never be processed"),
    ]

    /// What `KafkaProducer` relies on: an outbox row is marked sent only once the event is
    /// stored once, in order, on every in-sync replica.
    public static let fixedProducerProperties: [FixedKafkaProperty] = [
        FixedKafkaProperty(name: "enable.idempotence", aliases: [], value: "true",
                           reason: "a retried send must be stored once and in order"),
        FixedKafkaProperty(name: "acks", aliases: ["request.required.acks"], value: "all",
                           reason: "an event counts as published only when every in-sync replica has it"),
    ]

    /// Every fixed property by each of its names (aliases included).
    public static let fixedPropertiesByName: [String: FixedKafkaProperty] = {
        var result: [String: FixedKafkaProperty] = [:]
        for property in fixedConsumerProperties + fixedProducerProperties {
            for name in property.allNames { result[name] = property }
        }
        return result
    }()

    // MARK: Property names from environment variables

    /// The librdkafka property a `KAFKA_PROPERTY_<NAME>` variable sets: lower case, `_` as `.`
    /// (`KAFKA_PROPERTY_SOCKET_KEEPALIVE_ENABLE` → `socket.keepalive.enable`). `log_level`,
    /// the one librdkafka property spelled with an underscore, is recognised as such.
    /// Nil when the variable has no such prefix or nothing after it.
    public static func propertyName(environmentVariable variable: String) -> String? {
        let prefix = "KAFKA_PROPERTY_"
        guard variable.hasPrefix(prefix), variable.count > prefix.count else { return nil }
        let name = variable.dropFirst(prefix.count).lowercased().replacingOccurrences(of: "_", with: ".")
        return name == "log.level" ? "log_level" : name
    }

    /// Nil when librdkafka accepts `value` for the property `name`, else librdkafka's reason
    /// (unknown property, value out of range…). Settings that only conflict with each other
    /// are found later, when a client is created.
    public static func problem(withProperty name: String, value: String) -> String? {
        guard let conf = rd_kafka_conf_new() else { return "cannot allocate a configuration" }
        defer { rd_kafka_conf_destroy(conf) }
        var errorText = [CChar](repeating: 0, count: 512)
        guard rd_kafka_conf_set(conf, name, value, &errorText, errorText.count) == RD_KAFKA_CONF_OK else {
            return text(ofCBuffer: errorText)
        }
        return nil
    }

    // MARK: Enforcing fixed properties

    /// Applies `fixed` to `conf` after everything else, having first checked that nothing
    /// set earlier asked for another value: neither `requested` (this configuration's
    /// properties) under any of the names, nor what `conf` ended up with.
    static func enforce(_ fixed: [FixedKafkaProperty], on conf: OpaquePointer,
                        requested: [String: String]) throws(KafkaError) {
        for property in fixed {
            var conflicts = property.allNames.filter { name in
                requested[name].map { canonicalValue($0, of: name) != canonicalValue(property.value, of: name) } ?? false
            }
            let current = effectiveValue(of: property.name, in: conf)
            if let current, current != canonicalValue(property.value, of: property.name) { conflicts.append(property.name) }
            if let name = conflicts.first {
                throw KafkaError(code: Int32(RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue),
                                 message: "Kafka property '\(name)' is fixed to \(property.name)=\(property.value) by the platform "
                                     + "(\(property.reason)); do not set it")
            }
            var errorText = [CChar](repeating: 0, count: 512)
            guard rd_kafka_conf_set(conf, property.name, property.value, &errorText, errorText.count) == RD_KAFKA_CONF_OK else {
                throw KafkaError(code: Int32(RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue),
                                 message: "invalid Kafka property '\(property.name)': \(text(ofCBuffer: errorText))")
            }
        }
    }

    /// The value of `name` in `conf` as librdkafka reports it (for example `-1` for acks=all).
    static func effectiveValue(of name: String, in conf: OpaquePointer) -> String? {
        var size = 0
        guard rd_kafka_conf_get(conf, name, nil, &size) == RD_KAFKA_CONF_OK, size > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: size)
        guard rd_kafka_conf_get(conf, name, &buffer, &size) == RD_KAFKA_CONF_OK else { return nil }
        return text(ofCBuffer: buffer)
    }

    /// How librdkafka reports `value` for `name` once set (`all` → `-1`).
    static func canonicalValue(_ value: String, of name: String) -> String? {
        guard let conf = rd_kafka_conf_new() else { return nil }
        defer { rd_kafka_conf_destroy(conf) }
        var errorText = [CChar](repeating: 0, count: 512)
        guard rd_kafka_conf_set(conf, name, value, &errorText, errorText.count) == RD_KAFKA_CONF_OK else { return nil }
        return effectiveValue(of: name, in: conf)
    }
}
