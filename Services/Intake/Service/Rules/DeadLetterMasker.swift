import Foundation
import Schema

/// The copy of a dead-lettered `aftersales.requests` message that may go on the wire
/// (issue 13: the dead-letter topic is not a second PII store). The unmasked original stays
/// in intake's quarantine table.
///
/// - **The bytes parse as JSON** (any shape, not only a valid envelope): a copy with the
///   same structure in which every member named like personal data (`name`, `phone`,
///   `address`, `mobile`, `tel`, `telephone`, `email`, `contact…`, any case, at any depth)
///   is `"***"`; every text is cleared of those values wherever they recur, and every text
///   except the identifiers of the contract (`id`, `type`, `source`, `requestId`, `sku`,
///   `serialNumber`, …) also of phone-like digit runs and e-mail addresses
///   (`DescriptionRedactor`, NFKC-aware); numbers of 7 or more integer digits outside those
///   identifiers become `"***"`; member names outside the contract are redacted the same way.
/// - **They do not parse** (truncated, invalid UTF-8, nested too deep, not JSON at all):
///   nothing can tell a name from an id, so only the shape of the first
///   `unparsedPrefixBytes` bytes is kept: JSON punctuation, white space, `true`/`false`/
///   `null`, numbers of at most 4 digits, member names that are short ASCII words, and the
///   values of the envelope's own members (`id`, `type`, `version`, `occurredAt`, `source`,
///   `correlationId`, `causationId`, at the top level) and `requestId` (top level or in
///   `data`) when they are at most 200 printable ASCII characters. Every other string or
///   number is `***`, every other run of bytes `?`. The output is at most
///   `unparsedPrefixBytes` long. JSON that parses but is not an object (a bare string, say)
///   is treated the same way.
public enum DeadLetterMasker {
    /// How much of an unparsable original its masked shape describes.
    public static let unparsedPrefixBytes = 4_096
    /// Larger originals are not parsed (only their shape is kept): at most the first 64 KiB
    /// of a copy go on the wire, and masking costs time in proportion to the size.
    public static let maxParsedBytes = 4 * 1_048_576
    /// The replacement of a masked value.
    public static let mask = DescriptionRedactor.mask

    /// Members whose value is personal data, compared in lower case; also any member whose
    /// lower-case name starts with "contact".
    static let personalMembers: Set<String> = ["name", "phone", "address", "mobile", "tel", "telephone", "email"]

    /// Members of the contract whose text is an identifier, a code or a date, never free
    /// text: kept as they are (after removing the personal values found elsewhere).
    static let identifierMembers: Set<String> = [
        "id", "type", "version", "occurredAt", "source", "correlationId", "causationId", "requestId", "channel", "kind",
        "region", "sku", "category", "model", "serialNumber", "purchaseDate", "lat", "lon", "ticketId",
    ]

    /// Member names of the contract (kept as they are even when not identifiers).
    static let contractMembers: Set<String> = identifierMembers.union([
        "data", "customer", "product", "location", "description", "preferredTime", "reason",
    ])

    /// The masked copy and the customer id it names, if any.
    public struct Copy: Sendable, Equatable {
        public var bytes: [UInt8]
        /// `data.customer.id` (or `customer.id`) when the original parses and holds a storable one.
        public var customerId: String?
        /// Whether the original parsed as JSON.
        public var parsed: Bool
    }

    /// The masked copy of `original`.
    public static func mask(_ original: [UInt8]) -> Copy {
        guard original.count <= maxParsedBytes, let value = try? JSONParser.parse(original), value.objectValue != nil else {
            return Copy(bytes: maskUnparsed(original), customerId: nil, parsed: false)
        }
        let customer = value["data"]?["customer"] ?? value["customer"]
        let customerId = StorableKey.usable(customer?["id"]?.stringValue)
        var secrets: Set<String> = []
        collectSecrets(in: value, into: &secrets)
        let masked = maskParsed(value, member: nil, secrets: Array(secrets))
        return Copy(bytes: Array(JSONWriter.data(masked)), customerId: customerId, parsed: true)
    }

    // MARK: Parsed JSON

    static func isPersonal(_ member: String) -> Bool {
        let lower = member.lowercased()
        return personalMembers.contains(lower) || lower.hasPrefix("contact")
    }

    /// Every text held under a personal member, to be removed wherever else it recurs.
    private static func collectSecrets(in value: JSONValue, into secrets: inout Set<String>) {
        switch value {
        case .object(let members):
            for (key, member) in members {
                if isPersonal(key) { collectTexts(member, into: &secrets) } else { collectSecrets(in: member, into: &secrets) }
            }
        case .array(let elements):
            for element in elements { collectSecrets(in: element, into: &secrets) }
        default:
            break
        }
    }

    private static func collectTexts(_ value: JSONValue, into secrets: inout Set<String>) {
        switch value {
        case .string(let text):
            let trimmed = text.trimmingCharactersInSet()
            if trimmed.count >= 2 { secrets.insert(trimmed) }
        case .number(let number):
            var writer = JSONWriter(capacity: 24)
            writer.write(number)
            secrets.insert(String(decoding: writer.bytes, as: UTF8.self))
        case .array(let elements): for element in elements { collectTexts(element, into: &secrets) }
        case .object(let members): for member in members.values { collectTexts(member, into: &secrets) }
        default: break
        }
    }

    private static func maskParsed(_ value: JSONValue, member: String?, secrets: [String]) -> JSONValue {
        let isIdentifier = member.map(identifierMembers.contains) ?? false
        switch value {
        case .object(let members):
            var masked: [String: JSONValue] = [:]
            for (key, element) in members {
                let name = contractMembers.contains(key) ? key : DescriptionRedactor.redact(key, secrets: secrets)
                masked[name] = isPersonal(key) && !element.isNull ? .string(mask) : maskParsed(element, member: key, secrets: secrets)
            }
            return .object(masked)
        case .array(let elements):
            return .array(elements.map { maskParsed($0, member: member, secrets: secrets) })
        case .string(let text):
            if isIdentifier { return .string(removing(secrets, from: text)) }
            return .string(DescriptionRedactor.redact(text, secrets: secrets))
        case .number(let number):
            if !isIdentifier, abs(number) >= 1_000_000 { return .string(mask) }
            return value
        case .bool, .null:
            return value
        }
    }

    private static func removing(_ secrets: [String], from text: String) -> String {
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 2 {
            result = result.replacingEvery(secret, with: mask)
        }
        return result
    }

    // MARK: Unparsable bytes

    /// Envelope members (and `requestId`) whose short ASCII value is kept in an unparsed copy.
    static let unparsedKeptValues: Set<String> = [
        "id", "type", "version", "occurredAt", "source", "correlationId", "causationId", "requestId",
    ]

    /// The masked shape of the first `unparsedPrefixBytes` bytes (see the type's comment).
    static func maskUnparsed(_ original: [UInt8]) -> [UInt8] {
        var scanner = ShapeScanner(bytes: Array(original.prefix(unparsedPrefixBytes)))
        return scanner.shape()
    }
}

/// Writes the shape of bytes that look like JSON but do not parse (see `DeadLetterMasker`).
private struct ShapeScanner {
    let bytes: [UInt8]
    var index = 0
    var output: [UInt8] = []
    /// The last member name seen, while its value is expected.
    var pendingMember: String?
    /// How many objects are open: 1 is the envelope, 2 its `data`.
    var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        output.reserveCapacity(bytes.count)
    }

    mutating func shape() -> [UInt8] {
        let limit = DeadLetterMasker.unparsedPrefixBytes
        while index < bytes.count, output.count < limit {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","):
                if byte == UInt8(ascii: "{") { depth += 1 }
                if byte == UInt8(ascii: "}") { depth -= 1 }
                output.append(byte)
                pendingMember = nil
                index += 1
            case UInt8(ascii: ":"), 0x20, 0x09, 0x0A, 0x0D:
                output.append(byte)
                index += 1
            case UInt8(ascii: "\""):
                string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                number()
            default:
                if !literal() { other() }
            }
        }
        return Array(output.prefix(limit))
    }

    /// A string: a member name when a colon follows, else a value.
    private mutating func string() {
        var end = index + 1
        var escaped = false
        while end < bytes.count {
            if escaped { escaped = false } else if bytes[end] == UInt8(ascii: "\\") { escaped = true } else if bytes[end] == UInt8(ascii: "\"") { break }
            end += 1
        }
        let closed = end < bytes.count
        let content = Array(bytes[(index + 1)..<min(end, bytes.count)])
        index = closed ? end + 1 : bytes.count
        var next = index
        while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
        let isMemberName = closed && next < bytes.count && bytes[next] == UInt8(ascii: ":")
        if isMemberName {
            let word = Self.isShortWord(content) ? String(decoding: content, as: UTF8.self) : nil
            write(quoted: word ?? DeadLetterMasker.mask)
            pendingMember = word
            return
        }
        let keep = closed && pendingMember.map(keptValue) == true && Self.isSafeValue(content)
        write(quoted: keep ? String(decoding: content, as: UTF8.self) : DeadLetterMasker.mask)
        pendingMember = nil
    }

    /// The envelope's own members (depth 1), and `requestId` in the envelope or its data.
    private func keptValue(_ member: String) -> Bool {
        if member == "requestId" { return depth <= 2 }
        return depth == 1 && DeadLetterMasker.unparsedKeptValues.contains(member)
    }

    private mutating func number() {
        var end = index
        while end < bytes.count, "-+.eE0123456789".utf8.contains(bytes[end]) { end += 1 }
        let digits = bytes[index..<end].filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
        if digits <= 4 { output += bytes[index..<end] } else { output += Array(DeadLetterMasker.mask.utf8) }
        index = end
        pendingMember = nil
    }

    private mutating func literal() -> Bool {
        for word in ["true", "false", "null"] {
            let utf8 = Array(word.utf8)
            if index + utf8.count <= bytes.count, Array(bytes[index..<(index + utf8.count)]) == utf8 {
                output += utf8
                index += utf8.count
                pendingMember = nil
                return true
            }
        }
        return false
    }

    /// A run of anything else becomes one "?".
    private mutating func other() {
        while index < bytes.count, !"{}[],:\" \t\r\n".utf8.contains(bytes[index]) { index += 1 }
        output.append(UInt8(ascii: "?"))
        pendingMember = nil
    }

    private mutating func write(quoted text: String) {
        output.append(UInt8(ascii: "\""))
        output += Array(text.utf8)
        output.append(UInt8(ascii: "\""))
    }

    /// 1–40 ASCII letters, digits, `_` or `-`, starting with a letter: a member name that
    /// cannot hold a phone number or a name in Chinese.
    static func isShortWord(_ content: [UInt8]) -> Bool {
        guard let first = content.first, (1...40).contains(content.count), isLetter(first) else { return false }
        return content.allSatisfy { isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// At most 200 printable ASCII characters, no backslash: an id, a type, a timestamp
    /// (never a name in Chinese; the request id is on the dead letter as its key anyway).
    static func isSafeValue(_ content: [UInt8]) -> Bool {
        content.count <= 200 && content.allSatisfy { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
