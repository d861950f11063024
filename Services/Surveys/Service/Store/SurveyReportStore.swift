import Foundation
import Postgres

// The report's read: one row per survey that was sent, grouped by the caller.
extension SurveysStore {
    /// Every sent survey (requested, answered or expired) as the aggregates see it, keyed by
    /// `dimension` ('unknown' when the survey has no value for it).
    func reportRows(by dimension: SurveyReport.Dimension) throws -> [SurveyAggregates.Row] {
        // The column name comes from the closed Dimension enum, never from input.
        let rows = try db.query("""
            SELECT coalesce(\(unsafeRaw: dimension.column), 'unknown') AS key, status, satisfied, attitude, efficiency, quality
              FROM surveys WHERE status = ANY(\(SurveyStatus.sent.map(\.rawValue))::text[])
            """)
        return try rows.map { row in
            let status = try Self.decode(SurveyStatus.self, try row.get("status"), column: "surveys.status")
            let attitude: Int? = try row.get("attitude")
            let efficiency: Int? = try row.get("efficiency")
            let quality: Int? = try row.get("quality")
            let scores = attitude.flatMap { a in efficiency.flatMap { e in quality.map { q in (a, e, q) } } }
            return SurveyAggregates.Row(key: try row.get("key"), answered: status == .completed,
                                        satisfied: (try row.get("satisfied") as Bool?) ?? false, scores: scores)
        }
    }
}
