import Foundation
import Schema
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
}
