import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Compensation (issue 15) through the real batch processor and timer scheduler on a manual
/// clock: a breached on-site or resolve deadline grants exactly one `compensation.granted`
/// per ticket, whatever is redelivered, replayed or restarted.
final class AlertingCompensationTests: XCTestCase {
    private typealias F = AlertingFixtures

    private static var settings: AlertingSettings {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 365 * 86_400
        return settings
    }

    private func harness(_ settings: AlertingSettings = settings) throws -> BatchHarness {
        try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                         now: F.start)
    }

    private func grants(_ h: BatchHarness) throws -> Int {
        try h.db.query("SELECT count(*)::bigint AS n FROM compensation_grants").first?.get("n") ?? -1
    }

    func testOnSiteBreachGrantsOnceThenRedeliveryResolveBreachAndRestartGrantNothing() throws {
        let h = try harness()
        let opened = h.envelope(F.opened("TK-C", model: "WM-1", at: h.now))
        try h.deliver([opened, h.envelope(TicketAccepted(ticketId: "TK-C", technicianId: "T-1"),
                                          occurredAt: h.now.addingTimeInterval(600))])

        // The respond deadline was met; at 80 % of the on-site window nothing is granted yet.
        XCTAssertTrue(try h.advance(by: 0.8 * 86_400).payloads(CompensationGranted.self).isEmpty)
        let breach = try h.advance(by: 0.2 * 86_400)
        XCTAssertEqual(breach.payloads(AlertRaised.self).map(\.subject), ["TK-C:on-site"])
        let granted = breach.payloads(CompensationGranted.self)
        XCTAssertEqual(granted, [CompensationGranted(ticketId: "TK-C", customerId: "C-TK-C", kind: .voucher, amount: 100,
                                                     currency: "CNY", reason: "on-site-breached")], "high priority: a 100 CNY voucher")
        let envelope = try XCTUnwrap(breach.first { $0.type == "compensation.granted" })
        XCTAssertEqual(EventCatalog.messageKey(of: envelope), "TK-C", "keyed by ticketId")
        XCTAssertEqual(envelope.correlationId, "corr", "carries the ticket's correlation")
        XCTAssertEqual(try grants(h), 1)

        // The same ticket.opened redelivered, and the ticket again under a new envelope id.
        let again = try h.deliver([opened, h.envelope(F.opened("TK-C", model: "WM-1", at: F.start))])
        XCTAssertEqual(again.outcome.duplicates, 1)
        XCTAssertEqual(again.outcome.ignored, 1)

        // The resolve deadline breaches too: the alert is raised, no second compensation.
        let second = try h.advance(by: 86_400)
        XCTAssertEqual(second.payloads(AlertRaised.self).filter { $0.rule == "sla-breached" }.map(\.subject), ["TK-C:resolve"])
        XCTAssertTrue(second.payloads(CompensationGranted.self).isEmpty)

        // A restart (a new pipeline and handler on the same database) and a replayed on-site
        // breach timer: the clock still runs, the alert is already open, the grant is recorded.
        var config = testServiceConfig(service: "alerting", databaseURL: h.databaseURL, topicPrefix: "")
        config.createTopics = false
        let restarted = try OfflinePipeline(config: config, migrations: AlertingMigrations.all,
                                            handler: AlertingHandler(settings: Self.settings), clock: h.clock)
        try h.db.execute("INSERT INTO deadline_timers (kind, key, due_at) VALUES ('sla-breach', 'TK-C:on-site', \(h.now))")
        XCTAssertEqual(try restarted.fireDueTimers(), 1)
        XCTAssertTrue(try h.newlyEmitted().payloads(CompensationGranted.self).isEmpty)
        XCTAssertEqual(try h.allEmitted().payloads(CompensationGranted.self).count, 1, "exactly one grant for the ticket")
        XCTAssertEqual(try grants(h), 1)
    }

    func testResolveBreachGrantsWhenOnSiteWasMetAndPrioritySizesTheOffer() throws {
        let h = try harness()
        // Emergency (hazard) ticket: respond 1 h, on site 24 h, resolve 48 h (fixture); on site in time.
        try h.deliver([h.envelope(F.opened("TK-E", model: "OV-1", hazard: true, at: h.now)),
                       h.envelope(TicketAccepted(ticketId: "TK-E", technicianId: "T-1"), occurredAt: h.now.addingTimeInterval(60)),
                       h.envelope(TicketOnSite(ticketId: "TK-E", technicianId: "T-1"), occurredAt: h.now.addingTimeInterval(120))])
        XCTAssertTrue(try h.advance(by: 86_400 + 1).payloads(CompensationGranted.self).isEmpty, "on-site met: nothing")
        let granted = try h.advance(by: 86_400).payloads(CompensationGranted.self)
        XCTAssertEqual(granted.map(\.reason), ["resolve-breached"])
        XCTAssertEqual(granted.map(\.amount), [200])
        let row = try XCTUnwrap(h.db.query("SELECT idempotency_key, amount_cents FROM compensation_grants").first)
        XCTAssertEqual(try row.get("idempotency_key") as String, "compensation:TK-E")
        XCTAssertEqual(try row.get("amount_cents") as Int64, 20_000)
    }

    func testARespondBreachAloneGrantsNothingAndTwoTicketsBreachingTogetherGetOneEach() throws {
        let h = try harness()
        try h.deliver([h.envelope(F.opened("TK-A", model: "M-1", at: h.now)), h.envelope(F.opened("TK-B", model: "M-2", at: h.now))])
        let respond = try h.advance(by: 3_600)
        XCTAssertEqual(respond.payloads(AlertRaised.self).filter { $0.rule == "sla-breached" }.count, 2)
        XCTAssertTrue(respond.payloads(CompensationGranted.self).isEmpty, "a respond breach grants nothing")
        let onSite = try h.advance(by: 86_400 - 3_600)
        XCTAssertEqual(onSite.payloads(CompensationGranted.self).map(\.ticketId).sorted(), ["TK-A", "TK-B"])
        XCTAssertTrue(try h.advance(by: 86_400).payloads(CompensationGranted.self).isEmpty)
    }

    func testCompensationOffOrCancelledTicketGrantsNothing() throws {
        var settings = Self.settings
        settings.compensation = CompensationPolicy(offers: [:])
        let off = try harness(settings)
        try off.deliver(F.opened("TK-N", model: "M-1", at: off.now))
        XCTAssertTrue(try off.advance(by: 3 * 86_400).payloads(CompensationGranted.self).isEmpty)

        let h = try harness()
        try h.deliver([h.envelope(F.opened("TK-X", model: "M-1", at: h.now)),
                       h.envelope(TicketCancelled(ticketId: "TK-X", reason: "customer"), occurredAt: h.now.addingTimeInterval(60))])
        XCTAssertTrue(try h.advance(by: 3 * 86_400).payloads(CompensationGranted.self).isEmpty)
    }
}
