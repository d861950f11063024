import Foundation
import Schema
import XCTest
@testable import DispatchService

/// Payments against invoices: partial, full, and every refusal.
final class PaymentCheckRulesTests: XCTestCase {
    private let account = InvoiceAccount(invoiceId: "INV-T-1-1", ticketId: "T-1", chargeable: true, totalCents: 30_000, currency: "CNY")

    private func pay(_ amount: Double, currency: String = "CNY", ticket: String = "T-1", invoice: String = "INV-T-1-1") -> PaymentRecorded {
        PaymentRecorded(ticketId: ticket, invoiceId: invoice, amount: amount, currency: currency, method: .wechatPay)
    }

    func testFullPaymentSettlesTheInvoice() {
        guard case .accepted(let next, let fullyPaid) = PaymentCheck.apply(pay(300), to: account) else { return XCTFail() }
        XCTAssertTrue(fullyPaid)
        XCTAssertEqual(next.paidCents, 30_000)
        XCTAssertEqual(PaymentCheck.paid(next), TicketPaid(ticketId: "T-1", invoiceId: "INV-T-1-1", amount: 300, currency: "CNY"))
    }

    func testPartialPaymentsAddUpInCents() {
        var current = account
        for (amount, expectPaid) in [(100.1, false), (99.7, false), (100.2, true)] {
            guard case .accepted(let next, let fullyPaid) = PaymentCheck.apply(pay(amount), to: current) else { return XCTFail("\(amount)") }
            XCTAssertEqual(fullyPaid, expectPaid, "\(amount)")
            current = next
        }
        XCTAssertEqual(current.paidCents, 30_000)
        XCTAssertEqual(current.outstandingCents, 0)
    }

    func testUnknownInvoice() {
        XCTAssertEqual(PaymentCheck.apply(pay(1), to: nil), .refused(reason: "unknown invoice INV-T-1-1"))
    }

    func testInvoiceOfAnotherTicket() {
        XCTAssertEqual(PaymentCheck.apply(pay(1, ticket: "T-2"), to: account),
                       .refused(reason: "invoice INV-T-1-1 belongs to another ticket, not T-2"))
    }

    func testWrongCurrency() {
        XCTAssertEqual(PaymentCheck.apply(pay(300, currency: "USD"), to: account),
                       .refused(reason: "payment in USD against invoice INV-T-1-1 in CNY"))
        guard case .accepted = PaymentCheck.apply(pay(300, currency: "cny"), to: account) else {
            return XCTFail("currency codes compare case-insensitively")
        }
    }

    func testOverpaymentBeyondOutstanding() {
        var partly = account
        partly.paidCents = 20_000
        XCTAssertEqual(PaymentCheck.apply(pay(100.01), to: partly),
                       .refused(reason: "overpayment: 100.01 CNY paid against 100.00 CNY outstanding on invoice INV-T-1-1"))
        guard case .accepted(_, true) = PaymentCheck.apply(pay(100), to: partly) else { return XCTFail("exactly the outstanding amount") }
    }

    func testAlreadyPaid() {
        var paid = account
        paid.paidCents = 30_000
        XCTAssertEqual(PaymentCheck.apply(pay(1), to: paid), .refused(reason: "invoice INV-T-1-1 is already paid"))
    }

    func testNothingToPayOnAWarrantyInvoice() {
        let free = InvoiceAccount(invoiceId: "INV-T-1-1", ticketId: "T-1", chargeable: false, totalCents: 0, currency: "CNY")
        XCTAssertEqual(PaymentCheck.apply(pay(10), to: free), .refused(reason: "invoice INV-T-1-1 is not chargeable: nothing to pay"))
        XCTAssertFalse(free.isPaid)
    }

    func testZeroAmount() {
        XCTAssertEqual(PaymentCheck.apply(pay(0), to: account), .refused(reason: "payment amount must be more than 0"))
    }

    func testAccountFromInvoice() {
        let invoice = TicketInvoiced(ticketId: "T-1", invoiceId: "INV-T-1-1", chargeable: true,
                                     lines: [TicketInvoiced.Line(kind: .labour, quantity: 1, unitPrice: 59.97)], total: 59.97, currency: "cny")
        XCTAssertEqual(InvoiceAccount(invoice), InvoiceAccount(invoiceId: "INV-T-1-1", ticketId: "T-1", chargeable: true,
                                                               totalCents: 5_997, currency: "CNY"))
    }
}
