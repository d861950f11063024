import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// A ticket resolved remotely (`ticket.completed` with `resolvedRemotely`, no technician,
/// DESIGN.md "Remote-first resolution") is served: its respond and on-site clocks end with
/// the completion, like its resolve clock — no SLA alert, no forecast, no compensation later.
final class AlertingRemoteResolutionTests: XCTestCase {
    private typealias F = AlertingFixtures

    private func harness() throws -> BatchHarness {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 365 * 86_400
        return try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                                now: F.start)
    }

    func testARemoteResolutionEndsEveryClockWithoutAlertsOrCompensation() throws {
        let h = try harness()
        try h.deliver([h.envelope(F.opened("TK-R", model: "WM-1", at: h.now)),
                       h.envelope(TicketCompleted(ticketId: "TK-R", technicianId: nil, resolved: true, firstTimeFix: true,
                                                  partsUsed: [], resolvedRemotely: true),
                                  occurredAt: h.now.addingTimeInterval(600))])
        XCTAssertEqual(try h.pendingTimers(kind: "sla-breach"), [], "no clock runs after the remote resolution")
        let later = try h.advance(by: 3 * 86_400)
        XCTAssertEqual(later.payloads(AlertRaised.self).map(\.subject), [])
        XCTAssertEqual(later.payloads(CompensationGranted.self), [])
    }

    func testAFieldTicketStillBreachesItsRespondDeadline() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-F", model: "WM-1", at: h.now))
        let breached = try h.advance(by: 3_600)
        XCTAssertEqual(breached.payloads(AlertRaised.self).filter { $0.rule == "sla-breached" }.map(\.subject), ["TK-F:respond"])
    }
}
