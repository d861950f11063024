import Foundation
import Postgres

/// SQL of `audit_facts`: one row per counted audit (the first verdict `AuditVerdictGate` accepts
/// wins; surveys refuses a different one). Which audits are counted is read by `AuditGateStore.load`.
enum AuditFactStore {
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
