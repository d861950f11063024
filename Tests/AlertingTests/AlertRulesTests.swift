import AlertingService
import Foundation
import Schema
import XCTest

/// The alert rules as pure functions with a fixed clock.
final class AlertRulesTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_795_852_800)
    private let rules = AlertRules()

    private func fact(_ id: String, model: String = "WM-1", fault: String = "hardware", hazard: Bool = false,
                      daysAgo: Double) -> QualityFact {
        QualityFact(ticketId: id, model: model, fault: fault, hazard: hazard, openedAt: now.addingTimeInterval(-daysAgo * 86_400))
    }

    // MARK: Single-event rules

    func testSafetyHazardIsCriticalOnTheTicketAndOnlyForHazards() throws {
        let alert = try XCTUnwrap(rules.safetyHazard(ticketId: "TK-1", model: "OV-3", hazard: true))
        XCTAssertEqual(alert.rule, "safety-hazard")
        XCTAssertEqual(alert.subject, "TK-1")
        XCTAssertEqual(alert.severity, .critical)
        XCTAssertEqual(alert.tickets, ["TK-1"])
        XCTAssertNil(rules.safetyHazard(ticketId: "TK-2", model: "OV-3", hazard: false))
    }

    func testUnassignableIsCriticalWithTheReason() {
        let alert = rules.unassignable(ticketId: "TK-9", reason: "no-candidates")
        XCTAssertEqual(alert.rule, "unassignable")
        XCTAssertEqual(alert.severity, .critical)
        XCTAssertEqual(alert.subject, "TK-9")
        XCTAssertEqual(alert.details?["reason"], "no-candidates")
    }

    func testStockLowIsAWarningPerPartAndWarehouse() {
        let alert = rules.stockLow(partNumber: "P-100", warehouseId: "WH-SH", available: 2, reorderPoint: 5)
        XCTAssertEqual(alert.rule, "stock-low")
        XCTAssertEqual(alert.subject, "P-100@WH-SH")
        XCTAssertEqual(alert.severity, .warning)
        XCTAssertEqual(alert.details?["available"], "2")
    }

    // MARK: Quality signal

    func testQualitySignalNeedsThreeMatchingTicketsWithinSevenDays() throws {
        let facts = [fact("A", daysAgo: 6.9), fact("B", daysAgo: 3), fact("C", daysAgo: 0),
                     fact("OLD", daysAgo: 7.1), fact("OTHER-FAULT", fault: "software", daysAgo: 1), fact("OTHER-MODEL", model: "WM-2", daysAgo: 1)]
        let alert = try XCTUnwrap(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: facts, now: now))
        XCTAssertEqual(alert.subject, "WM-1")
        XCTAssertEqual(alert.severity, .warning)
        XCTAssertEqual(alert.tickets, ["A", "B", "C"], "oldest first, only the matching ones in the window")
        XCTAssertTrue(alert.message.contains("WM-1"))
        XCTAssertNil(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: Array(facts.dropFirst()), now: now))
    }

    func testQualitySignalIsCriticalWhenOneTicketIsAHazard() throws {
        let facts = [fact("A", daysAgo: 2), fact("B", hazard: true, daysAgo: 1), fact("C", daysAgo: 0)]
        XCTAssertEqual(try XCTUnwrap(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: facts, now: now)).severity, .critical)
    }

    func testQualitySignalIgnoresFutureTicketsAndTheUnknownFaultClass() {
        let future = [fact("A", daysAgo: 1), fact("B", daysAgo: 0), fact("C", daysAgo: -1)]
        XCTAssertNil(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: future, now: now))
        let unknown = (1...5).map { fact("U\($0)", fault: "unknown", daysAgo: 0) }
        XCTAssertNil(rules.qualitySignal(model: "WM-1", fault: "unknown", facts: unknown, now: now))
    }

    func testQualityThresholdAndWindowAreConfigurable() {
        var custom = AlertRules()
        custom.qualityThreshold = 2
        custom.qualityWindow = 86_400
        let facts = [fact("A", daysAgo: 0.5), fact("B", daysAgo: 0), fact("C", daysAgo: 2)]
        XCTAssertEqual(custom.qualitySignal(model: "WM-1", fault: "hardware", facts: facts, now: now)?.tickets, ["A", "B"])
    }

    func testQualitySignalCrossesTheThresholdWithASummaryAndTheBatchsTickets() throws {
        let summary = QualitySummary(count: 2, hazard: false, oldest: now.addingTimeInterval(-5 * 86_400), recent: ["S1", "S2"])
        XCTAssertNil(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: [], summary: summary, now: now), "2 of 3")
        let alert = try XCTUnwrap(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: [fact("N", daysAgo: 0)],
                                                      summary: summary, now: now))
        XCTAssertEqual(alert.tickets, ["S1", "S2", "N"])
        XCTAssertEqual(alert.details?["count"], "3")
        XCTAssertEqual(alert.severity, .warning)
        XCTAssertEqual(rules.qualityCount(model: "WM-1", fault: "hardware", facts: [fact("N", daysAgo: 0)], summary: summary,
                                          now: now)?.oldest, summary.oldest)
    }

    func testQualitySignalWindowEdgeAppliesToTheListedFacts() {
        let summary = QualitySummary(count: 1, hazard: false, oldest: now.addingTimeInterval(-86_400), recent: ["S1"])
        let edge = [fact("AT-EDGE", daysAgo: 7), fact("N", daysAgo: 0)]
        XCTAssertNil(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: edge, summary: summary, now: now),
                     "a ticket exactly 7 days old has left the window")
        let inside = [fact("INSIDE", daysAgo: 6.99), fact("N", daysAgo: 0)]
        XCTAssertEqual(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: inside, summary: summary, now: now)?.tickets,
                       ["INSIDE", "S1", "N"], "older facts before the summary, newer after")
    }

    func testQualitySignalIsCriticalWhenTheSummaryHoldsAHazard() {
        let summary = QualitySummary(count: 5, hazard: true, oldest: now.addingTimeInterval(-86_400), recent: ["S1"])
        XCTAssertEqual(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: [], summary: summary, now: now)?.severity,
                       .critical)
    }

    func testQualitySignalNamesAtMostTheMostRecentTwentyTickets() throws {
        let summary = QualitySummary(count: 7_499, hazard: false, oldest: now.addingTimeInterval(-6 * 86_400),
                                     recent: (1...20).map { "S\($0)" })
        let alert = try XCTUnwrap(rules.qualitySignal(model: "WM-1", fault: "hardware", facts: [fact("N", daysAgo: 0)],
                                                      summary: summary, now: now))
        XCTAssertEqual(alert.tickets, (2...20).map { "S\($0)" } + ["N"])
        XCTAssertEqual(alert.details?["count"], "7500")
        XCTAssertTrue(alert.message.hasPrefix("model WM-1: 7500 hardware faults within 7 days (S2, S3, "), alert.message)
        XCTAssertTrue(alert.message.hasSuffix("S20, N, … and 7,480 more)"), alert.message)
        let few = try XCTUnwrap(rules.qualitySignal(model: "WM-1", fault: "hardware",
                                                    facts: [fact("A", daysAgo: 2), fact("B", daysAgo: 1), fact("C", daysAgo: 0)], now: now))
        XCTAssertEqual(few.message, "model WM-1: 3 hardware faults within 7 days (A, B, C)")
    }

    // MARK: Complaint spike

    func testComplaintSpikeIsAboveTheThresholdWithinTheLastHour() throws {
        let five = (0..<5).map { now.addingTimeInterval(Double(-$0) * 600) }
        XCTAssertNil(rules.complaintSpike(complaintTimes: five, now: now), "5 is not above 5")
        let six = five + [now.addingTimeInterval(-3_599)]
        let alert = try XCTUnwrap(rules.complaintSpike(complaintTimes: six, now: now))
        XCTAssertEqual(alert.subject, "platform")
        XCTAssertEqual(alert.details?["count"], "6")
        XCTAssertNil(rules.complaintSpike(complaintTimes: five + [now.addingTimeInterval(-3_600)], now: now), "the window is open at its start")
    }

    // MARK: Technician CSAT

    func testRollingCSATUsesTheLastTenSurveysOnceThereAreFive() {
        XCTAssertNil(rules.rollingCSAT([false, false, false, false]))
        XCTAssertEqual(rules.rollingCSAT([true, false, true, false, true]), 0.6)
        // 10 unhappy old surveys followed by 10 happy ones: only the last 10 count.
        XCTAssertEqual(rules.rollingCSAT(Array(repeating: false, count: 10) + Array(repeating: true, count: 10)), 1)
    }

    func testTechnicianCSATAlertBelowTheThreshold() throws {
        let low = [true, false, false, true, false, true, false, false, true, true]   // 5 of 10 = 0.5
        let alert = try XCTUnwrap(rules.technicianCSAT(technicianId: "T-7", satisfied: low))
        XCTAssertEqual(alert.rule, "technician-csat")
        XCTAssertEqual(alert.subject, "T-7")
        XCTAssertEqual(alert.details?["csat"], "0.50")
        XCTAssertNil(rules.technicianCSAT(technicianId: "T-7", satisfied: [true, true, true, false, false]), "0.6 is not below 0.6")
    }
}
