import Foundation
import Postgres
import ServiceRuntime

/// One quarantined original, as an operator or a replay tool reads it.
public struct QuarantinedMessage: Sendable, Equatable {
    public var id: Int64
    public var topic: String
    public var partition: Int
    public var offset: Int64
    public var key: String?
    public var original: [UInt8]
    /// The original's full length (`original` holds at most `QuarantineStore.maxKeptBytes`).
    public var originalBytes: Int
    public var originalSHA256: String
    public var reason: String
    public var customerId: String?
    public var quarantinedAt: Date
}

/// The unmasked originals of dead-lettered requests (PII: never logged, never printed).
/// Found by the position the dead letter names (topic, partition, offset).
public enum QuarantineStore {
    /// Originals longer than this are kept cut to it (with their full length and SHA-256).
    public static let maxKeptBytes = 16 * 1_048_576

    /// Keeps `original` for the dead letter at `origin`; a second dead letter of the same
    /// position (none is expected) changes nothing.
    public static func keep(_ original: [UInt8], origin: DeadLetterOrigin, customerId: String?, now: Date,
                            on db: PGConnection) throws {
        let kept = Data(original.prefix(maxKeptBytes))
        // Text columns must not hold NUL or other control characters (PostgreSQL refuses NUL).
        let reason = String(printable(origin.reason).prefix(4_000))
        try db.execute("""
            INSERT INTO quarantine (topic, partition, "offset", message_key, original, original_bytes, original_sha256,
                                    reason, customer_id, quarantined_at)
            VALUES (\(origin.topicName), \(Int(origin.partition))::int, \(origin.offset)::bigint,
                    \(origin.key.map(printable)), \(kept), \(original.count)::int, \(Digest.sha256Hex(original)),
                    \(reason), \(customerId), \(now))
            ON CONFLICT (topic, partition, "offset") DO NOTHING
            """)
    }

    /// The quarantined original of a dead letter's position, if kept.
    public static func find(topic: String, partition: Int, offset: Int64, on db: PGConnection) throws -> QuarantinedMessage? {
        try db.query("""
            SELECT id, topic, partition, "offset", message_key, original, original_bytes, original_sha256, reason,
                   customer_id, quarantined_at
            FROM quarantine WHERE topic = \(topic) AND partition = \(partition)::int AND "offset" = \(offset)::bigint
            """).first.map { row in
            QuarantinedMessage(id: try row.get("id"), topic: try row.get("topic"), partition: try row.get("partition"),
                               offset: try row.get("offset"), key: try row.get("message_key"),
                               original: Array(try row.get("original", as: Data.self)),
                               originalBytes: try row.get("original_bytes"), originalSHA256: try row.get("original_sha256"),
                               reason: try row.get("reason"), customerId: try row.get("customer_id"),
                               quarantinedAt: try row.get("quarantined_at"))
        }
    }

    /// Deletes the quarantined originals of one customer: those filed under their id, and
    /// those whose id could not be read (the bytes did not parse) but whose bytes hold it as
    /// a JSON string (`"C-1"`, quotes included, so C-1 does not match C-10). Returns how many.
    @discardableResult
    public static func deleteCustomer(_ customerId: String, on db: PGConnection) throws -> Int {
        let quoted = Data(("\"" + customerId + "\"").utf8)
        return try db.execute("""
            DELETE FROM quarantine
            WHERE customer_id = \(customerId)
               OR (customer_id IS NULL AND position(\(quoted)::bytea IN original) > 0)
            """)
    }

    /// Deletes originals quarantined before `cutoff`; returns how many.
    @discardableResult
    public static func deleteOlder(than cutoff: Date, on db: PGConnection) throws -> Int {
        try db.execute("DELETE FROM quarantine WHERE quarantined_at < \(cutoff)")
    }

    /// Text without control characters.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.generalCategory != .control }))
    }
}
