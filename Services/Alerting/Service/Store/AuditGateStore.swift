import Foundation
import Postgres

/// SQL of `audit_requests` (one row per audit surveys requested; the first request wins) and
/// `audit_verdicts_pending` (verdicts held until their request arrives, one row per verdict
/// event; dropped when the request arrives or `AuditVerdictGate.pendingRetention` after receipt).
enum AuditGateStore {
    /// What the gate needs for the batch's audits, in one query: which of `auditIds` have a
    /// counted verdict (`audit_facts`) and their recorded requests.
    static func load(_ auditIds: [String], on db: PGConnection)
        throws -> (counted: Set<String>, requests: [String: AuditRequestFact]) {
        guard !auditIds.isEmpty else { return ([], [:]) }
        var counted = Set<String>()
        var requests: [String: AuditRequestFact] = [:]
        for row in try db.query("""
            SELECT a.audit_id, f.audit_id IS NOT NULL AS counted, r.ticket_id, r.requested_at
            FROM unnest(\(auditIds)::text[]) AS a(audit_id)
            LEFT JOIN audit_facts f ON f.audit_id = a.audit_id
            LEFT JOIN audit_requests r ON r.audit_id = a.audit_id
            """) {
            let auditId: String = try row.get("audit_id")
            if try row.get("counted") as Bool { counted.insert(auditId) }
            if let ticketId: String = try row.get("ticket_id") {
                requests[auditId] = AuditRequestFact(auditId: auditId, ticketId: ticketId, requestedAt: try row.get("requested_at"))
            }
        }
        return (counted, requests)
    }

    /// The verdicts held for `auditIds` and received at or after `receivedSince` (older ones have
    /// expired), by audit id, in arrival order.
    static func pending(_ auditIds: [String], receivedSince: Date, on db: PGConnection) throws -> [String: [PendingAuditVerdict]] {
        guard !auditIds.isEmpty else { return [:] }
        var pending: [String: [PendingAuditVerdict]] = [:]
        for row in try db.query("""
            SELECT audit_id, event_id, ticket_id, passed, findings::text AS findings, recorded_at, received_at
            FROM audit_verdicts_pending WHERE audit_id = ANY(\(auditIds)::text[]) AND received_at >= \(receivedSince)
            ORDER BY received_at, recorded_at, event_id
            """) {
            let findings: String = try row.get("findings")
            let audit = AuditFact(auditId: try row.get("audit_id"), ticketId: try row.get("ticket_id"), passed: try row.get("passed"),
                                  findings: (try? JSONDecoder().decode([String].self, from: Data(findings.utf8))) ?? [],
                                  recordedAt: try row.get("recorded_at"))
            pending[audit.auditId, default: []].append(
                PendingAuditVerdict(eventId: try row.get("event_id"), audit: audit, receivedAt: try row.get("received_at")))
        }
        return pending
    }

    /// Records new requests with one statement (an audit requested before keeps its request).
    static func insertRequests(_ requests: [AuditRequestFact], on db: PGConnection) throws {
        guard !requests.isEmpty else { return }
        try db.execute("""
            INSERT INTO audit_requests (audit_id, ticket_id, requested_at)
            SELECT * FROM unnest(\(requests.map(\.auditId))::text[], \(requests.map(\.ticketId))::text[],
                                 \(requests.map(\.requestedAt))::timestamptz[])
            ON CONFLICT (audit_id) DO NOTHING
            """)
    }

    /// Holds new verdicts and drops those received before `expiredBefore`, with one statement.
    static func hold(_ verdicts: [PendingAuditVerdict], expiredBefore cutoff: Date, on db: PGConnection) throws {
        guard !verdicts.isEmpty else { return }
        let findings = try verdicts.map { String(decoding: try JSONEncoder().encode($0.audit.findings), as: UTF8.self) }
        try db.execute("""
            WITH expired AS (DELETE FROM audit_verdicts_pending WHERE received_at < \(cutoff))
            INSERT INTO audit_verdicts_pending (audit_id, event_id, ticket_id, passed, findings, recorded_at, received_at)
            SELECT v.audit_id, v.event_id, v.ticket_id, v.passed, v.findings::jsonb, v.recorded_at, v.received_at
            FROM unnest(\(verdicts.map(\.audit.auditId))::text[], \(verdicts.map(\.eventId))::text[],
                        \(verdicts.map(\.audit.ticketId))::text[], \(verdicts.map(\.audit.passed))::boolean[],
                        \(findings)::text[], \(verdicts.map(\.audit.recordedAt))::timestamptz[],
                        \(verdicts.map(\.receivedAt))::timestamptz[])
                 AS v(audit_id, event_id, ticket_id, passed, findings, recorded_at, received_at)
            ON CONFLICT (audit_id, event_id) DO NOTHING
            """)
    }

    /// Drops every verdict held for `auditIds` (their request arrived), with one statement.
    static func release(_ auditIds: [String], on db: PGConnection) throws {
        guard !auditIds.isEmpty else { return }
        try db.execute("DELETE FROM audit_verdicts_pending WHERE audit_id = ANY(\(auditIds)::text[])")
    }
}
