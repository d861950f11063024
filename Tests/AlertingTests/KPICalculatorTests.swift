import AlertingService
import Foundation
import XCTest

/// KPI arithmetic on hand-made fact rows with a fixed clock.
final class KPICalculatorTests: XCTestCase {
    /// 2026-11-28 12:00:00 UTC.
    private let now = Date(timeIntervalSince1970: 1_795_867_200)

    private func minutesAgo(_ m: Double) -> Date { now.addingTimeInterval(-m * 60) }

    /// A ticket opened `openedMinutesAgo` with 60/120/240-minute deadlines.
    private func ticket(openedMinutesAgo o: Double, accepted: Double? = nil, onSite: Double? = nil, completed: Double? = nil,
                        ftf: Bool? = nil, repeat isRepeat: Bool = false, unassignable: Bool = false) -> KPIFacts.Ticket {
        let opened = minutesAgo(o)
        func after(_ m: Double?) -> Date? { m.map { opened.addingTimeInterval($0 * 60) } }
        return KPIFacts.Ticket(openedAt: opened, respondBy: opened.addingTimeInterval(3_600), onSiteBy: opened.addingTimeInterval(7_200),
                               resolveBy: opened.addingTimeInterval(14_400), acceptedAt: after(accepted), onSiteAt: after(onSite),
                               completedAt: after(completed), firstTimeFix: ftf, isRepeat: isRepeat,
                               unassignableAt: unassignable ? opened.addingTimeInterval(60) : nil)
    }

    func testNearestRankPercentiles() {
        XCTAssertNil(KPICalculator.percentile([], 50))
        XCTAssertEqual(KPICalculator.percentile([7], 90), 7)
        let values: [Double] = [15, 20, 35, 40, 50]
        XCTAssertEqual(KPICalculator.percentile(values, 50), 35)   // rank ⌈2.5⌉ = 3
        XCTAssertEqual(KPICalculator.percentile(values.reversed(), 90), 50)   // rank ⌈4.5⌉ = 5
        XCTAssertEqual(KPICalculator.percentile(Array(1...10).map(Double.init), 90), 9)
        XCTAssertEqual(KPICalculator.percentile([1, 2], 0), 1)
    }

    func testWindowsAreLastHourTodayAndSevenDays() {
        let windows = KPICalculator.windows(now: now)
        XCTAssertEqual(windows.map(\.name), ["last-hour", "today", "last-7-days"])
        XCTAssertEqual(windows[0].start, minutesAgo(60))
        XCTAssertEqual(windows[1].start, minutesAgo(20 * 60), "today starts at 00:00 in Shanghai (16:00 UTC the day before)")
        XCTAssertEqual(windows[2].start, now.addingTimeInterval(-7 * 86_400))
    }

    func testTicketTimesComplianceAndRates() {
        var facts = KPIFacts()
        facts.tickets = [
            // On time everywhere, first-time fix.
            ticket(openedMinutesAgo: 300, accepted: 10, onSite: 100, completed: 200, ftf: true),
            // Late response (70 > 60), on site on time, late resolution (250 > 240), not fixed first time, a repeat.
            ticket(openedMinutesAgo: 290, accepted: 70, onSite: 110, completed: 250, ftf: false, repeat: true),
            // Accepted on time; the on-site deadline (120) passed unmet; resolve still undecided.
            ticket(openedMinutesAgo: 180, accepted: 30),
            // Nothing yet, deadline not passed: undecided everywhere; and unassignable.
            ticket(openedMinutesAgo: 30, unassignable: true),
            // Opened before the window: ignored in "today from 5 hours ago".
            ticket(openedMinutesAgo: 900, accepted: 1, completed: 5, ftf: true),
        ]
        let f = KPICalculator.figures(facts, from: minutesAgo(310), to: now)
        XCTAssertEqual(f["tickets.opened"], 4)
        XCTAssertEqual(f["response.p50.minutes"], 30)     // [10, 30, 70] rank 2
        XCTAssertEqual(f["response.p90.minutes"], 70)
        XCTAssertEqual(f["onsite.p50.minutes"], 100)      // [100, 110] rank 1
        XCTAssertEqual(f["onsite.p90.minutes"], 110)
        XCTAssertEqual(f["resolution.p50.minutes"], 200)
        XCTAssertEqual(f["resolution.p90.minutes"], 250)
        XCTAssertEqual(f["sla.respond.compliance"], 0.6667)   // 2 of 3 decided
        XCTAssertEqual(f["sla.onsite.compliance"], 0.6667)    // on time, on time, passed unmet
        XCTAssertEqual(f["sla.resolve.compliance"], 0.5)      // on time, late
        XCTAssertEqual(f["ftf.rate"], 0.5)                    // completions in the window: true, false
        XCTAssertEqual(f["repeat.rate"], 0.25)
        XCTAssertEqual(f["tickets.unassignable"], 1)
        XCTAssertNil(f["csat"], "no surveys → no CSAT figure")
        XCTAssertNil(f["parts.fill.rate"])
        XCTAssertEqual(f["alerts.open.critical"], 0)
    }

    func testEventsAfterNowAreNotCounted() {
        var facts = KPIFacts()
        facts.tickets = [ticket(openedMinutesAgo: 10, accepted: 20)]   // accepted 10 minutes in the future
        let f = KPICalculator.figures(facts, from: minutesAgo(60), to: now)
        XCTAssertNil(f["response.p50.minutes"])
        XCTAssertNil(f["sla.respond.compliance"], "neither met by now nor past its deadline")
    }

    func testSurveysComplaintsPartsAndAlerts() {
        var facts = KPIFacts()
        facts.surveys = [
            KPIFacts.Survey(completedAt: minutesAgo(5), satisfied: true, attitude: 5, efficiency: 4, quality: 5),
            KPIFacts.Survey(completedAt: minutesAgo(15), satisfied: true, attitude: 4, efficiency: 4, quality: 4),
            KPIFacts.Survey(completedAt: minutesAgo(25), satisfied: false, attitude: 2, efficiency: 3, quality: 1),
            KPIFacts.Survey(completedAt: minutesAgo(90), satisfied: false, attitude: 1, efficiency: 1, quality: 1),
        ]
        facts.complaints = [KPIFacts.Complaint(openedAt: minutesAgo(24)), KPIFacts.Complaint(openedAt: minutesAgo(95))]
        facts.parts = [KPIFacts.PartsAnswer(at: minutesAgo(10), reservedQuantity: 3, backorderedQuantity: 0),
                       KPIFacts.PartsAnswer(at: minutesAgo(20), reservedQuantity: 0, backorderedQuantity: 1),
                       KPIFacts.PartsAnswer(at: minutesAgo(200), reservedQuantity: 0, backorderedQuantity: 50)]
        facts.openAlerts = ["critical": 2, "warning": 5]
        let f = KPICalculator.figures(facts, from: minutesAgo(60), to: now)
        XCTAssertEqual(f["surveys.completed"], 3)
        XCTAssertEqual(f["csat"], 0.6667)
        XCTAssertEqual(f["score.attitude"], 3.6667)
        XCTAssertEqual(f["score.efficiency"], 3.6667)
        XCTAssertEqual(f["score.quality"], 3.3333)
        XCTAssertEqual(f["complaints.opened"], 1)
        XCTAssertEqual(f["complaint.rate"], 0.3333)
        XCTAssertEqual(f["parts.fill.rate"], 0.75)
        XCTAssertEqual(f["alerts.open.critical"], 2)
        XCTAssertEqual(f["alerts.open.warning"], 5)
        XCTAssertEqual(f["alerts.open.info"], 0)
        XCTAssertEqual(f["tickets.opened"], 0)
    }
}
