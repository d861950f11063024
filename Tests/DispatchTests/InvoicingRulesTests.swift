import Foundation
import Schema
import ServiceRuntime
import XCTest
@testable import DispatchService

/// Invoice arithmetic: lines, decimal rounding, warranty zero invoices, the quote cap.
final class InvoicingRulesTests: XCTestCase {
    private let settings = InvoiceSettings()  // CNY, call-out 50 (emergency 100), labour 120

    private func charges(warranty: WarrantyStatus = .outOfWarranty, quote: QuoteStatus = .approved,
                         approved: DiagnosisReported.Quote? = DiagnosisReported.Quote(labour: 200, parts: 100, currency: "CNY"),
                         priority: Priority = .normal, parts: [PartLine] = [], remote: Bool = false) -> CompletionCharges {
        CompletionCharges(ticketId: "T-1", invoiceId: "INV-T-1-1", warranty: warranty, quote: quote, approvedQuote: approved,
                          category: .refrigerator, priority: priority, partsUsed: parts, resolvedRemotely: remote)
    }

    private func draft(_ charges: CompletionCharges, prices: [String: PartPrice] = [:],
                       settings: InvoiceSettings? = nil) throws -> InvoiceDraft {
        try Invoicing.invoice(for: charges, prices: prices, settings: settings ?? self.settings).get()
    }

    private func centsOfLines(_ invoice: TicketInvoiced) -> Int64 {
        invoice.lines.reduce(Int64(0)) { $0 + Money.cents($1.amount)! }
    }

    // MARK: Decimal rounding

    func testThreeTimes1999IsExactly5997() throws {
        let prices = ["P-1": PartPrice(unitPrice: 19.99, currency: "CNY")]
        let quote = DiagnosisReported.Quote(labour: 500, parts: 500, currency: "CNY")
        let invoice = try draft(charges(approved: quote, parts: [PartLine(partNumber: "P-1", quantity: 3)]), prices: prices).invoice
        let part = try XCTUnwrap(invoice.lines.first { $0.kind == .part })
        XCTAssertEqual(part.amount, 59.97)
        XCTAssertEqual(Money.format(part.amount), "59.97")
        XCTAssertEqual(invoice.total, 609.97)  // 50 + 500 + 59.97, never 609.9700000000001
        XCTAssertEqual(Money.format(invoice.total), "609.97")
        XCTAssertTrue(invoice.validate().isEmpty, "\(invoice.validate())")
    }

    func testPointOnePlusPointTwoIsExactlyPointThree() throws {
        let prices = ["A": PartPrice(unitPrice: 0.1, currency: "CNY"), "B": PartPrice(unitPrice: 0.2, currency: "CNY")]
        let zeroFees = InvoiceSettings(callOut: FeeTable(defaultCents: 0), labour: FeeTable(defaultCents: 0))
        let quote = DiagnosisReported.Quote(labour: 0, parts: 0.3, currency: "CNY")
        let invoice = try draft(charges(approved: quote, parts: [PartLine(partNumber: "A", quantity: 1),
                                                                 PartLine(partNumber: "B", quantity: 1)]),
                                prices: prices, settings: zeroFees).invoice
        XCTAssertEqual(invoice.total, 0.3)
        XCTAssertEqual(centsOfLines(invoice), 30)
    }

    func testHalfCentRoundsAwayFromZero() throws {
        let prices = ["P": PartPrice(unitPrice: 2.675, currency: "CNY"), "Q": PartPrice(unitPrice: 1.005, currency: "CNY")]
        let quote = DiagnosisReported.Quote(labour: 500, parts: 500, currency: "CNY")
        let invoice = try draft(charges(approved: quote, parts: [PartLine(partNumber: "P", quantity: 1),
                                                                 PartLine(partNumber: "Q", quantity: 1)]), prices: prices).invoice
        XCTAssertEqual(invoice.lines.filter { $0.kind == .part }.map(\.amount), [2.68, 1.01])
        XCTAssertEqual(invoice.total, Money.amount(cents: 5_000 + 50_000 + 268 + 101))
    }

    func testLineAmountIsUnitPriceTimesQuantityRoundedOnce() throws {
        // 0.333 × 3 = 0.999 → 1.00 (rounded once, not 0.33 × 3 = 0.99).
        let prices = ["P": PartPrice(unitPrice: 0.333, currency: "CNY")]
        let quote = DiagnosisReported.Quote(labour: 500, parts: 500, currency: "CNY")
        let invoice = try draft(charges(approved: quote, parts: [PartLine(partNumber: "P", quantity: 3)]), prices: prices).invoice
        XCTAssertEqual(invoice.lines.last?.amount, 1.0)
    }

    // MARK: Lines and totals

    func testChargeableLinesAndSumEqualsTotal() throws {
        let prices = ["P-1": PartPrice(unitPrice: 35.5, currency: "CNY"), "P-2": PartPrice(unitPrice: 12.25, currency: "cny")]
        let quote = DiagnosisReported.Quote(labour: 180.4, parts: 200, currency: "CNY")
        let draft = try draft(charges(approved: quote, parts: [PartLine(partNumber: "P-1", quantity: 2),
                                                               PartLine(partNumber: "P-2", quantity: 1),
                                                               PartLine(partNumber: "P-1", quantity: 1)]), prices: prices)
        let invoice = draft.invoice
        XCTAssertTrue(invoice.chargeable)
        XCTAssertEqual(invoice.currency, "CNY")
        XCTAssertEqual(invoice.lines.map(\.kind), [.callOut, .labour, .part, .part])
        XCTAssertEqual(invoice.lines[0].amount, 50)
        XCTAssertEqual(invoice.lines[1].amount, 180.4, "labour comes from the approved quote")
        XCTAssertEqual(invoice.lines[2].partNumber, "P-1")
        XCTAssertEqual(invoice.lines[2].quantity, 3, "repeated part numbers are merged")
        XCTAssertEqual(invoice.lines[2].amount, 106.5)
        XCTAssertEqual(invoice.lines[3].amount, 12.25)
        XCTAssertEqual(Money.cents(invoice.total), centsOfLines(invoice))
        XCTAssertEqual(invoice.total, 349.15)
        XCTAssertEqual(draft.reducedByCents, 0)
        XCTAssertEqual(draft.unpricedParts, [])
    }

    func testFeesDependOnPriorityAndCategory() throws {
        let table = try FeeTable.parse("default=50; emergency=100; refrigerator=70; refrigerator/low=20", variable: "V")
        XCTAssertEqual(table.cents(category: .washingMachine, priority: .normal), 5_000)
        XCTAssertEqual(table.cents(category: .washingMachine, priority: .emergency), 10_000)
        XCTAssertEqual(table.cents(category: .refrigerator, priority: .emergency), 7_000, "category beats priority")
        XCTAssertEqual(table.cents(category: .refrigerator, priority: .low), 2_000, "category/priority is most specific")
        let invoice = try draft(charges(warranty: .inWarranty, quote: .none, approved: nil, priority: .emergency)).invoice
        XCTAssertEqual(invoice.lines.map(\.amount), [100, 120])
    }

    // MARK: Warranty: zero invoices with lines at value

    func testInWarrantyInvoiceIsZeroWithLinesAtValue() throws {
        let prices = ["P-1": PartPrice(unitPrice: 19.99, currency: "CNY")]
        for warranty in [WarrantyStatus.inWarranty, .repairWarranty] {
            let invoice = try draft(charges(warranty: warranty, quote: .none, approved: nil,
                                            parts: [PartLine(partNumber: "P-1", quantity: 2)]), prices: prices).invoice
            XCTAssertFalse(invoice.chargeable, "\(warranty)")
            XCTAssertEqual(invoice.total, 0)
            XCTAssertEqual(invoice.lines.map(\.amount), [50, 120, 39.98], "lines listed at catalogue value")
            XCTAssertTrue(invoice.validate().isEmpty)
        }
    }

    func testUnknownWarrantyIsFreeWithoutApprovalAndChargedWithIt() throws {
        XCTAssertFalse(try draft(charges(warranty: .unknown, quote: .quoted)).invoice.chargeable)
        XCTAssertTrue(try draft(charges(warranty: .unknown, quote: .approved)).invoice.chargeable)
    }

    func testRemoteResolutionInvoicesNothing() throws {
        let invoice = try draft(charges(warranty: .outOfWarranty, quote: .none, approved: nil, remote: true)).invoice
        XCTAssertFalse(invoice.chargeable)
        XCTAssertEqual(invoice.lines, [])
        XCTAssertEqual(invoice.total, 0)
    }

    // MARK: Quote cap

    func testTotalAboveQuoteReducesLabourSoTotalEqualsQuote() throws {
        // call-out 50 + labour 200 + parts 100 = 350 > quote 300: labour goes down by 50.
        let prices = ["P": PartPrice(unitPrice: 100, currency: "CNY")]
        let draft = try draft(charges(parts: [PartLine(partNumber: "P", quantity: 1)]), prices: prices)
        XCTAssertEqual(draft.invoice.total, 300)
        XCTAssertEqual(draft.reducedByCents, 5_000)
        let labour = try XCTUnwrap(draft.invoice.lines.first { $0.kind == .labour })
        XCTAssertEqual(labour.amount, 150)
        XCTAssertEqual(labour.unitPrice, 150)
        XCTAssertEqual(centsOfLines(draft.invoice), 30_000)
    }

    func testCapTakesCallOutOnceLabourIsGone() throws {
        // Parts 280 (more than quoted 100) + labour 200 + call-out 50 = 530 vs quote 300.
        let prices = ["P": PartPrice(unitPrice: 140, currency: "CNY")]
        let draft = try draft(charges(parts: [PartLine(partNumber: "P", quantity: 2)]), prices: prices)
        XCTAssertEqual(draft.invoice.total, 300)
        XCTAssertEqual(draft.invoice.lines.map(\.amount), [20, 0, 280])
        XCTAssertEqual(draft.reducedByCents, 23_000)
    }

    func testPartsAloneAboveQuoteIsRefused() {
        let prices = ["P": PartPrice(unitPrice: 150.01, currency: "CNY")]
        let result = Invoicing.invoice(for: charges(parts: [PartLine(partNumber: "P", quantity: 2)]), prices: prices, settings: settings)
        XCTAssertEqual(result, .failure(.partsExceedQuote(partsCents: 30_002, quoteCents: 30_000, currency: "CNY")))
        guard case .failure(let refusal) = result else { return XCTFail() }
        XCTAssertTrue(refusal.description.contains("300.02 CNY"), refusal.description)
        XCTAssertTrue(refusal.description.contains("002 §3.4"), refusal.description)
    }

    func testTotalBelowQuoteIsNotRaised() throws {
        let draft = try draft(charges(approved: DiagnosisReported.Quote(labour: 200, parts: 900, currency: "CNY")))
        XCTAssertEqual(draft.invoice.total, 250)
        XCTAssertEqual(draft.reducedByCents, 0)
    }

    // MARK: Prices and currencies

    func testUnpricedPartsAreListedAtZeroAndReported() throws {
        let prices = ["USD-PART": PartPrice(unitPrice: 9, currency: "USD")]
        let draft = try draft(charges(parts: [PartLine(partNumber: "UNKNOWN", quantity: 1), PartLine(partNumber: "USD-PART", quantity: 1)]),
                              prices: prices)
        XCTAssertEqual(draft.unpricedParts, ["UNKNOWN", "USD-PART"])
        XCTAssertEqual(draft.invoice.lines.filter { $0.kind == .part }.map(\.amount), [0, 0])
    }

    func testQuoteInAnotherCurrencyIsRefused() {
        let result = Invoicing.invoice(for: charges(approved: DiagnosisReported.Quote(labour: 1, parts: 1, currency: "USD")),
                                       prices: [:], settings: settings)
        XCTAssertEqual(result, .failure(.quoteCurrency(quote: "USD", invoice: "CNY")))
    }

    func testApprovedWithoutQuoteAmountsIsRefused() {
        let result = Invoicing.invoice(for: charges(approved: nil), prices: [:], settings: settings)
        XCTAssertEqual(result, .failure(.quoteMissing))
    }

    // MARK: Reopened within the repair warranty; inputs no invoice can list

    func testAWaivedRedoIsFreeWithTheLinesAtValueAndTheNextId() throws {
        let prices = ["P-1": PartPrice(unitPrice: 19.99, currency: "CNY")]
        var redo = charges(warranty: .outOfWarranty, quote: .waived, approved: nil, parts: [PartLine(partNumber: "P-1", quantity: 1)])
        redo.invoiceId = Invoicing.invoiceId(ticketId: "T-1", completion: 2)
        let invoice = try draft(redo, prices: prices).invoice
        XCTAssertEqual(invoice.invoiceId, "INV-T-1-2")
        XCTAssertFalse(invoice.chargeable)
        XCTAssertEqual(invoice.total, 0)
        XCTAssertEqual(invoice.lines.map(\.amount), [50, 120, 19.99], "call-out, the configured labour, the part at value")
    }

    func testPartsUsedThatNoInvoiceCanListAreRefusedNamingTheField() throws {
        let room = (0..<98).map { PartLine(partNumber: "P-\($0)", quantity: 1) }
        XCTAssertEqual(try draft(charges(warranty: .inWarranty, quote: .none, approved: nil, parts: room)).invoice.lines.count, 100)
        let tooMany = room + [PartLine(partNumber: "P-98", quantity: 1)]
        let refusal = Invoicing.invoice(for: charges(warranty: .inWarranty, quote: .none, approved: nil, parts: tooMany),
                                        prices: [:], settings: settings)
        XCTAssertEqual(refusal, .failure(.partsUsed("99 different part numbers, but an invoice lists at most 98 beside call-out and labour")))
        guard case .failure(let reason) = refusal else { return XCTFail() }
        XCTAssertTrue(reason.description.hasPrefix("partsUsed: 99 different part numbers"), reason.description)
        let units = [PartLine(partNumber: "P", quantity: 100_000), PartLine(partNumber: "P", quantity: 1)]
        XCTAssertEqual(Invoicing.invoice(for: charges(warranty: .inWarranty, quote: .none, approved: nil, parts: units),
                                         prices: [:], settings: settings),
                       .failure(.partsUsed("part P adds up to 100001 units, more than an invoice line carries (100000)")))
    }

    func testAFreeLineBeyondTheBoundIsListedAtZeroNotRefused() throws {
        let prices = ["BIG": PartPrice(unitPrice: 9_000_000, currency: "CNY"), "P": PartPrice(unitPrice: 10, currency: "CNY")]
        let parts = [PartLine(partNumber: "BIG", quantity: 2), PartLine(partNumber: "P", quantity: 1)]
        let free = try draft(charges(warranty: .inWarranty, quote: .none, approved: nil, parts: parts), prices: prices)
        XCTAssertEqual(free.invoice.lines.filter { $0.kind == .part }.map(\.amount), [0, 10])
        XCTAssertEqual(free.unlistableParts, ["BIG"])
        XCTAssertTrue(free.invoice.validate().isEmpty, "\(free.invoice.validate())")
        // Charged, the same parts cost more than any quote: the consent refusal, not an invalid invoice.
        guard case .failure(.partsExceedQuote) = Invoicing.invoice(for: charges(parts: parts), prices: prices, settings: settings) else {
            return XCTFail("a chargeable line beyond the bound is above the quote")
        }
    }

    /// Every quote the diagnosis lets the customer approve can be invoiced when the work uses
    /// the parts it listed, whatever the fees: the two rules agree.
    func testEveryQuoteTheDiagnosisAcceptsCanBeInvoiced() throws {
        let amounts: [Double] = [0, 0.01, 49.99, 120, 1_234.567, 5_000_000, 9_999_999.99, 10_000_000]
        let prices = ["P": PartPrice(unitPrice: 33.33, currency: "CNY")]
        let fees = [settings, InvoiceSettings(callOut: FeeTable(defaultCents: 1_000_000_000), labour: FeeTable(defaultCents: 999_999_999))]
        var accepted = 0
        for labour in amounts {
            for partsQuoted in amounts {
                for quantity in [0, 1, 3, 30_000] {
                    let used = quantity == 0 ? [] : [PartLine(partNumber: "P", quantity: quantity)]
                    let partsCents = Money.cents(TicketInvoiced.Line(kind: .part, quantity: quantity, unitPrice: 33.33).amount)!
                    let quote = DiagnosisReported.Quote(labour: labour, parts: partsQuoted, currency: "CNY")
                    guard case .ask(let asked) = QuoteConsent.diagnosis(warranty: .outOfWarranty, quote: .none, offered: quote,
                                                                        earlier: nil, partsCents: partsCents,
                                                                        invoiceCurrency: "CNY") else { continue }
                    accepted += 1
                    for fee in fees {
                        for priority in Priority.allCases {
                            let result = Invoicing.invoice(for: charges(approved: asked, priority: priority, parts: used),
                                                           prices: prices, settings: fee)
                            guard case .success(let draft) = result else {
                                return XCTFail("\(quote) \(quantity) \(priority): \(result)")
                            }
                            XCTAssertLessThanOrEqual(Money.cents(draft.invoice.total)!, Money.cents(labour)! + Money.cents(partsQuoted)!)
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(accepted, 100)
    }

    // MARK: Ids

    func testInvoiceIdIsDeterministicAndBounded() {
        XCTAssertEqual(Invoicing.invoiceId(ticketId: "T-20261122-0001", completion: 1), "INV-T-20261122-0001-1")
        XCTAssertEqual(Invoicing.invoiceId(ticketId: "T-1", completion: 2), "INV-T-1-2")
        let long = String(repeating: "x", count: 200)
        let id = Invoicing.invoiceId(ticketId: long, completion: 1)
        XCTAssertLessThanOrEqual(id.count, 200)
        XCTAssertEqual(id, Invoicing.invoiceId(ticketId: long, completion: 1))
        XCTAssertNotEqual(id, Invoicing.invoiceId(ticketId: long + "y", completion: 1))
    }
}

/// Invoice settings: parsing and errors that name the variable.
final class InvoiceSettingsTests: XCTestCase {
    func testDefaults() throws {
        let settings = try InvoiceSettings(settings: [:])
        XCTAssertEqual(settings.currency, "CNY")
        XCTAssertEqual(settings.callOut.cents(category: .refrigerator, priority: .normal), 5_000)
        XCTAssertEqual(settings.callOut.cents(category: .refrigerator, priority: .emergency), 10_000)
        XCTAssertEqual(settings.labour.cents(category: .refrigerator, priority: .high), 12_000)
    }

    func testOverrides() throws {
        let settings = try InvoiceSettings(settings: ["AFTERSALES_DISPATCH_CURRENCY": "hkd",
                                                      "AFTERSALES_DISPATCH_CALLOUT_FEE": "80",
                                                      "AFTERSALES_DISPATCH_LABOUR_FEE": "default=99.90;air-conditioner=150"])
        XCTAssertEqual(settings.currency, "HKD")
        XCTAssertEqual(settings.callOut.cents(category: .refrigerator, priority: .emergency), 8_000)
        XCTAssertEqual(settings.labour.cents(category: .airConditioner, priority: .low), 15_000)
        XCTAssertEqual(settings.labour.cents(category: .refrigerator, priority: .low), 9_990)
    }

    func testErrorsNameTheVariable() {
        let bad: [(String, String, String)] = [
            ("AFTERSALES_DISPATCH_CALLOUT_FEE", "default=12.345", "at most two decimals"),
            ("AFTERSALES_DISPATCH_CALLOUT_FEE", "default=-1", "not an amount"),
            ("AFTERSALES_DISPATCH_CALLOUT_FEE", "emergency=100", "needs a default"),
            ("AFTERSALES_DISPATCH_CALLOUT_FEE", "default=1;toaster=2", "unknown key 'toaster'"),
            ("AFTERSALES_DISPATCH_CALLOUT_FEE", "default=1;default=2", "given twice"),
            ("AFTERSALES_DISPATCH_LABOUR_FEE", "default=", "needs both"),
            ("AFTERSALES_DISPATCH_LABOUR_FEE", "default=ten", "not an amount"),
            ("AFTERSALES_DISPATCH_CURRENCY", "RMB1", "three-letter"),
        ]
        for (variable, value, problem) in bad {
            XCTAssertThrowsError(try InvoiceSettings(settings: [variable: value]), "\(variable)=\(value)") { error in
                let error = error as? ConfigError
                XCTAssertEqual(error?.variable, variable)
                XCTAssertTrue(error?.problem.contains(problem) ?? false, "\(variable)=\(value): \(String(describing: error))")
            }
        }
    }
}
