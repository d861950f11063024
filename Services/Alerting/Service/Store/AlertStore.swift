import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Another instance raised an alert of the same rule and subject first: retry the batch
/// (it will then see that alert).
struct AlertRace: TransientFailure, CustomStringConvertible {
    var description: String { "another instance recorded an alert of this batch first; retrying" }
}

/// SQL of `alerts` (at most one open per rule and subject: a partial unique index).
enum AlertStore {
    /// The recorded state of `pairs`: each pair's open alert and latest occurrence, locked
    /// (in rule, subject, occurrence order). Pairs without alerts are absent.
    static func lock(_ pairs: [AlertBook.Pair], on db: PGConnection) throws -> [AlertBook.Pair: AlertBook.PairState] {
        guard !pairs.isEmpty else { return [:] }
        let unique = Array(Set(pairs))
        var states: [AlertBook.Pair: AlertBook.PairState] = [:]
        for row in try db.query("""
            SELECT a.alert_id, a.rule, a.subject, a.occurrence, a.severity, a.status
            FROM alerts a
            JOIN unnest(\(unique.map(\.rule))::text[], \(unique.map(\.subject))::text[]) AS p (rule, subject)
              ON a.rule = p.rule AND a.subject = p.subject
            WHERE a.status <> \(AlertStatus.resolved.rawValue)
               OR a.occurrence = (SELECT max(b.occurrence) FROM alerts b WHERE b.rule = a.rule AND b.subject = a.subject)
            ORDER BY a.rule, a.subject, a.occurrence
            FOR UPDATE OF a
            """) {
            let pair = AlertBook.Pair(rule: try row.get("rule"), subject: try row.get("subject"))
            let status = AlertStatus(rawValue: try row.get("status")) ?? .open
            var state = states[pair] ?? AlertBook.PairState()
            state.lastOccurrence = max(state.lastOccurrence, try row.get("occurrence"))
            if status.isOpen {
                state.open = AlertBook.OpenAlert(alertId: try row.get("alert_id"),
                                                 severity: AlertSeverity(rawValue: try row.get("severity")) ?? .warning,
                                                 escalated: status == .escalated)
            }
            states[pair] = state
        }
        return states
    }

    /// Writes the ledger's rows: updates of recorded alerts first (a resolution must land
    /// before the next alert of its pair opens), then new alerts, one statement each.
    static func write(_ records: [AlertBook.Record], now: Date, on db: PGConnection) throws {
        let changed = records.filter { !$0.isNew }
        if !changed.isEmpty {
            try db.execute("""
                UPDATE alerts a
                SET status = c.status, severity = c.severity, message = COALESCE(c.message, a.message), updated_at = \(now)
                FROM unnest(\(changed.map(\.alertId))::text[], \(changed.map { $0.status.rawValue })::text[],
                            \(changed.map { $0.severity.rawValue })::text[], \(changed.map(\.message))::text[])
                     AS c (alert_id, status, severity, message)
                WHERE a.alert_id = c.alert_id
                """)
        }
        let new = records.filter(\.isNew)
        guard !new.isEmpty else { return }
        do {
            try db.execute("""
                INSERT INTO alerts (alert_id, rule, subject, occurrence, severity, status, message, raised_at, updated_at)
                SELECT alert_id, rule, subject, occurrence, severity, status, message, \(now), \(now)
                FROM unnest(\(new.map(\.alertId))::text[], \(new.map(\.rule))::text[], \(new.map(\.subject))::text[],
                            \(new.map(\.occurrence))::int[], \(new.map { $0.severity.rawValue })::text[],
                            \(new.map { $0.status.rawValue })::text[], \(new.map { $0.message ?? "" })::text[])
                     WITH ORDINALITY AS r (alert_id, rule, subject, occurrence, severity, status, message, position)
                ORDER BY position
                """)
        } catch {
            // `execute` throws PGError only.
            if error.isUniqueViolation { throw AlertRace() }
            throw error
        }
    }

    /// The subjects of `rule`'s open alerts.
    static func openSubjects(rule: String, on db: PGConnection) throws -> Set<String> {
        Set(try db.query("""
            SELECT subject FROM alerts WHERE rule = \(rule) AND status <> \(AlertStatus.resolved.rawValue)
            """).map { try $0.get("subject") as String })
    }

    /// Open alerts by severity.
    static func openCounts(on db: PGConnection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.query("""
            SELECT severity, count(*)::bigint AS n FROM alerts WHERE status <> \(AlertStatus.resolved.rawValue) GROUP BY severity
            """) {
            counts[try row.get("severity")] = try row.get("n")
        }
        return counts
    }
}
