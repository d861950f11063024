import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// SLA holds on PostgreSQL through the real batch processor and timer scheduler (manual
/// clock): clocks pause for the configured reasons, thresholds fall on net time, and a hold
/// replayed or redelivered is counted once.
final class AlertingHoldTests: XCTestCase {
    private typealias F = AlertingFixtures
    private let hour: TimeInterval = 3_600

    private func harness(_ configure: (inout AlertingSettings) throws -> Void = { _ in }) throws -> BatchHarness {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 365 * 86_400
        try configure(&settings)
        return try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                                now: F.start)
    }

    private func subjects<P: EventPayload & AlertLike>(_ emitted: [Envelope], _ type: P.Type, _ rule: String) -> [String] {
        emitted.payloads(type).filter { $0.rule == rule }.map(\.subject)
    }

    private func due(_ h: BatchHarness, _ kind: String, _ key: String) throws -> Date? {
        try h.db.query("SELECT due_at FROM deadline_timers WHERE kind = \(kind) AND key = \(key)").first?.get("due_at")
    }

    /// The fixtures' ticket: respond 1 h, on site 24 h, resolve 48 h from `F.start`.
    func testAHoldThenResumeShiftsTheOnSiteAndResolveClocksButNotRespond() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-H", model: "M", at: h.now))
        h.now = F.start.addingTimeInterval(hour)
        try h.deliver([h.envelope(TicketOnHold(ticketId: "TK-H", reason: .customerUnreachable, since: h.now))])
        XCTAssertNil(try due(h, "sla-at-risk", "TK-H:on-site"), "paused: no timer")
        XCTAssertNil(try due(h, "sla-at-risk", "TK-H:resolve"))
        XCTAssertEqual(try due(h, "sla-at-risk", "TK-H:respond"), F.start.addingTimeInterval(0.8 * hour), "respond runs on")

        // A day on hold: the original on-site at-risk (19.2 h) and breach (24 h) pass quietly.
        let quiet = try h.advance(by: 24 * hour)
        XCTAssertEqual(subjects(quiet, AlertRaised.self, "sla-breached"), ["TK-H:respond"], "only the respond clock breached")
        XCTAssertTrue(subjects(quiet, AlertRaised.self, "sla-at-risk").allSatisfy { $0 == "TK-H:respond" })

        // Resumed at 25 h after 24 h on hold: on-site at risk at 43.2 h, breached at 48 h, escalated at 60 h.
        let (outcome, _) = try h.deliver([h.envelope(TicketResumed(ticketId: "TK-H", reason: "visit-scheduled", heldSeconds: 86_400))])
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertEqual(try due(h, "sla-at-risk", "TK-H:on-site"), F.start.addingTimeInterval(43.2 * hour))
        XCTAssertNil(try due(h, "sla-breach", "TK-H:on-site"), "set when the at-risk threshold fires")
        XCTAssertEqual(try due(h, "sla-at-risk", "TK-H:resolve"), F.start.addingTimeInterval(62.4 * hour), "38.4 h + 24 h")

        let atRisk = try h.advance(by: 18.2 * hour)   // 43.2 h
        XCTAssertEqual(subjects(atRisk, AlertRaised.self, "sla-at-risk"), ["TK-H:on-site"])
        let raised = try XCTUnwrap(atRisk.payloads(AlertRaised.self).first)
        XCTAssertEqual(raised.details?["heldSeconds"], "86400")
        XCTAssertTrue(try h.advance(by: 4.8 * hour - 1).payloads(AlertRaised.self).isEmpty, "not breached a second early")
        XCTAssertEqual(subjects(try h.advance(by: 1), AlertRaised.self, "sla-breached"), ["TK-H:on-site"])
        XCTAssertEqual(try due(h, "sla-escalate", "TK-H:on-site"), F.start.addingTimeInterval(60 * hour), "36 h net + 24 h on hold")
        XCTAssertEqual(subjects(try h.advance(by: 12 * hour), AlertEscalated.self, "sla-breached"), ["TK-H:on-site"])
    }

    func testARedeliveredOrReplayedHoldIsCountedOnce() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-R", model: "M", at: h.now))
        let since = F.start.addingTimeInterval(2 * hour)
        h.now = since
        let onHold = h.envelope(TicketOnHold(ticketId: "TK-R", reason: .waitingParts, since: since))
        try h.deliver([onHold])
        h.now = since.addingTimeInterval(10 * hour)
        let resumed = h.envelope(TicketResumed(ticketId: "TK-R", reason: "parts-arrived", heldSeconds: 36_000))
        try h.deliver([resumed])
        let resolveDue = try due(h, "sla-at-risk", "TK-R:resolve")
        XCTAssertEqual(resolveDue, F.start.addingTimeInterval(48.4 * hour), "38.4 h + 10 h on hold")

        // The same events again (inbox), under new ids (a replay from the start), in one batch and apart.
        let again = try h.deliver([onHold, resumed,
                                   h.envelope(TicketOnHold(ticketId: "TK-R", reason: .waitingParts, since: since)),
                                   h.envelope(TicketResumed(ticketId: "TK-R", reason: "parts-arrived", heldSeconds: 36_000))])
        XCTAssertEqual(again.outcome.duplicates, 2)
        XCTAssertEqual(again.outcome.ignored, 2)
        try h.deliver([h.envelope(TicketResumed(ticketId: "TK-R", reason: "parts-arrived", heldSeconds: 99_999))])
        XCTAssertEqual(try due(h, "sla-at-risk", "TK-R:resolve"), resolveDue, "still 10 h on hold, once")
        let holds: Int = try h.db.query("SELECT count(*)::bigint AS n FROM ticket_holds").first?.get("n") ?? -1
        XCTAssertEqual(holds, 1)
    }

    func testOpenedHeldAndResumedInOneBatch() throws {
        let h = try harness()
        let since = h.now.addingTimeInterval(hour)
        let (outcome, _) = try h.deliver([
            h.envelope(F.opened("TK-B", model: "M", at: h.now)),
            h.envelope(TicketOnHold(ticketId: "TK-B", reason: .customerRequested, since: since)),
            h.envelope(TicketResumed(ticketId: "TK-B", reason: "visit-started", heldSeconds: 7_200),
                       occurredAt: since.addingTimeInterval(2 * hour)),
        ])
        XCTAssertEqual(outcome.applied, 3)
        XCTAssertEqual(try due(h, "sla-at-risk", "TK-B:on-site"), F.start.addingTimeInterval(21.2 * hour), "19.2 h + 2 h")
        XCTAssertEqual(try due(h, "sla-at-risk", "TK-B:respond"), F.start.addingTimeInterval(0.8 * hour))
    }

    func testConfiguredPausesAndNetKPIs() throws {
        let h = try harness {
            $0.holdPolicy = try HoldPolicy.parse("waiting-parts=respond,on-site,resolve")
            $0.kpiIntervalSeconds = 60
        }
        try h.deliver(F.opened("TK-K", model: "M", at: h.now))
        // On hold for waiting parts from 10 min to 70 min: with this policy even respond pauses.
        try h.deliver([h.envelope(TicketOnHold(ticketId: "TK-K", reason: .waitingParts, since: h.now.addingTimeInterval(600)),
                                  occurredAt: h.now.addingTimeInterval(600)),
                       h.envelope(TicketResumed(ticketId: "TK-K", reason: "parts-arrived", heldSeconds: 3_600),
                                  occurredAt: h.now.addingTimeInterval(4_200)),
                       h.envelope(TicketAccepted(ticketId: "TK-K", technicianId: "T-1"), occurredAt: h.now.addingTimeInterval(5_400))])
        let snapshot = try XCTUnwrap(try h.advance(by: 6_000).payloads(KpiSnapshot.self).first { $0.window == "today" })
        XCTAssertEqual(snapshot.figures["sla.respond.compliance"], 0, "accepted 90 min into a 60-minute window")
        XCTAssertEqual(snapshot.figures["sla.respond.compliance.net"], 1, "30 min net of the hour on hold")
        XCTAssertEqual(snapshot.figures["holds.started"], 1)
        XCTAssertEqual(snapshot.figures["tickets.on-hold"], 0)
    }

    /// Issue 14: a hold processed late, beginning before a breach that has fired, withdraws the
    /// breach (resolved with the reason); the compensation granted stays; the breach fires
    /// again at its net time after the resumption, without a second grant.
    func testALateHoldWithdrawsTheBreachButNotTheCompensation() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-L", model: "M", at: h.now))
        try h.advance(by: 20 * hour)
        let breached = try h.advance(by: 4 * hour)
        XCTAssertEqual(subjects(breached, AlertRaised.self, "sla-breached"), ["TK-L:on-site"])
        XCTAssertEqual(breached.payloads(CompensationGranted.self).count, 1)

        // At 25 h: the customer could not be reached since 23 h (after the at-risk threshold at 19.2 h).
        h.now = F.start.addingTimeInterval(25 * hour)
        let (_, late) = try h.deliver([h.envelope(TicketOnHold(ticketId: "TK-L", reason: .customerUnreachable,
                                                               since: F.start.addingTimeInterval(23 * hour)))])
        let withdrawn = late.payloads(AlertResolved.self)
        XCTAssertEqual(withdrawn.map(\.subject), ["TK-L:on-site"])
        XCTAssertEqual(withdrawn.map(\.rule), ["sla-breached"], "the at-risk alert stands")
        XCTAssertEqual(withdrawn.first?.message,
                       "withdrawn: ticket TK-L on hold since 2026-11-29T11:00:00.000Z (customer-unreachable), net on-site time below the 100 % threshold")
        XCTAssertTrue(late.payloads(CompensationGranted.self).isEmpty)
        XCTAssertEqual(try h.db.query("""
            SELECT status FROM alerts WHERE rule = 'sla-at-risk' AND subject = 'TK-L:on-site'
            """).first?.get("status") as String?, "open")
        XCTAssertEqual(try h.db.query("SELECT count(*)::bigint AS n FROM deadline_timers WHERE key = 'TK-L:on-site'").first?.get("n") as Int?,
                       0, "standing still")
        // The same hold again changes nothing.
        let (replay, again) = try h.deliver([h.envelope(TicketOnHold(ticketId: "TK-L", reason: .customerUnreachable,
                                                                     since: F.start.addingTimeInterval(23 * hour)))])
        XCTAssertEqual(replay.ignored, 1)
        XCTAssertTrue(again.isEmpty)

        // Resumed at 26 h: an hour of the window left, breached again at 27 h; no second grant.
        h.now = F.start.addingTimeInterval(26 * hour)
        try h.deliver([h.envelope(TicketResumed(ticketId: "TK-L", reason: "visit-scheduled", heldSeconds: 10_800))])
        XCTAssertEqual(try due(h, "sla-breach", "TK-L:on-site"), F.start.addingTimeInterval(27 * hour))
        let rebreached = try h.advance(by: hour)
        XCTAssertEqual(rebreached.payloads(AlertRaised.self).map(\.alertId), ["AL-sla-breached-TK-L:on-site-2"])
        XCTAssertTrue(rebreached.payloads(CompensationGranted.self).isEmpty)
        XCTAssertEqual(try h.db.query("SELECT count(*)::bigint AS n FROM compensation_grants").first?.get("n") as Int?, 1)
    }

    func testStatementsPerBatchWithHoldsDoNotGrowWithTheBatch() throws {
        let h = try harness()
        /// Per ticket: opened and put on hold; with `resumeAndHoldAgain`, also resumed and put on hold again.
        func batch(_ tickets: Int, _ tag: String, resumeAndHoldAgain: Bool) -> [Envelope] {
            (1...tickets).flatMap { n -> [Envelope] in
                let id = "TK-\(tag)-\(n)"
                var events = [h.envelope(F.opened(id, model: "M-\(tag)-\(n)", at: h.now)),
                              h.envelope(TicketOnHold(ticketId: id, reason: .customerRequested, since: h.now.addingTimeInterval(60)))]
                if resumeAndHoldAgain {
                    events.append(h.envelope(TicketResumed(ticketId: id, reason: "visit-scheduled", heldSeconds: 60),
                                             occurredAt: h.now.addingTimeInterval(120)))
                    events.append(h.envelope(TicketOnHold(ticketId: id, reason: .waitingParts, since: h.now.addingTimeInterval(180))))
                }
                return events
            }
        }
        let two = try h.statements { try h.deliver(batch(1, "a", resumeAndHoldAgain: false)) }
        let twoHundred = try h.statements { try h.deliver(batch(100, "b", resumeAndHoldAgain: false)) }
        XCTAssertEqual(two, twoHundred, "opened + on-hold: 2 and 200 events")
        let four = try h.statements { try h.deliver(batch(1, "c", resumeAndHoldAgain: true)) }
        let all = try h.statements { try h.deliver(batch(50, "d", resumeAndHoldAgain: true)) }
        XCTAssertEqual(four, all, "opened, held, resumed, held again: 4 and 200 events")
        print("alerting statements per batch with holds: \(two) (2 events) / \(twoHundred) (200); \(four) (4) / \(all) (200)")
    }
}
