/// The typed `data` of one event type. Each conforming struct names its wire type, its
/// topic and its message key, and checks what decoding alone cannot (vocabularies,
/// ranges, non-empty ids).
public protocol EventPayload: Codable, Sendable {
    /// The envelope `type` this payload travels under.
    static var eventType: EventType { get }
    /// The topic this payload is published on.
    static var topic: Topic { get }
    /// The aggregate id used as Kafka message key (DESIGN.md "message key").
    var messageKey: String { get }
    /// Field-level problems beyond decoding; empty when the payload is valid.
    func validate() -> [FieldError]
}

extension EventPayload {
    public func validate() -> [FieldError] { [] }
    public static var topic: Topic { eventType.topic }
}
