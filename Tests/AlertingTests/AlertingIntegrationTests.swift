import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Alerting against the real broker and database with a controlled clock.
final class AlertingIntegrationTests: XCTestCase {
    private typealias F = AlertingFixtures

    // MARK: Helpers

    private func alerts(_ probe: TopicProbe, _ type: EventType, rule: String, subject: String? = nil) -> [Envelope] {
        probe.envelopes(type).filter {
            $0.data["rule"]?.stringValue == rule && (subject == nil || $0.data["subject"]?.stringValue == subject)
        }
    }

    /// Reads the probe until `count` alerts of `type`, `rule` (and `subject`) were seen; fails the test on timeout.
    private func waitFor(_ probe: TopicProbe, _ type: EventType, rule: String, subject: String? = nil, count: Int = 1,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        waitUntil(probe, "\(count) \(type.rawValue) \(rule) \(subject ?? "")", file: file, line: line) { _ in
            self.alerts(probe, type, rule: rule, subject: subject).count >= count
        }
        XCTAssertEqual(alerts(probe, type, rule: rule, subject: subject).count, count, "\(type.rawValue) \(rule) \(subject ?? "")",
                       file: file, line: line)
    }

    /// Reads the probe until `condition` holds for everything seen; fails the test on timeout.
    private func waitUntil(_ probe: TopicProbe, _ what: String, file: StaticString = #filePath, line: UInt = #line,
                           _ condition: ([Envelope]) -> Bool) {
        eventually(timeout: 30, what, file: file, line: line) { condition(try probe.collect(timeout: 0.5, until: condition)) }
    }

    /// Waits until `sql` (a `SELECT … AS n`) returns `expected`; fails the test on timeout.
    private func waitForRows(_ db: PGConnection, _ sql: PGQuery, _ expected: Int, file: StaticString = #filePath, line: UInt = #line) {
        eventually(timeout: 30, "\(sql.sql) = \(expected)", file: file, line: line) { try db.query(sql).first?.get("n") == expected }
    }

    // MARK: Tickets: SLA clocks, hazard, unassignable, quality signal, replay, restart, KPIs

    func testClocksTicketRulesReplayRestartAndKPIs() async throws {
        let prefix = uniqueTopicPrefix("alerting")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.alerts, .kpis, .deadLetters])
        let clock = ManualClock(F.start)
        let config = testServiceConfig(service: "alerting", databaseURL: try makeTestDatabase("alerting"), topicPrefix: prefix,
                                       overrides: ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "60"])
        var runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config),
                                   clock: clock)
        runner.start()

        var sent: [Envelope] = []
        sent.append(try probe.send(F.opened("TK-SLA", model: "WM-1", at: F.start), occurredAt: F.start))
        sent.append(try probe.send(F.opened("TK-HOT", model: "OV-9", hazard: true, at: F.start), occurredAt: F.start))
        try waitFor(probe, .alertRaised, rule: "safety-hazard", subject: "TK-HOT")
        XCTAssertEqual(try alerts(probe, .alertRaised, rule: "safety-hazard")[0].payload(as: AlertRaised.self).severity, .critical)

        // The respond window is one hour: at risk at 48 min, breached at 60, escalated at 90.
        clock.advance(by: 2_880)
        try waitFor(probe, .alertRaised, rule: "sla-at-risk", subject: "TK-SLA:respond")
        clock.advance(by: 721)
        try waitFor(probe, .alertRaised, rule: "sla-breached", subject: "TK-SLA:respond")
        XCTAssertEqual(try alerts(probe, .alertRaised, rule: "sla-breached", subject: "TK-SLA:respond")[0]
                        .payload(as: AlertRaised.self).severity, .critical)
        clock.advance(by: 1_800)
        try waitFor(probe, .alertEscalated, rule: "sla-breached", subject: "TK-SLA:respond")

        // Acceptance meets the clock: both alerts resolve, the other clocks keep running quietly.
        try probe.send(TicketAccepted(ticketId: "TK-SLA", technicianId: "T-1"), occurredAt: clock.now())
        try waitFor(probe, .alertResolved, rule: "sla-at-risk", subject: "TK-SLA:respond")
        try waitFor(probe, .alertResolved, rule: "sla-breached", subject: "TK-SLA:respond")

        // Unassignable, then assigned after all.
        try probe.send(TicketUnassignable(ticketId: "TK-HOT", reason: "no-candidates"), occurredAt: clock.now())
        try waitFor(probe, .alertRaised, rule: "unassignable", subject: "TK-HOT")
        try probe.send(TicketAssigned(ticketId: "TK-HOT", technicianId: "T-2", distanceKm: 3, attempt: 2), occurredAt: clock.now())
        try waitFor(probe, .alertResolved, rule: "unassignable", subject: "TK-HOT")

        // Three tickets of one model with the same fault class: one quality signal naming them.
        for n in 1...3 { sent.append(try probe.send(F.opened("TK-Q\(n)", model: "WM-Q", at: clock.now()), occurredAt: clock.now())) }
        try waitFor(probe, .alertRaised, rule: "quality-signal", subject: "WM-Q")
        let signal = try alerts(probe, .alertRaised, rule: "quality-signal")[0].payload(as: AlertRaised.self)
        XCTAssertEqual(signal.tickets, ["TK-Q1", "TK-Q2", "TK-Q3"])
        XCTAssertEqual(signal.severity, .warning)
        XCTAssertTrue(signal.message.contains("WM-Q"))

        // Redelivery: the same envelopes again, and the same tickets under new event ids; a fourth ticket.
        for envelope in sent { try probe.sendRaw(topic: .tickets, key: envelope.data["ticketId"]?.stringValue, value: Array(envelope.encoded())) }
        for n in 1...3 { try probe.send(F.opened("TK-Q\(n)", model: "WM-Q", at: F.start), occurredAt: F.start) }
        try probe.send(F.opened("TK-Q4", model: "WM-Q", repeatOf: "TK-Q1", at: clock.now()), occurredAt: clock.now())
        // A broken ticket.opened goes to the dead letters with field-level reasons.
        let broken = Envelope(payload: TicketAccepted(ticketId: "TK-BAD", technicianId: "T-1"), source: "test", correlationId: nil,
                              causationId: nil)
        var bad = broken
        bad.type = "ticket.opened"
        try probe.sendRaw(topic: .tickets, key: "TK-BAD", value: Array(bad.encoded()))
        waitUntil(probe, "a dead letter") { seen in seen.contains { $0.type == "message.dead-lettered" } }
        let reason = try probe.envelopes(.messageDeadLettered)[0].payload(as: MessageDeadLettered.self).reason
        XCTAssertTrue(reason.contains("ticket.opened"), reason)

        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        waitForRows(db, "SELECT count(*)::bigint AS n FROM ticket_facts", 6)
        await runner.stop()

        // A second instance on the same database under a new consumer group: it consumes every topic again from
        // the start (and the same events once more), and the clocks started before the restart still fire.
        var replay = config
        replay.groupId = config.groupId + "-replay"
        runner = ServiceRunner(config: replay, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: replay), clock: clock)
        runner.start()
        for envelope in sent { try probe.sendRaw(topic: .tickets, key: envelope.data["ticketId"]?.stringValue, value: Array(envelope.encoded())) }
        // The replaying instance sees each of the five `sent` envelopes three times, all already in the inbox.
        eventually(timeout: 30, "the replay reached the re-sent envelopes") { runner.metrics.duplicates >= 15 }
        clock.advance(by: 61)
        waitUntil(probe, "a today snapshot with 6 tickets") { seen in
            seen.contains { $0.type == "kpi.snapshot" && $0.data["window"]?.stringValue == "today"
                && $0.data["figures"]?["tickets.opened"]?.doubleValue == 6 }
        }
        // The quality tickets opened at 5401 s: their respond clocks are at risk at 5401 + 2880 s.
        clock.advance(by: 2_820)
        for n in 1...4 { try waitFor(probe, .alertRaised, rule: "sla-at-risk", subject: "TK-Q\(n):respond") }
        waitForRows(db, "SELECT count(*)::bigint AS n FROM alerts WHERE status <> 'resolved'", 8)
        await runner.stop()
        XCTAssertGreaterThanOrEqual(runner.metrics.duplicates, 15)
        // Everything alerting ever emitted is in its outbox: one quality signal, one hazard alert.
        let outboxQuality: Int = try db.query("""
            SELECT count(*)::bigint AS n FROM outbox WHERE value::jsonb ->> 'type' = 'alert.raised'
               AND value::jsonb -> 'data' ->> 'rule' = 'quality-signal'
            """).first?.get("n") ?? -1
        XCTAssertEqual(outboxQuality, 1, "no duplicate quality signal, even unpublished")

        let today = try XCTUnwrap(probe.payloads(KpiSnapshot.self).first {
            $0.window == "today" && $0.figures["tickets.opened"] == 6 })
        XCTAssertEqual(today.figures["tickets.opened"], 6)
        XCTAssertEqual(today.figures["response.p50.minutes"], 90.0167, "TK-SLA accepted 5401 s after opening")
        XCTAssertEqual(today.figures["sla.respond.compliance"], 0, "TK-SLA late; TK-HOT's respond deadline passed unmet")
        XCTAssertEqual(today.figures["repeat.rate"], 0.1667)
        XCTAssertEqual(today.figures["tickets.unassignable"], 1)
        // Open: TK-HOT's safety hazard and its escalated respond breach (critical); its respond at-risk and the quality signal.
        XCTAssertEqual(today.figures["alerts.open.critical"], 2)
        XCTAssertEqual(today.figures["alerts.open.warning"], 2)
        XCTAssertEqual(Set(probe.payloads(KpiSnapshot.self).map(\.window)), ["last-hour", "today", "last-7-days"])

        let raised = probe.payloads(AlertRaised.self)
        XCTAssertEqual(raised.filter { $0.rule == "quality-signal" }.count, 1, "no duplicate quality signal")
        XCTAssertEqual(raised.filter { $0.rule == "safety-hazard" }.count, 1)
        XCTAssertEqual(raised.filter { $0.subject == "TK-SLA:respond" }.count, 2)
        XCTAssertEqual(Set(raised.map(\.alertId)).count, raised.count, "every alert id is unique")
        let openRows: Int = try db.query("SELECT count(*)::bigint AS n FROM alerts WHERE status <> 'resolved'").first?.get("n") ?? -1
        XCTAssertEqual(openRows, 8, "the four above and the four quality tickets' respond at-risk warnings")
    }

    // MARK: Stock, parts, surveys and complaints

    func testStockLowComplaintSpikeTechnicianCSATAndFillRate() async throws {
        let prefix = uniqueTopicPrefix("alertsig")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.alerts, .kpis, .deadLetters])
        let clock = ManualClock(F.start)
        let config = testServiceConfig(service: "alerting", databaseURL: try makeTestDatabase("alertsig"), topicPrefix: prefix,
                                       overrides: ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "600",
                                                   "AFTERSALES_ALERTING_STOCK_LOW_QUIET_SECONDS": "300",
                                                   "AFTERSALES_ALERTING_COMPLAINT_SPIKE_THRESHOLD": "2"])
        let runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config),
                                   clock: clock)
        runner.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }

        // Stock low twice for one part and warehouse: one warning, resolved after the quiet period.
        try probe.send(StockLow(partNumber: "P-1", warehouseId: "WH-SH", available: 1, reorderPoint: 5), occurredAt: clock.now())
        try probe.send(StockLow(partNumber: "P-1", warehouseId: "WH-SH", available: 0, reorderPoint: 5), occurredAt: clock.now())
        try waitFor(probe, .alertRaised, rule: "stock-low", subject: "P-1@WH-SH")

        // Parts answers for the fill rate: 3 reserved, 1 backordered.
        try probe.send(PartsReserved(ticketId: "TK-P", lines: [PartLine(partNumber: "P-2", quantity: 3, warehouseId: "WH-SH")]),
                       occurredAt: clock.now())
        try probe.send(PartsBackordered(ticketId: "TK-P", lines: [PartLine(partNumber: "P-1", quantity: 1, warehouseId: "WH-SH")],
                                        expectedBy: clock.now().addingTimeInterval(86_400)), occurredAt: clock.now())

        // Technician T-7: five surveys, two satisfied (CSAT 0.4) → warning; three more satisfied (5/8) → resolved.
        for n in 1...8 {
            try probe.send(F.opened("TK-S\(n)", model: "M-\(n)", at: clock.now()), occurredAt: clock.now())
            try probe.send(TicketAssigned(ticketId: "TK-S\(n)", technicianId: "T-7", distanceKm: 1, attempt: 1), occurredAt: clock.now())
        }
        waitForRows(db, "SELECT count(*)::bigint AS n FROM ticket_facts WHERE technician_id = 'T-7'", 8)
        for (n, satisfied) in [(1, true), (2, false), (3, false), (4, true), (5, false)] {
            try probe.send(F.survey(n, satisfied: satisfied), occurredAt: clock.now().addingTimeInterval(Double(n)))
        }
        try waitFor(probe, .alertRaised, rule: "technician-csat", subject: "T-7")
        XCTAssertEqual(try alerts(probe, .alertRaised, rule: "technician-csat")[0].payload(as: AlertRaised.self).details?["csat"], "0.40")
        for n in 6...8 { try probe.send(F.survey(n, satisfied: true), occurredAt: clock.now().addingTimeInterval(Double(n))) }
        try waitFor(probe, .alertResolved, rule: "technician-csat", subject: "T-7")

        // Three complaints within the hour (threshold 2): one spike; it clears when they age out.
        for n in 1...3 {
            try probe.send(ComplaintOpened(ticketId: "TK-S\(n)", complaintId: "CP-\(n)", severity: .normal, reason: "low-score"),
                           occurredAt: clock.now())
        }
        try waitFor(probe, .alertRaised, rule: "complaint-spike", subject: "platform")
        XCTAssertEqual(try alerts(probe, .alertRaised, rule: "complaint-spike")[0].payload(as: AlertRaised.self).details?["count"], "3")

        clock.advance(by: 301)
        try waitFor(probe, .alertResolved, rule: "stock-low", subject: "P-1@WH-SH")
        clock.advance(by: 600)   // KPI snapshot at 600 s; complaints still in the hour
        waitUntil(probe, "a last-hour snapshot") { seen in
            seen.contains { $0.type == "kpi.snapshot" && $0.data["window"]?.stringValue == "last-hour" }
        }
        let hour = try XCTUnwrap(probe.payloads(KpiSnapshot.self).first { $0.window == "last-hour" })
        XCTAssertEqual(hour.figures["parts.fill.rate"], 0.75)
        XCTAssertEqual(hour.figures["surveys.completed"], 8)
        XCTAssertEqual(hour.figures["csat"], 0.625)
        XCTAssertEqual(hour.figures["complaints.opened"], 3)
        XCTAssertEqual(hour.figures["complaint.rate"], 0.375)
        XCTAssertEqual(hour.figures["alerts.open.warning"], 1, "only the complaint spike is still open")

        clock.advance(by: 3_000)   // the complaints leave the one-hour window
        try waitFor(probe, .alertResolved, rule: "complaint-spike", subject: "platform")
        await runner.stop()

        XCTAssertEqual(alerts(probe, .alertRaised, rule: "stock-low").count, 1)
        XCTAssertEqual(alerts(probe, .alertRaised, rule: "complaint-spike").count, 1)
        XCTAssertEqual(alerts(probe, .alertRaised, rule: "technician-csat").count, 1)
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty)
    }
}
