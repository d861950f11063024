import Foundation
import Postgres
import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// The surveys service through the real broker and database, with a controlled clock.
final class SurveysServiceIntegrationTests: XCTestCase {
    private func opened(_ ticketId: String, hazard: Bool = false, now: Date) -> TicketOpened {
        TicketOpened(
            ticketId: ticketId, requestId: "R-\(ticketId)", kind: .repair, channel: .hotline, customerId: "C-\(ticketId)",
            region: "shanghai", location: GeoPoint(lat: 31.2, lon: 121.4),
            product: .init(sku: "SKU-1", category: .refrigerator, model: "RF-100", serialNumber: nil, purchaseDate: "2026-01-01"),
            warranty: .init(status: .inWarranty, expiresOn: "2027-01-01"), fault: .init(category: .hardware, safetyHazard: hazard),
            priority: hazard ? .emergency : .normal,
            sla: .init(respondBy: now.addingTimeInterval(3600), onSiteBy: now.addingTimeInterval(7200), resolveBy: now.addingTimeInterval(86400)))
    }

    func testSurveyLifecycleComplaintsDuplicatesAndUnknownTickets() async throws {
        let prefix = uniqueTopicPrefix("surveys")
        let databaseURL = try makeTestDatabase("surveys")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.surveys, .deadLetters])
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_852_800))
        let config = testServiceConfig(service: "surveys", databaseURL: databaseURL, topicPrefix: prefix,
                                       overrides: ["AFTERSALES_SURVEYS_DELAY_SECONDS": "3600"])
        let runner = ServiceRunner(config: config, migrations: SurveysMigrations.all, handler: try SurveysHandler(config: config), clock: clock)
        runner.start()

        // Three tickets complete: happy, unhappy (score 1), unresolved safety hazard; a fourth will expire.
        for (ticket, hazard) in [("TK-HAPPY", false), ("TK-ANGRY", false), ("TK-HAZARD", true), ("TK-SILENT", false)] {
            try probe.send(opened(ticket, hazard: hazard, now: clock.now()))
            try probe.send(TicketCompleted(ticketId: ticket, technicianId: "T-7", resolved: true, firstTimeFix: true, partsUsed: []))
        }
        // A repeated completion (a new event id, no reopen in between) schedules no second survey.
        try probe.send(TicketCompleted(ticketId: "TK-SILENT", technicianId: "T-7", resolved: true, firstTimeFix: true, partsUsed: []))
        // A fifth is reopened before its survey is due: that survey is cancelled, never sent.
        try probe.send(opened("TK-REOPEN", now: clock.now()))
        try probe.send(TicketCompleted(ticketId: "TK-REOPEN", technicianId: "T-7", resolved: true, firstTimeFix: true, partsUsed: []))
        try probe.send(TicketReopened(ticketId: "TK-REOPEN", reason: "leak came back"))
        // Tickets and answers travel on different topics: wait until the four surveys are scheduled
        // and the fifth cancelled.
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        eventually(timeout: 30, "four surveys scheduled and the reopened ticket's cancelled") {
            let scheduled: Int = try db.query("SELECT count(*)::bigint AS n FROM surveys WHERE status = 'scheduled'").first!.get("n")
            let cancelled: Int = try db.query("SELECT count(*)::bigint AS n FROM surveys WHERE status = 'cancelled'").first!.get("n")
            return scheduled == 4 && cancelled == 1
        }
        // An answer before the survey is sent is dead-lettered.
        try probe.send(SurveyAnswered(ticketId: "TK-HAPPY", scores: SurveyScores(attitude: 5, efficiency: 5, quality: 5), resolved: true))
        try probe.collect(.messageDeadLettered, count: 1, timeout: 30)
        XCTAssertTrue(probe.payloads(MessageDeadLettered.self)[0].reason.contains("no-survey-requested"))
        XCTAssertTrue(probe.envelopes(.surveyRequested).isEmpty, "nothing is requested before the delay")

        clock.advance(by: 3601)
        let requested = try probe.collect(.surveyRequested, count: 4, timeout: 30)
        XCTAssertEqual(Set(requested.compactMap { try? $0.payload(as: SurveyRequested.self).ticketId }),
                       ["TK-HAPPY", "TK-ANGRY", "TK-HAZARD", "TK-SILENT"])
        XCTAssertEqual(probe.payloads(SurveyRequested.self).first { $0.ticketId == "TK-ANGRY" }?.customerId, "C-TK-ANGRY")

        try probe.send(SurveyAnswered(ticketId: "TK-HAPPY", scores: SurveyScores(attitude: 5, efficiency: 5, quality: 4), resolved: true))
        try probe.send(SurveyAnswered(ticketId: "TK-ANGRY", scores: SurveyScores(attitude: 1, efficiency: 3, quality: 4), resolved: true))
        try probe.send(SurveyAnswered(ticketId: "TK-HAZARD", scores: SurveyScores(attitude: 4, efficiency: 4, quality: 4), resolved: false))
        try probe.send(SurveyAnswered(ticketId: "TK-HAPPY", scores: SurveyScores(attitude: 1, efficiency: 1, quality: 1), resolved: false))
        try probe.send(SurveyAnswered(ticketId: "TK-NOBODY", scores: SurveyScores(attitude: 3, efficiency: 3, quality: 3), resolved: true))
        try probe.send(SurveyAnswered(ticketId: "TK-SILENT", scores: SurveyScores(attitude: 0, efficiency: 3, quality: 6), resolved: true))
        try probe.collect(.surveyCompleted, count: 3, timeout: 30)
        try probe.collect(.messageDeadLettered, count: 3, timeout: 30)

        let completed = Dictionary(uniqueKeysWithValues: probe.payloads(SurveyCompleted.self).map { ($0.ticketId, $0) })
        XCTAssertEqual(completed.count, 3, "the duplicate answer completed nothing")
        XCTAssertEqual(completed["TK-HAPPY"]?.satisfied, true)
        XCTAssertEqual(completed["TK-HAPPY"]?.average, 4.67)
        XCTAssertEqual(completed["TK-ANGRY"]?.satisfied, false)
        let complaints = Dictionary(uniqueKeysWithValues: probe.payloads(ComplaintOpened.self).map { ($0.ticketId, $0) })
        XCTAssertEqual(complaints.keys.sorted(), ["TK-ANGRY", "TK-HAZARD"])
        XCTAssertEqual(complaints["TK-ANGRY"]?.severity, .high)
        XCTAssertEqual(complaints["TK-HAZARD"]?.severity, .critical)
        XCTAssertTrue(probe.payloads(MessageDeadLettered.self).contains { $0.reason.contains("unknown-ticket") })
        let outOfRange = try XCTUnwrap(probe.payloads(MessageDeadLettered.self).first { $0.reason.contains("scores.quality") },
                                       "the out-of-range answer is dead-lettered with field-level reasons")
        XCTAssertTrue(outOfRange.reason.contains("scores.attitude"))
        XCTAssertFalse(outOfRange.reason.contains("scores.efficiency"))

        // The operator takes and resolves a complaint.
        let complaintId = try XCTUnwrap(complaints["TK-ANGRY"]?.complaintId)
        try probe.send(ComplaintInvestigating(ticketId: "TK-ANGRY", complaintId: complaintId, operator: "li.na"))
        try probe.send(ComplaintResolved(ticketId: "TK-ANGRY", complaintId: complaintId, resolution: "apology and a free service"))
        try probe.send(ComplaintInvestigating(ticketId: "TK-ANGRY", complaintId: complaintId, operator: "late"))
        try probe.collect(.messageDeadLettered, count: 4, timeout: 30)
        XCTAssertTrue(probe.payloads(MessageDeadLettered.self).contains { $0.reason.contains("invalid-transition") })

        // Seven days later the unanswered survey expires.
        clock.advance(by: 7 * 86_400 + 1)
        let expired = try probe.collect(.surveyExpired, count: 1, timeout: 30)
        XCTAssertEqual(try expired.first?.payload(as: SurveyExpired.self).ticketId, "TK-SILENT")
        // Instead of a fixed wait: every event the service wrote is published and seen by the probe
        // (the clock is manual, so nothing else can come).
        eventually(timeout: 30, "the outbox is published") {
            try db.query("SELECT count(*)::bigint AS n FROM outbox WHERE sent_at IS NULL").first!.get("n") as Int == 0
        }
        let written: Int = try db.query("SELECT count(*)::bigint AS n FROM outbox").first!.get("n")
        XCTAssertEqual(try probe.collect(timeout: 30) { $0.count >= written }.count, written)
        await runner.stop()

        let complaint = try XCTUnwrap(try db.query("SELECT status, resolution, operator FROM complaints WHERE complaint_id = \(complaintId)").first)
        XCTAssertEqual(try complaint.get("status") as String, "resolved")
        XCTAssertEqual(try complaint.get("resolution") as String?, "apology and a free service")
        XCTAssertEqual(try complaint.get("operator") as String?, "li.na")
        XCTAssertEqual(try db.query("SELECT count(*)::bigint AS n FROM duplicate_answers").first?.get("n") as Int?, 1)
        let report = try SurveyReport.aggregates(by: .technician, on: db)
        XCTAssertEqual(report.first?.key, "T-7")
        XCTAssertEqual(report.first?.sent, 4)
        XCTAssertEqual(report.first?.answered, 3)
        XCTAssertEqual(report.first?.satisfied, 1)
        XCTAssertEqual(probe.envelopes(.surveyExpired).count, 1, "exactly one expiry")
        XCTAssertEqual(probe.envelopes(.surveyRequested).count, 4, "the reopened ticket's survey was never sent")
        XCTAssertEqual(try db.query("SELECT count(*)::bigint AS n FROM deadline_timers WHERE key = 'SV-TK-REOPEN-1'").first?.get("n") as Int?, 0,
                       "its due timer was cancelled")
        XCTAssertEqual(try db.query("SELECT count(*)::bigint AS n FROM surveys WHERE ticket_id = 'TK-SILENT'").first?.get("n") as Int?, 1,
                       "one survey for a completion sent twice")
    }
}
