import Foundation
import Postgres
import ServiceRuntime

/// What intake remembers of a request id, for de-duplication.
public struct RequestRecord: Sendable, Equatable {
    /// What came of the request. `pending` is kept for rows written by earlier versions,
    /// which claimed a request before deciding; a batch now writes only the final outcome.
    public enum Outcome: String, Sendable {
        case pending, opened, rejected
    }

    public var requestId: String
    public var bodyHash: String
    public var outcome: Outcome
    public var ticketId: String?
    public var duplicates: Int

    public init(requestId: String, bodyHash: String, outcome: Outcome, ticketId: String?, duplicates: Int) {
        self.requestId = requestId
        self.bodyHash = bodyHash
        self.outcome = outcome
        self.ticketId = ticketId
        self.duplicates = duplicates
    }
}

/// Another instance recorded one of the batch's request ids after this batch read them (a
/// rebalance race): the batch is retried, and then sees that instance's outcome.
struct RequestClaimRace: TransientFailure, CustomStringConvertible {
    var requestIds: [String]
    var description: String { "\(requestIds.count) request id(s) were claimed by another instance meanwhile; retrying" }
}

/// The request de-duplication table, read and written once per batch.
public enum RequestStore {
    /// The rows of `requestIds`, locked for the rest of the transaction (in id order, so two
    /// instances lock in the same order). Unknown ids are absent.
    public static func load(_ requestIds: [String], on db: PGConnection) throws -> [String: RequestRecord] {
        guard !requestIds.isEmpty else { return [:] }
        var records: [String: RequestRecord] = [:]
        for row in try db.query("""
            SELECT request_id, body_hash, outcome, ticket_id, duplicates FROM requests
            WHERE request_id = ANY(\(requestIds)::text[]) ORDER BY request_id FOR UPDATE
            """) {
            let record = RequestRecord(requestId: try row.get("request_id"), bodyHash: try row.get("body_hash"),
                                       outcome: RequestRecord.Outcome(rawValue: try row.get("outcome")) ?? .pending,
                                       ticketId: try row.get("ticket_id"), duplicates: try row.get("duplicates"))
            records[record.requestId] = record
        }
        return records
    }

    /// Writes the batch's request rows with one upsert. `newIds` are the ids `load` did not
    /// find: if another instance inserted one of them since, the upsert finds it (it waits for
    /// that instance's commit), and `RequestClaimRace` rolls this batch back to be retried.
    public static func save(_ records: [RequestRecord], newIds: Set<String>, now: Date, on db: PGConnection) throws {
        guard !records.isEmpty else { return }
        let ids: [String] = records.map(\.requestId)
        let hashes: [String] = records.map(\.bodyHash)
        let outcomes: [String] = records.map(\.outcome.rawValue)
        let tickets: [String?] = records.map(\.ticketId)
        let duplicates: [Int] = records.map(\.duplicates)
        let rows = try db.query("""
            INSERT INTO requests (request_id, body_hash, outcome, ticket_id, duplicates, received_at, updated_at)
            SELECT id, hash, outcome, ticket, dups, \(now), \(now)
            FROM unnest(\(ids)::text[], \(hashes)::text[], \(outcomes)::text[], \(tickets)::text[], \(duplicates)::int[])
                 AS u (id, hash, outcome, ticket, dups)
            ON CONFLICT (request_id) DO UPDATE
            SET body_hash = EXCLUDED.body_hash, outcome = EXCLUDED.outcome, ticket_id = EXCLUDED.ticket_id,
                duplicates = EXCLUDED.duplicates, updated_at = EXCLUDED.updated_at
            RETURNING request_id, (xmax = 0) AS inserted
            """)
        var raced: [String] = []
        for row in rows {
            let id: String = try row.get("request_id")
            let inserted: Bool = try row.get("inserted")
            if !inserted, newIds.contains(id) { raced.append(id) }
        }
        if !raced.isEmpty { throw RequestClaimRace(requestIds: raced) }
    }
}
