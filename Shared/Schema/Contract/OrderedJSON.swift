import Foundation

/// A JSON value whose object members keep their order: the AsyncAPI document is written
/// in a stable, readable order (so the committed file diffs cleanly), as YAML or JSON.
public indirect enum OrderedJSON: Sendable, Equatable, ExpressibleByStringLiteral {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public init(stringLiteral value: String) { self = .string(value) }

    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> OrderedJSON? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    // MARK: JSON

    /// Compact JSON text, members in order.
    public var jsonText: String {
        var writer = JSONWriter()
        write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.append("null")
        case .bool(let flag): writer.append(flag ? "true" : "false")
        case .integer(let number): writer.append(String(number))
        case .number(let number): writer.write(number)
        case .string(let text): writer.write(text)
        case .array(let elements):
            writer.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { writer.append(",") }
                element.write(to: &writer)
            }
            writer.append("]")
        case .object(let members):
            writer.append("{")
            for (index, member) in members.enumerated() {
                if index > 0 { writer.append(",") }
                writer.write(member.0)
                writer.append(":")
                member.1.write(to: &writer)
            }
            writer.append("}")
        }
    }

    // MARK: YAML

    /// Block-style YAML (1.2, two-space indents). Every string is double-quoted with JSON
    /// escapes (valid YAML), so no value is ever read back as a number, a boolean or null.
    public var yamlText: String {
        var lines: [String] = []
        appendYAML(to: &lines, indent: "")
        return lines.joined(separator: "\n") + "\n"
    }

    private var isScalar: Bool {
        switch self {
        case .array(let elements): elements.isEmpty
        case .object(let members): members.isEmpty
        default: true
        }
    }

    private var scalarText: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .number(let number):
            JSONValue.exactInteger(number).map { String($0) } ?? String(number)
        case .string(let text): OrderedJSON.string(text).jsonText
        case .array: "[]"
        case .object: "{}"
        }
    }

    private func appendYAML(to lines: inout [String], indent: String) {
        switch self {
        case .object(let members) where !members.isEmpty:
            for (key, value) in members {
                let name = OrderedJSON.yamlKey(key)
                if value.isScalar {
                    lines.append("\(indent)\(name): \(value.scalarText)")
                } else {
                    lines.append("\(indent)\(name):")
                    value.appendYAML(to: &lines, indent: indent + "  ")
                }
            }
        case .array(let elements) where !elements.isEmpty:
            for element in elements {
                if element.isScalar {
                    lines.append("\(indent)- \(element.scalarText)")
                } else {
                    // The element's first line goes after "- ", the rest indented under it.
                    var nested: [String] = []
                    element.appendYAML(to: &nested, indent: indent + "  ")
                    let first = nested.removeFirst()
                    lines.append("\(indent)- " + first.dropFirst(indent.count + 2))
                    lines += nested
                }
            }
        default:
            lines.append(indent + scalarText)
        }
    }

    /// A mapping key: plain when it is a simple name, else double-quoted.
    private static func yamlKey(_ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        } && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"].contains(key.lowercased())
            && !(48...57).contains(key.utf8.first!) && key.utf8.first != UInt8(ascii: "-")
        return plain ? key : OrderedJSON.string(key).jsonText
    }
}
