import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// A hold through the real broker and database with a controlled clock: the on-site clock
/// stands still while the customer cannot be reached, and its breach moves by the time on hold.
final class AlertingHoldFlowTests: XCTestCase {
    private typealias F = AlertingFixtures
    private let hour: TimeInterval = 3_600

    private func raised(_ probe: TopicProbe, _ rule: String, _ subject: String) -> [AlertRaised] {
        probe.payloads(AlertRaised.self).filter { $0.rule == rule && $0.subject == subject }
    }

    private func waitFor(_ probe: TopicProbe, _ what: String, file: StaticString = #filePath, line: UInt = #line,
                         _ condition: () -> Bool) {
        eventually(timeout: 30, what, file: file, line: line) {
            _ = try probe.collect(timeout: 0.5) { _ in condition() }
            return condition()
        }
    }

    private func count(_ db: PGConnection, _ sql: PGQuery) throws -> Int { try db.query(sql).first?.get("n") ?? -1 }

    func testHoldThenResumeShiftsTheBreachThroughTheBroker() async throws {
        let prefix = uniqueTopicPrefix("alerthold")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.alerts, .deadLetters])
        let clock = ManualClock(F.start)
        let config = testServiceConfig(service: "alerting", databaseURL: try makeTestDatabase("alerthold"), topicPrefix: prefix,
                                       overrides: ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "86400"])
        let runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config),
                                   clock: clock)
        runner.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }

        // Respond 1 h, on site 24 h, resolve 48 h. One hour in, the customer cannot be reached.
        try probe.send(F.opened("TK-FLOW", model: "M", at: F.start), occurredAt: F.start)
        clock.advance(by: hour)
        try probe.send(TicketOnHold(ticketId: "TK-FLOW", reason: .customerUnreachable, since: clock.now()), occurredAt: clock.now())
        eventually(timeout: 30, "the hold is recorded and the on-site timers are gone") {
            try count(db, "SELECT count(*)::bigint AS n FROM ticket_holds WHERE until IS NULL") == 1
                && count(db, "SELECT count(*)::bigint AS n FROM deadline_timers WHERE key = 'TK-FLOW:on-site'") == 0
        }

        // Past the original on-site breach (24 h): the respond clock (not paused) escalates, on-site stays quiet.
        clock.advance(by: 24 * hour)
        waitFor(probe, "the respond breach escalated") {
            probe.payloads(AlertEscalated.self).contains { $0.subject == "TK-FLOW:respond" }
        }
        XCTAssertTrue(raised(probe, "sla-at-risk", "TK-FLOW:on-site").isEmpty)
        XCTAssertTrue(raised(probe, "sla-breached", "TK-FLOW:on-site").isEmpty)

        // Resumed at 25 h after 24 h on hold: at risk at 43.2 h, breached at 48 h.
        try probe.send(TicketResumed(ticketId: "TK-FLOW", reason: "visit-scheduled", heldSeconds: 86_400), occurredAt: clock.now())
        eventually(timeout: 30, "the at-risk timer moved by the time on hold") {
            let due: Date? = try db.query("""
                SELECT due_at FROM deadline_timers WHERE kind = 'sla-at-risk' AND key = 'TK-FLOW:on-site'
                """).first?.get("due_at")
            return due == F.start.addingTimeInterval(43.2 * hour)
        }
        XCTAssertEqual(try count(db, "SELECT count(*)::bigint AS n FROM deadline_timers WHERE key = 'TK-FLOW:on-site'"), 1,
                       "one timer per clock: the breach is set when the at-risk threshold fires")
        clock.advance(by: 47 * hour - clock.now().timeIntervalSince(F.start))
        waitFor(probe, "the on-site clock at risk on net time") { !self.raised(probe, "sla-at-risk", "TK-FLOW:on-site").isEmpty }
        XCTAssertEqual(raised(probe, "sla-at-risk", "TK-FLOW:on-site").first?.details?["heldSeconds"], "86400")
        XCTAssertTrue(raised(probe, "sla-breached", "TK-FLOW:on-site").isEmpty, "not breached at 47 h")

        clock.advance(by: hour)
        waitFor(probe, "the on-site breach at 48 h") { !self.raised(probe, "sla-breached", "TK-FLOW:on-site").isEmpty }
        let breach = try XCTUnwrap(probe.envelopes(.alertRaised).first {
            $0.data["rule"]?.stringValue == "sla-breached" && $0.data["subject"]?.stringValue == "TK-FLOW:on-site" })
        XCTAssertEqual(breach.occurredAt, F.start.addingTimeInterval(48 * hour), "raised at the shifted deadline")
        await runner.stop()
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty)
    }
}
