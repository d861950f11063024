import Foundation
import Postgres
import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// The surveys handler through the runtime's real batch processor and timer scheduler
/// (BatchHarness: PostgreSQL, no broker, a manual clock).
final class SurveysHandlerTests: XCTestCase {
    private typealias F = SurveyFixtures

    // MARK: Lifecycle, one event at a time

    func testSurveyIsRequestedAfterTheDelayAndExpiresAfterSevenDays() throws {
        let harness = try F.harness()
        try harness.deliver(F.opened("TK-1", now: harness.now))
        try harness.deliver(F.completed("TK-1"))
        XCTAssertEqual(try harness.surveys(of: "TK-1"), ["SV-TK-1-1 scheduled"])
        XCTAssertEqual(try harness.pendingTimers(kind: SurveysHandler.dueTimer), ["SV-TK-1-1"])

        XCTAssertTrue(try harness.advance(by: F.delay - 1).isEmpty, "nothing before the delay")
        let requested = try harness.advance(by: 2)
        XCTAssertEqual(requested.types, ["survey.requested"])
        XCTAssertEqual(requested.payload(SurveyRequested.self), SurveyRequested(ticketId: "TK-1", surveyId: "SV-TK-1-1", customerId: "C-TK-1"))
        XCTAssertEqual(try harness.pendingTimers(kind: SurveysHandler.expiryTimer), ["SV-TK-1-1"])

        XCTAssertTrue(try harness.advance(by: 7 * 86_400 - 10).isEmpty)
        let expired = try harness.advance(by: 20)
        XCTAssertEqual(expired.payload(SurveyExpired.self), SurveyExpired(ticketId: "TK-1", surveyId: "SV-TK-1-1"))
        XCTAssertEqual(try harness.surveys(of: "TK-1"), ["SV-TK-1-1 expired"])
        let late = try harness.deliver(F.answer("TK-1", 5, 5, 5))
        XCTAssertTrue(late.emitted.deadLetters.first?.reason.hasPrefix("survey-expired") == true)
    }

    func testAnswerCompletesTheSurveyOpensAComplaintAndCancelsTheExpiry() throws {
        let harness = try F.harness()
        try harness.requestSurveys(for: ["TK-HAZ"], hazard: true)
        let (outcome, emitted) = try harness.deliver(F.answer("TK-HAZ", 4, 4, 4, resolved: false))
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertEqual(emitted.types, ["survey.completed", "complaint.opened"])
        XCTAssertEqual(emitted.payload(SurveyCompleted.self)?.satisfied, false)
        XCTAssertEqual(emitted.payload(ComplaintOpened.self),
                       ComplaintOpened(ticketId: "TK-HAZ", complaintId: "CMP-TK-HAZ-1", severity: .critical,
                                       reason: "customer reports the problem is not resolved"))
        XCTAssertEqual(try harness.pendingTimers(kind: SurveysHandler.expiryTimer), [], "an answered survey does not expire")
        XCTAssertTrue(try harness.advance(by: 8 * 86_400).isEmpty)
        XCTAssertEqual(try harness.surveys(of: "TK-HAZ"), ["SV-TK-HAZ-1 completed"])
    }

    // MARK: Mixed batches

    func testCompletionAndAnswerOfTheSameTicketInOneBatchFoldInOrder() throws {
        // Fresh ticket: opened, completed and answered in one batch: the survey is not sent yet.
        let harness = try F.harness()
        let first = try harness.deliver(harness.envelopes([F.opened("TK-A", now: harness.now), F.completed("TK-A"),
                                                           F.answer("TK-A", 5, 5, 5)]))
        XCTAssertEqual(first.outcome.applied, 2)
        XCTAssertEqual(first.emitted.deadLetters.map { String($0.reason.prefix(19)) }, ["no-survey-requested"])

        // A sent survey answered, then the ticket reopened and completed again, then answered
        // again, all in one batch: the first answer counts, the second finds the new survey unsent.
        try harness.advance(by: F.delay + 1)
        let second = try harness.deliver(harness.envelopes([
            F.answer("TK-A", 2, 4, 4), TicketReopened(ticketId: "TK-A", reason: "leak came back"), F.completed("TK-A", technician: "T-9"),
            F.answer("TK-A", 5, 5, 5),
        ]))
        XCTAssertEqual(second.emitted.types, ["survey.completed", "complaint.opened", "message.dead-lettered"])
        XCTAssertTrue(second.emitted.deadLetters[0].reason.contains("survey SV-TK-A-2 of ticket TK-A has not been sent yet"))
        XCTAssertEqual(try harness.surveys(of: "TK-A"), ["SV-TK-A-1 completed", "SV-TK-A-2 scheduled"])
        XCTAssertEqual(try harness.pendingTimers(kind: SurveysHandler.dueTimer), ["SV-TK-A-2"])
        let technician: String? = try harness.db.query("SELECT technician_id FROM surveys WHERE survey_id = 'SV-TK-A-2'").first!.get("technician_id")
        XCTAssertEqual(technician, "T-9")
    }

    func testCompletionAndReopenInOneBatchCancelTheSurveyAndItsTimer() throws {
        let harness = try F.harness()
        let (outcome, emitted) = try harness.deliver(harness.envelopes([
            F.opened("TK-R", now: harness.now), F.completed("TK-R"), TicketReopened(ticketId: "TK-R", reason: "noise again"),
            // A second ticket: completed, reopened and completed again in the same batch.
            F.opened("TK-RR", now: harness.now), F.completed("TK-RR"), TicketReopened(ticketId: "TK-RR", reason: "again"),
            F.completed("TK-RR"),
        ]))
        XCTAssertEqual(outcome.applied, 7)
        XCTAssertTrue(emitted.isEmpty)
        XCTAssertEqual(try harness.surveys(of: "TK-R"), ["SV-TK-R-1 cancelled"])
        XCTAssertEqual(try harness.surveys(of: "TK-RR"), ["SV-TK-RR-1 cancelled", "SV-TK-RR-2 scheduled"])
        XCTAssertEqual(try harness.pendingTimers(kind: SurveysHandler.dueTimer), ["SV-TK-RR-2"])

        let fired = try harness.advance(by: F.delay + 1)
        XCTAssertEqual(fired.payloads(SurveyRequested.self).map(\.surveyId), ["SV-TK-RR-2"], "the cancelled surveys are never sent")
        // The reopened ticket completed again is surveyed then.
        try harness.deliver(F.completed("TK-R"))
        XCTAssertEqual(try harness.advance(by: F.delay + 1).payloads(SurveyRequested.self).map(\.surveyId), ["SV-TK-R-2"])
    }

    func testABatchDecidesExactlyAsOneEventAtATime() throws {
        func scenario(_ harness: BatchHarness) -> [[any EventPayload]] {
            [
                ["TK-1", "TK-2", "TK-3", "TK-4"].flatMap { id -> [any EventPayload] in
                    [F.opened(id, hazard: id == "TK-3", now: harness.now), F.completed(id)]
                }
                    + [TicketAssigned(ticketId: "TK-4", technicianId: "T-2", distanceKm: 3, attempt: 1),
                       F.completed("TK-4"), TicketReopened(ticketId: "TK-2", reason: "again")],
                [F.answer("TK-1", 5, 5, 4), F.answer("TK-1", 1, 1, 1), F.answer("TK-3", 4, 4, 4, resolved: false),
                 F.answer("TK-2", 3, 3, 3), F.answer("TK-9", 3, 3, 3), F.completed("TK-2"), F.answer("TK-4", 1, 5, 5)],
            ]
        }
        let batched = try F.harness(), single = try F.harness()
        for (index, step) in scenario(batched).enumerated() {
            try batched.deliver(batched.envelopes(step))
            for payload in step { try single.deliver(single.envelopes([payload])) }
            if index == 0 {
                try batched.advance(by: F.delay + 1)
                try single.advance(by: F.delay + 1)
            }
        }
        func state(_ harness: BatchHarness) throws -> [String] {
            let surveys = try harness.db.query("""
                SELECT survey_id, status, technician_id, average, satisfied FROM surveys ORDER BY survey_id
                """).map { "\(try $0.get("survey_id") as String) \(try $0.get("status") as String) \(try $0.get("technician_id") as String? ?? "-") \(try $0.get("average") as Double? ?? 0) \(try $0.get("satisfied") as Bool? ?? false)" }
            let complaints = try harness.db.query("SELECT complaint_id, severity FROM complaints ORDER BY complaint_id").map {
                "\(try $0.get("complaint_id") as String) \(try $0.get("severity") as String)"
            }
            // Dead letters follow the batch's other events, so the order differs: compare sorted.
            let emitted = try harness.allEmitted().map { envelope in
                let deadLetter = try? envelope.payload(as: MessageDeadLettered.self)
                return envelope.type + " " + (deadLetter.map { String($0.reason.prefix(30)) } ?? envelope.data["ticketId"]?.stringValue ?? "")
            }.sorted()
            return surveys + complaints + emitted + (try harness.pendingTimers(kind: SurveysHandler.dueTimer))
                + (try harness.pendingTimers(kind: SurveysHandler.expiryTimer)) + ["duplicates \(try harness.count("SELECT count(*)::bigint AS n FROM duplicate_answers"))"]
        }
        let expected = try state(single)
        XCTAssertEqual(try state(batched), expected)
        XCTAssertTrue(expected.contains("duplicates 1"), "\(expected)")
        XCTAssertTrue(expected.contains("CMP-TK-3-1 critical"), "\(expected)")
        XCTAssertTrue(expected.contains("SV-TK-4-1 completed T-7 3.67 false"), "a repeated completion kept the first survey: \(expected)")
    }

    // MARK: Answers that cannot count

    func testDuplicateAnswersAreRecordedAndChangeNothing() throws {
        let harness = try F.harness()
        try harness.requestSurveys(for: ["TK-D", "TK-E"])
        try harness.deliver(F.answer("TK-D", 5, 5, 5))
        let again = try harness.deliver(F.answer("TK-D", 1, 1, 1, resolved: false))
        XCTAssertEqual(again.outcome.applied, 1)
        XCTAssertTrue(again.emitted.isEmpty, "no second survey.completed, no complaint")
        // Two answers in one batch: the first counts, the second is a duplicate.
        let batch = try harness.deliver(harness.envelopes([F.answer("TK-E", 4, 4, 4), F.answer("TK-E", 1, 1, 1)]))
        XCTAssertEqual(batch.emitted.types, ["survey.completed"])
        XCTAssertEqual(batch.emitted.payload(SurveyCompleted.self)?.average, 4)
        XCTAssertEqual(try harness.count("SELECT count(*)::bigint AS n FROM duplicate_answers"), 2)
        XCTAssertEqual(try harness.count("SELECT count(*)::bigint AS n FROM complaints"), 0)
        let stored: Double = try harness.db.query("SELECT average FROM surveys WHERE survey_id = 'SV-TK-D-1'").first!.get("average")
        XCTAssertEqual(stored, 5)
    }

    func testAnswersBeforeTheSurveyOrWithoutOneAreDeadLetteredWithAReason() throws {
        let harness = try F.harness()
        try harness.deliver(harness.envelopes([F.opened("TK-S", now: harness.now), F.completed("TK-S"),
                                               F.opened("TK-C", now: harness.now), F.completed("TK-C"),
                                               TicketReopened(ticketId: "TK-C", reason: "again")]))
        let (outcome, emitted) = try harness.deliver(harness.envelopes([
            F.answer("TK-S", 5, 5, 5), F.answer("TK-C", 5, 5, 5), F.answer("TK-NONE", 5, 5, 5),
        ]))
        XCTAssertEqual(outcome.deadLettered, 3)
        XCTAssertEqual(outcome.isolated, 0, "business rejections need no isolation")
        XCTAssertEqual(emitted.deadLetters.map(\.reason), [
            "no-survey-requested: survey SV-TK-S-1 of ticket TK-S has not been sent yet",
            "no-survey-requested: survey SV-TK-C-1 of ticket TK-C has not been sent yet",
            "unknown-ticket: no survey exists for ticket TK-NONE",
        ])
        XCTAssertEqual(try harness.surveys(of: "TK-S"), ["SV-TK-S-1 scheduled"], "the early answer changed nothing")
        XCTAssertEqual(try harness.advance(by: F.delay + 1).types, ["survey.requested"])
    }

    func testInvalidAnswersAreDeadLetteredWithFieldReasonsAndTheRestOfTheBatchApplies() throws {
        let harness = try F.harness()
        try harness.requestSurveys(for: ["TK-V"])
        let (outcome, emitted) = try harness.deliver(harness.envelopes([F.answer("TK-V", 0, 3, 6), F.answer("TK-V", 5, 4, 4)]))
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertEqual(outcome.deadLettered, 1)
        let reason = try XCTUnwrap(emitted.deadLetters.first?.reason)
        XCTAssertTrue(reason.contains("scores.attitude") && reason.contains("scores.quality") && !reason.contains("scores.efficiency"), reason)
        XCTAssertEqual(emitted.payload(SurveyCompleted.self)?.average, 4.33)
    }

    // MARK: Complaints

    func testComplaintLifecycleInOneBatchAndItsRejections() throws {
        let harness = try F.harness()
        try harness.requestSurveys(for: ["TK-K"])
        let opened = try harness.deliver(F.answer("TK-K", 1, 3, 4))
        let complaintId = try XCTUnwrap(opened.emitted.payload(ComplaintOpened.self)?.complaintId)
        XCTAssertEqual(opened.emitted.payload(ComplaintOpened.self)?.severity, .high)
        let (outcome, emitted) = try harness.deliver(harness.envelopes([
            ComplaintInvestigating(ticketId: "TK-K", complaintId: complaintId, operator: "li.na"),
            ComplaintResolved(ticketId: "TK-K", complaintId: complaintId, resolution: "apology and a free service"),
            ComplaintInvestigating(ticketId: "TK-K", complaintId: complaintId, operator: "late"),
            ComplaintResolved(ticketId: "TK-K", complaintId: "CMP-NOPE", resolution: "x"),
        ]))
        XCTAssertEqual(outcome.applied, 2)
        XCTAssertEqual(emitted.deadLetters.map(\.reason), [
            "invalid-transition: complaint \(complaintId) is resolved and cannot become investigating",
            "unknown-complaint: no complaint CMP-NOPE",
        ])
        let row = try XCTUnwrap(try harness.db.query("SELECT status, operator, resolution FROM complaints WHERE complaint_id = \(complaintId)").first)
        XCTAssertEqual(try row.get("status") as String, "resolved")
        XCTAssertEqual(try row.get("operator") as String?, "li.na")
        XCTAssertEqual(try row.get("resolution") as String?, "apology and a free service")
    }

    // MARK: Cost

    func testTicketEventsSurveysDoesNotActOnCostNothing() throws {
        let harness = try F.harness()
        let envelopes = harness.envelopes([
            TicketAccepted(ticketId: "TK-X", technicianId: "T-1"), TicketOnSite(ticketId: "TK-X", technicianId: "T-1"),
            TicketClosed(ticketId: "TK-X", reason: "survey-satisfied"),
        ])
        var outcome = BatchOutcome()
        let statements = try harness.statements { outcome = try harness.deliver(envelopes).outcome }
        XCTAssertEqual(outcome.skipped, 3)
        XCTAssertEqual(statements, 0, "no transaction at all")
        XCTAssertEqual(try harness.count("SELECT count(*)::bigint AS n FROM inbox"), 0)
    }

    /// Statements of one batch of `size` events built by `make` (each call adds events for one ticket).
    private func statements(_ size: Int, perTicket: Int, prepare: (BatchHarness, [String]) throws -> Void = { _, _ in },
                            _ make: @escaping (BatchHarness, String) -> [any EventPayload]) throws -> Int {
        let harness = try F.harness(settings: F.auditEverything)
        let tickets = (0..<(size / perTicket)).map { "TK-\(size)-\($0)" }
        try prepare(harness, tickets)
        let batch = harness.envelopes(tickets.flatMap { make(harness, $0) })
        XCTAssertEqual(batch.count, size)
        var outcome = BatchOutcome()
        let count = try harness.statements { outcome = try harness.deliver(batch).outcome }
        XCTAssertEqual(outcome.isolated, 0)
        XCTAssertEqual(outcome.applied + outcome.deadLettered, size)
        return count
    }

    func testStatementsPerBatchDoNotGrowWithTheBatchSize() throws {
        // Openings and completions: tickets locked, tickets and surveys written, due timers set.
        let openAndComplete: (BatchHarness, String) -> [any EventPayload] = { harness, id in [F.opened(id, now: harness.now), F.completed(id)] }
        let completions = try (statements(2, perTicket: 2, openAndComplete), statements(200, perTicket: 2, openAndComplete))
        XCTAssertEqual(completions.0, completions.1)

        // Answers (one opening a complaint) and duplicates, on requested surveys.
        let answers: (BatchHarness, String) -> [any EventPayload] = { _, id in [F.answer(id, 1, 4, 4), F.answer(id, 5, 5, 5)] }
        let answering = try (statements(2, perTicket: 2, prepare: { try $0.requestSurveys(for: $1) }, answers),
                             statements(200, perTicket: 2, prepare: { try $0.requestSurveys(for: $1) }, answers))
        XCTAssertEqual(answering.0, answering.1)

        // Every kind at once: assignment, completion, reopen (cancelling), answers, complaint moves.
        let everything: (BatchHarness, String) -> [any EventPayload] = { harness, id in
            [F.answer(id, 1, 1, 1), ComplaintInvestigating(ticketId: id, complaintId: "CMP-\(id)-1", operator: "op"),
             TicketAssigned(ticketId: id, technicianId: "T-2", distanceKm: 1, attempt: 1),
             TicketReopened(ticketId: id, reason: "again"), F.completed(id), TicketReopened(ticketId: id, reason: "again"),
             F.completed(id), F.answer(id, 5, 5, 5), ComplaintResolved(ticketId: id, complaintId: "CMP-\(id)-1", resolution: "ok"),
             F.opened(id, now: harness.now)]
        }
        let mixed = try (statements(10, perTicket: 10, prepare: { try $0.requestSurveys(for: $1) }, everything),
                         statements(200, perTicket: 10, prepare: { try $0.requestSurveys(for: $1) }, everything))
        XCTAssertEqual(mixed.0, mixed.1)
        XCTAssertLessThanOrEqual(mixed.1, 16)
        print("surveys statements per batch: completions \(completions.1), answers \(answering.1), every kind \(mixed.1) (200 events)")
    }
}
