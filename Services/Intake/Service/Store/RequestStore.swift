import Foundation
import Postgres

/// What intake remembers of a request id, for de-duplication.
public struct RequestRecord: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case pending, opened, rejected
    }

    public var requestId: String
    public var bodyHash: String
    public var outcome: Outcome
    public var ticketId: String?
    public var duplicates: Int
}

/// The request de-duplication table.
public enum RequestStore {
    /// Claims `requestId` for this transaction: inserts a pending row and returns nil, or —
    /// when the id is already known — locks and returns the existing row. A concurrent
    /// instance claiming the same id waits for this transaction and then sees its row.
    public static func claim(requestId: String, bodyHash: String, now: Date, on db: PGConnection) throws -> RequestRecord? {
        let inserted = try db.query("""
            INSERT INTO requests (request_id, body_hash, outcome, received_at, updated_at)
            VALUES (\(requestId), \(bodyHash), 'pending', \(now), \(now))
            ON CONFLICT (request_id) DO NOTHING
            RETURNING request_id
            """)
        if !inserted.isEmpty { return nil }
        return try find(requestId: requestId, lock: true, on: db)
    }

    /// The row of `requestId`, optionally locked for update.
    public static func find(requestId: String, lock: Bool, on db: PGConnection) throws -> RequestRecord? {
        let locking: PGQuery = lock ? " FOR UPDATE" : ""
        guard let row = try db.query("""
            SELECT request_id, body_hash, outcome, ticket_id, duplicates FROM requests WHERE request_id = \(requestId)
            """ + locking).first else { return nil }
        return RequestRecord(requestId: try row.get("request_id"), bodyHash: try row.get("body_hash"),
                             outcome: RequestRecord.Outcome(rawValue: try row.get("outcome")) ?? .pending,
                             ticketId: try row.get("ticket_id"), duplicates: try row.get("duplicates"))
    }

    /// Records the outcome (and, for a correction after a rejection, the new body hash).
    public static func settle(requestId: String, bodyHash: String, outcome: RequestRecord.Outcome, ticketId: String?,
                              now: Date, on db: PGConnection) throws {
        try db.execute("""
            UPDATE requests SET outcome = \(outcome.rawValue), body_hash = \(bodyHash), ticket_id = \(ticketId),
                   updated_at = \(now)
            WHERE request_id = \(requestId)
            """)
    }

    /// Counts one identical resubmission.
    public static func countDuplicate(requestId: String, now: Date, on db: PGConnection) throws {
        try db.execute("""
            UPDATE requests SET duplicates = duplicates + 1, updated_at = \(now) WHERE request_id = \(requestId)
            """)
    }

    /// The hex sha-256 of a canonical request body, computed by PostgreSQL.
    public static func hash(_ canonicalBody: String, on db: PGConnection) throws -> String {
        try db.query("SELECT encode(sha256(convert_to(\(canonicalBody), 'UTF8')), 'hex') AS h").first?.get("h") ?? ""
    }
}
