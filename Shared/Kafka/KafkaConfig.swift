import CRdKafka

/// Connection settings shared by producers, consumers and admin clients. A value type:
/// every option becomes a librdkafka property (see librdkafka's CONFIGURATION.md), and
/// `extra` carries any other property, applied after the client's defaults so it can
/// override them, except the properties the processing guarantees rest on
/// (`fixedConsumerProperties`, `fixedProducerProperties`): setting one of those to another
/// value makes creating the client throw.
public struct KafkaConfig: Sendable, Hashable {
    /// `host:port[,host:port…]` of the brokers (`bootstrap.servers`).
    public var bootstrapServers: String
    /// `client.id`, shown in broker logs and metrics.
    public var clientId: String
    /// `security.protocol`: plaintext, ssl, sasl_plaintext or sasl_ssl.
    public var securityProtocol: String?
    /// `sasl.mechanisms`, for example PLAIN, SCRAM-SHA-256, SCRAM-SHA-512.
    public var saslMechanism: String?
    public var saslUsername: String?
    public var saslPassword: String?
    /// `ssl.ca.location`: the CA certificate file that signs the brokers' certificates.
    public var sslCALocation: String?
    /// Any other librdkafka property.
    public var extra: [String: String]

    public init(bootstrapServers: String, clientId: String) {
        self.bootstrapServers = bootstrapServers
        self.clientId = clientId
        self.extra = [:]
    }

    /// Every property this configuration sets, by librdkafka name.
    public func properties() -> [String: String] {
        var result = ["bootstrap.servers": bootstrapServers, "client.id": clientId]
        if let securityProtocol { result["security.protocol"] = securityProtocol }
        if let saslMechanism { result["sasl.mechanisms"] = saslMechanism }
        if let saslUsername { result["sasl.username"] = saslUsername }
        if let saslPassword { result["sasl.password"] = saslPassword }
        if let sslCALocation { result["ssl.ca.location"] = sslCALocation }
        for (key, value) in extra { result[key] = value }
        return result
    }

    /// A librdkafka configuration object with `defaults`, then these properties, then `fixed`
    /// applied (a property of this configuration contradicting `fixed` throws).
    /// The caller owns the result (it is consumed by `rd_kafka_new`).
    func makeNativeConfig(defaults: [String: String], fixed: [FixedKafkaProperty] = []) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else { throw KafkaError(code: -1, message: "cannot allocate a configuration") }
        var merged = defaults
        for property in fixed { merged[property.name] = property.value }
        for (key, value) in properties() { merged[key] = value }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, key, value, &errorText, errorText.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let reason = text(ofCBuffer: errorText)
                throw KafkaError(code: Int32(RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue),
                                 message: "invalid Kafka property '\(key)': \(reason)")
            }
        }
        do {
            try KafkaConfig.enforce(fixed, on: conf, requested: properties())
        } catch {
            rd_kafka_conf_destroy(conf)
            throw error
        }
        return conf
    }
}
