import Foundation
import Schema

/// A JSON value as text with sorted keys and no white space, so that the same request
/// body always gives the same text (and the same hash), whatever the sender's key order.
enum CanonicalJSON {
    static func text(of value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The hex sha-256 of the canonical text's UTF-8 bytes: the request body hash of the
    /// dedupe table (the same value PostgreSQL's `sha256(convert_to(text, 'UTF8'))` gave
    /// earlier versions, so stored hashes stay comparable).
    static func hash(of value: JSONValue) -> String {
        Digest.sha256Hex(Array(text(of: value).utf8))
    }
}
