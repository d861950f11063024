import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// The predictive SLA warning (issue 16) through the real batch processor and timer scheduler
/// on a manual clock. Fixture tickets: on site within 24 h, resolved within 48 h; default
/// settings: 30 km/h, 60 min repair prior.
final class AlertingForecastTests: XCTestCase {
    private typealias F = AlertingFixtures

    private func harness() throws -> BatchHarness {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 365 * 86_400
        return try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                                now: F.start)
    }

    private func forecasts(_ emitted: [Envelope]) -> [String] {
        emitted.payloads(AlertRaised.self).filter { $0.rule == "sla-forecast-breach" }.map(\.subject)
    }

    func testAssignmentTooFarToMakeItRaisesAtOnceAndOnSiteResolves() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-F", model: "M-1", at: h.now))
        h.now = F.start.addingTimeInterval(18 * 3_600)   // 6 h left on site, before the 80 % mark (19.2 h)
        // 200 km at 30 km/h: 6 h 40 min of travel.
        let (_, emitted) = try h.deliver([h.envelope(TicketAssigned(ticketId: "TK-F", technicianId: "T-1", distanceKm: 200, attempt: 1))])
        XCTAssertEqual(forecasts(emitted), ["TK-F:on-site"], "resolve: 30 h left cover 6 h 40 min + 1 h repair")
        let message = try XCTUnwrap(emitted.payloads(AlertRaised.self).first?.message)
        XCTAssertTrue(message.contains("400 min travel"), message)

        // The same assignment again: still one alert each.
        XCTAssertTrue(forecasts(try h.deliver(TicketAssigned(ticketId: "TK-F", technicianId: "T-1", distanceKm: 200, attempt: 1)).emitted).isEmpty)
        let onSite = try h.deliver([h.envelope(TicketOnSite(ticketId: "TK-F", technicianId: "T-1"))]).emitted
        XCTAssertEqual(onSite.payloads(AlertResolved.self).filter { $0.rule == "sla-forecast-breach" }.map(\.subject), ["TK-F:on-site"])
        let done = try h.deliver([h.envelope(TicketCompleted(ticketId: "TK-F", technicianId: "T-1", resolved: true, firstTimeFix: true,
                                                             partsUsed: []), occurredAt: h.now.addingTimeInterval(1_800))]).emitted
        XCTAssertTrue(done.payloads(AlertResolved.self).filter { $0.rule == "sla-forecast-breach" }.isEmpty, "nothing open to resolve")
        let row = try XCTUnwrap(h.db.query("SELECT samples, seconds FROM repair_estimates WHERE category = 'washing-machine'").first)
        XCTAssertEqual(try row.get("samples") as Int, 1, "a first-time fix on site teaches the category")
        XCTAssertEqual(try row.get("seconds") as Double, 1_800)
    }

    func testTheCheckTimerRaisesWhenTheShortfallBeginsAndCancellationClearsIt() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-T", model: "M-1", at: h.now))
        // 300 km: 10 h of travel. On site: shortfall from 14 h; resolve (10 h + 1 h repair) from 37 h.
        let assigned = try h.deliver([h.envelope(TicketAssigned(ticketId: "TK-T", technicianId: "T-1", distanceKm: 300, attempt: 1),
                                                 occurredAt: h.now.addingTimeInterval(3_600))])
        XCTAssertTrue(forecasts(assigned.emitted).isEmpty)
        XCTAssertEqual(try h.pendingTimers(kind: "sla-forecast"), ["TK-T:on-site", "TK-T:resolve"])
        XCTAssertTrue(forecasts(try h.advance(by: 14 * 3_600 - 1)).isEmpty)
        XCTAssertEqual(forecasts(try h.advance(by: 1)), ["TK-T:on-site"])
        let cancelled = try h.deliver([h.envelope(TicketCancelled(ticketId: "TK-T", reason: "customer"))]).emitted
        XCTAssertEqual(cancelled.payloads(AlertResolved.self).filter { $0.rule == "sla-forecast-breach" }.map(\.subject), ["TK-T:on-site"])
        XCTAssertEqual(try h.pendingTimers(kind: "sla-forecast"), [], "a stopped clock is not forecast")
        XCTAssertTrue(forecasts(try h.advance(by: 2 * 86_400)).isEmpty)
    }
}
