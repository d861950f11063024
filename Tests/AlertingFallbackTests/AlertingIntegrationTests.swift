import AlertingFallback
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Alerting through the real broker and database with a controlled clock: SLA at risk,
/// breached and resolved; a safety hazard; a quality signal raised once even when the
/// events come again; KPI snapshots; and no duplicate alert after a restart.
final class AlertingIntegrationTests: XCTestCase {
    private func opened(_ id: String, model: String, hazard: Bool = false, at start: Date) -> TicketOpened {
        TicketOpened(
            ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .hotline, customerId: "C-\(id)", region: "shanghai",
            location: GeoPoint(lat: 31.2, lon: 121.4),
            product: .init(sku: "S", category: .washingMachine, model: model, serialNumber: nil, purchaseDate: "2026-01-01"),
            warranty: .init(status: .inWarranty, expiresOn: nil), fault: .init(category: .hardware, safetyHazard: hazard),
            priority: hazard ? .emergency : .high,
            sla: .init(respondBy: start.addingTimeInterval(3_600), onSiteBy: start.addingTimeInterval(86_400),
                       resolveBy: start.addingTimeInterval(2 * 86_400)))
    }

    func testClocksRulesKPIsAndRestart() async throws {
        let prefix = uniqueTopicPrefix("alerting")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.alerts, .kpis, .deadLetters])
        let start = Date(timeIntervalSince1970: 1_795_852_800)
        let clock = ManualClock(start)
        let config = testServiceConfig(service: "alerting", databaseURL: try makeTestDatabase("alerting"), topicPrefix: prefix,
                                       overrides: ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "60"])
        var runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config), clock: clock)
        runner.start()

        try probe.send(opened("TK-SLA", model: "WM-1", at: start), occurredAt: start)
        try probe.send(opened("TK-HOT", model: "WM-9", hazard: true, at: start), occurredAt: start)
        let hazard = try probe.collect(.alertRaised, count: 1)
        XCTAssertEqual(try hazard[0].payload(as: AlertRaised.self).rule, "safety-hazard")
        XCTAssertEqual(try hazard[0].payload(as: AlertRaised.self).severity, .critical)

        clock.advance(by: 2_881)   // 80 % of the one-hour respond window
        try probe.collect(timeout: 30) { $0.contains { $0.type == "alert.raised" && $0.data["rule"]?.stringValue == "sla-at-risk" && $0.data["subject"]?.stringValue == "TK-SLA/respond" } }
        clock.advance(by: 720)     // past the deadline
        try probe.collect(timeout: 30) { $0.contains { $0.data["rule"]?.stringValue == "sla-breached" && $0.data["subject"]?.stringValue == "TK-SLA/respond" } }
        try probe.send(TicketAccepted(ticketId: "TK-SLA", technicianId: "T-1"))
        try probe.collect(.alertResolved, count: 2, timeout: 30)
        XCTAssertEqual(Set(probe.payloads(AlertResolved.self).map(\.rule)), ["sla-at-risk", "sla-breached"])

        // Three washing machines of one model with the same fault class: one quality signal.
        let same = (1...3).map { opened("TK-Q\($0)", model: "WM-Q", at: clock.now()) }
        var sent: [Envelope] = []
        for ticket in same { sent.append(try probe.send(ticket, occurredAt: clock.now())) }
        try probe.collect(timeout: 30) { $0.contains { $0.data["rule"]?.stringValue == "quality-signal" } }
        let signal = try XCTUnwrap(probe.payloads(AlertRaised.self).first { $0.rule == "quality-signal" })
        XCTAssertEqual(signal.subject, "WM-Q")
        XCTAssertEqual(signal.tickets?.sorted(), ["TK-Q1", "TK-Q2", "TK-Q3"])
        // The same events again (redelivery) and a fourth ticket: still one open signal.
        for envelope in sent { try probe.sendRaw(topic: .tickets, key: envelope.data["ticketId"]?.stringValue, value: Array(envelope.encoded())) }
        try probe.send(opened("TK-Q4", model: "WM-Q", at: clock.now()), occurredAt: clock.now())

        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        let factsDeadline = Date().addingTimeInterval(30)
        while Date() < factsDeadline, (try? db.query("SELECT count(*)::bigint AS n FROM ticket_facts").first?.get("n") as Int?) != 6 {
            try await Task.sleep(for: .milliseconds(100))
        }
        clock.advance(by: 61)
        // Snapshots come every minute of the clock; the one after the last advance counts all six tickets.
        try probe.collect(timeout: 30) { seen in
            seen.contains { $0.type == "kpi.snapshot" && $0.data["window"]?.stringValue == "today"
                && $0.data["figures"]?["tickets.opened"]?.doubleValue == 6 }
        }
        let today = try XCTUnwrap(probe.payloads(KpiSnapshot.self).last { $0.window == "today" })
        XCTAssertEqual(today.figures["tickets.opened"], 6)
        XCTAssertEqual(today.figures["sla.respond.compliance"], 0, "the one judged clock was late")
        XCTAssertGreaterThanOrEqual(today.figures["alerts.open.critical"] ?? 0, 1)
        await runner.stop()

        // A second instance on the same database and group, and the same events once more.
        runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config), clock: clock)
        runner.start()
        for envelope in sent { try probe.sendRaw(topic: .tickets, key: envelope.data["ticketId"]?.stringValue, value: Array(envelope.encoded())) }
        try probe.settle(seconds: 3)
        await runner.stop()
        let raised = probe.payloads(AlertRaised.self)
        XCTAssertEqual(raised.filter { $0.rule == "quality-signal" }.count, 1, "no duplicate quality signal")
        XCTAssertEqual(raised.filter { $0.rule == "safety-hazard" }.count, 1)
        XCTAssertEqual(Set(raised.map(\.alertId)).count, raised.count, "every alert id is unique")
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty)
    }
}
