import AlertingService
import Foundation
import Schema
import XCTest

/// One open alert per rule and subject; deterministic ids.
final class AlertBookTests: XCTestCase {
    private let draft = AlertDraft(rule: "stock-low", subject: "P-1@WH", severity: .warning, message: "low")

    func testRaiseWhenNothingIsOpenWithTheNextOccurrenceId() {
        XCTAssertEqual(AlertBook.decide(.raise(draft), rule: "stock-low", subject: "P-1@WH", open: nil, previousCount: 0),
                       .raise(alertId: "AL-stock-low-P-1@WH-1"))
        XCTAssertEqual(AlertBook.decide(.raise(draft), rule: "stock-low", subject: "P-1@WH", open: nil, previousCount: 2),
                       .raise(alertId: "AL-stock-low-P-1@WH-3"))
    }

    func testNoSecondAlertWhileOneIsOpen() {
        let open = AlertBook.OpenAlert(alertId: "AL-stock-low-P-1@WH-1", severity: .warning, escalated: false)
        XCTAssertEqual(AlertBook.decide(.raise(draft), rule: "stock-low", subject: "P-1@WH", open: open, previousCount: 1), .nothing)
    }

    func testEscalateOnlyAnOpenUnescalatedAlert() {
        let open = AlertBook.OpenAlert(alertId: "AL-sla-breached-TK:respond-1", severity: .critical, escalated: false)
        XCTAssertEqual(AlertBook.decide(.escalate, rule: "sla-breached", subject: "TK:respond", open: open, previousCount: 1),
                       .escalate(alertId: "AL-sla-breached-TK:respond-1"))
        var escalated = open
        escalated.escalated = true
        XCTAssertEqual(AlertBook.decide(.escalate, rule: "sla-breached", subject: "TK:respond", open: escalated, previousCount: 1), .nothing)
        XCTAssertEqual(AlertBook.decide(.escalate, rule: "sla-breached", subject: "TK:respond", open: nil, previousCount: 1), .nothing)
    }

    func testResolveTheOpenAlertKeepingItsSeverity() {
        let open = AlertBook.OpenAlert(alertId: "AL-x-y-2", severity: .critical, escalated: true)
        XCTAssertEqual(AlertBook.decide(.resolve, rule: "x", subject: "y", open: open, previousCount: 2),
                       .resolve(alertId: "AL-x-y-2", severity: .critical))
        XCTAssertEqual(AlertBook.decide(.resolve, rule: "x", subject: "y", open: nil, previousCount: 2), .nothing)
    }
}
