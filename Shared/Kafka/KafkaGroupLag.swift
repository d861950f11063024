import CRdKafka
import Foundation

/// Reads how far a consumer group is behind, from outside the group: its committed offsets
/// against each partition's high watermark (what operators and the end-to-end benchmark ask
/// of a running service). Never joins the group, so it does not disturb it.
public enum KafkaGroupLag {
    /// Messages not yet committed by `groupId`, per partition of `topics` (name → partition count).
    public static func lag(config: KafkaConfig, groupId: String, topics: [String: Int],
                           timeout: Duration = .seconds(10)) throws(KafkaError) -> [TopicPartition: Int64] {
        let conf = try config.makeNativeConfig(defaults: ["group.id": groupId, "enable.auto.commit": "false"])
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(code: -1, message: "cannot create consumer: \(text(ofCBuffer: errorText))")
        }
        defer { rd_kafka_destroy(handle) }
        let partitions = topics.sorted { $0.key < $1.key }.flatMap { topic, count in
            (0..<count).map { TopicPartition(topic: topic, partition: Int32($0)) }
        }
        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions { rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition) }
        let error = rd_kafka_committed(handle, list, timeout.milliseconds32)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(error, context: "read committed offsets of \(groupId)") }
        var lags: [TopicPartition: Int64] = [:]
        guard let elements = list?.pointee.elems else { return lags }
        for index in 0..<Int(list!.pointee.cnt) {
            let element = elements[index]
            let topic = String(cString: element.topic)
            var low: Int64 = 0
            var high: Int64 = 0
            let watermarks = rd_kafka_query_watermark_offsets(handle, topic, element.partition, &low, &high,
                                                              timeout.milliseconds32)
            if watermarks != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(watermarks, context: "watermarks of \(topic)") }
            let committed = element.offset >= 0 ? element.offset : low
            lags[TopicPartition(topic: topic, partition: element.partition)] = max(0, high - committed)
        }
        return lags
    }
}
