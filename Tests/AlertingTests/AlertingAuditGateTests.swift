import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Issue 16: alerting counts (audit KPIs, `audit-failed`) only the verdicts of audits surveys
/// requested — through the real batch processor on a manual clock.
final class AlertingAuditGateTests: XCTestCase {
    private typealias F = AlertingFixtures

    private func harness() throws -> BatchHarness {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 3_600
        return try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                                now: F.start)
    }

    private func failed(_ ticketId: String, _ auditId: String) -> AuditRecorded {
        AuditRecorded(ticketId: ticketId, auditId: auditId, passed: false, findings: [.init(code: "no-photo", severity: "minor")])
    }

    /// Counted audits (`audit_facts`) and held verdicts (`audit_verdicts_pending`).
    private func facts(_ h: BatchHarness) throws -> Int64? {
        try h.db.query("SELECT count(*)::bigint AS n FROM audit_facts").first?.get("n")
    }

    private func pending(_ h: BatchHarness) throws -> Int64? {
        try h.db.query("SELECT count(*)::bigint AS n FROM audit_verdicts_pending").first?.get("n")
    }

    private func auditFailedRaised(_ emitted: [Envelope]) -> [String] {
        emitted.payloads(AlertRaised.self).filter { $0.rule == "audit-failed" }.map(\.subject)
    }

    /// The network's last-hour `audits.recorded` at the next snapshot.
    private func auditsRecorded(_ h: BatchHarness) throws -> Double? {
        try h.advance(by: 3_600).payloads(KpiSnapshot.self).first { $0.window == "last-hour" && $0.dimension == nil }?
            .figures["audits.recorded"]
    }

    func testAnUnrequestedVerdictIsNotCountedAndRaisesNoAlert() throws {
        let h = try harness()
        let (outcome, emitted) = try h.deliver([h.envelope(failed("TK-U", "AUD-TK-U-1"))])
        XCTAssertEqual(outcome.deadLettered, 0, "surveys dead-letters it; alerting only holds it")
        XCTAssertTrue(auditFailedRaised(emitted).isEmpty)
        XCTAssertTrue(try h.pendingTimers(kind: "audit-failed-quiet").isEmpty)
        XCTAssertEqual(try facts(h), 0)
        XCTAssertEqual(try pending(h), 1, "held in case its request is only late")
        XCTAssertEqual(try auditsRecorded(h), 0)
    }

    func testAVerdictForAnotherTicketThanTheRequestIsIgnored() throws {
        let h = try harness()
        try h.deliver([h.envelope(AuditRequested(ticketId: "TK-A", auditId: "AUD-TK-A-1"))])
        let (outcome, emitted) = try h.deliver([h.envelope(failed("TK-B", "AUD-TK-A-1"))])
        XCTAssertEqual(outcome.ignored, 1)
        XCTAssertTrue(auditFailedRaised(emitted).isEmpty)
        XCTAssertEqual(try facts(h), 0)
        XCTAssertEqual(try pending(h), 0)
    }

    func testAVerdictBeforeItsRequestIsCountedOnceWhenTheRequestArrives() throws {
        let h = try harness()
        let verdictAt = h.now.addingTimeInterval(600)
        // The verdict and a re-sent copy (new event id) overtake the request.
        for _ in 0..<2 {
            let (_, emitted) = try h.deliver([h.envelope(failed("TK-L", "AUD-TK-L-1"), occurredAt: verdictAt)])
            XCTAssertTrue(auditFailedRaised(emitted).isEmpty, "no request yet")
        }
        XCTAssertEqual(try facts(h), 0)
        XCTAssertEqual(try pending(h), 2)

        // The request (made before the verdict was given) arrives: counted once, in its batch.
        let (outcome, emitted) = try h.deliver([h.envelope(AuditRequested(ticketId: "TK-L", auditId: "AUD-TK-L-1"),
                                                           occurredAt: h.now.addingTimeInterval(60))])
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertEqual(auditFailedRaised(emitted), ["TK-L"])
        XCTAssertEqual(emitted.payloads(AlertRaised.self).first?.message, "ticket TK-L: audit AUD-TK-L-1 failed (no-photo)")
        XCTAssertEqual(try h.pendingTimers(kind: "audit-failed-quiet"), ["TK-L"])
        XCTAssertEqual(try facts(h), 1)
        XCTAssertEqual(try pending(h), 0, "the held verdicts are dropped with the release")
        XCTAssertEqual(try h.db.query("SELECT recorded_at FROM audit_facts").first?.get("recorded_at") as Date?, verdictAt,
                       "the fact keeps the verdict's time")

        // Another copy, and the request again: nothing more.
        XCTAssertEqual(try h.deliver([h.envelope(failed("TK-L", "AUD-TK-L-1"), occurredAt: verdictAt)]).outcome.ignored, 1)
        XCTAssertEqual(try h.deliver([h.envelope(AuditRequested(ticketId: "TK-L", auditId: "AUD-TK-L-1"))]).outcome.ignored, 1)
        XCTAssertEqual(try facts(h), 1)
        XCTAssertEqual(try auditsRecorded(h), 1)
    }

    func testAVerdictAndItsLaterRequestInOneBatchCountOnceAndLeaveNothingPending() throws {
        let h = try harness()
        let (_, emitted) = try h.deliver([h.envelope(failed("TK-M", "AUD-TK-M-1")),
                                          h.envelope(AuditRequested(ticketId: "TK-M", auditId: "AUD-TK-M-1"))])
        XCTAssertEqual(auditFailedRaised(emitted), ["TK-M"])
        XCTAssertEqual(try facts(h), 1)
        XCTAssertEqual(try pending(h), 0)
    }

    func testADuplicateVerdictUnderANewEventIdCountsOnce() throws {
        let h = try harness()
        try h.deliver([h.envelope(AuditRequested(ticketId: "TK-D", auditId: "AUD-TK-D-1"))])
        let first = try h.deliver([h.envelope(failed("TK-D", "AUD-TK-D-1"))])
        XCTAssertEqual(auditFailedRaised(first.emitted), ["TK-D"])
        // Re-sent in the same batch twice and once more later, each under a new event id.
        let again = try h.deliver([h.envelope(failed("TK-D", "AUD-TK-D-1")), h.envelope(failed("TK-D", "AUD-TK-D-1"))])
        XCTAssertEqual(again.outcome.ignored, 2)
        XCTAssertTrue(auditFailedRaised(again.emitted).isEmpty)
        XCTAssertEqual(try h.deliver([h.envelope(AuditRecorded(ticketId: "TK-D", auditId: "AUD-TK-D-1", passed: true,
                                                               findings: []))]).outcome.ignored, 1, "the first verdict wins")
        XCTAssertEqual(try facts(h), 1)
        XCTAssertEqual(try auditsRecorded(h), 1)
    }

    func testAVerdictGivenBeforeTheAuditWasRequestedIsNeverCounted() throws {
        let h = try harness()
        // A verdict on a guessed audit id (surveys refused it: unknown-audit), and surveys'
        // request for that id a day later.
        try h.deliver([h.envelope(failed("TK-G", "AUD-TK-G-1"))])
        let (outcome, emitted) = try h.deliver([h.envelope(AuditRequested(ticketId: "TK-G", auditId: "AUD-TK-G-1"),
                                                           occurredAt: h.now.addingTimeInterval(86_400))])
        XCTAssertEqual(outcome.applied, 1, "the request is recorded")
        XCTAssertTrue(auditFailedRaised(emitted).isEmpty)
        XCTAssertEqual(try facts(h), 0)
        XCTAssertEqual(try pending(h), 0)

        // The real verdict, after the request, counts.
        let real = try h.deliver([h.envelope(failed("TK-G", "AUD-TK-G-1"), occurredAt: h.now.addingTimeInterval(2 * 86_400))])
        XCTAssertEqual(auditFailedRaised(real.emitted), ["TK-G"])
        XCTAssertEqual(try facts(h), 1)
    }

    func testHeldVerdictsExpireAfterTheRetention() throws {
        let h = try harness()
        try h.deliver([h.envelope(failed("TK-E", "AUD-TK-E-1"))])
        try h.advance(by: AuditVerdictGate.pendingRetention + 1)
        // A new held verdict prunes the expired one; the expired one is not released by its request.
        try h.deliver([h.envelope(failed("TK-F", "AUD-TK-F-1"))])
        XCTAssertEqual(try h.db.query("SELECT audit_id FROM audit_verdicts_pending").map { try $0.get("audit_id") as String },
                       ["AUD-TK-F-1"])
        let (_, emitted) = try h.deliver([h.envelope(AuditRequested(ticketId: "TK-E", auditId: "AUD-TK-E-1"), occurredAt: F.start)])
        XCTAssertTrue(auditFailedRaised(emitted).isEmpty)
        XCTAssertEqual(try facts(h), 0)
    }
}
