import Foundation

/// A message header: a name and raw bytes.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]
    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }
}

/// A message to produce. The partition is chosen by the key's hash (murmur2, as the Java
/// client does), so all messages of one key stay in order on one partition.
public struct ProducerRecord: Sendable {
    public var topic: String
    public var key: String?
    public var value: [UInt8]
    public var headers: [KafkaHeader]

    public init(topic: String, key: String?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// Where the broker stored a produced message.
public struct DeliveryReport: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// A consumed message, copied out of librdkafka's buffers.
public struct ConsumerRecord: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]
    public var timestamp: Date?
    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
                headers: [KafkaHeader] = [], timestamp: Date? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}

/// A partition of a topic.
public struct TopicPartition: Hashable, Sendable {
    public var topic: String
    public var partition: Int32
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
}

/// A position in a partition; for commits, the offset of the next message to read.
public struct TopicPartitionOffset: Hashable, Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
