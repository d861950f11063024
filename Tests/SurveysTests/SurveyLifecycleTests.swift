import Foundation
import Schema
import SurveysService
import XCTest

/// The survey lifecycle and the in-memory batch fold, without a database.
final class SurveyLifecycleTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_795_852_800)

    func testTransitionsStartFromExactlyOneStatus() {
        let table = SurveyLifecycle.Transition.allCases.map { "\($0.rawValue): \($0.from.rawValue) → \($0.to.rawValue)" }
        XCTAssertEqual(table, ["request: scheduled → requested", "answer: requested → completed",
                               "expire: requested → expired", "cancel: scheduled → cancelled"])
        for transition in SurveyLifecycle.Transition.allCases {
            XCTAssertEqual(SurveyStatus.allCases.filter { SurveyLifecycle.can(transition, from: $0) }, [transition.from])
        }
    }

    func testAnswerDecisionOnTheLatestSurvey() {
        XCTAssertEqual(SurveyLifecycle.decide(answerFor: "T", latest: ("SV-T-1", .requested)), .complete)
        XCTAssertEqual(SurveyLifecycle.decide(answerFor: "T", latest: ("SV-T-1", .completed)), .duplicate)
        XCTAssertEqual(SurveyLifecycle.decide(answerFor: "T", latest: nil),
                       .reject(reason: "unknown-ticket: no survey exists for ticket T"))
        for status in [SurveyStatus.scheduled, .cancelled] {
            XCTAssertEqual(SurveyLifecycle.decide(answerFor: "T", latest: ("SV-T-2", status)),
                           .reject(reason: "no-survey-requested: survey SV-T-2 of ticket T has not been sent yet"))
        }
        XCTAssertEqual(SurveyLifecycle.decide(answerFor: "T", latest: ("SV-T-1", .expired)),
                       .reject(reason: "survey-expired: survey SV-T-1 of ticket T expired before the answer"))
        XCTAssertEqual(SurveyLifecycle.complaintId(forSurvey: SurveyLifecycle.surveyId(ticketId: "TK-9", completion: 12)), "CMP-TK-9-12")
    }

    func testScheduleFollowsTheSettings() {
        var settings = SurveysSettings()
        settings.delaySeconds = 60
        settings.expiryDays = 2
        XCTAssertEqual(settings.due(ofSurveyCompletedAt: now), now.addingTimeInterval(60))
        XCTAssertEqual(settings.expiry(ofSurveyRequestedAt: now), now.addingTimeInterval(2 * 86_400))
    }

    func testFoldSeesEarlierCommandsOfTheSameBatch() {
        var fold = SurveyBatch(snapshot: SurveySnapshot(), settings: SurveysSettings(), now: now)
        XCTAssertEqual(fold.apply(.ticketCompleted(ticketId: "T", technicianId: "A", resolvedRemotely: false)), .applied)
        XCTAssertEqual(fold.apply(.ticketCompleted(ticketId: "T", technicianId: "A", resolvedRemotely: false)), .applied, "a repeat schedules nothing")
        XCTAssertEqual(fold.apply(.ticketReopened(ticketId: "T")), .applied)
        XCTAssertEqual(fold.apply(.ticketCompleted(ticketId: "T", technicianId: nil, resolvedRemotely: true)), .applied)
        XCTAssertEqual(fold.outputs, [
            [.scheduleDue(surveyId: "SV-T-1", at: now.addingTimeInterval(3600))], [],
            [.cancelDue(surveyId: "SV-T-1")],
            [.scheduleDue(surveyId: "SV-T-2", at: now.addingTimeInterval(3600))],
        ])
        XCTAssertEqual(fold.surveyWrites.map { "\($0.surveyId) \($0.status.rawValue) \($0.work.technicianId ?? "-")" },
                       ["SV-T-1 cancelled A", "SV-T-2 scheduled -"], "a completion without a technician is surveyed without one")
        XCTAssertEqual(fold.ticketWrites.map(\.completions), [2])
        XCTAssertEqual(fold.ticketWrites.first?.technicianId, "A", "the ticket keeps the technician it had")
        XCTAssertEqual(fold.latestSurveys["T"]?.surveyId, "SV-T-2")
    }

    func testFoldOpensTheComplaintOnceAndCountsTheSecondAnswerAsDuplicate() {
        let survey = SurveyRow(surveyId: "SV-T-1", ticketId: "T", sequence: 1, status: .requested, work: WorkAttribution(technicianId: "A"),
                               region: "r", category: "c", model: "m", scheduledAt: now)
        var fold = SurveyBatch(snapshot: SurveySnapshot(tickets: ["T": SurveyTicketRow(ticketId: "T", safetyHazard: true,
                                                                                         completions: 1, completed: true)],
                                                        latestSurveys: ["T": survey]),
                               settings: SurveysSettings(), now: now)
        let unhappy = SurveyAnswered(ticketId: "T", scores: SurveyScores(attitude: 1, efficiency: 5, quality: 5), resolved: false)
        XCTAssertEqual(fold.apply(.surveyAnswered(unhappy, eventId: "e1")), .applied)
        XCTAssertEqual(fold.apply(.surveyAnswered(unhappy, eventId: "e2")), .applied)
        XCTAssertEqual(fold.apply(.investigateComplaint(complaintId: "CMP-T-1", operatorName: "op")), .applied)
        XCTAssertEqual(fold.outputs[0].count, 3, "expiry cancelled, survey.completed, complaint.opened")
        XCTAssertEqual(fold.outputs[1], [])
        XCTAssertEqual(fold.duplicateAnswers.map(\.eventId), ["e2"])
        XCTAssertEqual(fold.complaintWrites.map { "\($0.complaintId) \($0.severity.rawValue) \($0.status.rawValue)" },
                       ["CMP-T-1 critical investigating"])
        XCTAssertEqual(fold.apply(.resolveComplaint(complaintId: "CMP-T-2", resolution: "x")),
                       .deadLetter(reason: "unknown-complaint: no complaint CMP-T-2"))
    }

    func testFoldRequestsAuditsOfHazardAndSampledCompletionsAndOpensAComplaintOnFailure() {
        var settings = SurveysSettings()
        settings.auditShare = 0
        let hazard = SurveyTicketRow(ticketId: "H", region: "beijing", safetyHazard: true)
        var fold = SurveyBatch(snapshot: SurveySnapshot(tickets: ["H": hazard],
                                                        technicians: ["T-1": TechnicianRow(technicianId: "T-1", providerId: "P-1")]),
                               settings: settings, now: now)
        fold.apply(.ticketCompleted(ticketId: "H", technicianId: "T-1", resolvedRemotely: false))
        fold.apply(.ticketCompleted(ticketId: "N", technicianId: "T-1", resolvedRemotely: false))
        XCTAssertEqual(fold.outputs[0].last, .auditRequested(ticketId: "H", auditId: "AUD-H-1"))
        XCTAssertFalse(fold.outputs[1].contains(.auditRequested(ticketId: "N", auditId: "AUD-N-1")), "share 0: hazards only")
        let audit = fold.auditWrites.first
        XCTAssertEqual(audit?.reason, .safetyHazard)
        XCTAssertEqual(audit?.work, WorkAttribution(technicianId: "T-1", providerId: "P-1", rosterKnown: true))
        XCTAssertEqual(audit?.region, "beijing")

        let findings = [AuditFinding(code: "earth-missing", severity: "critical")]
        XCTAssertEqual(fold.apply(.auditRecorded(ticketId: "H", auditId: "AUD-H-1", passed: false, findings: findings)), .applied)
        XCTAssertEqual(fold.outputs[2], [.complaintOpened(ComplaintOpened(
            ticketId: "H", complaintId: "CMP-AUD-H-1", severity: .critical, reason: "audit AUD-H-1 failed: earth-missing (critical)"))])
        XCTAssertEqual(fold.auditWrites.first?.status, .failed)
        XCTAssertEqual(fold.auditWrites.first?.complaintId, "CMP-AUD-H-1")
        XCTAssertEqual(fold.complaintWrites.first?.auditId, "AUD-H-1")
        XCTAssertNil(fold.complaintWrites.first?.surveyId)
        XCTAssertEqual(fold.apply(.auditRecorded(ticketId: "H", auditId: "AUD-H-1", passed: false, findings: findings)), .applied,
                       "the same verdict again changes nothing")
        XCTAssertEqual(fold.outputs[3], [])
        XCTAssertEqual(fold.apply(.auditRecorded(ticketId: "H", auditId: "AUD-H-9", passed: true, findings: [])),
                       .deadLetter(reason: "unknown-audit: no audit AUD-H-9 was requested"))

        // Everything sampled: a remote resolution is audited like any completion, without a technician.
        settings.auditShare = 1
        var all = SurveyBatch(snapshot: SurveySnapshot(), settings: settings, now: now)
        all.apply(.ticketCompleted(ticketId: "R", technicianId: nil, resolvedRemotely: true))
        XCTAssertEqual(all.outputs[0].last, .auditRequested(ticketId: "R", auditId: "AUD-R-1"))
        XCTAssertEqual(all.auditWrites.first?.reason, .sampled)
        XCTAssertEqual(all.auditWrites.first?.work, WorkAttribution(technicianId: nil, resolvedRemotely: true))
        XCTAssertEqual(all.surveyWrites.first?.work.resolvedRemotely, true)
    }
}
