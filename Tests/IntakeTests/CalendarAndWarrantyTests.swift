import Foundation
import Schema
import XCTest
@testable import IntakeService

final class CalendarDayTests: XCTestCase {
    func testParsesOnlyValidDays() {
        XCTAssertEqual(CalendarDay("2026-11-22")?.description, "2026-11-22")
        XCTAssertNil(CalendarDay("2026-02-30"))
        XCTAssertNil(CalendarDay("2026-2-3"))
        XCTAssertNil(CalendarDay("20261122"))
        XCTAssertNil(CalendarDay("2026-13-01"))
        XCTAssertNotNil(CalendarDay("2024-02-29"))
        XCTAssertNil(CalendarDay("2023-02-29"))
    }

    func testAddingMonthsClampsToMonthEnd() {
        XCTAssertEqual(CalendarDay("2024-01-31")!.adding(months: 1), CalendarDay("2024-02-29"))
        XCTAssertEqual(CalendarDay("2024-02-29")!.adding(months: 12), CalendarDay("2025-02-28"))
        XCTAssertEqual(CalendarDay("2025-11-30")!.adding(months: 3), CalendarDay("2026-02-28"))
        XCTAssertEqual(CalendarDay("2026-03-31")!.adding(months: -1), CalendarDay("2026-02-28"))
        XCTAssertEqual(CalendarDay("2026-01-15")!.adding(months: -24), CalendarDay("2024-01-15"))
    }

    func testAddingDaysAndDistance() {
        XCTAssertEqual(CalendarDay("2026-12-31")!.adding(days: 1), CalendarDay("2027-01-01"))
        XCTAssertEqual(CalendarDay("2024-03-01")!.adding(days: -1), CalendarDay("2024-02-29"))
        XCTAssertEqual(CalendarDay("2026-01-01")!.days(until: CalendarDay("2026-12-31")!), 364)
        XCTAssertEqual(CalendarDay("1970-01-01")!.daysSinceEpoch, 0)
        XCTAssertEqual(CalendarDay(daysSinceEpoch: CalendarDay("2000-02-29")!.daysSinceEpoch), CalendarDay("2000-02-29"))
    }

    func testDayOfAnInstantDependsOnTheZone() {
        let instant = Timestamp.parse("2026-11-22T17:30:00Z")!
        XCTAssertEqual(CalendarDay(instant: instant, offsetSeconds: 0).description, "2026-11-22")
        XCTAssertEqual(CalendarDay(instant: instant, offsetSeconds: 8 * 3600).description, "2026-11-23")
        XCTAssertEqual(CalendarDay("2026-11-23")!.startInstant(offsetSeconds: 8 * 3600), Timestamp.parse("2026-11-22T16:00:00Z"))
    }
}

final class WarrantyPolicyTests: XCTestCase {
    let policy = WarrantyPolicy()
    let today = CalendarDay("2026-11-22")!

    func testEveryCategoryHasADefault() {
        for category in ProductCategory.allCases {
            XCTAssertNotNil(WarrantyPolicy.defaultMonths[category], category.rawValue)
        }
    }

    func testInWarrantyThroughTheExpiryDayInclusive() {
        let bought = CalendarDay("2025-11-22")!
        let decision = policy.decide(category: .refrigerator, purchasedOn: bought, today: today, previousRepair: nil)
        XCTAssertEqual(decision, WarrantyDecision(status: .inWarranty, expiresOn: CalendarDay("2026-11-22")))
        let dayAfter = policy.decide(category: .refrigerator, purchasedOn: bought, today: today.adding(days: 1),
                                     previousRepair: nil)
        XCTAssertEqual(dayAfter.status, .outOfWarranty)
    }

    func testCategoryMonthsDiffer() {
        let bought = CalendarDay("2022-01-10")!
        XCTAssertEqual(policy.decide(category: .airConditioner, purchasedOn: bought, today: today, previousRepair: nil).status,
                       .inWarranty)
        XCTAssertEqual(policy.decide(category: .smartSpeaker, purchasedOn: bought, today: today, previousRepair: nil).status,
                       .outOfWarranty)
    }

    func testRepairWarrantyWithinTheWindow() {
        let bought = CalendarDay("2020-01-01")!
        let repair = PreviousRepair(ticketId: "AS-20260901-000001", completedOn: CalendarDay("2026-09-01")!)
        let decision = policy.decide(category: .washingMachine, purchasedOn: bought, today: today, previousRepair: repair)
        XCTAssertEqual(decision, WarrantyDecision(status: .repairWarranty, expiresOn: CalendarDay("2026-11-30")))
        let old = PreviousRepair(ticketId: "AS-20260801-000001", completedOn: CalendarDay("2026-08-01")!)
        XCTAssertEqual(policy.decide(category: .washingMachine, purchasedOn: bought, today: today, previousRepair: old).status,
                       .outOfWarranty)
    }

    func testRepairWarrantyKeepsTheLongerRegularExpiry() {
        let repair = PreviousRepair(ticketId: "AS-1", completedOn: CalendarDay("2026-11-01")!)
        let decision = policy.decide(category: .furniture, purchasedOn: CalendarDay("2026-01-01")!, today: today,
                                     previousRepair: repair)
        XCTAssertEqual(decision, WarrantyDecision(status: .repairWarranty, expiresOn: CalendarDay("2029-01-01")))
    }

    func testRepairWindowHasAMinimumOf30Days() {
        XCTAssertEqual(WarrantyPolicy(repairWarrantyDays: 10).repairWarrantyDays, 30)
        XCTAssertEqual(WarrantyPolicy(repairWarrantyDays: 120).repairWarrantyDays, 120)
    }

    func testCategoryWithoutPolicyIsUnknown() {
        var months = WarrantyPolicy.defaultMonths
        months[.homeDecor] = 0
        let decision = WarrantyPolicy(months: months).decide(category: .homeDecor, purchasedOn: CalendarDay("2026-01-01"),
                                                             today: today, previousRepair: nil)
        XCTAssertEqual(decision, WarrantyDecision(status: .unknown, expiresOn: nil))
    }

    func testRetentionCutoffIsTwoYearsAfterWarrantyEnd() {
        let rule = RetentionRule()
        XCTAssertEqual(rule.cutoff(today: today), CalendarDay("2024-11-22"))
        XCTAssertTrue(rule.mayDelete(warrantyEnd: CalendarDay("2024-11-21"), lastActivity: CalendarDay("2023-01-01")!, today: today))
        XCTAssertFalse(rule.mayDelete(warrantyEnd: CalendarDay("2024-11-22"), lastActivity: CalendarDay("2023-01-01")!, today: today))
        // A ticket opened recently for a long-expired product is kept.
        XCTAssertFalse(rule.mayDelete(warrantyEnd: CalendarDay("2015-01-01"), lastActivity: CalendarDay("2026-01-01")!, today: today))
        XCTAssertTrue(rule.mayDelete(warrantyEnd: nil, lastActivity: CalendarDay("2024-01-01")!, today: today))
        XCTAssertEqual(RetentionRule(years: 1).years, 2)
    }
}
