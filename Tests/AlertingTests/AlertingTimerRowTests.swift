import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// How many SLA timer rows alerting keeps in the runtime's `deadline_timers` (issue 12), on
/// PostgreSQL through the real batch processor and timer scheduler (manual clock): one row
/// per running clock — its next threshold — not one per threshold.
final class AlertingTimerRowTests: XCTestCase {
    private typealias F = AlertingFixtures
    private let hour: TimeInterval = 3_600

    private func harness() throws -> BatchHarness {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 365 * 86_400
        return try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                                now: F.start)
    }

    /// SLA timer rows (every threshold kind) pending for keys starting with `prefix`.
    private func slaRows(_ h: BatchHarness, _ prefix: String) throws -> Int {
        let kinds = SLAClock.Threshold.allCases.map(\.rawValue)
        return try h.db.query("""
            SELECT count(*)::bigint AS n FROM deadline_timers WHERE kind = ANY(\(kinds)::text[]) AND starts_with(key, \(prefix))
            """).first?.get("n") ?? -1
    }

    /// 200 tickets opened in one batch: the rows written are the rows pending afterwards (new keys).
    func testAnOpenedTicketWritesOneTimerRowPerClock() throws {
        let h = try harness()
        let tickets = 200
        let batch = (1...tickets).map { h.envelope(F.opened("TK-ROW-\($0)", model: "M-\($0)", at: h.now)) }
        let started = Date()
        try h.deliver(batch)
        let elapsed = Date().timeIntervalSince(started)
        let rows = try slaRows(h, "TK-ROW-")
        print("alerting SLA timer rows per opened ticket: \(Double(rows) / Double(tickets)) (\(rows) for \(tickets) tickets; "
              + "batch of \(tickets) opened in \(Int(elapsed * 1_000)) ms)")
        XCTAssertEqual(rows, 3 * tickets, "one row per clock: its at-risk threshold")
        XCTAssertEqual(try h.pendingTimers(kind: "sla-breach").filter { $0.hasPrefix("TK-ROW-") }, [], "later thresholds wait for the chain")
    }

    /// A ticket served in time (accepted, on site, completed before any threshold) never has more
    /// than three SLA rows, and none once its clocks are met.
    func testAServedTicketLeavesNoRow() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-LIFE", model: "M", at: h.now))
        XCTAssertEqual(try slaRows(h, "TK-LIFE"), 3)
        h.now = F.start.addingTimeInterval(0.5 * hour)
        try h.deliver([h.envelope(TicketAccepted(ticketId: "TK-LIFE", technicianId: "T-1"))])
        XCTAssertEqual(try slaRows(h, "TK-LIFE"), 2)
        h.now = F.start.addingTimeInterval(5 * hour)
        try h.deliver([h.envelope(TicketOnSite(ticketId: "TK-LIFE", technicianId: "T-1"))])
        XCTAssertEqual(try slaRows(h, "TK-LIFE"), 1)
        h.now = F.start.addingTimeInterval(6 * hour)
        try h.deliver([h.envelope(TicketCompleted(ticketId: "TK-LIFE", technicianId: "T-1", resolved: true, firstTimeFix: true, partsUsed: []))])
        XCTAssertEqual(try slaRows(h, "TK-LIFE"), 0)
    }
}
