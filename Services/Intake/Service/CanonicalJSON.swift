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
}
