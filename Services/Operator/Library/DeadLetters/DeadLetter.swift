import Foundation
import Schema
import ServiceRuntime

/// One `message.dead-lettered` event as the operator tool reads it: field by field and
/// leniently, so that a dead letter from an older runtime (without `valueLength`,
/// `valueSha256`, `valueTruncated`), from the relay (partition and offset -1) or with a
/// malformed field is still listed and shown rather than skipped.
public struct DeadLetter: Sendable, Equatable {
    /// The dead letter's own event id: what `show` and `replay` take.
    public var id: String
    public var occurredAt: Date
    /// The correlation id of the dead letter (the original story's).
    public var correlationId: String?
    /// The service that gave up.
    public var service: String
    /// The original's topic as the broker names it (with any topic prefix).
    public var topic: String
    /// The original's partition and offset; -1 when the event never reached its topic
    /// (the relay's dead letter of a refused outgoing event); nil when absent.
    public var partition: Int?
    public var offset: Int64?
    /// The original message key, as the runtime made it printable ("" or nil: none).
    public var key: String?
    public var reason: String
    /// The bytes the dead letter carries (the `value` decoded from base64); nil when
    /// `value` is missing or not base64.
    public var value: [UInt8]?
    /// Additions (December 2026): the full original's length and SHA-256, and whether
    /// `value` holds only its first 64 KiB.
    public var valueLength: Int?
    public var valueSha256: String?
    public var valueTruncated: Bool?

    /// How the carried bytes relate to the original message.
    public enum Fidelity: Sendable, Equatable {
        /// The original, whole: its SHA-256 matches `valueSha256`.
        case whole
        /// No fingerprint to check against (older runtimes, the relay): taken as it is.
        case unverified
        /// Only the first bytes of the original.
        case truncated
        /// A copy that differs from the original (the service masked personal data and
        /// kept the original itself, as intake does for requests).
        case copy
        /// `value` is missing or not base64.
        case unreadable
    }

    /// Reads a dead letter from its envelope; nil when the envelope is another type.
    public init?(envelope: Envelope) {
        guard envelope.eventType == .messageDeadLettered, case .object(let data) = envelope.data else { return nil }
        id = envelope.id
        occurredAt = envelope.occurredAt
        correlationId = envelope.correlationId
        service = data["service"]?.stringValue ?? "?"
        topic = data["topic"]?.stringValue ?? "?"
        partition = data["partition"]?.intValue
        offset = data["offset"]?.doubleValue.flatMap { Int64(exactly: $0) }
        key = data["key"]?.stringValue
        reason = data["reason"]?.stringValue ?? ""
        value = data["value"]?.stringValue.flatMap { Data(base64Encoded: $0) }.map(Array.init)
        valueLength = data["valueLength"]?.intValue
        valueSha256 = data["valueSha256"]?.stringValue
        valueTruncated = data["valueTruncated"]?.boolValue
    }

    /// Whether the carried bytes are only the start of the original: as the dead letter
    /// says, or (when it does not say) as its `valueLength` shows.
    public var isTruncated: Bool {
        if let valueTruncated { return valueTruncated }
        guard let valueLength, let value else { return false }
        return valueLength > value.count
    }

    public var fidelity: Fidelity {
        guard let value else { return .unreadable }
        if isTruncated { return .truncated }
        guard let valueSha256 else { return .unverified }
        return SHA256.hex(value) == valueSha256.lowercased() ? .whole : .copy
    }

    /// Whether the event never reached its topic (the relay could not publish it).
    public var neverPublished: Bool { partition == -1 || offset == -1 }

    /// The original key, when there was one.
    public var originalKey: String? { key.flatMap { $0.isEmpty ? nil : $0 } }
}

// MARK: - Finding by id

extension DeadLetter {
    /// The shortest id prefix `show` and `replay` accept.
    public static let minimumPrefix = 8

    /// The dead letter with this id, or the only one whose id starts with it (8 characters
    /// or more); a sentence naming the problem otherwise.
    public static func find(_ id: String, in letters: [DeadLetter]) throws -> DeadLetter {
        if let exact = letters.first(where: { $0.id == id }) { return exact }
        let matches = id.count >= minimumPrefix ? letters.filter { $0.id.hasPrefix(id) } : []
        switch matches.count {
        case 1: return matches[0]
        case 0: throw OperatorError("unknown dead letter '\(Printable.clean(id))': no dead letter on aftersales.dead-letters has that id")
        default:
            throw OperatorError("dead letter id '\(Printable.clean(id))' is ambiguous: \(matches.count) ids start with it; give more of it")
        }
    }
}
