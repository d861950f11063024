import Foundation
import Postgres
import Schema

/// All SQL of the surveys tables (bound parameters only). Every batch function is ONE
/// statement, set-based over the keys of the whole batch (`= ANY(…)`, `unnest(…)`), so a
/// batch costs the same number of statements whatever its size.
///
/// Concurrency: ticket events and answers travel on different topics, so two instances may
/// work on the same ticket at once, and the timer scheduler moves surveys too. A batch locks
/// the rows it reads (`FOR UPDATE`, tickets before surveys before complaints, each in key
/// order), so what it decided from stays true until it commits; a timer's transition is one
/// conditional `UPDATE` of one survey row.
struct SurveysStore {
    let db: PGConnection

    // MARK: Batch reads (under row locks)

    /// The ticket rows of `ticketIds` that exist, locked, by ticket id.
    func lockTickets(_ ticketIds: [String]) throws -> [String: SurveyTicketRow] {
        var tickets: [String: SurveyTicketRow] = [:]
        for row in try db.query("""
            SELECT ticket_id, customer_id, region, category, model, safety_hazard, technician_id, completions, completed
              FROM survey_tickets WHERE ticket_id = ANY(\(ticketIds)::text[])
             ORDER BY ticket_id
               FOR UPDATE
            """) {
            let ticket = SurveyTicketRow(
                ticketId: try row.get("ticket_id"), customerId: try row.get("customer_id"), region: try row.get("region"),
                category: try row.get("category"), model: try row.get("model"), safetyHazard: try row.get("safety_hazard"),
                technicianId: try row.get("technician_id"), completions: try row.get("completions"),
                completed: try row.get("completed"))
            tickets[ticket.ticketId] = ticket
        }
        return tickets
    }

    /// The latest survey (highest sequence) of each of `ticketIds` that has one, locked, by ticket id.
    func lockLatestSurveys(ofTickets ticketIds: [String]) throws -> [String: SurveyRow] {
        var surveys: [String: SurveyRow] = [:]
        for row in try db.query("""
            SELECT s.survey_id, s.ticket_id, s.sequence, s.status, s.technician_id, s.provider_id, s.roster_known,
                   s.resolved_remotely, s.region, s.category, s.model,
                   s.scheduled_at, s.requested_at, s.answered_at, s.expired_at, s.cancelled_at,
                   s.attitude, s.efficiency, s.quality, s.average, s.satisfied, s.resolved, s.comment
              FROM surveys s
             WHERE s.ticket_id = ANY(\(ticketIds)::text[])
               AND s.sequence = (SELECT max(m.sequence) FROM surveys m WHERE m.ticket_id = s.ticket_id)
             ORDER BY s.ticket_id
               FOR UPDATE
            """) {
            let survey = try Self.survey(from: row)
            surveys[survey.ticketId] = survey
        }
        return surveys
    }

    /// The complaints of `complaintIds` that exist, locked, by complaint id.
    func lockComplaints(_ complaintIds: [String]) throws -> [String: ComplaintRow] {
        var complaints: [String: ComplaintRow] = [:]
        for row in try db.query("""
            SELECT complaint_id, ticket_id, survey_id, audit_id, severity, reason, status, opened_at, investigating_at, resolved_at,
                   operator, resolution
              FROM complaints WHERE complaint_id = ANY(\(complaintIds)::text[])
             ORDER BY complaint_id
               FOR UPDATE
            """) {
            let complaint = ComplaintRow(
                complaintId: try row.get("complaint_id"), ticketId: try row.get("ticket_id"), surveyId: try row.get("survey_id"),
                auditId: try row.get("audit_id"),
                severity: try Self.decode(ComplaintSeverity.self, try row.get("severity"), column: "complaints.severity"),
                reason: try row.get("reason"),
                status: try Self.decode(ComplaintStatus.self, try row.get("status"), column: "complaints.status"),
                openedAt: try row.get("opened_at"), investigatingAt: try row.get("investigating_at"),
                resolvedAt: try row.get("resolved_at"), operatorName: try row.get("operator"),
                resolution: try row.get("resolution"))
            complaints[complaint.complaintId] = complaint
        }
        return complaints
    }

    /// The audits of `auditIds` that exist, locked, by audit id.
    func lockAudits(_ auditIds: [String]) throws -> [String: AuditRow] {
        var audits: [String: AuditRow] = [:]
        for row in try db.query("""
            SELECT audit_id, ticket_id, sequence, status, reason, technician_id, provider_id, roster_known, resolved_remotely,
                   region, category, model, requested_at, recorded_at, findings::text AS findings, complaint_id
              FROM audits WHERE audit_id = ANY(\(auditIds)::text[])
             ORDER BY audit_id
               FOR UPDATE
            """) {
            let findings: String = try row.get("findings")
            let audit = AuditRow(
                auditId: try row.get("audit_id"), ticketId: try row.get("ticket_id"), sequence: try row.get("sequence"),
                status: try Self.decode(AuditStatus.self, try row.get("status"), column: "audits.status"),
                reason: try Self.decode(AuditReason.self, try row.get("reason"), column: "audits.reason"),
                work: try Self.work(from: row), region: try row.get("region"), category: try row.get("category"),
                model: try row.get("model"), requestedAt: try row.get("requested_at"), recordedAt: try row.get("recorded_at"),
                findings: try JSONDecoder().decode([AuditFinding].self, from: Data(findings.utf8)),
                complaintId: try row.get("complaint_id"))
            audits[audit.auditId] = audit
        }
        return audits
    }

    // MARK: Batch reads (no locks: master data)

    /// The technicians of `technicianIds` the roster has told surveys about, by technician id.
    func technicians(_ technicianIds: [String]) throws -> [String: TechnicianRow] {
        var technicians: [String: TechnicianRow] = [:]
        for row in try db.query("""
            SELECT technician_id, provider_id FROM survey_technicians WHERE technician_id = ANY(\(technicianIds)::text[])
            """) {
            let technician = TechnicianRow(technicianId: try row.get("technician_id"), providerId: try row.get("provider_id"))
            technicians[technician.technicianId] = technician
        }
        return technicians
    }

    // MARK: Decoding

    /// The work attribution columns of a survey or audit row.
    static func work(from row: PGRow) throws -> WorkAttribution {
        WorkAttribution(technicianId: try row.get("technician_id"), providerId: try row.get("provider_id"),
                        rosterKnown: try row.get("roster_known"), resolvedRemotely: try row.get("resolved_remotely"))
    }

    static func survey(from row: PGRow) throws -> SurveyRow {
        let attitude: Int? = try row.get("attitude"), efficiency: Int? = try row.get("efficiency")
        let quality: Int? = try row.get("quality"), average: Double? = try row.get("average")
        var answer: SurveyAnswerRecord?
        if let attitude, let efficiency, let quality, let average {
            answer = SurveyAnswerRecord(scores: SurveyScores(attitude: attitude, efficiency: efficiency, quality: quality),
                                        average: average, satisfied: (try row.get("satisfied") as Bool?) ?? false,
                                        resolved: (try row.get("resolved") as Bool?) ?? false, comment: try row.get("comment"))
        }
        return SurveyRow(
            surveyId: try row.get("survey_id"), ticketId: try row.get("ticket_id"), sequence: try row.get("sequence"),
            status: try decode(SurveyStatus.self, try row.get("status"), column: "surveys.status"),
            work: try work(from: row), region: try row.get("region"), category: try row.get("category"),
            model: try row.get("model"), scheduledAt: try row.get("scheduled_at"), requestedAt: try row.get("requested_at"),
            answeredAt: try row.get("answered_at"), expiredAt: try row.get("expired_at"),
            cancelledAt: try row.get("cancelled_at"), answer: answer)
    }

    /// A stored status or vocabulary value as its enum; a value outside the enum is a defect.
    static func decode<E: RawRepresentable>(_ type: E.Type, _ raw: String, column: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: raw) else { throw UnknownStoredValue(column: column, value: raw) }
        return value
    }
}

/// A row holds a value its column's enum does not know (a defect, or a newer version's data).
struct UnknownStoredValue: Error, CustomStringConvertible {
    var column: String
    var value: String
    var description: String { "\(column) holds unknown value '\(value)'" }
}
