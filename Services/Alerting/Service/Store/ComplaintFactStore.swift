import Foundation
import Postgres

/// SQL of `complaint_facts`.
enum ComplaintFactStore {
    /// Opening times by complaint id: those of `complaintIds` already recorded and every
    /// complaint opened after `since` (the complaint-spike windows of the batch), one query.
    static func load(complaintIds: [String], since: Date?, on db: PGConnection) throws -> [String: Date] {
        guard !complaintIds.isEmpty || since != nil else { return [:] }
        var complaints: [String: Date] = [:]
        for row in try db.query("""
            SELECT complaint_id, opened_at FROM complaint_facts
            WHERE complaint_id = ANY(\(complaintIds)::text[]) OR opened_at > \(since)
            """) {
            complaints[try row.get("complaint_id")] = try row.get("opened_at")
        }
        return complaints
    }

    /// Appends complaints with one statement.
    static func insert(_ complaints: [ComplaintFact], on db: PGConnection) throws {
        guard !complaints.isEmpty else { return }
        try db.execute("""
            INSERT INTO complaint_facts (complaint_id, ticket_id, opened_at)
            SELECT * FROM unnest(\(complaints.map(\.complaintId))::text[], \(complaints.map(\.ticketId))::text[],
                                 \(complaints.map(\.openedAt))::timestamptz[])
            ON CONFLICT (complaint_id) DO NOTHING
            """)
    }
}
