/// Converts between typed values and `JSONValue` with the contract's coding settings.
public enum JSONValueCoder {
    /// The JSON form of a value; `.null` if it cannot be encoded (never for payloads).
    public static func encode<T: Encodable>(_ value: T) -> JSONValue {
        (try? JSONValueEncoder.encode(value)) ?? .null
    }

    /// Reads a typed value from its JSON form.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoder.decode(type, from: value)
    }
}
