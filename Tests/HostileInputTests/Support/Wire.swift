import Foundation
import Schema

/// One message as a producer would send it: its event type, its `data` and its Kafka key.
struct Message: Sendable {
    var type: String
    var data: [String: JSONValue]
    var key: String

    /// The same message with one member of `data` replaced (a dotted path such as
    /// `customer.location.lat` or `lines[0].quantity`).
    func replacing(_ path: String, with value: JSONValue) -> Message {
        var copy = self
        copy.data = JSONPath.set(.object(data), path, value).objectValue ?? data
        return copy
    }
}

/// Builds the bytes of hostile message values: well-formed envelopes around bad data, and
/// byte-level damage (invalid UTF-8, duplicate member names, deep nesting) that no encoder
/// would produce.
enum Wire {
    /// The instant every hostile test envelope claims to have happened.
    static let occurredAt = Timestamp.parse("2026-11-22T02:00:00Z")!

    /// A well-formed envelope around `message`.
    static func envelope(_ message: Message, id: String = EventID.make(), type: String? = nil,
                         source: String = "hostile-test", correlationId: String? = "hostile-corr",
                         causationId: String? = nil) -> [UInt8] {
        let envelope = Envelope(id: id, type: type ?? message.type, version: 1, occurredAt: occurredAt, source: source,
                                correlationId: correlationId, causationId: causationId, data: .object(message.data))
        return Array(envelope.encoded())
    }

    /// An envelope whose `data` object ends with raw JSON text `members` (`,"name":value…`),
    /// inserted verbatim, so that it can hold what `JSONWriter` would never write.
    static func envelope(_ message: Message, appendingRawMembers members: String) -> [UInt8] {
        var bytes = envelope(message)
        // `data` is the envelope's last member: the value ends with the two closing braces.
        precondition(bytes.suffix(2) == [UInt8(ascii: "}"), UInt8(ascii: "}")])
        let insertAt = bytes.count - 2
        let separator = message.data.isEmpty ? "" : ","
        bytes.insert(contentsOf: Array((separator + members).utf8), at: insertAt)
        return bytes
    }

    /// An envelope where the text `marker` (placed in a string field) is replaced by raw bytes.
    static func replacing(_ marker: String, with raw: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        let needle = Array(marker.utf8)
        guard let start = firstIndex(of: needle, in: bytes) else { return bytes }
        var result = bytes
        result.replaceSubrange(start..<(start + needle.count), with: raw)
        return result
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }

    /// `depth` nested arrays around a number: `[[[…1…]]]`.
    static func nestedArrays(depth: Int) -> String {
        String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
    }

    /// JSON text of a value, compact.
    static func text(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.data(value), as: UTF8.self)
    }
}

/// Reads and writes members of a `JSONValue` by dotted path (`a.b[2].c`).
enum JSONPath {
    enum Step: Equatable { case member(String), index(Int) }

    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]"),
                  let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { steps.append(.member(String(name))) }
            steps += indices.map(Step.index)
        }
        return steps
    }

    static func get(_ root: JSONValue, _ path: String) -> JSONValue? {
        var current: JSONValue? = root
        for step in steps(path) {
            switch step {
            case .member(let name): current = current?[name]
            case .index(let index):
                guard let array = current?.arrayValue, array.indices.contains(index) else { return nil }
                current = array[index]
            }
        }
        return current
    }

    static func set(_ root: JSONValue, _ path: String, _ value: JSONValue) -> JSONValue {
        set(root, steps(path)[...], value)
    }

    private static func set(_ node: JSONValue, _ steps: ArraySlice<Step>, _ value: JSONValue) -> JSONValue {
        guard let step = steps.first else { return value }
        switch step {
        case .member(let name):
            var members = node.objectValue ?? [:]
            members[name] = set(members[name] ?? .null, steps.dropFirst(), value)
            return .object(members)
        case .index(let index):
            var elements = node.arrayValue ?? []
            guard elements.indices.contains(index) else { return node }
            elements[index] = set(elements[index], steps.dropFirst(), value)
            return .array(elements)
        }
    }

    /// The value without the member at `path` (an array element is removed from its array).
    static func remove(_ root: JSONValue, _ path: String) -> JSONValue {
        remove(root, steps(path)[...])
    }

    private static func remove(_ node: JSONValue, _ steps: ArraySlice<Step>) -> JSONValue {
        guard let step = steps.first else { return node }
        let last = steps.count == 1
        switch (step, node) {
        case (.member(let name), .object(var members)):
            if last { members[name] = nil } else if let member = members[name] { members[name] = remove(member, steps.dropFirst()) }
            return .object(members)
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            if last { elements.remove(at: index) } else { elements[index] = remove(elements[index], steps.dropFirst()) }
            return .array(elements)
        default:
            return node
        }
    }

    /// Every member path of a value, depth first, objects and arrays included (the root excluded);
    /// arrays contribute their first element only (one line stands for all).
    static func paths(_ value: JSONValue, prefix: String = "") -> [String] {
        var result: [String] = []
        switch value {
        case .object(let members):
            for name in members.keys.sorted() {
                let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                result.append(path)
                result += paths(members[name]!, prefix: path)
            }
        case .array(let elements):
            if let first = elements.first {
                let path = "\(prefix)[0]"
                if first.objectValue != nil || first.arrayValue != nil {
                    result += paths(first, prefix: path)
                } else {
                    result.append(path)
                }
            }
        default:
            break
        }
        return result
    }

    /// `lines[0].quantity` → `lines.quantity` (how some services name a line's field).
    static func withoutIndices(_ path: String) -> String {
        var result = ""
        var skipping = false
        for character in path {
            if character == "[" { skipping = true; continue }
            if character == "]" { skipping = false; continue }
            if !skipping { result.append(character) }
        }
        return result
    }

    /// A value of another JSON type than `value`, one a strict decoder must refuse.
    static func wrongType(for value: JSONValue) -> JSONValue {
        switch value {
        case .string: .number(42)
        case .number: .string("42")
        case .bool: .string("true")
        case .object: .array([.number(1)])
        case .array: .string("a list")
        case .null: .object(["unexpected": .bool(true)])
        }
    }
}
