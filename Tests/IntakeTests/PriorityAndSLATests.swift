import Foundation
import Schema
import XCTest
@testable import IntakeService

final class PriorityRuleTests: XCTestCase {
    func testRulesInOrder() {
        XCTAssertEqual(PriorityRule.priority(kind: .maintenance, safetyHazard: true, repeatUnderRepairWarranty: false), .emergency)
        XCTAssertEqual(PriorityRule.priority(kind: .complaint, safetyHazard: true, repeatUnderRepairWarranty: true), .emergency)
        XCTAssertEqual(PriorityRule.priority(kind: .repair, safetyHazard: false, repeatUnderRepairWarranty: true), .high)
        XCTAssertEqual(PriorityRule.priority(kind: .maintenance, safetyHazard: false, repeatUnderRepairWarranty: true), .high)
        XCTAssertEqual(PriorityRule.priority(kind: .complaint, safetyHazard: false, repeatUnderRepairWarranty: false), .high)
        XCTAssertEqual(PriorityRule.priority(kind: .maintenance, safetyHazard: false, repeatUnderRepairWarranty: false), .low)
        XCTAssertEqual(PriorityRule.priority(kind: .repair, safetyHazard: false, repeatUnderRepairWarranty: false), .normal)
        XCTAssertEqual(PriorityRule.priority(kind: .installation, safetyHazard: false, repeatUnderRepairWarranty: false), .normal)
    }
}

final class SLAPolicyTests: XCTestCase {
    let opened = Timestamp.parse("2026-11-22T08:00:00Z")!

    func testDefaultTable() {
        let expected: [(Priority, Double, Double, Double)] = [
            (.emergency, 1, 4, 24), (.high, 4, 24, 48), (.normal, 24, 48, 72), (.low, 48, 96, 168),
        ]
        for (priority, respond, onSite, resolve) in expected {
            let deadlines = SLAPolicy().deadlines(priority: priority, openedAt: opened)
            XCTAssertEqual(deadlines.respondBy.timeIntervalSince(opened), respond * 3600, priority.rawValue)
            XCTAssertEqual(deadlines.onSiteBy.timeIntervalSince(opened), onSite * 3600, priority.rawValue)
            XCTAssertEqual(deadlines.resolveBy.timeIntervalSince(opened), resolve * 3600, priority.rawValue)
        }
    }

    func testConfiguredTargetsWin() {
        var targets = SLAPolicy.defaultTargets
        targets[.emergency] = SLATargets(respondHours: 0.5, onSiteHours: 2, resolveHours: 12)
        let deadlines = SLAPolicy(targets: targets).deadlines(priority: .emergency, openedAt: opened)
        XCTAssertEqual(Timestamp.format(deadlines.respondBy), "2026-11-22T08:30:00.000Z")
        XCTAssertEqual(Timestamp.format(deadlines.resolveBy), "2026-11-22T20:00:00.000Z")
    }

    func testTicketIdsAreReadable() {
        XCTAssertEqual(TicketNumbering.ticketId(day: CalendarDay("2026-11-22")!, number: 123), "AS-20261122-000123")
        XCTAssertEqual(TicketNumbering.ticketId(day: CalendarDay("2026-11-22")!, number: 1_234_567), "AS-20261122-1234567")
    }
}
