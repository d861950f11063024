import Foundation
import Schema

/// Indented JSON for people: two spaces per level, the envelope's members in their
/// contract order (`id`, `type`, `version`, … `data`), other members sorted. Strings are
/// escaped as on the wire (control characters as `\u00XX`), so the text is terminal-safe.
public enum PrettyJSON {
    /// Envelope members first, in this order.
    static let leadingMembers = ["id", "type", "version", "occurredAt", "source", "correlationId", "causationId", "data"]

    public static func text(_ value: JSONValue) -> String {
        var lines = ""
        write(value, indent: 0, into: &lines)
        return lines
    }

    private static func write(_ value: JSONValue, indent: Int, into text: inout String) {
        let padding = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch value {
        case .array(let items) where !items.isEmpty:
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += padding
                write(item, indent: indent + 1, into: &text)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += closing + "]"
        case .object(let members) where !members.isEmpty:
            text += "{\n"
            let names = ordered(Array(members.keys))
            for (index, name) in names.enumerated() {
                text += padding + scalar(.string(name)) + ": "
                write(members[name] ?? .null, indent: indent + 1, into: &text)
                text += index == names.count - 1 ? "\n" : ",\n"
            }
            text += closing + "}"
        default:
            text += scalar(value)
        }
    }

    static func ordered(_ names: [String]) -> [String] {
        names.sorted { left, right in
            let l = leadingMembers.firstIndex(of: left) ?? leadingMembers.count
            let r = leadingMembers.firstIndex(of: right) ?? leadingMembers.count
            return l != r ? l < r : left < right
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.data(value), as: UTF8.self)
    }
}
