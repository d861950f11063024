import Foundation
import Postgres
import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// Audits through the real broker and database: completion → audit.requested →
/// audit.recorded (failed) → complaint.opened.
final class SurveysAuditFlowTests: XCTestCase {
    func testAFailedAuditOfACompletedHazardTicketOpensACriticalComplaint() async throws {
        let prefix = uniqueTopicPrefix("surveys-audit")
        let databaseURL = try makeTestDatabase("surveys")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.surveys, .deadLetters])
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_852_800))
        // Share 0: only safety-hazard tickets are audited.
        let config = testServiceConfig(service: "surveys", databaseURL: databaseURL, topicPrefix: prefix,
                                       overrides: ["AFTERSALES_SURVEYS_AUDIT_SHARE": "0"])
        let runner = ServiceRunner(config: config, migrations: SurveysMigrations.all, handler: try SurveysHandler(config: config), clock: clock)
        runner.start()

        try probe.send(SurveyFixtures.opened("TK-AUD-HAZ", hazard: true, now: clock.now()))
        try probe.send(SurveyFixtures.opened("TK-AUD-OK", now: clock.now()))
        try probe.send(SurveyFixtures.opened("TK-AUD-REMOTE", hazard: true, now: clock.now()))
        try probe.send(SurveyFixtures.completed("TK-AUD-HAZ"), correlationId: "REQ-HAZ")
        try probe.send(SurveyFixtures.completed("TK-AUD-OK"))
        try probe.send(TicketCompleted(ticketId: "TK-AUD-REMOTE", technicianId: nil, resolved: true, firstTimeFix: true,
                                       partsUsed: [], resolvedRemotely: true))

        let requested = try probe.collect(.auditRequested, count: 2, timeout: 30).compactMap { try? $0.payload(as: AuditRequested.self) }
        XCTAssertEqual(Set(requested.map(\.ticketId)), ["TK-AUD-HAZ", "TK-AUD-REMOTE"], "hazard tickets, remote or not")
        let audit = try XCTUnwrap(requested.first { $0.ticketId == "TK-AUD-HAZ" })
        XCTAssertEqual(audit.auditId, "AUD-TK-AUD-HAZ-1")
        XCTAssertEqual(probe.envelopes(.auditRequested).first { $0.data["ticketId"]?.stringValue == "TK-AUD-HAZ" }?.correlationId, "REQ-HAZ")

        // The supervisor's call-back fails the work.
        try probe.send(AuditRecorded(ticketId: audit.ticketId, auditId: audit.auditId, passed: false,
                                     findings: [.init(code: "no-earth-connection", severity: "critical"),
                                                .init(code: "site-not-cleaned", severity: "minor")]))
        let complaint = try XCTUnwrap(try probe.collect(.complaintOpened, count: 1, timeout: 30).first?.payload(as: ComplaintOpened.self))
        XCTAssertEqual(complaint, ComplaintOpened(ticketId: "TK-AUD-HAZ", complaintId: "CMP-AUD-TK-AUD-HAZ-1", severity: .critical,
                                                  reason: "audit AUD-TK-AUD-HAZ-1 failed: no-earth-connection (critical), site-not-cleaned (minor)"))

        // Everything the service wrote is published and seen (instead of a fixed wait).
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        eventually(timeout: 30, "the outbox is published") {
            try db.query("SELECT count(*)::bigint AS n FROM outbox WHERE sent_at IS NULL").first!.get("n") as Int == 0
        }
        let written: Int = try db.query("SELECT count(*)::bigint AS n FROM outbox").first!.get("n")
        XCTAssertEqual(try probe.collect(timeout: 30) { $0.count >= written }.count, written)
        _ = await runner.stop()

        XCTAssertEqual(probe.envelopes(.auditRequested).count, 2, "the ordinary ticket was not sampled at share 0")
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty, "\(probe.payloads(MessageDeadLettered.self).map(\.reason))")
        let statuses = Dictionary(uniqueKeysWithValues: try db.query("SELECT audit_id, status FROM audits").map {
            (try $0.get("audit_id") as String, try $0.get("status") as String)
        })
        XCTAssertEqual(statuses, ["AUD-TK-AUD-HAZ-1": "failed", "AUD-TK-AUD-REMOTE-1": "requested"])
        XCTAssertEqual(try db.query("SELECT count(*)::bigint AS n FROM surveys WHERE status = 'scheduled'").first!.get("n") as Int, 3,
                       "every completion, the remote one too, is surveyed")
        let byRegion = try SurveyReport.aggregates(by: .region, on: db)
        XCTAssertEqual(byRegion.first?.auditsRecorded, 1)
        XCTAssertEqual(byRegion.first?.auditPassRate, 0)
    }
}
