import Foundation

/// The JSON object around every message value (DESIGN.md "Envelope"): identity, type,
/// version, time, source, correlation and the payload as untyped `data`.
public struct Envelope: Codable, Sendable, Hashable {
    /// Unique per event; consumers de-duplicate on it.
    public var id: String
    /// The event type's wire name, e.g. "ticket.opened".
    public var type: String
    /// The payload version, 1 for every type today.
    public var version: Int
    /// When the event happened (RFC 3339 UTC on the wire).
    public var occurredAt: Date
    /// The producing service or external system.
    public var source: String
    /// The originating request id, carried through the whole story.
    public var correlationId: String?
    /// The `id` of the event that caused this one; nil for inbound requests.
    public var causationId: String?
    /// The payload, read with `payload(as:)`.
    public var data: JSONValue

    /// An envelope from its parts, as read from the wire.
    public init(
        id: String, type: String, version: Int = 1, occurredAt: Date, source: String,
        correlationId: String?, causationId: String?, data: JSONValue
    ) {
        self.id = id
        self.type = type
        self.version = version
        self.occurredAt = occurredAt
        self.source = source
        self.correlationId = correlationId
        self.causationId = causationId
        self.data = data
    }

    /// Wraps a typed payload: `type` is `P.eventType`, version 1, a fresh random id
    /// (a lowercase UUID, see `EventID`) unless one is given.
    public init<P: EventPayload>(
        payload: P, source: String, correlationId: String?, causationId: String?,
        id: String = EventID.make(), occurredAt: Date = Date()
    ) {
        self.init(
            id: id, type: P.eventType.rawValue, version: 1, occurredAt: occurredAt, source: source,
            correlationId: correlationId, causationId: causationId, data: JSONValueCoder.encode(payload))
    }

    /// The event type, when `type` is one the contract knows.
    public var eventType: EventType? { EventType(rawValue: type) }

    // MARK: Reading

    /// Reads one message value. Throws when the bytes are not a JSON object or an
    /// envelope field is missing or malformed; `data` is checked by `payload(as:)`.
    ///
    /// Hostile input is refused before any work (issue 13), each with a reason naming the
    /// problem: invalid UTF-8, duplicate member names, numbers beyond `Double`, nesting
    /// deeper than `SchemaLimits.maxNestingDepth` (64) levels ("not JSON: …"); and `id`,
    /// `type`, `source`, `correlationId`, `causationId` longer than 200 characters or
    /// holding a control character (Unicode Cc, NUL included).
    public static func decode(_ bytes: Data) throws(EnvelopeError) -> Envelope {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, maxDepth: SchemaLimits.maxNestingDepth)
        } catch {
            throw EnvelopeError(reason: "not JSON: \(error)")
        }
        guard case .object(let fields) = root else {
            throw EnvelopeError(reason: "not a JSON object")
        }
        return try Envelope(fields: fields)
    }

    /// Reads one message value from raw bytes (as handed out by the Kafka consumer).
    public static func decode(_ bytes: [UInt8]) throws(EnvelopeError) -> Envelope {
        try decode(Data(bytes))
    }

    private init(fields: [String: JSONValue]) throws(EnvelopeError) {
        func required(_ name: String) throws(EnvelopeError) -> JSONValue {
            guard let value = fields[name], !value.isNull else {
                throw EnvelopeError(reason: "missing field '\(name)'")
            }
            return value
        }
        func string(_ name: String) throws(EnvelopeError) -> String {
            guard let text = try required(name).stringValue else {
                throw EnvelopeError(reason: "field '\(name)' is not a string")
            }
            guard !text.isEmpty else { throw EnvelopeError(reason: "field '\(name)' is empty") }
            try bounded(text, name)
            return text
        }
        func optionalString(_ name: String) throws(EnvelopeError) -> String? {
            guard let value = fields[name], !value.isNull else { return nil }
            guard let text = value.stringValue else {
                throw EnvelopeError(reason: "field '\(name)' is not a string")
            }
            try bounded(text, name)
            return text
        }
        func bounded(_ text: String, _ name: String) throws(EnvelopeError) {
            let limit = SchemaLimits.maxEnvelopeFieldLength
            if text.utf8.count > limit, text.unicodeScalars.count > limit {
                throw EnvelopeError(reason: "field '\(name)' is longer than \(limit) characters")
            }
            if Envelope.hasControlCharacter(text) {
                throw EnvelopeError(reason: "field '\(name)' contains control characters")
            }
        }
        let id = try string("id")
        let type = try string("type")
        guard let version = try required("version").intValue else {
            throw EnvelopeError(reason: "field 'version' is not an integer")
        }
        let occurredText = try string("occurredAt")
        guard let occurredAt = Timestamp.parse(occurredText) else {
            throw EnvelopeError(reason: "occurredAt is not RFC 3339: \(occurredText.prefix(40))")
        }
        let source = try string("source")
        let correlationId = try optionalString("correlationId")
        let causationId = try optionalString("causationId")
        let data = try required("data")
        guard case .object = data else { throw EnvelopeError(reason: "field 'data' is not an object") }
        self.init(
            id: id, type: type, version: version, occurredAt: occurredAt, source: source,
            correlationId: correlationId, causationId: causationId, data: data)
    }

    /// True when the text holds a Unicode Cc character: U+0000–U+001F, U+007F, or
    /// U+0080–U+009F (UTF-8 `C2 80`…`C2 9F`). A byte scan, no scalar decoding.
    static func hasControlCharacter(_ text: String) -> Bool {
        var afterC2 = false
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || (afterC2 && byte < 0xA0) { return true }
            afterC2 = byte == 0xC2
        }
        return false
    }

    /// Decodes `data` as `P` and validates it. Every problem becomes a `FieldError`:
    /// a wrong `type` (field "type"); U+0000 in any string or member name of `data`, at its
    /// dotted path (`UnstorableText`); a decoding error at its dotted path; then everything
    /// `P.validate()` reports.
    public func payload<P: EventPayload>(as: P.Type) throws(ValidationFailure) -> P {
        guard type == P.eventType.rawValue else {
            throw ValidationFailure(errors: [
                FieldError(
                    field: "type", code: "unexpected-type",
                    message: "expected \(P.eventType.rawValue), got \(type)")
            ])
        }
        // Text the database cannot store is refused for every type alike, before decoding.
        let unstorable = UnstorableText.fieldErrors(in: data)
        guard unstorable.isEmpty else { throw ValidationFailure(errors: unstorable) }
        let value: P
        do {
            value = try JSONValueCoder.decode(P.self, from: data)
        } catch let error as DecodingError {
            throw ValidationFailure(errors: [DecodingErrorMapper.fieldError(error)])
        } catch {
            throw ValidationFailure(errors: [FieldError(field: "data", code: "invalid-format", message: "\(error)")])
        }
        let problems = value.validate()
        guard problems.isEmpty else { throw ValidationFailure(errors: problems) }
        return value
    }

    // MARK: Writing

    /// Compact JSON with RFC 3339 dates; absent correlation/causation are written as null.
    public func encoded() -> Data {
        var writer = JSONWriter()
        writer.append("{\"id\":")
        writer.write(id)
        writer.append(",\"type\":")
        writer.write(type)
        writer.append(",\"version\":")
        writer.append(String(version))
        writer.append(",\"occurredAt\":")
        writer.write(Timestamp.format(occurredAt))
        writer.append(",\"source\":")
        writer.write(source)
        writer.append(",\"correlationId\":")
        if let correlationId { writer.write(correlationId) } else { writer.append("null") }
        writer.append(",\"causationId\":")
        if let causationId { writer.write(causationId) } else { writer.append("null") }
        writer.append(",\"data\":")
        writer.write(data)
        writer.append("}")
        return Data(writer.bytes)
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case id, type, version, occurredAt, source, correlationId, causationId, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        type = try container.decode(String.self, forKey: .type)
        version = try container.decode(Int.self, forKey: .version)
        let occurredText = try container.decode(String.self, forKey: .occurredAt)
        guard let occurred = Timestamp.parse(occurredText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .occurredAt, in: container, debugDescription: "occurredAt is not RFC 3339: \(occurredText)")
        }
        occurredAt = occurred
        source = try container.decode(String.self, forKey: .source)
        correlationId = try container.decodeIfPresent(String.self, forKey: .correlationId)
        causationId = try container.decodeIfPresent(String.self, forKey: .causationId)
        data = try container.decode(JSONValue.self, forKey: .data)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(version, forKey: .version)
        try container.encode(Timestamp.format(occurredAt), forKey: .occurredAt)
        try container.encode(source, forKey: .source)
        try container.encode(correlationId, forKey: .correlationId)
        try container.encode(causationId, forKey: .causationId)
        try container.encode(data, forKey: .data)
    }
}
