import Foundation
import Postgres

/// SQL of `audit_facts`: one row per recorded audit (the first verdict wins; surveys refuses a
/// different one).
enum AuditFactStore {
    /// The ids among `auditIds` already recorded.
    static func known(_ auditIds: [String], on db: PGConnection) throws -> Set<String> {
        guard !auditIds.isEmpty else { return [] }
        return Set(try db.query("SELECT audit_id FROM audit_facts WHERE audit_id = ANY(\(auditIds)::text[])").map {
            try $0.get("audit_id") as String
        })
    }

    /// Inserts new audits with one statement (a known id is left as it is).
    static func insert(_ audits: [AuditFact], on db: PGConnection) throws {
        guard !audits.isEmpty else { return }
        try db.execute("""
            INSERT INTO audit_facts (audit_id, ticket_id, passed, recorded_at)
            SELECT * FROM unnest(\(audits.map(\.auditId))::text[], \(audits.map(\.ticketId))::text[],
                                 \(audits.map(\.passed))::boolean[], \(audits.map(\.recordedAt))::timestamptz[])
            ON CONFLICT (audit_id) DO NOTHING
            """)
    }
}
