/// The AsyncAPI 3.0 document of the topic contract (`docs/asyncapi.yaml`, written by
/// `aftersales schema asyncapi`): one channel per topic with its key and partitions, one
/// message per event type whose payload is the envelope with that type's `data` schema.
///
/// Everything comes from the schema module (`Topic.all`, `EventType`, `ContractSchemas`),
/// so the document changes only when the contract does; a test compares it with the
/// committed file.
public enum AsyncAPIDocument {
    /// The document as an ordered JSON tree (render with `yamlText` or `jsonText`).
    public static func make() throws -> OrderedJSON {
        var channels: [(String, OrderedJSON)] = []
        var operations: [(String, OrderedJSON)] = []
        var messages: [(String, OrderedJSON)] = []
        var schemas: [(String, OrderedJSON)] = [("Envelope", ContractSchemas.envelope.json)]
        for topic in Topic.all {
            channels.append((topic.name, channel(topic)))
            let inbound = topic.eventTypes.allSatisfy(\.isInbound)
            operations.append(((inbound ? "receive-" : "send-") + topic.name, .object([
                ("action", .string(inbound ? "receive" : "send")),
                ("channel", ref("#/channels/\(topic.name)")),
                ("summary", .string(inbound
                    ? "Systems outside the platform publish on \(topic.name); the platform consumes it."
                    : "The platform publishes on \(topic.name).")),
                ("messages", .array(topic.eventTypes.map { ref("#/channels/\(topic.name)/messages/\($0.rawValue)") })),
            ])))
            for type in topic.eventTypes {
                messages.append((type.rawValue, message(type, topic)))
                schemas.append((type.rawValue, .object([
                    ("allOf", .array([
                        ref("#/components/schemas/Envelope"),
                        .object([
                            ("type", "object"),
                            ("properties", .object([
                                ("type", .object([("const", .string(type.rawValue))])),
                                ("data", ref("#/components/schemas/\(type.rawValue).data")),
                            ])),
                        ]),
                    ])),
                ])))
                var data = try ContractSchemas.payload(for: type)
                data.description = "`data` of \(type.rawValue) on \(topic.name), keyed by `\(type.keyField)`."
                schemas.append(("\(type.rawValue).data", data.json))
            }
        }
        return .object([
            ("asyncapi", "3.0.0"),
            ("info", .object([
                ("title", "AfterSales topic contract"),
                ("version", "1.0.0"),
                ("description", .string(description)),
            ])),
            ("defaultContentType", "application/json"),
            ("servers", .object([
                ("local", .object([
                    ("host", "127.0.0.1:19092"),
                    ("protocol", "kafka"),
                    ("description", "The local broker of `make up` / `make run` (Tansu); production uses Apache Kafka."),
                ])),
            ])),
            ("channels", .object(channels)),
            ("operations", .object(operations)),
            ("components", .object([("messages", .object(messages)), ("schemas", .object(schemas))])),
        ])
    }

    private static let description = """
        Every topic of the AfterSales platform, its message key and each event type with a JSON Schema \
        of its payload (`data`) and of the envelope. Generated from the schema module by \
        `aftersales schema asyncapi --output docs/asyncapi.yaml`; do not edit by hand. Unknown fields are \
        ignored by consumers, so schemas allow additional members; bounds are the ones the platform's \
        validators enforce (see docs/contract-extensions.md, Bounded input). Test deployments prefix \
        every topic name (AFTERSALES_TOPIC_PREFIX).
        """

    /// The Kafka bindings' version: AsyncAPI 3.0.0 knows Kafka bindings 0.3.0 and 0.4.0 only
    /// (0.5.0 came with AsyncAPI 3.1.0), and 0.4.0 has every field the document uses.
    static let kafkaBindingVersion: OrderedJSON = "0.4.0"

    private static func ref(_ target: String) -> OrderedJSON { .object([("$ref", .string(target))]) }

    private static func channel(_ topic: Topic) -> OrderedJSON {
        .object([
            ("address", .string(topic.name)),
            ("description", .string("\(topic.partitions) partitions; message key: the payload's `\(topic.keyField)`"
                + exceptions(topic) + ".")),
            ("messages", .object(topic.eventTypes.map { ($0.rawValue, ref("#/components/messages/\($0.rawValue)")) })),
            ("bindings", .object([
                ("kafka", .object([("topic", .string(topic.name)), ("partitions", .integer(topic.partitions)),
                                   ("bindingVersion", kafkaBindingVersion)])),
            ])),
        ])
    }

    private static func exceptions(_ topic: Topic) -> String {
        let other = topic.eventTypes.filter { $0.keyField != topic.keyField }
        guard !other.isEmpty else { return "" }
        return " (" + other.map { "`\($0.rawValue)` by `\($0.keyField)`" }.joined(separator: ", ") + ")"
    }

    private static func message(_ type: EventType, _ topic: Topic) -> OrderedJSON {
        .object([
            ("name", .string(type.rawValue)),
            ("title", .string(type.rawValue)),
            ("summary", .string((type.isInbound ? "Inbound" : "Produced by the platform") + " on \(topic.name)"
                + ", keyed by `\(type.keyField)`.")),
            ("contentType", "application/json"),
            ("x-key-field", .string(type.keyField)),
            ("bindings", .object([
                ("kafka", .object([
                    ("key", .object([("type", "string"), ("description", .string("the payload's `\(type.keyField)`"))])),
                    ("bindingVersion", kafkaBindingVersion),
                ])),
            ])),
            ("payload", ref("#/components/schemas/\(type.rawValue)")),
        ])
    }
}
