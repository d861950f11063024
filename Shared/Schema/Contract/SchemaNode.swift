/// A JSON Schema for one value of the contract, as `ContractSchemas` derives it from the
/// Swift types (shape) and from their `validate()` (bounds). Rendered as JSON Schema
/// (draft-07 keywords, which AsyncAPI 3.0's schema format accepts) by `json`.
public struct SchemaNode: Sendable, Equatable {
    /// The JSON shape of a value.
    public indirect enum Kind: Sendable, Equatable {
        case string
        case integer
        case number
        case boolean
        /// An RFC 3339 timestamp (`Date` on the Swift side).
        case dateTime
        /// A closed vocabulary: one of these strings (a `ContractVocabulary` enum).
        case enumeration([String])
        /// Any JSON value (the envelope's untyped `data`).
        case any
        /// An object with these members, in declaration order.
        case object([Property])
        /// An array of elements of one schema.
        case array(SchemaNode)
        /// An object used as a map: any member name, values of one schema.
        case dictionary(SchemaNode)
    }

    /// One member of an object schema.
    public struct Property: Sendable, Equatable {
        public var name: String
        public var schema: SchemaNode
        /// Read with `decode` (required) rather than `decodeIfPresent` (optional, may be null).
        public var required: Bool

        public init(name: String, schema: SchemaNode, required: Bool) {
            self.name = name
            self.schema = schema
            self.required = required
        }
    }

    public var kind: Kind
    /// Null is accepted too (an optional member: absent or null on the wire).
    public var nullable = false
    // MARK: Bounds (nil: none)
    public var minLength: Int?
    public var maxLength: Int?
    public var minimum: Double?
    public var maximum: Double?
    public var maxItems: Int?
    public var maxProperties: Int?
    /// An ECMA-262 / Python `re` pattern the string must match.
    public var pattern: String?
    /// A JSON Schema `format` annotation ("date-time", "date").
    public var format: String?
    /// The strings a text member's `validate()` accepts (an inbound vocabulary kept as text).
    public var allowed: [String]?
    /// A number may also be the strings "NaN", "Infinity", "-Infinity" (how the contract
    /// writes non-finite numbers) because no check refuses them.
    public var allowsNonFinite = false
    /// Words for people.
    public var description: String?

    public init(_ kind: Kind) { self.kind = kind }

    /// RFC 3339 as `Timestamp.parse` reads it: `T`/`t`, optional fraction, `Z`/`z` or ±hh:mm.
    public static let timestampPattern =
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"

    // MARK: Rendering

    /// The JSON Schema of this node.
    public var json: OrderedJSON {
        var members: [(String, OrderedJSON)] = []
        if let description { members.append(("description", .string(description))) }
        switch kind {
        case .string:
            members.append(("type", typeName("string")))
            if let allowed { members.append(("enum", .array(allowed.map(OrderedJSON.string) + (nullable ? [.null] : [])))) }
            if let minLength { members.append(("minLength", .integer(minLength))) }
            if let maxLength { members.append(("maxLength", .integer(maxLength))) }
            if let format { members.append(("format", .string(format))) }
            if let pattern { members.append(("pattern", .string(pattern))) }
        case .dateTime:
            members.append(("type", typeName("string")))
            members.append(("format", .string("date-time")))
            members.append(("pattern", .string(Self.timestampPattern)))
        case .enumeration(let values):
            members.append(("type", typeName("string")))
            members.append(("enum", .array(values.map(OrderedJSON.string) + (nullable ? [.null] : []))))
        case .integer, .number:
            let name = kind == .integer ? "integer" : "number"
            var bounds: [(String, OrderedJSON)] = [("type", .string(name))]
            if let minimum { bounds.append(("minimum", .number(minimum))) }
            if let maximum { bounds.append(("maximum", .number(maximum))) }
            if allowsNonFinite {
                var choices: [OrderedJSON] = [.object(bounds), .object([("enum", .array(["NaN", "Infinity", "-Infinity"]))])]
                if nullable { choices.append(.object([("type", "null")])) }
                members.append(("anyOf", .array(choices)))
            } else {
                members.append(("type", typeName(name)))
                members += bounds.dropFirst()
            }
        case .boolean:
            members.append(("type", typeName("boolean")))
        case .any:
            break
        case .object(let properties):
            members.append(("type", typeName("object")))
            let required = properties.filter(\.required).map { OrderedJSON.string($0.name) }
            if !required.isEmpty { members.append(("required", .array(required))) }
            members.append(("properties", .object(properties.map { ($0.name, $0.schema.json) })))
        case .array(let element):
            members.append(("type", typeName("array")))
            if let maxItems { members.append(("maxItems", .integer(maxItems))) }
            members.append(("items", element.json))
        case .dictionary(let value):
            members.append(("type", typeName("object")))
            if let maxProperties { members.append(("maxProperties", .integer(maxProperties))) }
            members.append(("additionalProperties", value.json))
        }
        return .object(members)
    }

    private func typeName(_ name: String) -> OrderedJSON {
        nullable ? .array([.string(name), "null"]) : .string(name)
    }
}
