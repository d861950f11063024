import Foundation
import Postgres

// The report's reads: every sent survey and every audit with the facts that place it in a
// group (`ReportAttribution`), and what the roster knows of its technician now.
extension SurveysStore {
    /// Every sent survey (requested, answered or expired), keyed by `dimension`.
    func reportRows(by dimension: SurveyReport.Dimension) throws -> [SurveyAggregates.Row] {
        let rows = try db.query("""
            SELECT s.status, s.satisfied, s.attitude, s.efficiency, s.quality, s.technician_id, s.provider_id, s.roster_known,
                   s.resolved_remotely, s.region, s.category, s.model,
                   r.technician_id AS roster_technician_id, r.provider_id AS roster_provider_id
              FROM surveys s LEFT JOIN survey_technicians r ON r.technician_id = s.technician_id
             WHERE s.status = ANY(\(SurveyStatus.sent.map(\.rawValue))::text[])
            """)
        return try rows.map { row in
            let status = try Self.decode(SurveyStatus.self, try row.get("status"), column: "surveys.status")
            let attitude: Int? = try row.get("attitude")
            let efficiency: Int? = try row.get("efficiency")
            let quality: Int? = try row.get("quality")
            let scores = attitude.flatMap { a in efficiency.flatMap { e in quality.map { q in (a, e, q) } } }
            return SurveyAggregates.Row(key: ReportAttribution.key(dimension, try Self.facts(from: row)),
                                        answered: status == .completed,
                                        satisfied: (try row.get("satisfied") as Bool?) ?? false, scores: scores)
        }
    }

    /// Every audit, keyed by `dimension`.
    func reportAudits(by dimension: SurveyReport.Dimension) throws -> [SurveyAggregates.AuditEntry] {
        try db.query("""
            SELECT a.status, a.technician_id, a.provider_id, a.roster_known, a.resolved_remotely, a.region, a.category, a.model,
                   r.technician_id AS roster_technician_id, r.provider_id AS roster_provider_id
              FROM audits a LEFT JOIN survey_technicians r ON r.technician_id = a.technician_id
            """).map { row in
            SurveyAggregates.AuditEntry(key: ReportAttribution.key(dimension, try Self.facts(from: row)),
                                        status: try Self.decode(AuditStatus.self, try row.get("status"), column: "audits.status"))
        }
    }

    private static func facts(from row: PGRow) throws -> ReportAttribution.Facts {
        let rosterTechnician: String? = try row.get("roster_technician_id")
        return ReportAttribution.Facts(
            work: try work(from: row),
            rosterNow: try rosterTechnician.map { TechnicianRow(technicianId: $0, providerId: try row.get("roster_provider_id")) },
            region: try row.get("region"), category: try row.get("category"), model: try row.get("model"))
    }
}
