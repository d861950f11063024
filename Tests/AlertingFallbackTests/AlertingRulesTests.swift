import AlertingFallback
import Foundation
import XCTest

final class AlertingRulesTests: XCTestCase {
    private let t0 = Date(timeIntervalSince1970: 1_795_852_800)

    func testSLAClockThresholds() {
        let clock = SLAClock(deadline: .respond, start: t0, due: t0.addingTimeInterval(3_600))
        XCTAssertEqual(clock.atRiskAt, t0.addingTimeInterval(2_880))
        XCTAssertEqual(clock.breachAt, t0.addingTimeInterval(3_600))
        XCTAssertEqual(clock.escalateAt, t0.addingTimeInterval(5_400))
        XCTAssertTrue(clock.metOnTime(t0.addingTimeInterval(3_600)))
        XCTAssertFalse(clock.metOnTime(t0.addingTimeInterval(3_601)))
        XCTAssertEqual(clock.progress(at: t0.addingTimeInterval(1_800)), 0.5, accuracy: 1e-9)
    }

    func testQualitySignalNeedsThreeOfTheSameModelAndFaultWithinSevenDays() {
        let rules = AlertRules()
        let day: TimeInterval = 86_400
        var facts = [TicketFact(ticketId: "A", model: "RF-1", fault: "hardware", hazard: false, openedAt: t0),
                     TicketFact(ticketId: "B", model: "RF-1", fault: "hardware", hazard: false, openedAt: t0.addingTimeInterval(2 * day)),
                     TicketFact(ticketId: "C", model: "RF-1", fault: "software", hazard: false, openedAt: t0.addingTimeInterval(3 * day)),
                     TicketFact(ticketId: "D", model: "RF-2", fault: "hardware", hazard: false, openedAt: t0.addingTimeInterval(3 * day))]
        XCTAssertNil(rules.qualitySignal(model: "RF-1", fault: "hardware", facts: facts, now: t0.addingTimeInterval(3 * day)))
        facts.append(TicketFact(ticketId: "E", model: "RF-1", fault: "hardware", hazard: true, openedAt: t0.addingTimeInterval(6 * day)))
        let signal = rules.qualitySignal(model: "RF-1", fault: "hardware", facts: facts, now: t0.addingTimeInterval(6 * day))
        XCTAssertEqual(signal?.tickets, ["A", "B", "E"])
        XCTAssertEqual(signal?.critical, true, "one of them is a safety hazard")
        XCTAssertNil(rules.qualitySignal(model: "RF-1", fault: "hardware", facts: facts, now: t0.addingTimeInterval(8 * day)),
                     "A fell out of the window")
    }

    func testComplaintSpikeAndTechnicianCSAT() {
        let rules = AlertRules()
        let times = (0..<6).map { t0.addingTimeInterval(Double($0) * 60) }
        XCTAssertEqual(rules.complaintSpike(complaintTimes: times, now: t0.addingTimeInterval(600)), 6)
        XCTAssertNil(rules.complaintSpike(complaintTimes: Array(times.prefix(5)), now: t0.addingTimeInterval(600)), "5 is not above 5")
        XCTAssertNil(rules.complaintSpike(complaintTimes: times, now: t0.addingTimeInterval(3_700)), "an hour later")
        XCTAssertNil(rules.technicianCSAT([false, false, false, false]), "too few surveys to judge")
        XCTAssertEqual(rules.technicianCSAT([true, false, false, true, false])?.isLow, true)
        let rolling = rules.technicianCSAT(Array(repeating: false, count: 5) + Array(repeating: true, count: 10))
        XCTAssertEqual(rolling?.csat, 1, "only the last ten count")
    }

    func testKPIArithmetic() {
        var facts = KPIFacts()
        func ticket(opened: TimeInterval, accepted: TimeInterval?, completed: TimeInterval?, ftf: Bool?, repeatOf: Bool = false) -> KPIFacts.Ticket {
            KPIFacts.Ticket(openedAt: t0.addingTimeInterval(opened), respondBy: t0.addingTimeInterval(opened + 3_600),
                            onSiteBy: t0.addingTimeInterval(opened + 7_200), resolveBy: t0.addingTimeInterval(opened + 86_400),
                            acceptedAt: accepted.map { t0.addingTimeInterval(opened + $0) }, onSiteAt: nil,
                            completedAt: completed.map { t0.addingTimeInterval(opened + $0) }, firstTimeFix: ftf, isRepeat: repeatOf,
                            unassignableAt: nil)
        }
        facts.tickets = [ticket(opened: 0, accepted: 600, completed: 3_600, ftf: true),
                         ticket(opened: 60, accepted: 1_200, completed: 7_200, ftf: false),
                         ticket(opened: 120, accepted: 4_000, completed: nil, ftf: nil, repeatOf: true),
                         ticket(opened: 180, accepted: nil, completed: nil, ftf: nil)]
        facts.surveys = [KPIFacts.Survey(completedAt: t0.addingTimeInterval(7_300), satisfied: true, attitude: 5, efficiency: 4, quality: 5),
                         KPIFacts.Survey(completedAt: t0.addingTimeInterval(7_400), satisfied: false, attitude: 2, efficiency: 3, quality: 3)]
        facts.complaintTimes = [t0.addingTimeInterval(7_500)]
        facts.parts = [(t0.addingTimeInterval(100), 3, 1)]
        facts.openAlerts = (2, 1)
        let now = t0.addingTimeInterval(8_000)
        let f = KPICalculator.figures(facts, from: t0.addingTimeInterval(-1), to: now)
        XCTAssertEqual(f["tickets.opened"], 4)
        XCTAssertEqual(f["response.p50.minutes"], 20, "nearest rank of 10, 20, 66.67 minutes")
        XCTAssertEqual(f["response.p90.minutes"], 66.67)
        XCTAssertEqual(f["resolution.p50.minutes"], 60)
        XCTAssertEqual(f["sla.respond.compliance"], 0.5, "two on time, one late, one overdue")
        XCTAssertEqual(f["ftf.rate"], 0.5)
        XCTAssertEqual(f["repeat.rate"], 0.25)
        XCTAssertEqual(f["csat"], 0.5)
        XCTAssertEqual(f["score.attitude"], 3.5)
        XCTAssertEqual(f["complaint.rate"], 0.5)
        XCTAssertEqual(f["parts.fill.rate"], 0.75)
        XCTAssertEqual(f["alerts.open.critical"], 2)
        XCTAssertNil(f["onsite.p50.minutes"], "no data, no figure")
        XCTAssertEqual(KPICalculator.percentile([5, 1, 3], 50), 3)
        XCTAssertEqual(KPICalculator.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9)
        XCTAssertNil(KPICalculator.percentile([], 50))
        XCTAssertEqual(KPICalculator.windows(now: now).map(\.name), ["last-hour", "today", "last-7-days"])
    }
}
