import Foundation

/// JSON text bound as a parameter (cast it in SQL: `\(json)::jsonb`) or read from a json/jsonb column.
public struct PGJSON: Sendable, Hashable, PGEncodable, PGDecodable {
    /// The JSON text.
    public var text: String

    /// Already-encoded JSON text (not validated here; PostgreSQL validates on the cast).
    public init(text: String) { self.text = text }

    /// Encodes any Encodable value (sorted keys, so equal values give equal text).
    public init<T: Encodable>(_ value: T, encoder: JSONEncoder? = nil) throws {
        let encoder = encoder ?? {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return encoder
        }()
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public init(pgText: String, type: Oid) throws { text = pgText }

    public var pgValue: PGValue { .text(text) }

    /// Decodes the JSON text into `T`.
    public func decode<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder? = nil) throws -> T {
        let decoder = decoder ?? {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return decoder
        }()
        return try decoder.decode(T.self, from: Data(text.utf8))
    }
}
