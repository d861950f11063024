import Foundation
import Schema
import ServiceRuntime
import XCTest
@testable import DispatchService

/// 002 §3.4: no chargeable work without the customer's prior consent.
final class QuoteConsentRulesTests: XCTestCase {
    func testOutOfWarrantyNeedsAnApprovedQuote() {
        XCTAssertEqual(QuoteConsent.workCompletion(warranty: .outOfWarranty, quote: .approved), .allowed(chargeable: true))
        for quote in [QuoteStatus.none, .quoted] {
            XCTAssertEqual(QuoteConsent.workCompletion(warranty: .outOfWarranty, quote: quote),
                           .refused(reason: "chargeable work completed before the customer approved the quote (002 §3.4)"))
        }
        XCTAssertEqual(QuoteConsent.workCompletion(warranty: .outOfWarranty, quote: .declined),
                       .refused(reason: QuoteConsent.declinedReason))
    }

    func testWarrantyWorkIsAlwaysAllowedAndFree() {
        for warranty in [WarrantyStatus.inWarranty, .repairWarranty] {
            for quote in QuoteStatus.allCases {
                XCTAssertEqual(QuoteConsent.workCompletion(warranty: warranty, quote: quote), .allowed(chargeable: false),
                               "\(warranty) \(quote)")
                XCTAssertFalse(QuoteConsent.isChargeable(warranty: warranty, quote: quote))
            }
        }
    }

    func testUnknownWarrantyChargesOnlyWithConsent() {
        XCTAssertEqual(QuoteConsent.workCompletion(warranty: .unknown, quote: .approved), .allowed(chargeable: true))
        for quote in [QuoteStatus.none, .quoted, .declined] {
            XCTAssertEqual(QuoteConsent.workCompletion(warranty: .unknown, quote: quote), .allowed(chargeable: false))
        }
    }

    func testRefusedCompletionsAreNeverChargeable() {
        XCTAssertFalse(QuoteConsent.isChargeable(warranty: .outOfWarranty, quote: .quoted))
        XCTAssertTrue(QuoteConsent.isChargeable(warranty: .outOfWarranty, quote: .approved))
    }

    func testQuoteStatusFold() {
        XCTAssertEqual(QuoteStatus.none.applying(.quoted), .success(.quoted))
        XCTAssertEqual(QuoteStatus.quoted.applying(.approved), .success(.approved))
        XCTAssertEqual(QuoteStatus.approved.applying(.approved), .success(.approved), "a repeated approval is harmless")
        XCTAssertEqual(QuoteStatus.quoted.applying(.declined), .success(.declined))
        XCTAssertEqual(QuoteStatus.approved.applying(.quoted), .success(.quoted), "a new quote needs new consent")
        XCTAssertEqual(QuoteStatus.none.applying(.approved), .failure(QuoteConsent.Refusal(reason: "there is no quote to answer")))
        XCTAssertEqual(QuoteStatus.declined.applying(.approved),
                       .failure(QuoteConsent.Refusal(reason: "the customer already declined the quote")))
        XCTAssertEqual(QuoteStatus.approved.applying(.declined),
                       .failure(QuoteConsent.Refusal(reason: "the customer already approved the quote")))
    }

    // MARK: Waived (a redo within the repair warranty)

    func testAWaivedQuoteIsFreeWhateverTheWarrantyAndCannotBeAnswered() {
        for warranty in WarrantyStatus.allCases {
            XCTAssertEqual(QuoteConsent.workCompletion(warranty: warranty, quote: .waived), .allowed(chargeable: false),
                           "\(warranty)")
        }
        XCTAssertEqual(QuoteStatus.waived.applying(.quoted), .success(.waived), "a price on a free redo changes nothing")
        XCTAssertEqual(QuoteStatus.waived.applying(.approved), .failure(QuoteConsent.Refusal(
            reason: "the work is free under the repair warranty: there is no quote to answer")))
        XCTAssertEqual(QuoteStatus.waived.applying(.declined), QuoteStatus.waived.applying(.approved))
    }

    // MARK: Diagnosis

    private let quote = DiagnosisReported.Quote(labour: 150, parts: 50, currency: "CNY")

    private func diagnosis(_ warranty: WarrantyStatus, quote status: QuoteStatus = .none, offered: DiagnosisReported.Quote?,
                           earlier: DiagnosisReported.Quote? = nil, partsCents: Int64 = 0) -> DiagnosisQuote {
        QuoteConsent.diagnosis(warranty: warranty, quote: status, offered: offered, earlier: earlier, partsCents: partsCents,
                               invoiceCurrency: "CNY")
    }

    func testAChargeableDiagnosisWithoutAmountsIsRefusedNamingWhatIsMissing() {
        XCTAssertEqual(diagnosis(.outOfWarranty, offered: nil), .refused(reason: QuoteConsent.quoteRequiredReason))
        XCTAssertTrue(QuoteConsent.quoteRequiredReason.hasPrefix("quote: required for out-of-warranty chargeable work"))
        for field in ["quote.labour", "quote.parts", "quote.currency"] {
            XCTAssertTrue(QuoteConsent.quoteRequiredReason.contains(field), field)
        }
        // A later diagnosis without amounts asks again at the price already on the ticket.
        XCTAssertEqual(diagnosis(.outOfWarranty, quote: .approved, offered: nil, earlier: quote), .ask(quote))
        XCTAssertEqual(diagnosis(.outOfWarranty, offered: quote), .ask(quote))
        XCTAssertEqual(diagnosis(.outOfWarranty, offered: quote, earlier: DiagnosisReported.Quote(labour: 1, parts: 1, currency: "CNY")),
                       .ask(quote), "a new price replaces the earlier one")
    }

    func testFreeWorkNeverNeedsAQuote() {
        for warranty in [WarrantyStatus.inWarranty, .repairWarranty] {
            XCTAssertEqual(diagnosis(warranty, offered: nil), .nothing)
            XCTAssertEqual(diagnosis(warranty, offered: quote), .record(quote), "recorded, never asked")
        }
        XCTAssertEqual(diagnosis(.unknown, offered: nil), .nothing, "unknown warranty without a price: free")
        XCTAssertEqual(diagnosis(.unknown, offered: quote), .ask(quote))
        for warranty in WarrantyStatus.allCases {
            XCTAssertEqual(diagnosis(warranty, quote: .waived, offered: nil), .nothing, "\(warranty): a free redo")
            XCTAssertEqual(diagnosis(warranty, quote: .waived, offered: quote), .nothing)
        }
    }

    func testAQuoteNoInvoiceCouldHonourIsRefusedBeforeTheCustomerIsAsked() {
        for warranty in [WarrantyStatus.outOfWarranty, .unknown] {
            let usd = DiagnosisReported.Quote(labour: 10, parts: 0, currency: "usd")
            XCTAssertEqual(diagnosis(warranty, offered: usd), .refused(
                reason: "quote.currency: USD, but invoices are in CNY: the customer must be quoted in the invoice currency"))
            XCTAssertEqual(diagnosis(warranty, offered: DiagnosisReported.Quote(labour: 10, parts: 0, currency: "cny")),
                           .ask(DiagnosisReported.Quote(labour: 10, parts: 0, currency: "cny")), "codes compared case-insensitively")
            let huge = DiagnosisReported.Quote(labour: 6_000_000, parts: 5_000_000, currency: "CNY")
            XCTAssertEqual(diagnosis(warranty, offered: huge), .refused(
                reason: "quote: labour + parts = 11000000.00 is more than an invoice may total (10000000.00)"))
            XCTAssertEqual(diagnosis(warranty, offered: quote, partsCents: 20_001), .refused(
                reason: "quote: the parts listed cost 200.01 CNY at catalogue price, more than the quote of 200.00 CNY: "
                    + "no invoice could honour it"))
            XCTAssertEqual(diagnosis(warranty, offered: quote, partsCents: 20_000), .ask(quote), "exactly the quote is fine")
        }
        // The earlier amounts are checked too (prices may have risen since).
        XCTAssertEqual(diagnosis(.outOfWarranty, offered: nil, earlier: quote, partsCents: 30_000), .refused(
            reason: "quote: the parts listed cost 300.00 CNY at catalogue price, more than the quote of 200.00 CNY: "
                + "no invoice could honour it"))
    }

    func testApprovingAChargeableQuoteWithoutAmountsIsRefused() {
        for warranty in [WarrantyStatus.outOfWarranty, .unknown] {
            XCTAssertEqual(QuoteConsent.approvalRefusal(warranty: warranty, amounts: nil), QuoteConsent.approvalWithoutAmountsReason)
            XCTAssertNil(QuoteConsent.approvalRefusal(warranty: warranty, amounts: quote))
        }
        for warranty in [WarrantyStatus.inWarranty, .repairWarranty] {
            XCTAssertNil(QuoteConsent.approvalRefusal(warranty: warranty, amounts: nil), "free work: nothing to invoice against")
        }
    }

    // MARK: Repair warranty

    func testRepairWarrantyCoversReopeningsThroughTheLastDayInclusive() {
        let rule = RepairWarranty()  // 90 days
        XCTAssertEqual(rule.days, 90)
        let repaired = RepairWarranty.LastCompletion.onSite(day: "2026-11-22")
        XCTAssertTrue(rule.covers(repaired, reopenedOn: "2026-11-22"), "the same day")
        XCTAssertTrue(rule.covers(repaired, reopenedOn: "2027-02-20"), "day 90")
        XCTAssertFalse(rule.covers(repaired, reopenedOn: "2027-02-21"), "day 91")
        XCTAssertEqual(rule.quoteAfterReopening(repaired, reopenedOn: "2026-12-01"), .waived)
        XCTAssertEqual(rule.quoteAfterReopening(repaired, reopenedOn: "2027-03-01"), .none, "new work: a new quote")
        XCTAssertTrue(rule.covers(.onSite(day: "2027-02-28"), reopenedOn: "2027-02-27"), "a clock behind is never charged")
    }

    func testARemoteResolutionRepairedNothingAndAnUnknownDayIsCovered() {
        let rule = RepairWarranty()
        XCTAssertFalse(rule.covers(.remote, reopenedOn: "2026-11-22"))
        XCTAssertEqual(rule.quoteAfterReopening(.remote, reopenedOn: "2026-11-22"), .none)
        XCTAssertTrue(rule.covers(.onSite(day: nil), reopenedOn: "2030-01-01"), "completed before invoices were kept")
    }

    func testRepairWarrantyIsAtLeastThirtyDaysAndConfigurable() throws {
        XCTAssertEqual(RepairWarranty(days: 7).days, 30)
        XCTAssertTrue(RepairWarranty(days: 7).covers(.onSite(day: "2026-11-01"), reopenedOn: "2026-12-01"))
        XCTAssertEqual(try InvoiceSettings(settings: [:]).repairWarranty.days, 90)
        XCTAssertEqual(try InvoiceSettings(settings: ["AFTERSALES_DISPATCH_REPAIR_WARRANTY_DAYS": "45"]).repairWarranty.days, 45)
        XCTAssertEqual(try InvoiceSettings(settings: ["AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS": "60"]).repairWarranty.days, 60,
                       "intake's value serves both when dispatch's is unset")
        XCTAssertEqual(try InvoiceSettings(settings: ["AFTERSALES_DISPATCH_REPAIR_WARRANTY_DAYS": "45",
                                                      "AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS": "60"]).repairWarranty.days, 45)
        for bad in ["29", "3651", "ninety", "90.5"] {
            XCTAssertThrowsError(try InvoiceSettings(settings: ["AFTERSALES_DISPATCH_REPAIR_WARRANTY_DAYS": bad]), bad) { error in
                XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_DISPATCH_REPAIR_WARRANTY_DAYS")
            }
        }
    }
}
