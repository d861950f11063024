import Foundation
import Postgres

// A due timer's transition of one survey: one conditional UPDATE whose statuses come from
// the lifecycle rule, so a timer that fires after the survey moved on (answered, cancelled)
// changes nothing.
extension SurveysStore {
    /// A survey a timer moved, with what its event needs.
    struct MovedSurvey: Equatable {
        var surveyId: String
        var ticketId: String
        /// The ticket's customer id (nil when `ticket.opened` was never seen).
        var customerId: String?
    }

    /// Sends a scheduled survey (`SurveyLifecycle.Transition.request`); nil when it is not scheduled.
    func request(_ surveyId: String, at now: Date) throws -> MovedSurvey? {
        let transition = SurveyLifecycle.Transition.request
        return try moved(db.query("""
            UPDATE surveys s SET status = \(transition.to.rawValue), requested_at = \(now)
             WHERE s.survey_id = \(surveyId) AND s.status = \(transition.from.rawValue)
            RETURNING s.survey_id, s.ticket_id,
                      (SELECT t.customer_id FROM survey_tickets t WHERE t.ticket_id = s.ticket_id) AS customer_id
            """))
    }

    /// Expires a requested survey (`SurveyLifecycle.Transition.expire`); nil when it is not requested.
    func expire(_ surveyId: String, at now: Date) throws -> MovedSurvey? {
        let transition = SurveyLifecycle.Transition.expire
        return try moved(db.query("""
            UPDATE surveys s SET status = \(transition.to.rawValue), expired_at = \(now)
             WHERE s.survey_id = \(surveyId) AND s.status = \(transition.from.rawValue)
            RETURNING s.survey_id, s.ticket_id, NULL::text AS customer_id
            """))
    }

    private func moved(_ rows: PGRows) throws -> MovedSurvey? {
        guard let row = rows.first else { return nil }
        return MovedSurvey(surveyId: try row.get("survey_id"), ticketId: try row.get("ticket_id"),
                           customerId: try row.get("customer_id"))
    }
}
