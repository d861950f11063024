import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// KPI cuts, remote resolutions and audits (issue 16) through the real batch processor and
/// timer scheduler on a manual clock.
final class AlertingKPICutTests: XCTestCase {
    private typealias F = AlertingFixtures

    private func harness(interval: Double = 60, maxCuts: Int = 50,
                         anomaly: ProviderAnomalySettings = ProviderAnomalySettings()) throws -> BatchHarness {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = interval
        settings.kpiMaxCutsPerDimension = maxCuts
        settings.providerAnomaly = anomaly
        return try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                                now: F.start)
    }

    private func technician(_ id: String, provider: String?) -> TechnicianUpserted {
        TechnicianUpserted(technicianId: id, name: "Tech \(id)", skills: ["washing-machine"], region: "shanghai",
                           location: GeoPoint(lat: 31.2, lon: 121.4), dailyCapacity: 5, active: true, providerId: provider)
    }

    private func opened(_ id: String, region: String = "shanghai", category: ProductCategory = .washingMachine,
                        at: Date) -> TicketOpened {
        var ticket = F.opened(id, model: "M-\(id)", at: at)
        ticket.region = region
        ticket.product.category = category
        return ticket
    }

    private func completed(_ id: String, by technician: String?, ftf: Bool = true, parts: Int = 0, remote: Bool = false) -> TicketCompleted {
        TicketCompleted(ticketId: id, technicianId: technician, resolved: true, firstTimeFix: ftf,
                        partsUsed: parts > 0 ? [PartLine(partNumber: "P-1", quantity: parts, warehouseId: "WH")] : [],
                        resolvedRemotely: remote ? true : nil)
    }

    /// Four tickets: two by provider SP-1's T-1 (one with 2 parts, one not a first-time fix),
    /// one by own-staff T-2, one resolved remotely in Beijing (air conditioner); two audits,
    /// requested by surveys at the completions.
    private func traffic(_ h: BatchHarness) -> [Envelope] {
        let later = h.now.addingTimeInterval(600)
        return [
            h.envelope(technician("T-1", provider: "SP-1")), h.envelope(technician("T-2", provider: nil)),
            h.envelope(opened("TK-1", at: h.now)), h.envelope(opened("TK-2", at: h.now)), h.envelope(opened("TK-3", at: h.now)),
            h.envelope(opened("TK-4", region: "beijing", category: .airConditioner, at: h.now)),
            h.envelope(completed("TK-1", by: "T-1", parts: 2), occurredAt: later),
            h.envelope(completed("TK-2", by: "T-1", ftf: false), occurredAt: later),
            h.envelope(completed("TK-3", by: "T-2"), occurredAt: later),
            h.envelope(completed("TK-4", by: nil, remote: true), occurredAt: later),
            h.envelope(AuditRequested(ticketId: "TK-1", auditId: "AUD-TK-1-1"), occurredAt: later),
            h.envelope(AuditRequested(ticketId: "TK-2", auditId: "AUD-TK-2-1"), occurredAt: later),
            h.envelope(AuditRecorded(ticketId: "TK-1", auditId: "AUD-TK-1-1", passed: true, findings: []), occurredAt: later),
            h.envelope(AuditRecorded(ticketId: "TK-2", auditId: "AUD-TK-2-1", passed: false,
                                     findings: [.init(code: "part-not-replaced", severity: "high")]), occurredAt: later),
        ]
    }

    func testSnapshotsCutByRegionProviderAndCategoryWithRemoteAndAuditRates() throws {
        let h = try harness(interval: 1_200)
        let (outcome, emitted) = try h.deliver(traffic(h))
        XCTAssertEqual(outcome.applied, 14)
        XCTAssertEqual(emitted.payloads(AlertRaised.self).filter { $0.rule == "audit-failed" }.map(\.subject), ["TK-2"])
        XCTAssertEqual(try h.db.query("SELECT provider_id FROM ticket_facts WHERE ticket_id = 'TK-1'").first?.get("provider_id") as String?,
                       "SP-1", "the completing technician's provider, upserted in the same batch")

        let snapshots = try h.advance(by: 1_200).payloads(KpiSnapshot.self)
        let network = snapshots.filter { $0.dimension == nil }
        XCTAssertEqual(network.map(\.window), ["last-hour", "today", "last-7-days"], "the undimensioned snapshots stay")
        let hour = try XCTUnwrap(network.first)
        XCTAssertEqual(hour.figures["tickets.opened"], 4)
        XCTAssertEqual(hour.figures["ftf.rate"], 0.75)
        XCTAssertEqual(hour.figures["remote-resolution.rate"], 0.25)
        XCTAssertEqual(hour.figures["audit.pass-rate"], 0.5)

        let cuts = snapshots.filter { $0.window == "last-hour" && $0.dimension != nil }
        XCTAssertEqual(cuts.compactMap(\.dimension?.region), ["beijing", "shanghai"])
        XCTAssertEqual(cuts.compactMap(\.dimension?.providerId), ["SP-1"], "own staff and remote resolutions have no provider cut")
        XCTAssertEqual(cuts.compactMap(\.dimension?.category), ["air-conditioner", "washing-machine"])
        let provider = try XCTUnwrap(cuts.first { $0.dimension?.providerId == "SP-1" })
        XCTAssertEqual(provider.figures["tickets.completed"], 2)
        XCTAssertEqual(provider.figures["ftf.rate"], 0.5)
        XCTAssertEqual(provider.figures["parts.per-ticket"], 1)
        XCTAssertEqual(provider.figures["audit.pass-rate"], 0.5)
        XCTAssertEqual(provider.figures["remote-resolution.rate"], 0)
        let beijing = try XCTUnwrap(cuts.first { $0.dimension?.region == "beijing" })
        XCTAssertEqual(beijing.figures["remote-resolution.rate"], 1)
        XCTAssertEqual(beijing.figures["visits"], 0)
        XCTAssertEqual(cuts.first { $0.dimension?.region == "shanghai" }?.figures["tickets.completed"], 3)
        XCTAssertEqual(snapshots.filter { $0.dimension != nil }.count, 3 * 5, "five cuts in each of the three windows")
    }

    func testCutsAreBoundedPerDimensionLargestFirstAndAbsentWithoutCompletions() throws {
        let quiet = try harness()
        try quiet.deliver([quiet.envelope(opened("TK-0", at: quiet.now))])
        XCTAssertTrue(try quiet.advance(by: 60).payloads(KpiSnapshot.self).allSatisfy { $0.dimension == nil },
                      "no completion, no audit: no cut")

        let h = try harness(interval: 1_200, maxCuts: 1)
        try h.deliver(traffic(h))
        let cuts = try h.advance(by: 1_200).payloads(KpiSnapshot.self).filter { $0.window == "last-hour" && $0.dimension != nil }
        XCTAssertEqual(cuts.map(\.dimension), [KpiSnapshot.Dimension(region: "shanghai"), KpiSnapshot.Dimension(providerId: "SP-1"),
                                               KpiSnapshot.Dimension(category: "washing-machine")])
    }

    func testAuditFailedResolvesOnAComplaintResolutionOrAfterTheQuietPeriodAndCountsOnce() throws {
        let h = try harness(interval: 365 * 86_400)
        try h.deliver([h.envelope(opened("TK-A", at: h.now)), h.envelope(opened("TK-B", at: h.now)),
                       h.envelope(AuditRequested(ticketId: "TK-A", auditId: "AUD-TK-A-1")),
                       h.envelope(AuditRequested(ticketId: "TK-B", auditId: "AUD-TK-B-1"))])
        let failedA = h.envelope(AuditRecorded(ticketId: "TK-A", auditId: "AUD-TK-A-1", passed: false, findings: []))
        let raised = try h.deliver([failedA, h.envelope(AuditRecorded(ticketId: "TK-B", auditId: "AUD-TK-B-1", passed: false,
                                                                      findings: [.init(code: "dirty-site", severity: "low")]))])
        XCTAssertEqual(raised.emitted.payloads(AlertRaised.self).map(\.subject), ["TK-A", "TK-B"])
        XCTAssertEqual(raised.emitted.payloads(AlertRaised.self).last?.message, "ticket TK-B: audit AUD-TK-B-1 failed (dirty-site)")

        // The same verdict again under a new envelope id: nothing new.
        let again = try h.deliver([h.envelope(AuditRecorded(ticketId: "TK-A", auditId: "AUD-TK-A-1", passed: false, findings: []))])
        XCTAssertEqual(again.outcome.ignored, 1)
        XCTAssertEqual(try h.db.query("SELECT count(*)::bigint AS n FROM audit_facts").first?.get("n") as Int64?, 2)

        // TK-A's complaint is resolved: its alert resolves at once, its quiet timer is removed.
        let resolved = try h.deliver([h.envelope(ComplaintResolved(ticketId: "TK-A", complaintId: "CMP-AUD-TK-A-1", resolution: "redone"))])
        XCTAssertEqual(resolved.emitted.payloads(AlertResolved.self).map(\.subject), ["TK-A"])
        XCTAssertEqual(try h.pendingTimers(kind: "audit-failed-quiet"), ["TK-B"])

        // TK-B's resolves after seven quiet days.
        XCTAssertTrue(try h.advance(by: 7 * 86_400 - 1).payloads(AlertResolved.self).filter { $0.rule == "audit-failed" }.isEmpty)
        XCTAssertEqual(try h.advance(by: 1).payloads(AlertResolved.self).filter { $0.rule == "audit-failed" }.map(\.subject), ["TK-B"])
    }

    func testStatementsPerBatchDoNotGrowWithRosterAuditsAndCompletions() throws {
        let h = try harness(interval: 365 * 86_400)
        func batch(_ n: Int, _ tag: String) -> [Envelope] {
            (1...n).flatMap { i -> [Envelope] in
                let id = "TK-\(tag)-\(i)"
                return [h.envelope(technician("T-\(tag)-\(i)", provider: "SP-\(i % 3)")), h.envelope(opened(id, at: h.now)),
                        h.envelope(completed(id, by: "T-\(tag)-\(i)", parts: 1)),
                        h.envelope(AuditRequested(ticketId: id, auditId: "AUD-\(id)")),
                        h.envelope(AuditRecorded(ticketId: id, auditId: "AUD-\(id)", passed: i % 2 == 0, findings: [])),
                        h.envelope(ComplaintResolved(ticketId: id, complaintId: "CMP-\(id)", resolution: "ok"))]
            }
        }
        let small = try h.statements { try h.deliver(batch(1, "a")) }
        let large = try h.statements { try h.deliver(batch(60, "b")) }
        XCTAssertEqual(small, large, "6 events and 360 events cost the same statements")
    }

    // MARK: provider-anomaly

    func testProviderAnomalyRaisedAtTheSnapshotOnceAndResolvedWhenItsTicketsLeaveTheWindow() throws {
        let h = try harness(interval: 3_600, anomaly: ProviderAnomalySettings(ratio: 1.5, minimumVisits: 2))
        var batch = [h.envelope(technician("T-B", provider: "SP-BAD")), h.envelope(technician("T-K", provider: "SP-OK")),
                     h.envelope(technician("T-O", provider: nil))]
        // SP-BAD: 2 tickets, 3 parts each; SP-OK: 2 tickets, none; own staff: 2 tickets, none.
        // Field network: 6 parts / 6 tickets = 1.00; SP-BAD 3.00 is 3× it.
        for (n, who, parts) in [(1, "T-B", 3), (2, "T-B", 3), (3, "T-K", 0), (4, "T-K", 0), (5, "T-O", 0), (6, "T-O", 0)] {
            batch.append(h.envelope(opened("TK-P\(n)", at: h.now)))
            batch.append(h.envelope(completed("TK-P\(n)", by: who, parts: parts), occurredAt: h.now.addingTimeInterval(60)))
        }
        try h.deliver(batch)
        let first = try h.advance(by: 3_600).payloads(AlertRaised.self).filter { $0.rule == "provider-anomaly" }
        XCTAssertEqual(first.map(\.subject), ["SP-BAD"])
        XCTAssertEqual(first.first?.details?["parts-per-ticket"], "3.0000")
        XCTAssertTrue(first.first?.message.contains("parts per ticket 3.00 is 3.0× the network's 1.00") ?? false, first.first?.message ?? "")

        // The next snapshot: still anomalous, still the one alert.
        XCTAssertTrue(try h.advance(by: 3_600).payloads(AlertRaised.self).filter { $0.rule == "provider-anomaly" }.isEmpty)

        // A week later the completions have left the window: resolved.
        var resolved: [AlertResolved] = []
        for _ in 0..<(7 * 24) { resolved += try h.advance(by: 3_600).payloads(AlertResolved.self).filter { $0.rule == "provider-anomaly" } }
        XCTAssertEqual(resolved.map(\.subject), ["SP-BAD"])
    }
}
