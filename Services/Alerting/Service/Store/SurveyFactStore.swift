import Foundation
import Postgres

/// SQL of `survey_facts`.
enum SurveyFactStore {
    /// What the batch's surveys need, in one query: the latest `limit` surveys of each of
    /// `technicians` (oldest first) and which of `surveyIds` are already recorded.
    static func load(technicians: [String], limit: Int, surveyIds: [String],
                     on db: PGConnection) throws -> (history: [String: [SurveyPoint]], known: Set<String>) {
        guard !surveyIds.isEmpty else { return ([:], []) }
        var history: [String: [SurveyPoint]] = [:]
        var known = Set<String>()
        let batchIds = Set(surveyIds)
        for row in try db.query("""
            SELECT survey_id, technician_id, satisfied, completed_at, true AS recent
            FROM (SELECT survey_id, technician_id, satisfied, completed_at,
                         row_number() OVER (PARTITION BY technician_id ORDER BY completed_at DESC, survey_id DESC) AS rank
                  FROM survey_facts WHERE technician_id = ANY(\(technicians)::text[])) latest
            WHERE rank <= \(limit)::int
            UNION ALL
            SELECT survey_id, technician_id, satisfied, completed_at, false AS recent
            FROM survey_facts WHERE survey_id = ANY(\(surveyIds)::text[])
            """) {
            let surveyId: String = try row.get("survey_id")
            if batchIds.contains(surveyId) { known.insert(surveyId) }
            guard try row.get("recent") as Bool, let technician: String = try row.get("technician_id") else { continue }
            history[technician, default: []].append(
                SurveyPoint(surveyId: surveyId, satisfied: try row.get("satisfied"), completedAt: try row.get("completed_at")))
        }
        for technician in history.keys {
            history[technician]?.sort { ($0.completedAt, $0.surveyId) < ($1.completedAt, $1.surveyId) }
        }
        return (history, known)
    }

    /// Appends surveys with one statement (a survey id recorded before stays as it was).
    static func insert(_ surveys: [SurveyFact], on db: PGConnection) throws {
        guard !surveys.isEmpty else { return }
        try db.execute("""
            INSERT INTO survey_facts (survey_id, ticket_id, technician_id, satisfied, attitude, efficiency, quality, completed_at)
            SELECT * FROM unnest(\(surveys.map(\.surveyId))::text[], \(surveys.map(\.ticketId))::text[],
                                 \(surveys.map(\.technicianId))::text[], \(surveys.map(\.satisfied))::boolean[],
                                 \(surveys.map(\.attitude))::int[], \(surveys.map(\.efficiency))::int[],
                                 \(surveys.map(\.quality))::int[], \(surveys.map(\.completedAt))::timestamptz[])
            ON CONFLICT (survey_id) DO NOTHING
            """)
    }
}
