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

    /// Rows a version before issue 12 set for every threshold at the opening stay harmless: a
    /// hold moves only the next threshold, the old rows of later ones fire early and do
    /// nothing, and every threshold fires once at its net time.
    func testRowsAnEarlierVersionSetForEveryThresholdStayHarmless() throws {
        let h = try harness()
        try h.deliver(F.opened("TK-OLD", model: "M", at: h.now))
        let old: [(String, String, TimeInterval)] = [
            ("sla-breach", "TK-OLD:respond", 1), ("sla-escalate", "TK-OLD:respond", 1.5),
            ("sla-breach", "TK-OLD:on-site", 24), ("sla-escalate", "TK-OLD:on-site", 36),
            ("sla-breach", "TK-OLD:resolve", 48), ("sla-escalate", "TK-OLD:resolve", 72),
        ]
        for (kind, key, hours) in old {
            try h.db.execute("""
                INSERT INTO deadline_timers (kind, key, due_at, correlation_id) VALUES (\(kind), \(key), \(F.start.addingTimeInterval(hours * hour)), 'corr')
                """)
        }
        // 14 h on hold (1 h to 15 h): on site at risk at 33.2 h, breached at 38 h, escalated at 50 h.
        h.now = F.start.addingTimeInterval(hour)
        try h.deliver([h.envelope(TicketOnHold(ticketId: "TK-OLD", reason: .customerUnreachable, since: h.now))])
        h.now = F.start.addingTimeInterval(15 * hour)
        try h.deliver([h.envelope(TicketResumed(ticketId: "TK-OLD", reason: "visit-scheduled", heldSeconds: 50_400))])
        func onSite(_ emitted: [Envelope]) -> [String] {
            emitted.filter { $0.data["subject"]?.stringValue == "TK-OLD:on-site" }.map { "\($0.type) \($0.data["rule"]?.stringValue ?? "")" }
        }
        func until(_ hours: TimeInterval) throws -> [Envelope] { try h.advance(by: F.start.addingTimeInterval(hours * hour).timeIntervalSince(h.now)) }
        XCTAssertEqual(onSite(try until(24)), [], "the old on-site breach row fired early: nothing")
        XCTAssertEqual(onSite(try until(33.2)), ["alert.raised sla-at-risk"])
        XCTAssertEqual(onSite(try until(36)), [], "the old escalation row fired early: nothing")
        XCTAssertEqual(onSite(try until(38)), ["alert.raised sla-breached"])
        let escalated = try until(50)
        XCTAssertEqual(onSite(escalated), ["alert.escalated sla-breached"])
        XCTAssertEqual(try h.allEmitted().payloads(CompensationGranted.self).count, 1)
        XCTAssertEqual(onSite(try h.allEmitted()).count, 3, "each threshold once")
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
