import Foundation
import Schema
import ServiceRuntime

/// How `dead-letters list` and `show` print dead letters. Everything taken from the topic
/// goes through `Printable` (hostile input ends up here by design). `list` never prints
/// the original, only its length and SHA-256; `show` prints it with personal data masked.
public enum DeadLetterRendering {
    // MARK: List

    /// One row per dead letter: time, id, service, original position, key, value, reason.
    public static func table(_ letters: [DeadLetter], topicPrefix: String) -> String {
        guard !letters.isEmpty else { return "no dead letters" }
        let rows = letters.map { letter in
            [time(letter.occurredAt), letter.id, Printable.shortened(letter.service, to: 20),
             origin(letter, topicPrefix: topicPrefix), Printable.shortened(letter.originalKey ?? "-", to: 40),
             valueSummary(letter), Printable.shortened(letter.reason, to: 80)]
        }
        return TextTable.render(header: ["TIME", "ID", "SERVICE", "ORIGINAL", "KEY", "VALUE", "REASON"], rows: rows)
    }

    /// `2026-12-02T08:00:00Z`: the time to the second, in UTC.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter.string(from: date)
    }

    /// One JSON object for `list --json`: everything but the original value.
    public static func jsonLine(_ letter: DeadLetter, topicPrefix: String) -> String {
        func optional<T>(_ value: T?, _ wrap: (T) -> JSONValue) -> JSONValue { value.map(wrap) ?? .null }
        let object: [String: JSONValue] = [
            "id": .string(letter.id),
            "occurredAt": .string(Timestamp.format(letter.occurredAt)),
            "service": .string(letter.service),
            "topic": .string(letter.topic),
            "originalTopic": optional(DeadLetterReplay.registryTopic(of: letter.topic, prefix: topicPrefix)) { .string($0.name) },
            "partition": optional(letter.partition) { .number(Double($0)) },
            "offset": optional(letter.offset) { .number(Double($0)) },
            "key": optional(letter.originalKey) { .string($0) },
            "correlationId": optional(letter.correlationId) { .string($0) },
            "reason": .string(letter.reason),
            "valueLength": optional(letter.valueLength ?? (letter.isTruncated ? nil : letter.value?.count)) { .number(Double($0)) },
            "valueSha256": optional(letter.valueSha256) { .string($0) },
            "valueTruncated": .bool(letter.isTruncated),
            "carried": .string(fidelityWord(letter.fidelity)),
        ]
        return String(decoding: JSONWriter.data(.object(object)), as: UTF8.self)
    }

    /// `aftersales.field[3]@42`, or `aftersales.tickets (never published)` for the relay's.
    static func origin(_ letter: DeadLetter, topicPrefix: String) -> String {
        let topic = DeadLetterReplay.registryTopic(of: letter.topic, prefix: topicPrefix)?.name
            ?? Printable.shortened(letter.topic, to: 60)
        if letter.neverPublished { return "\(topic) (never published)" }
        return "\(topic)[\(letter.partition.map(String.init) ?? "?")]@\(letter.offset.map(String.init) ?? "?")"
    }

    /// `812 B sha256 1a2b3c4d5e6f`, with `truncated` or `masked copy` when so.
    static func valueSummary(_ letter: DeadLetter) -> String {
        guard let value = letter.value else { return "no value" }
        let length = letter.valueLength ?? value.count
        var text = "\(length) B"
        if let sha = letter.valueSha256 { text += " sha256 \(Printable.clean(String(sha.prefix(12))))" }
        switch letter.fidelity {
        case .truncated: text += " truncated"
        case .copy: text += " masked copy"
        case .whole, .unverified, .unreadable: break
        }
        return text
    }

    static func fidelityWord(_ fidelity: DeadLetter.Fidelity) -> String {
        switch fidelity {
        case .whole: "whole"
        case .unverified: "unverified"
        case .truncated: "truncated"
        case .copy: "masked-copy"
        case .unreadable: "unreadable"
        }
    }

    // MARK: Show

    /// The whole dead letter: its fields, whether it can be replayed, and the original
    /// decoded (pretty JSON when it parses, personal data masked).
    public static func show(_ letter: DeadLetter, topicPrefix: String) -> String {
        let registry = DeadLetterReplay.registryTopic(of: letter.topic, prefix: topicPrefix)
        var position = registry?.name ?? Printable.clean(letter.topic)
        position += letter.neverPublished
            ? " (never published: the broker refused the outgoing event)"
            : ", partition \(letter.partition.map(String.init) ?? "?"), offset \(letter.offset.map(String.init) ?? "?")"
        var fields: [(String, String)] = [
            ("time", Timestamp.format(letter.occurredAt)),
            ("service", Printable.clean(letter.service)),
            ("reason", Printable.clean(letter.reason)),
            ("original", position),
            ("key", Printable.clean(letter.originalKey ?? "(none)")),
        ]
        if let correlation = letter.correlationId { fields.append(("correlation", Printable.clean(correlation))) }
        fields.append(("value", valueDescription(letter)))
        do {
            _ = try DeadLetterReplay.plan(letter, topicPrefix: topicPrefix, newId: "-")
            fields.append(("replay", "possible: aftersales dead-letters replay \(letter.id)"))
        } catch {
            let why = "\(error)".replacingOccurrences(of: "cannot replay dead letter \(letter.id): ", with: "")
            fields.append(("replay", "not possible: \(why)"))
        }
        var lines = ["dead letter \(letter.id)"]
        lines += fields.map { "  \($0.0.padding(toLength: 12, withPad: " ", startingAt: 0)) \($0.1)" }
        lines.append(original(letter, isRequestTopic: registry == .requests))
        return lines.joined(separator: "\n")
    }

    /// Length, fingerprint and how the carried bytes relate to the original.
    static func valueDescription(_ letter: DeadLetter) -> String {
        guard let value = letter.value else { return "none readable (missing or not base64)" }
        let length = letter.valueLength ?? value.count
        let sha = letter.valueSha256.map { ", sha256 \(Printable.clean($0))" } ?? ""
        switch letter.fidelity {
        case .whole: return "\(length) bytes\(sha); carried whole (SHA-256 verified)"
        case .unverified: return "\(value.count) bytes carried (no SHA-256 to verify against)"
        case .truncated: return "\(length) bytes\(sha); TRUNCATED: only the first \(value.count) bytes are carried"
        case .copy: return "\(length) bytes\(sha); a masked copy of \(value.count) bytes is carried, not the original"
        case .unreadable: return "none readable"
        }
    }

    /// The original as text: pretty JSON with personal data masked, or (when not JSON) the
    /// text itself, except for a raw request that may hold personal data unmasked.
    static func original(_ letter: DeadLetter, isRequestTopic: Bool) -> String {
        guard let bytes = letter.value else { return "original: none readable" }
        let cut = letter.isTruncated ? " (truncated)" : ""
        do {
            let value = try JSONParser.parse(bytes, maxDepth: SchemaLimits.maxNestingDepth)
            let isRequest = isRequestTopic || value["type"]?.stringValue.flatMap(EventType.init(rawValue:))?.topic == .requests
            let masked = PersonalDataMask.masked(value, isRequest: isRequest)
            let note = isRequest ? ", customer name, phone and address masked" : ""
            return "original\(cut) (JSON\(note)):\n" + Printable.clean(PrettyJSON.text(masked), keepNewlines: true)
        } catch {
            let problem = Printable.shortened(error.description, to: 120)
            if isRequestTopic && letter.fidelity != .copy {
                return "original\(cut): \(bytes.count) bytes, not JSON (\(problem)); not shown: a request may hold the"
                    + " customer's name, phone and address, which cannot be masked in bytes that do not parse"
            }
            return "original\(cut) (not JSON: \(problem)), as text:\n"
                + Printable.clean(String(decoding: bytes, as: UTF8.self), keepNewlines: true)
        }
    }
}
