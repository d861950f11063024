import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// Issue 16 through the real broker and PostgreSQL (DESIGN.md "Quality supervision and
/// cuts"): a failed audit becomes a complaint (surveys) and an `audit-failed` alert
/// (alerting); KPI snapshots are cut by region, provider and category with per-cut figures.
final class SupervisionFlowTests: XCTestCase {
    private typealias F = FlowFixtures

    // MARK: Audit failed → complaint → alert (surveys + alerting)

    func testAFailedAuditOpensAComplaintAndRaisesAuditFailedUntilTheComplaintIsResolved() async throws {
        let prefix = uniqueTopicPrefix("auditflow")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.surveys, .alerts, .deadLetters])
        // Every completed ticket is audited (share 100 %).
        let surveysConfig = testServiceConfig(service: "surveys", databaseURL: try makeTestDatabase("surveys"), topicPrefix: prefix,
                                              overrides: ["AFTERSALES_SURVEYS_AUDIT_SHARE": "1"])
        let alertingConfig = testServiceConfig(service: "alerting", databaseURL: try makeTestDatabase("alerting"), topicPrefix: prefix,
                                               overrides: ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "86400"])
        let runners = [
            ServiceRunner(config: surveysConfig, migrations: SurveysMigrations.all, handler: try SurveysHandler(config: surveysConfig)),
            ServiceRunner(config: alertingConfig, migrations: AlertingMigrations.all,
                          handler: try AlertingHandler(config: alertingConfig)),
        ]
        for runner in runners { runner.start() }
        let surveysDB = try PGConnection(url: surveysConfig.databaseURL)
        let alertingDB = try PGConnection(url: alertingConfig.databaseURL)
        defer {
            surveysDB.close()
            alertingDB.close()
        }
        func auditFailed(_ type: EventType) -> [Envelope] {
            probe.envelopes(type).filter { $0.data["rule"]?.stringValue == "audit-failed" }
        }

        let now = Date()
        for id in ["TK-AUD-BAD", "TK-AUD-OK"] {
            try probe.send(F.ticket(id, at: now), correlationId: "REQ-\(id)")
            try probe.send(TicketCompleted(ticketId: id, technicianId: "T-1", resolved: true, firstTimeFix: true, partsUsed: [],
                                           visit: 1), correlationId: "REQ-\(id)")
        }
        let requested = try probe.collect(.auditRequested, count: 2, timeout: 45).compactMap { try? $0.payload(as: AuditRequested.self) }
        XCTAssertEqual(Set(requested), [AuditRequested(ticketId: "TK-AUD-BAD", auditId: "AUD-TK-AUD-BAD-1"),
                                        AuditRequested(ticketId: "TK-AUD-OK", auditId: "AUD-TK-AUD-OK-1")],
                       "a 100 % share samples every completion")

        // The supervisor's call-backs: one passes (with a minor finding), one fails.
        try probe.send(AuditRecorded(ticketId: "TK-AUD-OK", auditId: "AUD-TK-AUD-OK-1", passed: true,
                                     findings: [.init(code: "late-arrival", severity: "minor")]))
        let failed = AuditRecorded(ticketId: "TK-AUD-BAD", auditId: "AUD-TK-AUD-BAD-1", passed: false,
                                   findings: [.init(code: "no-earth-connection", severity: "major"),
                                              .init(code: "site-not-cleaned", severity: "minor")])
        try probe.send(failed)
        F.waitFor(probe, "the complaint and the audit-failed alert") { _ in
            !probe.envelopes(.complaintOpened).isEmpty && !auditFailed(.alertRaised).isEmpty
        }
        let complaint = try XCTUnwrap(probe.payloads(ComplaintOpened.self).first)
        XCTAssertEqual(complaint, ComplaintOpened(ticketId: "TK-AUD-BAD", complaintId: "CMP-AUD-TK-AUD-BAD-1", severity: .high,
                                                  reason: "audit AUD-TK-AUD-BAD-1 failed: no-earth-connection (major), site-not-cleaned (minor)"))
        let alert = try auditFailed(.alertRaised)[0].payload(as: AlertRaised.self)
        XCTAssertEqual(alert.subject, "TK-AUD-BAD")
        XCTAssertEqual(alert.severity, .warning)
        XCTAssertEqual(alert.tickets, ["TK-AUD-BAD"])
        XCTAssertEqual(alert.details?["auditId"], "AUD-TK-AUD-BAD-1")
        XCTAssertTrue(alert.message.contains("no-earth-connection") && alert.message.contains("site-not-cleaned"), alert.message)

        // The same verdict redelivered under a new event id changes nothing in either service.
        let again = try probe.send(failed)
        for db in [surveysDB, alertingDB] {
            F.waitForRows(db, "SELECT count(*)::bigint AS n FROM inbox WHERE event_id = \(again.id)", 1)
        }
        // The operator resolves the complaint: the alert resolves with it.
        try probe.send(ComplaintResolved(ticketId: "TK-AUD-BAD", complaintId: complaint.complaintId,
                                         resolution: "earth connection fitted on a second visit"))
        F.waitFor(probe, "the audit-failed alert resolved") { _ in !auditFailed(.alertResolved).isEmpty }
        XCTAssertEqual(try auditFailed(.alertResolved)[0].payload(as: AlertResolved.self).subject, "TK-AUD-BAD")
        F.waitForRows(surveysDB, "SELECT count(*)::bigint AS n FROM complaints WHERE status = 'resolved'", 1)
        try probe.settle(seconds: 1)
        for runner in runners { _ = await runner.stop() }

        XCTAssertEqual(probe.envelopes(.complaintOpened).count, 1, "the passed audit and the redelivery opened nothing")
        XCTAssertEqual(auditFailed(.alertRaised).count, 1)
        XCTAssertEqual(try F.count(alertingDB, "SELECT count(*)::bigint AS n FROM audit_facts"), 2)
        XCTAssertEqual(try F.count(alertingDB, "SELECT count(*)::bigint AS n FROM audit_facts WHERE NOT passed"), 1)
        XCTAssertEqual(try F.count(alertingDB, "SELECT count(*)::bigint AS n FROM deadline_timers WHERE kind = 'audit-failed-quiet'"), 0,
                       "the quiet-period timer went with the resolution")
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty, "\(probe.payloads(MessageDeadLettered.self).map(\.reason))")
    }

    // MARK: KPI cuts by region, provider and category (alerting)

    func testKPISnapshotsAreCutByRegionProviderAndCategoryWithTheirOwnFigures() async throws {
        let start = F.utc("2026-11-28T12:00:00Z")   // 20:00 in Shanghai and Beijing
        let prefix = uniqueTopicPrefix("kpicuts")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.kpis, .deadLetters])
        let clock = ManualClock(start)
        let config = testServiceConfig(service: "alerting", databaseURL: try makeTestDatabase("alertcuts"), topicPrefix: prefix,
                                       overrides: ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "600",
                                                   "AFTERSALES_REGION_TIME_ZONES": "xinjiang=Asia/Urumqi"])
        let runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config),
                                   clock: clock)
        runner.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }

        for technician in [F.technician("T-A", providerId: "SP-A"), F.technician("T-B", providerId: "SP-B", region: "beijing"),
                           F.technician("T-OWN", providerId: nil)] {
            try probe.send(technician)
        }
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM technician_providers", 3)

        let minute: TimeInterval = 60
        let early = start.addingTimeInterval(-3 * 3_600)
        // 17:00 UTC on the 27th: 01:00 on the 28th in Shanghai, but still the 27th (23:00) in Urumqi.
        let lastNightInXinjiang = F.utc("2026-11-27T17:00:00Z")
        let opened = [
            F.ticket("TK-SH1", region: "shanghai", category: .washingMachine, at: start),
            F.ticket("TK-SH2", region: "shanghai", category: .refrigerator, at: start, respond: minute, onSite: minute,
                     resolve: 2 * minute),   // resolved late
            F.ticket("TK-BJ1", region: "beijing", category: .washingMachine, at: start),
            F.ticket("TK-BJ2", region: "beijing", category: .refrigerator, at: start),
            F.ticket("TK-GZ1", region: "guangzhou", category: .washingMachine, at: early),   // completed before the last hour
            F.ticket("TK-XJ1", region: "xinjiang", category: .washingMachine, at: lastNightInXinjiang.addingTimeInterval(-1_800)),
        ]
        let openedAt = ["TK-GZ1": early, "TK-XJ1": lastNightInXinjiang.addingTimeInterval(-1_800)]
        for ticket in opened { try probe.send(ticket, occurredAt: openedAt[ticket.ticketId] ?? start) }
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM ticket_facts", opened.count)

        let completions: [(TicketCompleted, Date)] = [
            (TicketCompleted(ticketId: "TK-SH1", technicianId: "T-A", resolved: true, firstTimeFix: true,
                             partsUsed: [PartLine(partNumber: "P-1", quantity: 2)], visit: 1), start.addingTimeInterval(1 * minute)),
            (TicketCompleted(ticketId: "TK-SH2", technicianId: "T-OWN", resolved: true, firstTimeFix: false, partsUsed: [], visit: 2),
             start.addingTimeInterval(5 * minute)),
            (TicketCompleted(ticketId: "TK-BJ1", technicianId: "T-B", resolved: true, firstTimeFix: true,
                             partsUsed: [PartLine(partNumber: "P-2", quantity: 1)], visit: 1), start.addingTimeInterval(2 * minute)),
            (TicketCompleted(ticketId: "TK-BJ2", technicianId: nil, resolved: true, firstTimeFix: true, partsUsed: [],
                             resolvedRemotely: true), start.addingTimeInterval(3 * minute)),
            (TicketCompleted(ticketId: "TK-GZ1", technicianId: "T-A", resolved: true, firstTimeFix: true, partsUsed: [], visit: 1),
             early.addingTimeInterval(30 * minute)),
            (TicketCompleted(ticketId: "TK-XJ1", technicianId: "T-OWN", resolved: true, firstTimeFix: true, partsUsed: [], visit: 1),
             lastNightInXinjiang),
        ]
        for (completion, at) in completions { try probe.send(completion, occurredAt: at) }
        // Surveys' request for TK-BJ1's audit (alerting counts only requested audits), then the verdict.
        try probe.send(AuditRequested(ticketId: "TK-BJ1", auditId: "AUD-TK-BJ1-1"), occurredAt: start.addingTimeInterval(2 * minute))
        try probe.send(AuditRecorded(ticketId: "TK-BJ1", auditId: "AUD-TK-BJ1-1", passed: false,
                                     findings: [.init(code: "no-photo", severity: "minor")]), occurredAt: start.addingTimeInterval(6 * minute))
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM ticket_facts WHERE completed_at IS NOT NULL", completions.count)
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM audit_facts", 1)

        clock.advance(by: 601)
        F.waitFor(probe, "the last-7-days cuts") { seen in
            seen.contains { $0.type == "kpi.snapshot" && $0.data["window"]?.stringValue == "last-7-days"
                && $0.data["dimension"]?["category"]?.stringValue == "washing-machine" }
        }
        try probe.settle(seconds: 1)
        let snapshots = probe.payloads(KpiSnapshot.self)
        XCTAssertEqual(Set(snapshots.compactMap(\.generatedAt)).count, 1, "one publication, one generatedAt")
        func cuts(_ window: String, _ key: KeyPath<KpiSnapshot.Dimension, String?>) -> [String: [String: Double]] {
            var byValue: [String: [String: Double]] = [:]
            for snapshot in snapshots where snapshot.window == window {
                if let value = snapshot.dimension?[keyPath: key] { byValue[value] = snapshot.figures }
            }
            return byValue
        }

        // Last hour, by region: each region's own figures.
        let regions = cuts("last-hour", \.region)
        XCTAssertEqual(Set(regions.keys), ["shanghai", "beijing"], "guangzhou completed nothing in the last hour")
        let shanghai = try XCTUnwrap(regions["shanghai"]), beijing = try XCTUnwrap(regions["beijing"])
        XCTAssertEqual(shanghai["tickets.completed"], 2)
        XCTAssertEqual(shanghai["visits"], 3)
        XCTAssertEqual(shanghai["ftf.rate"], 0.5)
        XCTAssertEqual(shanghai["repeat-visit.rate"], 0.5)
        XCTAssertEqual(shanghai["sla.compliance"], 0.5, "TK-SH2 missed its resolve deadline")
        XCTAssertEqual(shanghai["parts.per-ticket"], 1)
        XCTAssertEqual(shanghai["remote-resolution.rate"], 0)
        XCTAssertEqual(shanghai["audits.recorded"], 0)
        XCTAssertNil(shanghai["audit.pass-rate"])
        XCTAssertEqual(beijing["tickets.completed"], 2)
        XCTAssertEqual(beijing["visits"], 1, "a remote resolution is no visit")
        XCTAssertEqual(beijing["ftf.rate"], 1)
        XCTAssertEqual(beijing["repeat-visit.rate"], 0)
        XCTAssertEqual(beijing["sla.compliance"], 1)
        XCTAssertEqual(beijing["parts.per-ticket"], 0.5)
        XCTAssertEqual(beijing["remote-resolution.rate"], 0.5)
        XCTAssertEqual(beijing["audits.recorded"], 1)
        XCTAssertEqual(beijing["audit.pass-rate"], 0)

        // By provider: own staff and the remote resolution have no provider cut.
        let providers = cuts("last-hour", \.providerId)
        XCTAssertEqual(Set(providers.keys), ["SP-A", "SP-B"])
        XCTAssertEqual(providers["SP-A"]?["tickets.completed"], 1)
        XCTAssertEqual(providers["SP-A"]?["parts.per-ticket"], 2)
        XCTAssertEqual(providers["SP-A"]?["audits.recorded"], 0)
        XCTAssertEqual(providers["SP-B"]?["tickets.completed"], 1)
        XCTAssertEqual(providers["SP-B"]?["audit.pass-rate"], 0)

        // By category.
        let categories = cuts("last-hour", \.category)
        XCTAssertEqual(Set(categories.keys), ["washing-machine", "refrigerator"])
        XCTAssertEqual(categories["washing-machine"]?["tickets.completed"], 2)
        XCTAssertEqual(categories["washing-machine"]?["ftf.rate"], 1)
        XCTAssertEqual(categories["refrigerator"]?["tickets.completed"], 2)
        XCTAssertEqual(categories["refrigerator"]?["ftf.rate"], 0.5)
        XCTAssertEqual(categories["refrigerator"]?["remote-resolution.rate"], 0.5)

        // Today (from midnight in the region's zone) also holds guangzhou's earlier completion, but
        // not xinjiang's: that was yesterday in Urumqi (it would be today on Shanghai time).
        let today = cuts("today", \.region)
        XCTAssertEqual(Set(today.keys), ["beijing", "guangzhou", "shanghai"])
        XCTAssertEqual(today["guangzhou"]?["tickets.completed"], 1)
        XCTAssertEqual(cuts("today", \.providerId)["SP-A"]?["tickets.completed"], 2, "TK-SH1 and TK-GZ1")
        XCTAssertEqual(Set(cuts("last-7-days", \.region).keys), ["beijing", "guangzhou", "shanghai", "xinjiang"])
        XCTAssertEqual(cuts("last-7-days", \.category)["washing-machine"]?["tickets.completed"], 4)

        // The undimensioned snapshot is the whole network.
        let network = try XCTUnwrap(snapshots.first { $0.window == "last-hour" && $0.dimension == nil })
        XCTAssertEqual(network.figures["remote-resolution.rate"], 0.25)
        XCTAssertEqual(network.figures["audits.recorded"], 1)
        // Cuts of one window come after its network snapshot, in dimension order (region, provider, category).
        let order = snapshots.filter { $0.window == "last-hour" }.map { snapshot -> String in
            guard let dimension = snapshot.dimension else { return "network" }
            return dimension.region.map { "region:\($0)" } ?? dimension.providerId.map { "provider:\($0)" }
                ?? "category:\(dimension.category ?? "?")"
        }
        XCTAssertEqual(order, ["network", "region:beijing", "region:shanghai", "provider:SP-A", "provider:SP-B",
                               "category:refrigerator", "category:washing-machine"])
        await runner.stop()
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty, "\(probe.payloads(MessageDeadLettered.self).map(\.reason))")
    }
}
