import Foundation
import Schema
import SurveysService
import XCTest

/// Audit sampling and verdicts as units (no database).
final class AuditRulesTests: XCTestCase {
    private let ids = (0..<10_000).map { "TK-20261201-\(String(format: "%05d", $0))" }

    // MARK: Sampling

    func testSamplingIsDeterministicAcrossReplays() {
        let sampling = AuditSampling(share: 0.05)
        let first = ids.filter { sampling.isSampled(ticketId: $0, safetyHazard: false) }
        let replay = ids.filter { AuditSampling(share: 0.05).isSampled(ticketId: $0, safetyHazard: false) }
        XCTAssertEqual(first, replay)
        // Pinned values: the hash is part of the contract (another tool can recompute it).
        XCTAssertNotEqual(AuditSampling.fraction(of: "TK-1"), AuditSampling.fraction(of: "TK-2"))
        XCTAssertEqual(AuditSampling.fraction(of: "TK-20261201-00001"), 0x1.cc87b8f1d8333p-1)
        XCTAssertEqual(Array(first.prefix(4)), ["TK-20261201-00053", "TK-20261201-00071", "TK-20261201-00092", "TK-20261201-00096"])
    }

    func testSafetyHazardTicketsAreAlwaysSampled() {
        for share in [0.0, 0.05, 1.0] {
            XCTAssertTrue(ids.allSatisfy { AuditSampling(share: share).isSampled(ticketId: $0, safetyHazard: true) }, "share \(share)")
        }
    }

    func testShareIsRespectedWithinTolerance() {
        for share in [0.01, 0.05, 0.2, 0.5] {
            let sampled = ids.filter { AuditSampling(share: share).isSampled(ticketId: $0, safetyHazard: false) }.count
            let expected = share * Double(ids.count)
            // Four binomial standard deviations.
            let tolerance = 4 * (Double(ids.count) * share * (1 - share)).squareRoot()
            XCTAssertEqual(Double(sampled), expected, accuracy: tolerance, "share \(share): \(sampled) of \(ids.count)")
        }
        XCTAssertEqual(ids.filter { AuditSampling(share: 0).isSampled(ticketId: $0, safetyHazard: false) }.count, 0)
        XCTAssertEqual(ids.filter { AuditSampling(share: 1).isSampled(ticketId: $0, safetyHazard: false) }.count, ids.count)
    }

    func testALargerShareSamplesASupersetAndFractionsAreUniform() {
        let small = Set(ids.filter { AuditSampling(share: 0.05).isSampled(ticketId: $0, safetyHazard: false) })
        let large = Set(ids.filter { AuditSampling(share: 0.10).isSampled(ticketId: $0, safetyHazard: false) })
        XCTAssertTrue(small.isSubset(of: large))
        // Ten equal buckets each hold about a tenth of the ids (sequential ids do not cluster).
        var buckets = [Int](repeating: 0, count: 10)
        for id in ids { buckets[Int(AuditSampling.fraction(of: id) * 10)] += 1 }
        XCTAssertTrue(buckets.allSatisfy { abs($0 - 1_000) < 120 }, "\(buckets)")
    }

    // MARK: Verdicts

    func testFailedAuditComplaintSeverityComesFromTheWorstFinding() {
        let findings = [AuditFinding(code: "no-signature", severity: "minor"), AuditFinding(code: "wrong-part", severity: "Major")]
        let complaint = AuditPolicy.complaint(forFailedAudit: "AUD-TK-1-1", findings: findings)
        XCTAssertEqual(complaint.severity, .high)
        XCTAssertEqual(complaint.reason, "audit AUD-TK-1-1 failed: no-signature (minor), wrong-part (Major)")
        XCTAssertEqual(AuditPolicy.complaint(forFailedAudit: "A", findings: findings + [AuditFinding(code: "gas", severity: " critical ")]).severity,
                       .critical)
        let none = AuditPolicy.complaint(forFailedAudit: "AUD-TK-1-1", findings: [])
        XCTAssertEqual(none.severity, .normal)
        XCTAssertEqual(none.reason, "audit AUD-TK-1-1 failed (no findings given)")
        XCTAssertEqual(AuditPolicy.complaintSeverity(ofFinding: "cosmetic"), .normal, "a word outside the list is normal")
    }

    func testALongListOfFindingsIsCutToTheReasonLimit() {
        let findings = (0..<100).map { AuditFinding(code: String(repeating: "c", count: 150) + "\($0)", severity: "high") }
        let complaint = AuditPolicy.complaint(forFailedAudit: "AUD-TK-1-1", findings: findings)
        XCTAssertLessThanOrEqual(complaint.reason.unicodeScalars.count, 2_000)
        XCTAssertTrue(complaint.reason.hasSuffix(" more"), complaint.reason)
        let listed = complaint.reason.components(separatedBy: "(high)").count - 1
        XCTAssertTrue(complaint.reason.hasSuffix(" and \(100 - listed) more"), complaint.reason)
    }

    func testRecordDecisions() {
        let findings = [AuditFinding(code: "dirty-site", severity: "minor")]
        XCTAssertEqual(AuditPolicy.decide(auditId: "A", ticketId: "T", passed: false, findings: findings,
                                          stored: ("T", .requested, [])), .record)
        XCTAssertEqual(AuditPolicy.decide(auditId: "A", ticketId: "T", passed: false, findings: findings, stored: nil),
                       .reject(reason: "unknown-audit: no audit A was requested"))
        XCTAssertEqual(AuditPolicy.decide(auditId: "A", ticketId: "T", passed: true, findings: [], stored: ("U", .requested, [])),
                       .reject(reason: "audit-ticket-mismatch: audit A is for ticket U, not T"))
        XCTAssertEqual(AuditPolicy.decide(auditId: "A", ticketId: "T", passed: false, findings: findings,
                                          stored: ("T", .failed, findings)), .duplicate)
        XCTAssertEqual(AuditPolicy.decide(auditId: "A", ticketId: "T", passed: true, findings: [], stored: ("T", .failed, findings)),
                       .reject(reason: "audit-already-recorded: audit A was recorded as failed; a different verdict is not taken"))
        XCTAssertEqual(AuditPolicy.auditId(ticketId: "TK-9", completion: 2), "AUD-TK-9-2")
        XCTAssertEqual(AuditPolicy.complaintId(forAudit: "AUD-TK-9-2"), "CMP-AUD-TK-9-2")
    }
}

/// Report grouping and audit figures as units.
final class AuditReportRulesTests: XCTestCase {
    private func facts(_ technician: String?, provider: String? = nil, known: Bool = false, remote: Bool = false,
                       rosterNow: TechnicianRow? = nil) -> ReportAttribution.Facts {
        ReportAttribution.Facts(work: WorkAttribution(technicianId: technician, providerId: provider, rosterKnown: known,
                                                      resolvedRemotely: remote),
                                rosterNow: rosterNow, region: "shanghai", category: nil, model: "RF-1")
    }

    func testProviderAttribution() {
        XCTAssertEqual(ReportAttribution.key(.provider, facts("T-1", provider: "P-1", known: true)), "P-1")
        XCTAssertEqual(ReportAttribution.key(.provider, facts("T-1", known: true)), "own-staff")
        XCTAssertEqual(ReportAttribution.key(.provider, facts("T-1", known: true, rosterNow: TechnicianRow(technicianId: "T-1", providerId: "P-2"))),
                       "own-staff", "the provider at completion counts, not a later move")
        XCTAssertEqual(ReportAttribution.key(.provider, facts("T-1", rosterNow: TechnicianRow(technicianId: "T-1", providerId: "P-2"))),
                       "P-2", "roster heard of the technician only after the completion")
        XCTAssertEqual(ReportAttribution.key(.provider, facts("T-1", rosterNow: TechnicianRow(technicianId: "T-1", providerId: nil))), "own-staff")
        XCTAssertEqual(ReportAttribution.key(.provider, facts("T-1")), "unknown")
        XCTAssertEqual(ReportAttribution.key(.provider, facts(nil, remote: true)), "remote")
        XCTAssertEqual(ReportAttribution.key(.technician, facts(nil, remote: true)), "remote")
        XCTAssertEqual(ReportAttribution.key(.technician, facts(nil)), "unknown")
        XCTAssertEqual(ReportAttribution.key(.technician, facts("T-1")), "T-1")
        XCTAssertEqual(ReportAttribution.key(.region, facts("T-1")), "shanghai")
        XCTAssertEqual(ReportAttribution.key(.category, facts("T-1")), "unknown")
        XCTAssertEqual(ReportAttribution.key(.model, facts("T-1")), "RF-1")
    }

    func testAuditPassRateAndTheReportsAuditColumns() {
        let aggregates = SurveyAggregates.compute(
            [SurveyAggregates.Row(key: "P-1", answered: true, satisfied: true, scores: (5, 5, 5))],
            audits: [.init(key: "P-1", status: .passed), .init(key: "P-1", status: .failed), .init(key: "P-1", status: .requested),
                     .init(key: "remote", status: .requested)])
        XCTAssertEqual(aggregates.map(\.key), ["P-1", "remote"])
        XCTAssertEqual(aggregates[0].audits, 3)
        XCTAssertEqual(aggregates[0].auditsRecorded, 2)
        XCTAssertEqual(aggregates[0].auditsPassed, 1)
        XCTAssertEqual(aggregates[0].auditPassRate, 0.5)
        XCTAssertNil(aggregates[1].auditPassRate, "no verdict yet")
        XCTAssertEqual(aggregates[1].sent, 0, "a group with audits only")
        let lines = SurveyReport.render(aggregates, dimension: .provider).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0].split(separator: " ").suffix(4).map(String.init), ["AUDITS", "RECORDED", "PASSED", "PASS-RATE"])
        XCTAssertEqual(lines[1].split(separator: " ").map(String.init),
                       ["P-1", "1", "1", "100%", "100%", "5.00", "5.00", "5.00", "3", "2", "1", "50%"])
        XCTAssertEqual(lines[2].split(separator: " ").map(String.init), ["remote", "0", "0", "-", "-", "-", "-", "-", "1", "0", "0", "-"])
        XCTAssertFalse(SurveyReport.render(SurveyAggregates.compute([SurveyAggregates.Row(key: "x", answered: false, satisfied: false, scores: nil)]),
                                           dimension: .region).contains("AUDITS"), "no audit columns without audits")
    }
}
