import Foundation

/// Derives the JSON shape of a `Decodable` type by running its own `init(from:)` against a
/// recording decoder: each `decode` is a required member, each `decodeIfPresent` (which
/// asks `decodeNil` first) an optional one that may be null; arrays, string-keyed
/// dictionaries, `Date` (RFC 3339 text) and `ContractVocabulary` enums are recognised.
///
/// A type whose decoding the recorder cannot follow (a nested container, a custom key type)
/// is an error naming it, never a silently wrong schema.
public enum SchemaInference {
    /// What went wrong, with the coding path.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The shape of `T` (no bounds: see `SchemaBounds`).
    public static func shape<T: Decodable>(of type: T.Type) throws -> SchemaNode {
        try infer(type, path: []).node
    }

    // MARK: Values

    static func infer<T: Decodable>(_ type: T.Type, path: [String]) throws -> (value: T, node: SchemaNode) {
        switch type {
        case is String.Type: return ("" as! T, SchemaNode(.string))
        case is Bool.Type: return (false as! T, SchemaNode(.boolean))
        case is Int.Type: return (0 as! T, SchemaNode(.integer))
        case is Int64.Type: return (Int64(0) as! T, SchemaNode(.integer))
        case is Int32.Type: return (Int32(0) as! T, SchemaNode(.integer))
        case is Double.Type: return (0.0 as! T, SchemaNode(.number))
        case is Float.Type: return (Float(0) as! T, SchemaNode(.number))
        case is Date.Type: return (Date(timeIntervalSince1970: 0) as! T, SchemaNode(.dateTime))
        case is JSONValue.Type: return (JSONValue.object([:]) as! T, SchemaNode(.any))
        default: break
        }
        if let vocabulary = type as? any ContractVocabulary.Type {
            return (sample(of: vocabulary) as! T, SchemaNode(.enumeration(vocabulary.contractValues)))
        }
        if type is any RawRepresentable.Type {
            throw Failure(description: "\(path.joined(separator: ".")): \(type) is an enum that is not a ContractVocabulary")
        }
        let recorder = Recorder(path: path)
        let value = try T(from: RecordingDecoder(recorder: recorder))
        return (value, try recorder.node(for: type))
    }

    private static func sample<V: ContractVocabulary>(of type: V.Type) -> V { V.contractSample }
}

// MARK: - Recording

/// What one value's `init(from:)` asked for.
private final class Recorder {
    let path: [String]
    enum Container { case none, keyed, unkeyed, single }
    var container = Container.none
    /// Keyed: members in the order they were read; the optional ones asked `decodeNil` first.
    var properties: [(name: String, node: SchemaNode)] = []
    var optional: Set<String> = []
    /// Keyed with the dictionary sentinel key: the value schema of a map.
    var mapValue: SchemaNode?
    /// Unkeyed: the element schema; single: the value schema.
    var element: SchemaNode?
    var nullable = false

    init(path: [String]) { self.path = path }

    func use(_ kind: Container) throws {
        guard container == .none || container == kind else {
            throw SchemaInference.Failure(description: "\(path.joined(separator: ".")): mixes container kinds")
        }
        container = kind
    }

    func node(for type: Any.Type) throws -> SchemaNode {
        var node: SchemaNode
        switch container {
        case .keyed:
            if let mapValue {
                node = SchemaNode(.dictionary(mapValue))
            } else {
                node = SchemaNode(.object(properties.map {
                    SchemaNode.Property(name: $0.name, schema: optionalized($0.node, optional.contains($0.name)),
                                        required: !optional.contains($0.name))
                }))
            }
        case .unkeyed:
            guard let element else { throw SchemaInference.Failure(description: "\(type): an array without elements") }
            node = SchemaNode(.array(element))
        case .single:
            guard let element else { throw SchemaInference.Failure(description: "\(type): decoded nothing") }
            node = element
            if nullable { node.nullable = true }
        case .none:
            throw SchemaInference.Failure(description: "\(path.joined(separator: ".")): \(type) decoded nothing")
        }
        return node
    }

    private func optionalized(_ node: SchemaNode, _ optional: Bool) -> SchemaNode {
        var node = node
        if optional { node.nullable = true }
        return node
    }
}

/// The key a string-keyed dictionary's `init(from:)` receives from `allKeys`; a struct's
/// own `CodingKeys` never accept it.
private let mapSentinel = "\u{1}additionalProperties"

private struct RecordingDecoder: Decoder {
    let recorder: Recorder
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try recorder.use(.keyed)
        return KeyedDecodingContainer(KeyedRecorder<Key>(recorder: recorder))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try recorder.use(.unkeyed)
        return UnkeyedRecorder(recorder: recorder)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        try recorder.use(.single)
        return SingleRecorder(recorder: recorder)
    }
}

private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: Recorder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { Key(stringValue: mapSentinel).map { [$0] } ?? [] }

    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool {
        recorder.optional.insert(key.stringValue)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (value, node) = try SchemaInference.infer(type, path: recorder.path + [key.stringValue])
        if key.stringValue == mapSentinel {
            recorder.mapValue = node
        } else if !recorder.properties.contains(where: { $0.name == key.stringValue }) {
            recorder.properties.append((key.stringValue, node))
        }
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        throw unsupported(key)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw unsupported(key) }
    func superDecoder() throws -> any Decoder { throw unsupported(nil) }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw unsupported(key) }

    private func unsupported(_ key: Key?) -> SchemaInference.Failure {
        SchemaInference.Failure(description: "\((recorder.path + [key?.stringValue ?? "super"]).joined(separator: ".")): nested containers are not inferred")
    }
}

private struct UnkeyedRecorder: UnkeyedDecodingContainer {
    let recorder: Recorder
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var isAtEnd: Bool { recorder.element != nil }
    var currentIndex: Int { recorder.element == nil ? 0 : 1 }

    mutating func decodeNil() throws -> Bool {
        recorder.nullable = true
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        var (value, node) = try SchemaInference.infer(type, path: recorder.path + ["[]"])
        if recorder.nullable { node.nullable = true }
        recorder.nullable = false
        recorder.element = node
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw SchemaInference.Failure(description: "\(recorder.path.joined(separator: ".")): nested containers are not inferred")
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SchemaInference.Failure(description: "\(recorder.path.joined(separator: ".")): nested containers are not inferred")
    }

    mutating func superDecoder() throws -> any Decoder {
        throw SchemaInference.Failure(description: "\(recorder.path.joined(separator: ".")): super decoders are not inferred")
    }
}

private struct SingleRecorder: SingleValueDecodingContainer {
    let recorder: Recorder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool {
        recorder.nullable = true
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, node) = try SchemaInference.infer(type, path: recorder.path)
        recorder.element = node
        return value
    }
}
