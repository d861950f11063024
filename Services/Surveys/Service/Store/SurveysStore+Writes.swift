import Foundation
import Postgres

// The batch's changes, one set-based statement per table. Callers skip empty ones.
extension SurveysStore {
    /// Creates or replaces ticket rows.
    func saveTickets(_ tickets: [SurveyTicketRow]) throws {
        try db.execute("""
            INSERT INTO survey_tickets (ticket_id, customer_id, region, category, model, safety_hazard, technician_id,
                                        completions, completed)
            SELECT * FROM unnest(\(tickets.map(\.ticketId))::text[], \(tickets.map(\.customerId))::text[],
                                 \(tickets.map(\.region))::text[], \(tickets.map(\.category))::text[],
                                 \(tickets.map(\.model))::text[], \(tickets.map(\.safetyHazard))::boolean[],
                                 \(tickets.map(\.technicianId))::text[], \(tickets.map(\.completions))::int[],
                                 \(tickets.map(\.completed))::boolean[])
                AS u (ticket_id, customer_id, region, category, model, safety_hazard, technician_id, completions, completed)
             ORDER BY ticket_id
            ON CONFLICT (ticket_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, region = EXCLUDED.region,
                category = EXCLUDED.category, model = EXCLUDED.model, safety_hazard = EXCLUDED.safety_hazard,
                technician_id = EXCLUDED.technician_id, completions = EXCLUDED.completions, completed = EXCLUDED.completed
            """)
    }

    /// Creates or replaces survey rows.
    func saveSurveys(_ surveys: [SurveyRow]) throws {
        let answers = surveys.map(\.answer)
        try db.execute("""
            INSERT INTO surveys (survey_id, ticket_id, sequence, status, technician_id, provider_id, roster_known,
                                 resolved_remotely, region, category, model,
                                 scheduled_at, requested_at, answered_at, expired_at, cancelled_at,
                                 attitude, efficiency, quality, average, satisfied, resolved, comment)
            SELECT * FROM unnest(\(surveys.map(\.surveyId))::text[], \(surveys.map(\.ticketId))::text[],
                                 \(surveys.map(\.sequence))::int[], \(surveys.map(\.status.rawValue))::text[],
                                 \(surveys.map(\.work.technicianId))::text[], \(surveys.map(\.work.providerId))::text[],
                                 \(surveys.map(\.work.rosterKnown))::boolean[], \(surveys.map(\.work.resolvedRemotely))::boolean[],
                                 \(surveys.map(\.region))::text[],
                                 \(surveys.map(\.category))::text[], \(surveys.map(\.model))::text[],
                                 \(surveys.map(\.scheduledAt))::timestamptz[], \(surveys.map(\.requestedAt))::timestamptz[],
                                 \(surveys.map(\.answeredAt))::timestamptz[], \(surveys.map(\.expiredAt))::timestamptz[],
                                 \(surveys.map(\.cancelledAt))::timestamptz[],
                                 \(answers.map { $0?.scores.attitude })::int[], \(answers.map { $0?.scores.efficiency })::int[],
                                 \(answers.map { $0?.scores.quality })::int[], \(answers.map { $0?.average })::float8[],
                                 \(answers.map { $0?.satisfied })::boolean[], \(answers.map { $0?.resolved })::boolean[],
                                 \(answers.map { $0?.comment })::text[])
                AS u (survey_id, ticket_id, sequence, status, technician_id, provider_id, roster_known, resolved_remotely,
                      region, category, model,
                      scheduled_at, requested_at, answered_at, expired_at, cancelled_at,
                      attitude, efficiency, quality, average, satisfied, resolved, comment)
             ORDER BY survey_id
            ON CONFLICT (survey_id) DO UPDATE SET status = EXCLUDED.status, requested_at = EXCLUDED.requested_at,
                answered_at = EXCLUDED.answered_at, expired_at = EXCLUDED.expired_at, cancelled_at = EXCLUDED.cancelled_at,
                attitude = EXCLUDED.attitude, efficiency = EXCLUDED.efficiency, quality = EXCLUDED.quality,
                average = EXCLUDED.average, satisfied = EXCLUDED.satisfied, resolved = EXCLUDED.resolved,
                comment = EXCLUDED.comment
            """)
    }

    /// Records second answers to completed surveys.
    func recordDuplicateAnswers(_ duplicates: [DuplicateAnswerRow]) throws {
        try db.execute("""
            INSERT INTO duplicate_answers (survey_id, ticket_id, event_id, received_at)
            SELECT survey_id, ticket_id, event_id, received_at
              FROM unnest(\(duplicates.map(\.surveyId))::text[], \(duplicates.map(\.ticketId))::text[],
                          \(duplicates.map(\.eventId))::text[], \(duplicates.map(\.receivedAt))::timestamptz[])
                   WITH ORDINALITY AS u (survey_id, ticket_id, event_id, received_at, position)
             ORDER BY position
            """)
    }

    /// Creates or replaces complaint rows.
    func saveComplaints(_ complaints: [ComplaintRow]) throws {
        try db.execute("""
            INSERT INTO complaints (complaint_id, ticket_id, survey_id, audit_id, severity, reason, status, opened_at,
                                    investigating_at, resolved_at, operator, resolution)
            SELECT * FROM unnest(\(complaints.map(\.complaintId))::text[], \(complaints.map(\.ticketId))::text[],
                                 \(complaints.map(\.surveyId))::text[], \(complaints.map(\.auditId))::text[],
                                 \(complaints.map(\.severity.rawValue))::text[],
                                 \(complaints.map(\.reason))::text[], \(complaints.map(\.status.rawValue))::text[],
                                 \(complaints.map(\.openedAt))::timestamptz[], \(complaints.map(\.investigatingAt))::timestamptz[],
                                 \(complaints.map(\.resolvedAt))::timestamptz[], \(complaints.map(\.operatorName))::text[],
                                 \(complaints.map(\.resolution))::text[])
                AS u (complaint_id, ticket_id, survey_id, audit_id, severity, reason, status, opened_at,
                      investigating_at, resolved_at, operator, resolution)
             ORDER BY complaint_id
            ON CONFLICT (complaint_id) DO UPDATE SET status = EXCLUDED.status,
                investigating_at = EXCLUDED.investigating_at, resolved_at = EXCLUDED.resolved_at,
                operator = EXCLUDED.operator, resolution = EXCLUDED.resolution
            """)
    }

    /// Creates or replaces what surveys knows of technicians.
    func saveTechnicians(_ technicians: [TechnicianRow]) throws {
        try db.execute("""
            INSERT INTO survey_technicians (technician_id, provider_id)
            SELECT * FROM unnest(\(technicians.map(\.technicianId))::text[], \(technicians.map(\.providerId))::text[])
                AS u (technician_id, provider_id)
             ORDER BY technician_id
            ON CONFLICT (technician_id) DO UPDATE SET provider_id = EXCLUDED.provider_id
            """)
    }

    /// Creates or replaces audit rows (findings as JSON).
    func saveAudits(_ audits: [AuditRow]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let findings = try audits.map { String(decoding: try encoder.encode($0.findings), as: UTF8.self) }
        try db.execute("""
            INSERT INTO audits (audit_id, ticket_id, sequence, status, reason, technician_id, provider_id, roster_known,
                                resolved_remotely, region, category, model, requested_at, recorded_at, findings, complaint_id)
            SELECT audit_id, ticket_id, sequence, status, reason, technician_id, provider_id, roster_known,
                   resolved_remotely, region, category, model, requested_at, recorded_at, findings::jsonb, complaint_id
              FROM unnest(\(audits.map(\.auditId))::text[], \(audits.map(\.ticketId))::text[], \(audits.map(\.sequence))::int[],
                          \(audits.map(\.status.rawValue))::text[], \(audits.map(\.reason.rawValue))::text[],
                          \(audits.map(\.work.technicianId))::text[], \(audits.map(\.work.providerId))::text[],
                          \(audits.map(\.work.rosterKnown))::boolean[], \(audits.map(\.work.resolvedRemotely))::boolean[],
                          \(audits.map(\.region))::text[], \(audits.map(\.category))::text[], \(audits.map(\.model))::text[],
                          \(audits.map(\.requestedAt))::timestamptz[], \(audits.map(\.recordedAt))::timestamptz[],
                          \(findings)::text[], \(audits.map(\.complaintId))::text[])
                AS u (audit_id, ticket_id, sequence, status, reason, technician_id, provider_id, roster_known,
                      resolved_remotely, region, category, model, requested_at, recorded_at, findings, complaint_id)
             ORDER BY audit_id
            ON CONFLICT (audit_id) DO UPDATE SET status = EXCLUDED.status, recorded_at = EXCLUDED.recorded_at,
                findings = EXCLUDED.findings, complaint_id = EXCLUDED.complaint_id
            """)
    }
}
