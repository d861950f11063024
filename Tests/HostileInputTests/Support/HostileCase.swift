import Foundation
import Schema

/// The one outcome a hostile message must end in (DESIGN.md "Processing guarantees").
enum Expected: CustomStringConvertible, Sendable {
    /// A `message.dead-lettered` whose reason contains one of these texts (case-insensitive).
    case deadLetter(mentioning: [String])
    /// A `request.rejected` (requests only) with a reason for one of these fields, or for an
    /// ancestor or descendant of one of them (`customer.location` for `customer.location.lat`).
    case rejected(fields: [String])
    /// Skipped and counted as an unknown type.
    case unknownType

    var description: String {
        switch self {
        case .deadLetter(let texts): "dead letter naming \(texts.map { "'\($0)'" }.joined(separator: " or "))"
        case .rejected(let fields): "request.rejected for \(fields.joined(separator: " or "))"
        case .unknownType: "counted as unknown type"
        }
    }

    /// The outcome a payload-level problem at `path` must have on a topic: a rejection on
    /// `aftersales.requests`, a dead letter naming the field elsewhere.
    static func fieldProblem(_ path: String, rejects: Bool, alsoMentioning extra: [String] = []) -> Expected {
        let plain = JSONPath.withoutIndices(path)
        let names = Array(Set([path, plain] + extra)).sorted()
        return rejects ? .rejected(fields: names) : .deadLetter(mentioning: names)
    }
}

/// One kind of hostile message: how to make it from the topic's valid main message, and the
/// outcome it must have.
struct HostileCase: Sendable {
    let name: String
    let expected: Expected
    /// The message value for the key's valid main message; nil is a tombstone (no value).
    let make: @Sendable (Message) -> [UInt8]?

    init(_ name: String, _ expected: Expected, _ make: @escaping @Sendable (Message) -> [UInt8]?) {
        self.name = name
        self.expected = expected
        self.make = make
    }
}

/// The hostile cases every consumed topic gets, built from its main payload.
enum HostileCases {
    /// 2 MB: twice the default message limit (1 MiB).
    static let hugeValueBytes = 2 * 1024 * 1024
    /// The issue's nesting depth.
    static let deepNesting = 100_000
    static let fourKilobytes = 4096

    /// Envelope-level damage: the same outcome whatever the topic.
    static func envelopeCases() -> [HostileCase] {
        let control = ["control character"]
        let tooLong = ["longer than"]
        var cases: [HostileCase] = [
            HostileCase("NUL in envelope id", .deadLetter(mentioning: control)) { Wire.envelope($0, id: "hostile\u{0}id-\(EventID.make())") },
            HostileCase("4 KB envelope id", .deadLetter(mentioning: tooLong)) {
                Wire.envelope($0, id: randomText(count: fourKilobytes))
            },
            HostileCase("2 MB value", .deadLetter(mentioning: ["exceeds the limit"])) {
                Wire.envelope($0, appendingRawMembers: "\"padding\":\"" + String(repeating: "x", count: hugeValueBytes) + "\"")
            },
            HostileCase("100,000-deep nesting", .deadLetter(mentioning: ["nesting"])) {
                Wire.envelope($0, appendingRawMembers: "\"nest\":" + Wire.nestedArrays(depth: deepNesting))
            },
            HostileCase("invalid UTF-8 in a string", .deadLetter(mentioning: ["UTF-8"])) {
                let marker = "@@not-utf8@@"
                return Wire.replacing(marker, with: [0xC3, 0x28, 0xFF, 0xFE],
                                      in: Wire.envelope($0, appendingRawMembers: "\"note\":\"\(marker)\""))
            },
            HostileCase("not JSON at all", .deadLetter(mentioning: ["not a valid event envelope"])) { _ in
                Array("\u{1F}\u{8B} this is not json {".utf8)
            },
            HostileCase("truncated envelope", .deadLetter(mentioning: ["not a valid event envelope"])) {
                let bytes = Wire.envelope($0)
                return Array(bytes.prefix(bytes.count / 2))
            },
            HostileCase("empty value (tombstone)", .deadLetter(mentioning: ["empty message value"])) { _ in nil },
            HostileCase("data is an array", .deadLetter(mentioning: ["data"])) { message in
                let envelope = Envelope(id: EventID.make(), type: message.type, occurredAt: Wire.occurredAt, source: "hostile-test",
                                        correlationId: nil, causationId: nil, data: .array([.object(message.data)]))
                return Array(envelope.encoded())
            },
            HostileCase("occurredAt not a timestamp", .deadLetter(mentioning: ["occurredAt"])) {
                Wire.replacing(Timestamp.format(Wire.occurredAt), with: Array("yesterday at noon".utf8), in: Wire.envelope($0))
            },
            HostileCase("version 1e300", .deadLetter(mentioning: ["version"])) {
                Wire.replacing("\"version\":1,", with: Array("\"version\":1e300,".utf8), in: Wire.envelope($0))
            },
            HostileCase("unknown event type", .unknownType) { Wire.envelope($0, type: "ticket.teleported") },
        ]
        // The other envelope texts are as bounded as the id (issue 13).
        for field in ["type", "source", "correlationId", "causationId"] {
            cases.append(HostileCase("NUL in envelope \(field)", .deadLetter(mentioning: control)) { message in
                envelope(message, field: field, value: field == "type" ? message.type + "\u{0}" : "hostile\u{0}text")
            })
            cases.append(HostileCase("4 KB envelope \(field)", .deadLetter(mentioning: tooLong)) { message in
                envelope(message, field: field, value: field == "type"
                    ? message.type + String(repeating: " ", count: fourKilobytes) : randomText(count: fourKilobytes))
            })
        }
        return cases
    }

    private static func envelope(_ message: Message, field: String, value: String) -> [UInt8] {
        switch field {
        case "type": Wire.envelope(message, type: value)
        case "source": Wire.envelope(message, source: value)
        case "correlationId": Wire.envelope(message, correlationId: value)
        default: Wire.envelope(message, causationId: value)
        }
    }

    /// Payload-level damage to the topic's main payload: NUL in the key field, a duplicate key
    /// field, a wrong JSON type for every field.
    static func payloadCases(main: Message, keyField: String, rejects: Bool) -> [HostileCase] {
        var cases: [HostileCase] = [
            HostileCase("NUL inside \(keyField)", Expected.fieldProblem(keyField, rejects: rejects)) {
                Wire.envelope($0.replacing(keyField, with: .string($0.key + "\u{0}-hidden")))
            },
            HostileCase("duplicate \(keyField) member", .deadLetter(mentioning: ["duplicate"])) {
                Wire.envelope($0, appendingRawMembers: "\"\(keyField)\":\"\($0.key)-shadow\"")
            },
            HostileCase("4 KB \(keyField)", Expected.fieldProblem(keyField, rejects: rejects)) {
                Wire.envelope($0.replacing(keyField, with: .string(randomText(count: fourKilobytes))))
            },
        ]
        for path in JSONPath.paths(.object(main.data)) {
            guard let value = JSONPath.get(.object(main.data), path) else { continue }
            let wrong = JSONPath.wrongType(for: value)
            cases.append(HostileCase("wrong type: \(path) as \(kind(of: wrong))", Expected.fieldProblem(path, rejects: rejects)) {
                Wire.envelope($0.replacing(path, with: wrong))
            })
        }
        return cases
    }

    /// A valid message of a type from another topic, sent on this one.
    static func wrongTopic(_ other: @escaping @Sendable (String) -> Message) -> HostileCase {
        HostileCase("valid event of another topic", .unknownType) { Wire.envelope(other($0.key)) }
    }

    /// A field set to a value the topic's rules must bound (a number, a list, a text).
    static func bound(_ name: String, _ path: String, _ value: JSONValue, rejects: Bool = false,
                      alsoMentioning extra: [String] = [], on other: (@Sendable (String) -> Message)? = nil) -> HostileCase {
        HostileCase(name, Expected.fieldProblem(path, rejects: rejects, alsoMentioning: extra)) { main in
            Wire.envelope((other?(main.key) ?? main).replacing(path, with: value))
        }
    }

    /// A parts list of `count` lines (distinct part numbers), in place of the main message's list at `path`.
    static func lines(_ name: String, _ path: String, count: Int = 1000, rejects: Bool = false) -> HostileCase {
        HostileCase(name, Expected.fieldProblem(path, rejects: rejects)) { main in
            Wire.envelope(main.replacing(path, with: manyLines(main, path, count: count)))
        }
    }

    /// `count` copies of a list's first element.
    static func manyLines(_ main: Message, _ path: String, count: Int) -> JSONValue {
        guard let first = JSONPath.get(.object(main.data), path)?.arrayValue?.first else { return .array([]) }
        return .array((0..<count).map { index in
            guard case .object(var line) = first else { return first }
            if let part = line["partNumber"]?.stringValue { line["partNumber"] = .string("\(part)-\(index)") }
            return .object(line)
        })
    }

    /// Hex text that does not compress (a repeated letter would fit a btree index compressed).
    static func randomText(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: (0..<count).map { _ in hex[Int(generator.next() & 15)] }, as: UTF8.self)
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .object: "object"
        case .array: "array"
        case .null: "null"
        }
    }

    // MARK: Hostile numbers

    /// 2^53: the largest integer a JSON number holds exactly.
    static let twoToThe53: JSONValue = .number(9_007_199_254_740_992)
    /// 2^31: one past the largest 32-bit integer (a PostgreSQL `integer`).
    static let twoToThe31: JSONValue = .number(2_147_483_648)
}
