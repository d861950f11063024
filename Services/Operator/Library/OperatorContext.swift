import Foundation
import Kafka
import Schema

/// A failure the tool reports in one sentence before exiting 1.
public struct OperatorError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The tool's connection settings, from the environment: `KAFKA_BOOTSTRAP_SERVERS`
/// (default 127.0.0.1:19092), the same TLS/SASL variables as the services, and
/// `AFTERSALES_TOPIC_PREFIX`.
public struct OperatorContext: Sendable {
    public var kafka: KafkaConfig
    public var topicPrefix: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        var kafka = KafkaConfig(bootstrapServers: environment["KAFKA_BOOTSTRAP_SERVERS"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1:19092",
                                clientId: "aftersales-cli")
        kafka.securityProtocol = environment["KAFKA_SECURITY_PROTOCOL"]
        kafka.saslMechanism = environment["KAFKA_SASL_MECHANISM"]
        kafka.saslUsername = environment["KAFKA_SASL_USERNAME"]
        kafka.saslPassword = environment["KAFKA_SASL_PASSWORD"]
        kafka.sslCALocation = environment["KAFKA_SSL_CA_LOCATION"]
        for (name, value) in environment where name.hasPrefix("KAFKA_PROPERTY_") {
            kafka.extra[name.dropFirst("KAFKA_PROPERTY_".count).lowercased().replacingOccurrences(of: "_", with: ".")] = value
        }
        // The tool reports broker problems itself; librdkafka's own log lines would repeat them.
        kafka.extra["log_level"] = kafka.extra["log_level"] ?? "0"
        // Fail fast when the broker is unreachable instead of retrying for minutes.
        kafka.extra["socket.connection.setup.timeout.ms"] = kafka.extra["socket.connection.setup.timeout.ms"] ?? "5000"
        self.kafka = kafka
        self.topicPrefix = environment["AFTERSALES_TOPIC_PREFIX"] ?? ""
    }

    public func brokerName(_ topic: String) -> String { topicPrefix + topic }

    /// Fails with a clear sentence when no broker answers.
    public func checkBroker() throws -> [String: Int] {
        do {
            let admin = try KafkaAdmin(config: kafka)
            return try admin.listTopics(timeout: .seconds(6))
        } catch {
            throw OperatorError("cannot reach the Kafka broker at \(kafka.bootstrapServers) (\(error)); is the platform running? (make up)")
        }
    }

    /// A consumer of its own group reading `topics` from the beginning or from now on.
    public func consumer(topics: [String], fromBeginning: Bool) throws -> KafkaConsumer {
        var config = kafka
        config.extra["auto.offset.reset"] = fromBeginning ? "earliest" : "latest"
        let group = "aftersales-cli-\(UUID().uuidString.lowercased().prefix(12))"
        return try KafkaConsumer(config: config, groupId: group, topics: topics.map(brokerName))
    }

    /// Reads every event on `topics` from the beginning until nothing new arrives for `idle` seconds.
    public func readAll(topics: [String], idle: TimeInterval = 2, limit: TimeInterval = 60) throws -> [(key: String?, envelope: Envelope)] {
        _ = try checkBroker()
        let consumer = try self.consumer(topics: topics, fromBeginning: true)
        defer { consumer.close() }
        var events: [(key: String?, envelope: Envelope)] = []
        let started = Date()
        var lastArrival = Date()
        var joined = false
        while Date().timeIntervalSince(started) < limit {
            let polled = try consumer.pollEvents(maxMessages: 5_000)
            if !consumer.assignment.isEmpty && !joined { joined = true; lastArrival = Date() }
            if !polled.isEmpty {
                events += polled
                lastArrival = Date()
            }
            if joined && Date().timeIntervalSince(lastArrival) > idle { break }
        }
        return events
    }

    /// Every record of `topic` from its start to its end: reading stops once the consumer
    /// (the only member of its own group, so it is assigned every partition) stands at the
    /// end (high watermark) of each partition, so the read is bounded even while new records
    /// arrive. It does not list the cluster's topics first (slow on a broker holding many):
    /// when no partition is assigned within `joinLimit` seconds, `checkBroker` names the
    /// problem (broker unreachable, or the topic missing). Fails with a sentence when the end
    /// is not reached within `limit` seconds.
    public func readToEnd(topic: String, joinLimit: TimeInterval = 30, limit: TimeInterval = 120) throws -> [ConsumerRecord] {
        let name = brokerName(topic)
        let consumer = try self.consumer(topics: [topic], fromBeginning: true)
        defer { consumer.close() }
        var records: [ConsumerRecord] = []
        let started = Date()
        var checked = false
        while Date().timeIntervalSince(started) < limit {
            records += try consumer.poll(maxMessages: 5_000, timeout: .milliseconds(200))
            let assigned = consumer.assignment
            if assigned.isEmpty {
                let waited = Date().timeIntervalSince(started)
                if waited > 5 && !checked {   // a join takes a few seconds; longer: is the broker there, the topic?
                    checked = true
                    guard try checkBroker()[name] != nil else {
                        throw OperatorError("the topic \(name) does not exist on the broker at \(kafka.bootstrapServers); is the platform running? (make up)")
                    }
                }
                guard waited < joinLimit else {
                    throw OperatorError("no partition of \(name) was assigned to the tool within \(Int(joinLimit)) s; try again")
                }
                continue
            }
            let lags = consumer.lag()
            if lags.count == assigned.count && lags.values.allSatisfy({ $0 == 0 }) { return records }
        }
        throw OperatorError("could not read \(name) to its end within \(Int(limit)) s (\(records.count) records read)")
    }

    /// Produces one envelope, keyed, and waits for the broker's acknowledgement.
    public func send(_ envelope: Envelope, topic: String, key: String, producer: KafkaProducer) throws {
        let record = ProducerRecord(topic: brokerName(topic), key: key, value: Array(envelope.encoded()))
        for result in producer.sendAll([record], timeout: .seconds(15)) {
            if case .failure(let error) = result {
                throw OperatorError("the broker did not accept the \(envelope.type) event: \(error)")
            }
        }
    }
}

// MARK: - Following topics

extension KafkaConsumer {
    /// Polls once (waiting up to `timeout`) and decodes what came: each record's key and
    /// envelope; a record whose value is not an envelope is skipped.
    func pollEvents(maxMessages: Int, timeout: Duration = .milliseconds(250)) throws -> [(key: String?, envelope: Envelope)] {
        try poll(maxMessages: maxMessages, timeout: timeout).compactMap { record in
            guard let value = record.value, let envelope = try? Envelope.decode(Data(value)) else { return nil }
            return (record.key.map { String(decoding: $0, as: UTF8.self) }, envelope)
        }
    }

    /// The tail of the commands that follow topics (`console`, `metrics`): polls until `stop`
    /// is set or `keepGoing` says no, handing every poll's events to `apply`, also an empty
    /// poll's (about four times a second), so that `apply` can act on time as well.
    func follow(maxMessages: Int, until stop: StopFlag, while keepGoing: () -> Bool = { true },
                _ apply: ([(key: String?, envelope: Envelope)]) throws -> Void) throws {
        while !stop.isSet && keepGoing() {
            try apply(try pollEvents(maxMessages: maxMessages))
        }
    }
}
