import Foundation

/// Encodes `Encodable` values straight into a `JSONValue` (no text in between), with the
/// contract's settings: `Date` as RFC 3339 text with milliseconds, `nil` optionals
/// omitted. The inverse of `JSONValueDecoder`.
public enum JSONValueEncoder {
    /// The JSON form of a value.
    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try EncodingNode.box(value, path: []).resolved()
    }
}

// MARK: - Tree under construction

/// One value being built; containers keep a reference and fill it in later.
private final class EncodingNode {
    var scalar: JSONValue?
    var members: [String: EncodingNode]?
    var elements: [EncodingNode]?

    init(scalar: JSONValue? = nil) { self.scalar = scalar }

    func resolved() -> JSONValue {
        if let scalar { return scalar }
        if let members { return .object(members.mapValues { $0.resolved() }) }
        if let elements { return .array(elements.map { $0.resolved() }) }
        return .object([:])
    }

    static func box<T: Encodable>(_ value: T, path: [any CodingKey]) throws -> EncodingNode {
        // Metatype comparisons are much cheaper than trying a dynamic cast per type.
        let type = T.self
        if type == String.self { return EncodingNode(scalar: .string(value as! String)) }
        if type == Int.self { return EncodingNode(scalar: .number(Double(value as! Int))) }
        if type == Double.self { return EncodingNode(scalar: .number(value as! Double)) }
        if type == Bool.self { return EncodingNode(scalar: .bool(value as! Bool)) }
        if type == Date.self { return EncodingNode(scalar: .string(Timestamp.format(value as! Date))) }
        if type == Int64.self { return EncodingNode(scalar: .number(Double(value as! Int64))) }
        if type == Int32.self { return EncodingNode(scalar: .number(Double(value as! Int32))) }
        if type == Float.self { return EncodingNode(scalar: .number(Double(value as! Float))) }
        if type == JSONValue.self { return EncodingNode(scalar: value as? JSONValue) }
        let node = EncodingNode()
        try value.encode(to: ValueEncoder(node: node, codingPath: path))
        return node
    }
}

private struct EncoderIndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(index: intValue) }
}

// MARK: - Encoder

private struct ValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil {
            node.scalar = nil
            node.members = [:]
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil {
            node.scalar = nil
            node.elements = []
        }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.members?[key.stringValue] = EncodingNode(scalar: .null)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let boxed = try EncodingNode.box(value, path: codingPath + [key])
        node.members?[key.stringValue] = boxed
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        ValueEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(node: child(nil), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(node: child(key), codingPath: codingPath + [key])
    }

    private func child(_ key: Key?) -> EncodingNode {
        let name = key?.stringValue ?? "super"
        if let existing = node.members?[name] { return existing }
        let created = EncodingNode()
        node.members?[name] = created
        return created
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    var count: Int { node.elements?.count ?? 0 }

    private var nextPath: [any CodingKey] { codingPath + [EncoderIndexKey(index: count)] }

    mutating func encodeNil() throws { node.elements?.append(EncodingNode(scalar: .null)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let boxed = try EncodingNode.box(value, path: nextPath)  // box first: it reads `count`
        node.elements?.append(boxed)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return ValueEncoder(node: appendChild(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return ValueEncoder(node: appendChild(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return ValueEncoder(node: appendChild(), codingPath: path)
    }

    private func appendChild() -> EncodingNode {
        let created = EncodingNode()
        node.elements?.append(created)
        return created
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.scalar = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let boxed = try EncodingNode.box(value, path: codingPath)
        node.scalar = boxed.scalar
        node.members = boxed.members
        node.elements = boxed.elements
        if node.scalar == nil, node.members == nil, node.elements == nil { node.scalar = .object([:]) }
    }
}
