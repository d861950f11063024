import Foundation

/// Decodes `Decodable` values straight from a `JSONValue` (no text in between), with
/// the contract's settings: `Date` from RFC 3339 text, `Double` also from "NaN" /
/// "Infinity" / "-Infinity", integers only from whole numbers. Errors are ordinary
/// `DecodingError`s carrying the coding path, so `DecodingErrorMapper` can name the field.
public enum JSONValueDecoder {
    /// Reads a `T` from a JSON value.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder.unbox(value, as: type, path: [])
    }
}

// MARK: - Decoder

private final class ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, codingPath: [any CodingKey]) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw ValueDecoder.mismatch([String: JSONValue].self, value, codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw ValueDecoder.mismatch([JSONValue].self, value, codingPath)
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(value: value, codingPath: codingPath)
    }

    // MARK: Primitives

    static func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, path: [any CodingKey]) throws -> T {
        // A null reaching a non-optional value becomes `valueNotFound` in `mismatch`;
        // Optional's own init(from:) reads it through `decodeNil()`.
        switch type {
        case is String.Type:
            guard case .string(let text) = value else { throw mismatch(type, value, path) }
            return text as! T
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatch(type, value, path) }
            return flag as! T
        case is Double.Type:
            return try double(value, type, path) as! T
        case is Float.Type:
            return Float(try double(value, type, path)) as! T
        case is Int.Type:
            return Int(try integer(value, type, path)) as! T
        case is Int64.Type:
            return try integer(value, type, path) as! T
        case is Int32.Type: return try narrowed(value, Int32.self, path) as! T
        case is Int16.Type: return try narrowed(value, Int16.self, path) as! T
        case is Int8.Type: return try narrowed(value, Int8.self, path) as! T
        case is UInt.Type: return try narrowed(value, UInt.self, path) as! T
        case is UInt64.Type: return try narrowed(value, UInt64.self, path) as! T
        case is UInt32.Type: return try narrowed(value, UInt32.self, path) as! T
        case is UInt16.Type: return try narrowed(value, UInt16.self, path) as! T
        case is UInt8.Type: return try narrowed(value, UInt8.self, path) as! T
        case is Date.Type:
            guard case .string(let text) = value else { throw mismatch(type, value, path) }
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: path, debugDescription: "not an RFC 3339 timestamp"))
            }
            return date as! T
        case is JSONValue.Type:
            return value as! T
        default:
            return try T(from: ValueDecoder(value: value, codingPath: path))
        }
    }

    private static func double(_ value: JSONValue, _ type: Any.Type, _ path: [any CodingKey]) throws -> Double {
        switch value {
        case .number(let number): return number
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: throw mismatch(type, value, path)
        }
    }

    /// A whole number that fits `I`; never traps: a fraction, a value beyond ±2^53 (not held
    /// exactly by the JSON number) or outside `I` is a `DecodingError`.
    private static func narrowed<I: FixedWidthInteger>(_ value: JSONValue, _ type: I.Type, _ path: [any CodingKey]) throws -> I {
        let number = try integer(value, type, path)
        guard let narrowed = I(exactly: number) else { throw outOfRange(type, number, path) }
        return narrowed
    }

    /// Whole numbers only, within ±2^53 (`JSONValue.exactInteger`): 2.5 and 1e300 are
    /// type mismatches ("a fractional number"), not a trap on conversion.
    private static func integer(_ value: JSONValue, _ type: Any.Type, _ path: [any CodingKey]) throws -> Int64 {
        guard case .number(let number) = value, let whole = JSONValue.exactInteger(number) else {
            throw mismatch(type, value, path)
        }
        return whole
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, DecodingError.Context(codingPath: path, debugDescription: "value is null"))
        }
        return .typeMismatch(type, DecodingError.Context(codingPath: path, debugDescription: "found \(kind(of: value))"))
    }

    private static func outOfRange(_ type: Any.Type, _ number: Int64, _ path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: path, debugDescription: "\(number) does not fit \(type)"))
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let number):
            if JSONValue.exactInteger(number) != nil { "a number" }
            else if number.rounded() == number { "a number beyond ±2^53" }
            else { "a fractional number" }
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A key for array positions ("Index 3" like Foundation's, so paths print as `[3]`).
private struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(index: intValue) }
}

// MARK: - Containers

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let member = members[key.stringValue] else { return true }
        return member.isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(type, forKey: key) }

    private func value<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let member = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "missing \(key.stringValue)"))
        }
        return try ValueDecoder.unbox(member, as: type, path: codingPath + [key])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(type, forKey: key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder(forKey: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(forKey: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(members), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(forKey: key) }

    private func decoder(forKey key: Key) throws -> ValueDecoder {
        guard let member = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "missing \(key.stringValue)"))
        }
        return ValueDecoder(value: member, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw endError(JSONValue.self) }
        if elements[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else { throw endError(type) }
        let value = try ValueDecoder.unbox(
            elements[currentIndex], as: type, path: codingPath + [IndexKey(index: currentIndex)])
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try nextDecoder() }

    private mutating func nextDecoder() throws -> ValueDecoder {
        guard !isAtEnd else { throw endError(JSONValue.self) }
        let decoder = ValueDecoder(value: elements[currentIndex], codingPath: codingPath + [IndexKey(index: currentIndex)])
        currentIndex += 1
        return decoder
    }

    private func endError(_ type: Any.Type) -> DecodingError {
        .valueNotFound(
            type,
            DecodingError.Context(codingPath: codingPath + [IndexKey(index: currentIndex)], debugDescription: "array ended"))
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ValueDecoder.unbox(value, as: type, path: codingPath)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try ValueDecoder.unbox(value, as: type, path: codingPath) }
    func decode(_ type: String.Type) throws -> String { try ValueDecoder.unbox(value, as: type, path: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try ValueDecoder.unbox(value, as: type, path: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try ValueDecoder.unbox(value, as: type, path: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try ValueDecoder.unbox(value, as: type, path: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try ValueDecoder.unbox(value, as: type, path: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try ValueDecoder.unbox(value, as: type, path: codingPath) }
}
