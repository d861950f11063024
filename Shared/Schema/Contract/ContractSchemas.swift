/// The JSON Schemas of the contract, derived from the Swift types: each payload's shape by
/// `SchemaInference` on its `Decodable` conformance, bounded by `SchemaBounds` from its
/// `validate()`; the envelope from `SchemaLimits` and `Envelope.decode`'s rules.
public enum ContractSchemas {
    /// The schema of an event type's `data` (derived once per process: probing every
    /// validator takes a moment).
    public static func payload(for type: EventType) throws(SchemaInference.Failure) -> SchemaNode {
        try derived[type, default: .failure(.init(description: "\(type.rawValue): no schema"))].get()
    }

    private static let derived: [EventType: Result<SchemaNode, SchemaInference.Failure>] = Dictionary(
        uniqueKeysWithValues: EventType.allCases.map { type in (type, bounded(EventCatalog.payloadType(for: type))) })

    private static func bounded<P: EventPayload>(_ type: P.Type) -> Result<SchemaNode, SchemaInference.Failure> {
        do {
            return .success(SchemaBounds.bounded(try SchemaInference.shape(of: type), for: type))
        } catch let failure as SchemaInference.Failure {
            return .failure(failure)
        } catch {
            return .failure(SchemaInference.Failure(description: "\(P.eventType.rawValue): \(error)"))
        }
    }

    /// The envelope every message value is (DESIGN.md "Envelope"), as `Envelope.decode`
    /// reads it: `id`, `type`, `source` non-empty, ≤ 200 characters, no control characters;
    /// `version` an integer; `occurredAt` RFC 3339; optional `correlationId` /
    /// `causationId` (null when absent); `data` an object.
    public static var envelope: SchemaNode {
        func text(_ description: String, required: Bool = true) -> SchemaNode {
            var node = SchemaNode(.string)
            node.description = description
            node.maxLength = SchemaLimits.maxEnvelopeFieldLength
            node.pattern = "^[^\\x00-\\x1F\\x7F-\\x9F]*$"
            if required { node.minLength = 1 } else { node.nullable = true }
            return node
        }
        var version = SchemaNode(.integer)
        version.description = "the payload version (1 for every type today)"
        var occurredAt = SchemaNode(.dateTime)
        occurredAt.description = "when the event happened, RFC 3339 (UTC), with or without fractional seconds"
        var data = SchemaNode(.object([]))
        data.description = "the payload: the schema of the message's event type"
        var node = SchemaNode(.object([
            .init(name: "id", schema: text("unique per event; consumers de-duplicate on it"), required: true),
            .init(name: "type", schema: text("the event type, e.g. ticket.opened"), required: true),
            .init(name: "version", schema: version, required: true),
            .init(name: "occurredAt", schema: occurredAt, required: true),
            .init(name: "source", schema: text("the producing service or external system"), required: true),
            .init(name: "correlationId", schema: text("the originating request id, carried through the whole story", required: false),
                  required: false),
            .init(name: "causationId", schema: text("the id of the event that caused this one; null for inbound requests", required: false),
                  required: false),
            .init(name: "data", schema: data, required: true),
        ]))
        node.description = "The JSON object around every message value on every topic (UTF-8)."
        return node
    }
}
