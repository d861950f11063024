import Foundation
import Postgres
import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// Audits through the real batch processor (BatchHarness: PostgreSQL, no broker, a manual clock).
final class AuditHandlerTests: XCTestCase {
    private typealias F = SurveyFixtures

    private func settings(share: Double) -> SurveysSettings {
        var settings = F.defaultSettings
        settings.auditShare = share
        return settings
    }

    private func recorded(_ ticketId: String, passed: Bool, _ findings: [(String, String)] = [], completion: Int = 1) -> AuditRecorded {
        AuditRecorded(ticketId: ticketId, auditId: "AUD-\(ticketId)-\(completion)", passed: passed,
                      findings: findings.map { AuditRecorded.Finding(code: $0.0, severity: $0.1) })
    }

    /// Audit statuses by audit id.
    private func audits(_ harness: BatchHarness) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try harness.db.query("SELECT audit_id, status FROM audits").map {
            (try $0.get("audit_id") as String, try $0.get("status") as String)
        })
    }

    // MARK: Sampling

    func testEveryHazardCompletionAndTheSharesTicketsAreAuditedTheSameOnAReplay() throws {
        let tickets = (0..<100).map { "TK-S-\($0)" }
        let hazards: Set<String> = ["TK-S-3", "TK-S-50"]
        func run() throws -> [AuditRequested] {
            let harness = try F.harness(settings: settings(share: 0.2))
            let events: [any EventPayload] = tickets.flatMap { id -> [any EventPayload] in
                [F.opened(id, hazard: hazards.contains(id), now: harness.now), F.completed(id)]
            }
            let (_, emitted) = try harness.deliver(harness.envelopes(events))
            return emitted.payloads(AuditRequested.self)
        }
        let first = try run()
        let expected = tickets.filter { hazards.contains($0) || AuditSampling(share: 0.2).isSampled(ticketId: $0, safetyHazard: false) }
        XCTAssertEqual(first.map(\.ticketId), expected, "emitted in event order")
        XCTAssertEqual(first.map(\.auditId), expected.map { "AUD-\($0)-1" })
        XCTAssertTrue(hazards.isSubset(of: first.map(\.ticketId)))
        XCTAssertGreaterThan(first.count, 5)
        XCTAssertLessThan(first.count, 40)
        XCTAssertEqual(try run(), first, "a replay into a fresh database samples the same tickets")
    }

    func testARepeatedCompletionRequestsNoSecondAuditAndAReopenedTicketIsAuditedAgain() throws {
        let harness = try F.harness(settings: settings(share: 0))
        let first = try harness.deliver(harness.envelopes([F.opened("TK-H", hazard: true, now: harness.now), F.completed("TK-H"),
                                                           F.completed("TK-H")]))
        XCTAssertEqual(first.emitted.payloads(AuditRequested.self).map(\.auditId), ["AUD-TK-H-1"])
        XCTAssertEqual(first.emitted.first?.correlationId, "corr", "the audit carries the completion's correlation id")
        let again = try harness.deliver(harness.envelopes([TicketReopened(ticketId: "TK-H", reason: "again"), F.completed("TK-H")]))
        XCTAssertEqual(again.emitted.payloads(AuditRequested.self).map(\.auditId), ["AUD-TK-H-2"])
        XCTAssertEqual(try audits(harness), ["AUD-TK-H-1": "requested", "AUD-TK-H-2": "requested"], "a reopen leaves a requested audit open")
    }

    func testARemoteResolutionIsSurveyedAndAuditedWithoutATechnician() throws {
        let harness = try F.harness(settings: settings(share: 1))
        let (outcome, emitted) = try harness.deliver(harness.envelopes([
            F.opened("TK-REM", now: harness.now),
            TicketCompleted(ticketId: "TK-REM", technicianId: nil, resolved: true, firstTimeFix: true, partsUsed: [], resolvedRemotely: true),
        ]))
        XCTAssertEqual(outcome.applied, 2)
        XCTAssertEqual(emitted.payloads(AuditRequested.self).map(\.auditId), ["AUD-TK-REM-1"])
        XCTAssertEqual(try harness.surveys(of: "TK-REM"), ["SV-TK-REM-1 scheduled"])
        XCTAssertEqual(try harness.advance(by: F.delay + 1).payloads(SurveyRequested.self).map(\.ticketId), ["TK-REM"])
        try harness.deliver(F.answer("TK-REM", 5, 5, 5))
        try harness.deliver(recorded("TK-REM", passed: true))
        let byTechnician = try SurveyReport.aggregates(by: .technician, on: harness.db)
        XCTAssertEqual(byTechnician.map(\.key), ["remote"])
        XCTAssertEqual(byTechnician.first?.answered, 1)
        XCTAssertEqual(byTechnician.first?.auditPassRate, 1)
        XCTAssertEqual(try SurveyReport.aggregates(by: .provider, on: harness.db).map(\.key), ["remote"])
    }

    // MARK: Verdicts

    func testAFailedAuditOpensAComplaintWithTheSeverityOfItsWorstFinding() throws {
        let harness = try F.harness(settings: settings(share: 0))
        try harness.deliver(harness.envelopes([F.opened("TK-F", hazard: true, now: harness.now), F.completed("TK-F")]))
        let (outcome, emitted) = try harness.deliver(recorded("TK-F", passed: false, [("no-earth", "major"), ("dirty-site", "minor")]))
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertEqual(emitted.types, ["complaint.opened"])
        XCTAssertEqual(emitted.payload(ComplaintOpened.self), ComplaintOpened(
            ticketId: "TK-F", complaintId: "CMP-AUD-TK-F-1", severity: .high,
            reason: "audit AUD-TK-F-1 failed: no-earth (major), dirty-site (minor)"))
        XCTAssertEqual(try audits(harness), ["AUD-TK-F-1": "failed"])
        let row = try XCTUnwrap(try harness.db.query("""
            SELECT a.complaint_id, a.findings::text AS findings, c.audit_id, c.survey_id, c.status
              FROM audits a JOIN complaints c ON c.complaint_id = a.complaint_id
            """).first)
        XCTAssertEqual(try row.get("audit_id") as String, "AUD-TK-F-1")
        XCTAssertNil(try row.get("survey_id") as String?)
        XCTAssertEqual(try row.get("status") as String, "opened")
        XCTAssertTrue((try row.get("findings") as String).contains("no-earth"))
        // The operator works the audit's complaint like any other.
        let taken = try harness.deliver(ComplaintInvestigating(ticketId: "TK-F", complaintId: "CMP-AUD-TK-F-1", operator: "zhao"))
        XCTAssertEqual(taken.outcome.applied, 1)
    }

    func testPassedDuplicateConflictingUnknownAndMismatchedVerdicts() throws {
        let harness = try F.harness(settings: settings(share: 1))
        try harness.deliver(harness.envelopes(["TK-P", "TK-Q"].flatMap { id -> [any EventPayload] in
            [F.opened(id, now: harness.now), F.completed(id)]
        }))
        let (outcome, emitted) = try harness.deliver(harness.envelopes([
            recorded("TK-P", passed: true, [("late", "minor")]),
            recorded("TK-P", passed: true, [("late", "minor")]),
            recorded("TK-P", passed: false, [("late", "minor")]),
            recorded("TK-P", passed: false, completion: 7),
            AuditRecorded(ticketId: "TK-Q", auditId: "AUD-TK-P-1", passed: false, findings: []),
        ]))
        XCTAssertEqual(outcome.applied, 2, "the verdict and its identical repeat")
        XCTAssertEqual(emitted.deadLetters.map(\.reason), [
            "audit-already-recorded: audit AUD-TK-P-1 was recorded as passed; a different verdict is not taken",
            "unknown-audit: no audit AUD-TK-P-7 was requested",
            "audit-ticket-mismatch: audit AUD-TK-P-1 is for ticket TK-P, not TK-Q",
        ])
        XCTAssertFalse(emitted.types.contains("complaint.opened"), "a passed audit opens nothing")
        XCTAssertEqual(try audits(harness), ["AUD-TK-P-1": "passed", "AUD-TK-Q-1": "requested"])
    }

    func testCompletionAndItsFailedAuditInOneBatch() throws {
        let harness = try F.harness(settings: settings(share: 1))
        let (outcome, emitted) = try harness.deliver(harness.envelopes([
            F.opened("TK-B", now: harness.now), F.completed("TK-B"),
            recorded("TK-B", passed: false, [("gas-leak-test-skipped", "critical")]),
            ComplaintInvestigating(ticketId: "TK-B", complaintId: "CMP-AUD-TK-B-1", operator: "li"),
        ]))
        XCTAssertEqual(outcome.applied, 4)
        XCTAssertEqual(emitted.types, ["audit.requested", "complaint.opened"])
        XCTAssertEqual(emitted.payload(ComplaintOpened.self)?.severity, .critical)
        let status: String = try harness.db.query("SELECT status FROM complaints WHERE complaint_id = 'CMP-AUD-TK-B-1'").first!.get("status")
        XCTAssertEqual(status, "investigating")
    }

    // MARK: Report

    func testPassRatePerTechnicianProviderAndRegion() throws {
        let harness = try F.harness(settings: settings(share: 1))
        try harness.deliver(harness.envelopes([
            TechnicianUpserted(technicianId: "T-A", name: "A", skills: ["refrigerator"], region: "shanghai",
                               location: GeoPoint(lat: 31.2, lon: 121.4), dailyCapacity: 5, active: true, providerId: "P-1"),
            TechnicianUpserted(technicianId: "T-B", name: "B", skills: ["refrigerator"], region: "beijing",
                               location: GeoPoint(lat: 39.9, lon: 116.4), dailyCapacity: 5, active: true),
        ]))
        let work: [(ticket: String, technician: String, region: String, passed: Bool)] = [
            ("TK-1", "T-A", "shanghai", true), ("TK-2", "T-A", "shanghai", false), ("TK-3", "T-A", "shanghai", true),
            ("TK-4", "T-B", "beijing", true), ("TK-5", "T-C", "beijing", false),
        ]
        try harness.deliver(harness.envelopes(work.flatMap { item -> [any EventPayload] in
            [F.opened(item.ticket, region: item.region, now: harness.now), F.completed(item.ticket, technician: item.technician)]
        }))
        try harness.deliver(harness.envelopes(work.map { recorded($0.ticket, passed: $0.passed, $0.passed ? [] : [("x", "minor")]) }))
        func rates(_ dimension: SurveyReport.Dimension) throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try SurveyReport.aggregates(by: dimension, on: harness.db).map {
                ($0.key, "\($0.auditsPassed)/\($0.auditsRecorded)")
            })
        }
        XCTAssertEqual(try rates(.technician), ["T-A": "2/3", "T-B": "1/1", "T-C": "0/1"])
        XCTAssertEqual(try rates(.provider), ["P-1": "2/3", "own-staff": "1/1", "unknown": "0/1"])
        XCTAssertEqual(try rates(.region), ["shanghai": "2/3", "beijing": "1/2"])
        // T-C joins a provider later: its earlier audit now counts for that provider.
        try harness.deliver(TechnicianUpserted(technicianId: "T-C", name: "C", skills: ["refrigerator"], region: "beijing",
                                               location: GeoPoint(lat: 39.9, lon: 116.4), dailyCapacity: 5, active: true, providerId: "P-2"))
        XCTAssertEqual(try rates(.provider), ["P-1": "2/3", "own-staff": "1/1", "P-2": "0/1"])
        let table = SurveyReport.render(try SurveyReport.aggregates(by: .provider, on: harness.db), dimension: .provider)
        XCTAssertTrue(table.contains("PASS-RATE"), table)
        XCTAssertTrue(table.split(separator: "\n").contains { $0.hasPrefix("P-1") && $0.hasSuffix("67%") }, table)
    }

    // MARK: Cost

    func testAuditsAndRosterKeepTheStatementsPerBatchConstant() throws {
        func statements(_ tickets: Int) throws -> Int {
            let harness = try F.harness(settings: settings(share: 1))
            let ids = (0..<tickets).map { "TK-\(tickets)-\($0)" }
            try harness.deliver(harness.envelopes(ids.flatMap { id -> [any EventPayload] in [F.opened(id, now: harness.now), F.completed(id)] }))
            let batch = harness.envelopes(ids.flatMap { id -> [any EventPayload] in [
                TechnicianUpserted(technicianId: "T-\(id)", name: "n", skills: ["refrigerator"], region: "shanghai",
                                   location: GeoPoint(lat: 31.2, lon: 121.4), dailyCapacity: 5, active: true, providerId: "P-1"),
                recorded(id, passed: false, [("x", "high")]),
                TicketReopened(ticketId: id, reason: "audit failed"),
                F.completed(id, technician: "T-\(id)"),
            ] })
            var outcome = BatchOutcome()
            let count = try harness.statements { outcome = try harness.deliver(batch).outcome }
            XCTAssertEqual(outcome.applied, tickets * 4)
            XCTAssertEqual(outcome.isolated, 0)
            return count
        }
        let small = try statements(1), large = try statements(50)
        XCTAssertEqual(small, large, "4 events as 200")
        print("surveys statements per batch: audits, roster, reopens, completions \(large) (200 events)")
    }
}
