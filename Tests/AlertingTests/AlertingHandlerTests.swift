import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Alerting's handler on PostgreSQL through the real batch processor and timer scheduler
/// (`BatchHarness`, manual clock): single events, mixed batches, timers, statement counts.
final class AlertingHandlerTests: XCTestCase {
    private typealias F = AlertingFixtures

    /// Default settings, but KPI snapshots once a year so that they stay out of the way.
    private static var quietKPIs: AlertingSettings {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 365 * 86_400
        return settings
    }

    private func harness(_ settings: AlertingSettings = quietKPIs) throws -> BatchHarness {
        try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                         now: F.start)
    }

    private func alerts<P: EventPayload>(_ emitted: [Envelope], _ type: P.Type, rule: String) -> [P] where P: AlertLike {
        emitted.payloads(type).filter { $0.rule == rule }
    }

    private func count(_ h: BatchHarness, _ sql: PGQuery) throws -> Int {
        try h.db.query(sql).first?.get("n") ?? -1
    }

    // MARK: SLA clocks

    func testAtRiskBreachedEscalatedThenResolvedOnTheManualClock() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-SLA", model: "WM-1", at: h.now))
        XCTAssertEqual(try h.pendingTimers(kind: "sla-at-risk"), ["TK-SLA:on-site", "TK-SLA:resolve", "TK-SLA:respond"])

        // The respond window is one hour: at risk at 48 min, breached at 60, escalated at 90.
        XCTAssertTrue(try h.advance(by: 2_879).isEmpty)
        let atRisk = try h.advance(by: 1).payloads(AlertRaised.self)
        XCTAssertEqual(atRisk.map(\.rule), ["sla-at-risk"])
        XCTAssertEqual(atRisk.first?.subject, "TK-SLA:respond")
        XCTAssertEqual(atRisk.first?.severity, .warning)
        let breach = try h.advance(by: 720).payloads(AlertRaised.self)
        XCTAssertEqual(breach.map(\.rule), ["sla-breached"])
        XCTAssertEqual(breach.first?.severity, .critical)
        let escalated = try h.advance(by: 1_800).payloads(AlertEscalated.self)
        XCTAssertEqual(escalated.map(\.subject), ["TK-SLA:respond"])
        XCTAssertEqual(escalated.first?.severity, .critical)

        // Acceptance meets the clock: both alerts resolve; its timers are gone, the others stay.
        let (_, resolved) = try h.deliver([h.envelope(TicketAccepted(ticketId: "TK-SLA", technicianId: "T-1"))])
        XCTAssertEqual(Set(resolved.payloads(AlertResolved.self).map(\.rule)), ["sla-at-risk", "sla-breached"])
        XCTAssertEqual(try h.pendingTimers(kind: "sla-at-risk"), ["TK-SLA:on-site", "TK-SLA:resolve"])
        XCTAssertEqual(try h.pendingTimers(kind: "sla-breach") + h.pendingTimers(kind: "sla-escalate"), [],
                       "one timer per clock: the next threshold")
        XCTAssertEqual(try count(h, "SELECT count(*)::bigint AS n FROM alerts WHERE status <> 'resolved'"), 0)
    }

    func testOpenedAndAcceptedInOneBatchMeetTheRespondClockAtOnce() throws {
        let h = try harness()
        let opened = h.envelope(F.opened("TK-1", model: "WM-1", at: h.now))
        let accepted = h.envelope(TicketAccepted(ticketId: "TK-1", technicianId: "T-1"), occurredAt: h.now.addingTimeInterval(600))
        let (outcome, emitted) = try h.deliver([opened, accepted])
        XCTAssertEqual(outcome.applied, 2)
        XCTAssertEqual(outcome.isolated, 0)
        XCTAssertTrue(emitted.isEmpty)
        XCTAssertEqual(try h.pendingTimers(kind: "sla-at-risk"), ["TK-1:on-site", "TK-1:resolve"], "respond timer never written")
        let row = try XCTUnwrap(h.db.query("SELECT accepted_at, technician_id FROM ticket_facts WHERE ticket_id = 'TK-1'").first)
        XCTAssertEqual(try row.get("accepted_at") as Date, h.now.addingTimeInterval(600))
        XCTAssertEqual(try row.get("technician_id") as String, "T-1")

        // Past the respond window nothing fires; the on-site clock is at risk at 80 % of 24 h.
        XCTAssertTrue(try h.advance(by: 2 * 3_600).isEmpty)
        let atRisk = try h.advance(by: 0.8 * 86_400 - 2 * 3_600).payloads(AlertRaised.self)
        XCTAssertEqual(atRisk.map(\.subject), ["TK-1:on-site"])

        // A second acceptance (redelivered under a new id) is a no-op.
        let again = try h.deliver([h.envelope(TicketAccepted(ticketId: "TK-1", technicianId: "T-9"))])
        XCTAssertEqual(again.outcome.ignored, 1)
        XCTAssertEqual(try h.db.query("SELECT technician_id FROM ticket_facts").first?.get("technician_id") as String?, "T-1")
    }

    func testCancellationInTheBatchThatOpensStopsEverythingAndClearsTheHazard() throws {
        let h = try harness()
        let (outcome, emitted) = try h.deliver([
            h.envelope(F.opened("TK-HOT", model: "OV-9", hazard: true, at: h.now)),
            h.envelope(TicketUnassignable(ticketId: "TK-HOT", reason: "no-skill")),
            h.envelope(TicketCancelled(ticketId: "TK-HOT", reason: "customer")),
        ])
        XCTAssertEqual(outcome.applied, 3)
        XCTAssertEqual(emitted.types, ["alert.raised", "alert.raised", "alert.resolved", "alert.resolved"])
        XCTAssertEqual(emitted.payloads(AlertResolved.self).map(\.rule), ["safety-hazard", "unassignable"])
        XCTAssertEqual(try h.db.query("SELECT count(*)::bigint AS n FROM deadline_timers WHERE kind LIKE 'sla-%'").first?.get("n"), 0)
        XCTAssertEqual(try count(h, "SELECT count(*)::bigint AS n FROM alerts WHERE status = 'resolved'"), 2)
        XCTAssertTrue(try h.advance(by: 3 * 86_400).isEmpty, "no clock of a cancelled ticket fires")
    }

    // MARK: Quality signal, redelivery

    func testQualitySignalOnceDespiteRedeliveryInAndAcrossBatches() throws {
        let h = try harness()
        let first = (1...3).map { h.envelope(F.opened("TK-Q\($0)", model: "WM-Q", at: h.now)) }
        let (_, emitted) = try h.deliver(first)
        let signals = alerts(emitted, AlertRaised.self, rule: "quality-signal")
        XCTAssertEqual(signals.count, 1)
        XCTAssertEqual(signals.first?.tickets, ["TK-Q1", "TK-Q2", "TK-Q3"])
        XCTAssertEqual(try h.pendingTimers(kind: "quality-recheck"), ["WM-Q"])

        // The same envelopes, the same tickets under new ids and a fourth ticket, in one batch.
        let renewed = (1...3).map { h.envelope(F.opened("TK-Q\($0)", model: "WM-Q", at: h.now)) }
        let fourth = h.envelope(F.opened("TK-Q4", model: "WM-Q", repeatOf: "TK-Q1", at: h.now))
        let (outcome, again) = try h.deliver(first + renewed + [fourth])
        XCTAssertEqual(outcome.duplicates, 3)
        XCTAssertEqual(outcome.ignored, 3, "known tickets under new ids")
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertTrue(alerts(again, AlertRaised.self, rule: "quality-signal").isEmpty, "no duplicate quality signal")
        XCTAssertEqual(try count(h, "SELECT count(*)::bigint AS n FROM ticket_facts"), 4)

        // Seven days and a second later the tickets have left the window: resolved.
        let later = try h.advance(by: 7 * 86_400 + 1)
        XCTAssertEqual(alerts(later, AlertResolved.self, rule: "quality-signal").map(\.subject), ["WM-Q"])
    }

    func testQualityReadsASummaryNotEveryPriorTicketOfTheModel() throws {
        let h = try harness()
        // 2,000 prior tickets of the model within the window, written as alerting records them.
        try h.db.execute("""
            INSERT INTO ticket_facts (ticket_id, opened_at, model, fault, hazard, respond_by, onsite_by, resolve_by)
            SELECT 'TK-P' || i, \(h.now)::timestamptz - i * interval '1 minute', 'WM-BIG', 'hardware', false,
                   \(h.now)::timestamptz + interval '1 hour', \(h.now)::timestamptz + interval '1 day', \(h.now)::timestamptz + interval '2 days'
            FROM generate_series(1, 2000) AS i
            """)
        let (_, emitted) = try h.deliver([h.envelope(F.opened("TK-NEW", model: "WM-BIG", at: h.now))])
        let signal = try XCTUnwrap(alerts(emitted, AlertRaised.self, rule: "quality-signal").first)
        XCTAssertEqual(signal.details?["count"], "2001")
        XCTAssertEqual(signal.tickets?.count, 20, "the most recent 20 only")
        XCTAssertEqual(signal.tickets?.last, "TK-NEW")
        XCTAssertEqual(signal.tickets?.first, "TK-P19")
        XCTAssertTrue(signal.message.hasSuffix(", … and 1,981 more)"), signal.message)
        XCTAssertEqual(try h.pendingTimers(kind: "quality-recheck"), ["WM-BIG"])
    }

    // MARK: Invalid and unused events

    func testAnInvalidPayloadIsDeadLetteredAndTheRestOfTheBatchApplied() throws {
        let h = try harness()
        var broken = h.envelope(TicketAccepted(ticketId: "TK-BAD", technicianId: "T-1"))
        broken.type = "ticket.opened"
        let (outcome, emitted) = try h.deliver([h.envelope(F.opened("TK-OK", model: "M", at: h.now)), broken],
                                               keys: ["TK-OK", "TK-BAD"])
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertEqual(outcome.deadLettered, 1)
        XCTAssertEqual(outcome.isolated, 0, "an invalid payload needs no fallback")
        let reason = try XCTUnwrap(emitted.deadLetters.first?.reason)
        XCTAssertTrue(reason.contains("invalid ticket.opened"), reason)
    }

    func testTypesAlertingDoesNotUseCostNothing() throws {
        let h = try harness()
        let (outcome, _) = try h.deliver([
            h.envelope(TicketScheduled(ticketId: "TK-1", technicianId: "T-1")),
            h.envelope(SurveyRequested(ticketId: "TK-1", surveyId: "SV-1", customerId: "C-1")),
            h.envelope(ReorderSuggested(partNumber: "P-1", warehouseId: "WH", quantity: 3, reason: "low")),
        ])
        XCTAssertEqual(outcome.skipped, 3)
        XCTAssertEqual(try count(h, "SELECT count(*)::bigint AS n FROM inbox"), 0)
    }

    // MARK: Surveys, complaints, stock, parts, counted

    func testSignalsInOneBatchSeeEachOther() throws {
        var settings = Self.quietKPIs
        settings.rules.complaintSpikeThreshold = 2
        settings.stockLowQuietSeconds = 300
        let h = try harness(settings)
        var batch: [Envelope] = []
        // T-7 is assigned in the same batch as the surveys that are credited to them.
        for n in 1...5 {
            batch.append(h.envelope(F.opened("TK-S\(n)", model: "M-\(n)", at: h.now)))
            batch.append(h.envelope(TicketAssigned(ticketId: "TK-S\(n)", technicianId: "T-7", distanceKm: 1, attempt: 1)))
        }
        for (n, satisfied) in [(1, true), (2, false), (3, false), (4, true), (5, false)] {
            batch.append(h.envelope(F.survey(n, satisfied: satisfied), occurredAt: h.now.addingTimeInterval(Double(n))))
        }
        batch.append(h.envelope(F.survey(5, satisfied: true)))   // the same survey id again: ignored
        for n in 1...3 {
            batch.append(h.envelope(ComplaintOpened(ticketId: "TK-S\(n)", complaintId: "CP-\(n)", severity: .normal, reason: "low")))
        }
        batch.append(h.envelope(StockLow(partNumber: "P-1", warehouseId: "WH-SH", available: 1, reorderPoint: 5)))
        batch.append(h.envelope(StockLow(partNumber: "P-1", warehouseId: "WH-SH", available: 0, reorderPoint: 5)))
        batch.append(h.envelope(PartsReserved(ticketId: "TK-S1", lines: [PartLine(partNumber: "P-2", quantity: 3, warehouseId: "WH-SH")])))
        batch.append(h.envelope(RequestRejected(requestId: "R-X", reasons: [])))
        let (outcome, emitted) = try h.deliver(batch)
        XCTAssertEqual(outcome.ignored, 1)
        XCTAssertEqual(outcome.deadLettered, 0)
        let raised = emitted.payloads(AlertRaised.self)
        XCTAssertEqual(raised.filter { $0.rule == "technician-csat" }.map(\.details?["csat"]), ["0.40"])
        XCTAssertEqual(raised.filter { $0.rule == "complaint-spike" }.map(\.details?["count"]), ["3"], "raised once, at the third")
        XCTAssertEqual(raised.filter { $0.rule == "stock-low" }.count, 1)
        XCTAssertEqual(try count(h, "SELECT count(*)::bigint AS n FROM survey_facts WHERE technician_id = 'T-7'"), 5)
        XCTAssertEqual(try count(h, "SELECT count(*)::bigint AS n FROM stream_facts"), 1)
        XCTAssertEqual(try count(h, "SELECT count(*)::bigint AS n FROM parts_facts"), 1)

        // The quiet period ends: stock-low resolves; the complaints age out after the hour.
        XCTAssertEqual(alerts(try h.advance(by: 301), AlertResolved.self, rule: "stock-low").count, 1)
        XCTAssertEqual(alerts(try h.advance(by: 3_300), AlertResolved.self, rule: "complaint-spike").count, 1)
    }

    // MARK: KPIs

    func testKPISnapshotFromTheTimer() throws {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 60
        let h = try harness(settings)
        try h.deliver([h.envelope(F.opened("TK-1", model: "M-1", at: h.now)), h.envelope(F.opened("TK-2", model: "M-2", at: h.now)),
                       h.envelope(TicketAccepted(ticketId: "TK-1", technicianId: "T-1"), occurredAt: h.now.addingTimeInterval(1_200))])
        let snapshots = try h.advance(by: 60).payloads(KpiSnapshot.self)
        XCTAssertEqual(snapshots.map(\.window), ["last-hour", "today", "last-7-days"])
        let hour = try XCTUnwrap(snapshots.first)
        XCTAssertEqual(hour.figures["tickets.opened"], 2)
        XCTAssertNil(hour.figures["response.p50.minutes"], "TK-1's acceptance lies after the snapshot")
        XCTAssertEqual(try h.pendingTimers(kind: "kpi-snapshot"), ["kpi"], "the snapshot reschedules itself")
        let next = try h.advance(by: 1_200).payloads(KpiSnapshot.self)
        XCTAssertEqual(next.first?.figures["response.p50.minutes"], 20)
        XCTAssertEqual(next.first?.figures["sla.respond.compliance"], 1)
    }

    // MARK: Set-based: statements per batch do not grow with the batch

    private func openAccept(_ h: BatchHarness, tickets: Int, tag: String) -> [Envelope] {
        (1...tickets).flatMap { n in
            [h.envelope(F.opened("TK-\(tag)-\(n)", model: "M-\(tag)-\(n)", at: h.now)),
             h.envelope(TicketAccepted(ticketId: "TK-\(tag)-\(n)", technicianId: "T-\(n % 7)"))]
        }
    }

    private func mixed(_ h: BatchHarness, tickets: Int, tag: String) -> [Envelope] {
        (1...tickets).flatMap { n -> [Envelope] in
            let id = "TK-\(tag)-\(n)"
            return [h.envelope(F.opened(id, model: "M-\(tag)-\(n)", hazard: n % 3 == 0, at: h.now)),
                    h.envelope(TicketAssigned(ticketId: id, technicianId: "T-\(n % 7)", distanceKm: 2, attempt: 1)),
                    h.envelope(TicketAccepted(ticketId: id, technicianId: "T-\(n % 7)")),
                    h.envelope(TicketOnSite(ticketId: id, technicianId: "T-\(n % 7)")),
                    h.envelope(TicketCompleted(ticketId: id, technicianId: "T-\(n % 7)", resolved: true, firstTimeFix: true, partsUsed: [])),
                    h.envelope(SurveyCompleted(ticketId: id, surveyId: "SV-\(tag)-\(n)",
                                               scores: SurveyScores(attitude: 5, efficiency: 5, quality: 5), average: 5, satisfied: true)),
                    h.envelope(ComplaintOpened(ticketId: id, complaintId: "CP-\(tag)-\(n)", severity: .normal, reason: "late")),
                    h.envelope(StockLow(partNumber: "P-\(tag)-\(n)", warehouseId: "WH", available: 1, reorderPoint: 5)),
                    h.envelope(PartsReserved(ticketId: id, lines: [PartLine(partNumber: "P-1", quantity: 1, warehouseId: "WH")])),
                    h.envelope(RequestRejected(requestId: "R-\(tag)-\(n)", reasons: []))]
        }
    }

    func testStatementsPerBatchDoNotGrowWithTheBatch() throws {
        let h = try harness()
        let two = try h.statements { try h.deliver(openAccept(h, tickets: 1, tag: "a")) }
        let twoHundred = try h.statements { try h.deliver(openAccept(h, tickets: 100, tag: "b")) }
        XCTAssertEqual(two, twoHundred, "opened + accepted: 2 events and 200 events cost the same statements")

        let ten = try h.statements { try h.deliver(mixed(h, tickets: 1, tag: "c")) }
        var outcome = BatchOutcome()
        let allTypes = try h.statements { outcome = try h.deliver(mixed(h, tickets: 20, tag: "d")).outcome }
        XCTAssertEqual(outcome.applied, 200)
        XCTAssertEqual(outcome.isolated, 0)
        XCTAssertEqual(allTypes, ten, "every handled type: 10 events and 200 events cost the same statements")
        print("alerting statements per batch (whole pipeline): opened+accepted \(two) (2 events) / \(twoHundred) (200 events); "
              + "all handled types \(ten) (10 events) / \(allTypes) (200 events)")
    }
}

/// The three `alert.*` payloads, for filtering by rule and subject.
protocol AlertLike {
    var rule: String { get }
    var subject: String { get }
}
extension AlertRaised: AlertLike {}
extension AlertEscalated: AlertLike {}
extension AlertResolved: AlertLike {}
