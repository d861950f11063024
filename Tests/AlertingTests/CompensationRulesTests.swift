import AlertingService
import Foundation
import Schema
import ServiceRuntime
import XCTest

/// Compensation: sizing by priority, once per ticket, settings parsing.
final class CompensationRulesTests: XCTestCase {
    private let policy = CompensationPolicy()

    private func grant(_ priority: Priority, _ deadline: SLAClock.Deadline = .resolve, already: Bool = false,
                       policy: CompensationPolicy? = nil) -> CompensationGranted? {
        Compensation.grant(ticketId: "T-1", customerId: "C-1", priority: priority, breached: deadline, alreadyGranted: already,
                           policy: policy ?? self.policy)
    }

    func testSizedByPriority() {
        XCTAssertEqual(grant(.emergency), CompensationGranted(ticketId: "T-1", customerId: "C-1", kind: .voucher, amount: 200,
                                                              currency: "CNY", reason: "resolve-breached"))
        XCTAssertEqual(grant(.high)?.amount, 100)
        XCTAssertEqual(grant(.normal)?.amount, 50)
        let low = grant(.low, .onSite)
        XCTAssertEqual(low, CompensationGranted(ticketId: "T-1", customerId: "C-1", kind: .extendedWarranty, months: 3,
                                                reason: "on-site-breached"))
        XCTAssertNil(low?.amount)
        XCTAssertNil(low?.currency)
        for priority in Priority.allCases { XCTAssertEqual(grant(priority)?.validate(), [], "\(priority)") }
    }

    func testOncePerTicket() {
        XCTAssertNotNil(grant(.high, .onSite))
        XCTAssertNil(grant(.high, .resolve, already: true), "the resolve breach after an on-site breach grants nothing more")
        XCTAssertNil(grant(.high, .onSite, already: true), "a replayed breach grants nothing more")
    }

    func testRespondBreachGrantsNothing() {
        XCTAssertNil(grant(.emergency, .respond))
    }

    func testIdempotencyKeyIsPerTicketAndDeterministic() {
        XCTAssertEqual(Compensation.idempotencyKey(ticketId: "T-1"), "compensation:T-1")
        XCTAssertEqual(Compensation.idempotencyKey(ticketId: "T-1"), Compensation.idempotencyKey(ticketId: "T-1"))
        XCTAssertNotEqual(Compensation.idempotencyKey(ticketId: "T-1"), Compensation.idempotencyKey(ticketId: "T-2"))
    }

    func testSettings() throws {
        XCTAssertEqual(try CompensationPolicy(settings: [:]), CompensationPolicy())
        let custom = try CompensationPolicy(settings: [
            "AFTERSALES_ALERTING_COMPENSATION": "emergency=voucher:88.8:hkd; high=extended-warranty:6; normal=none; low=voucher:10",
            "AFTERSALES_ALERTING_CURRENCY": "usd",
        ])
        XCTAssertEqual(custom.offers, [.emergency: .voucher(cents: 8_880, currency: "HKD"), .high: .extendedWarranty(months: 6),
                                       .low: .voucher(cents: 1_000, currency: "USD")])
        XCTAssertNil(grant(.normal, policy: custom))
        XCTAssertEqual(try CompensationPolicy(settings: ["AFTERSALES_ALERTING_COMPENSATION": "none"]).offers, [:])
    }

    func testBadSettingsNameTheVariable() {
        for (value, problem) in [("urgent=voucher:1", "unknown priority 'urgent'"), ("high=voucher:0", "more than 0"),
                                 ("high=voucher:1.234", "at most two decimals"), ("high=extended-warranty:0", "1…120"),
                                 ("high=extended-warranty:121", "1…120"), ("high=cash:10", "is not voucher"),
                                 ("high=voucher:10:EURO", "three-letter"), ("high", "KEY=VALUE")] {
            XCTAssertThrowsError(try CompensationPolicy(settings: ["AFTERSALES_ALERTING_COMPENSATION": value]), value) { error in
                let error = error as? ConfigError
                XCTAssertEqual(error?.variable, "AFTERSALES_ALERTING_COMPENSATION")
                XCTAssertTrue(error?.problem.contains(problem) ?? false, "\(value): \(String(describing: error))")
            }
        }
    }
}
