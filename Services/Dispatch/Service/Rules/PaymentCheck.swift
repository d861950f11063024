import Foundation
import Schema

/// An issued invoice as dispatch keeps it, with what has been paid against it (whole cents).
public struct InvoiceAccount: Sendable, Hashable {
    public var invoiceId: String
    public var ticketId: String
    public var chargeable: Bool
    public var totalCents: Int64
    public var currency: String
    public var paidCents: Int64

    public init(invoiceId: String, ticketId: String, chargeable: Bool, totalCents: Int64, currency: String, paidCents: Int64 = 0) {
        self.invoiceId = invoiceId
        self.ticketId = ticketId
        self.chargeable = chargeable
        self.totalCents = totalCents
        self.currency = currency
        self.paidCents = paidCents
    }

    /// The account of a freshly issued invoice (nothing paid yet).
    public init(_ invoice: TicketInvoiced) {
        self.init(invoiceId: invoice.invoiceId, ticketId: invoice.ticketId, chargeable: invoice.chargeable,
                  totalCents: Money.cents(invoice.total) ?? 0, currency: invoice.currency.uppercased())
    }

    /// What is still owed, in cents.
    public var outstandingCents: Int64 { max(0, totalCents - paidCents) }

    /// Paid in full (a non-chargeable invoice owes nothing, but is never "paid": no payment applies).
    public var isPaid: Bool { chargeable && totalCents > 0 && paidCents >= totalCents }
}

/// Checks a `payment.recorded` against the invoice it names (DESIGN.md "Money"): accepted
/// payments may be partial; `ticket.paid` follows the payment that settles the invoice in
/// full. Pure; every comparison in whole cents.
///
/// Refused (dead letter, with the reason): an unknown invoice, an invoice of another ticket,
/// a payment in another currency (codes compared case-insensitively), a zero amount, an
/// invoice that owes nothing (not chargeable, total 0), one already paid in full, and an
/// overpayment beyond the outstanding amount.
public enum PaymentCheck {
    /// The answer for one payment.
    public enum Decision: Sendable, Hashable {
        /// Store `account`; when `fullyPaid`, emit `paid` (`ticket.paid`).
        case accepted(account: InvoiceAccount, fullyPaid: Bool)
        /// Dead-letter the payment with this reason.
        case refused(reason: String)
    }

    /// The decision for `payment` against `account` (nil: dispatch knows no such invoice).
    public static func apply(_ payment: PaymentRecorded, to account: InvoiceAccount?) -> Decision {
        guard let account else { return .refused(reason: "unknown invoice \(payment.invoiceId)") }
        guard account.ticketId == payment.ticketId else {
            return .refused(reason: "invoice \(account.invoiceId) belongs to another ticket, not \(payment.ticketId)")
        }
        let currency = payment.currency.uppercased()
        guard currency == account.currency else {
            return .refused(reason: "payment in \(currency) against invoice \(account.invoiceId) in \(account.currency)")
        }
        guard let cents = Money.cents(payment.amount), cents > 0 else {
            return .refused(reason: "payment amount must be more than 0")
        }
        guard account.chargeable, account.totalCents > 0 else {
            return .refused(reason: "invoice \(account.invoiceId) is not chargeable: nothing to pay")
        }
        guard !account.isPaid else { return .refused(reason: "invoice \(account.invoiceId) is already paid") }
        guard cents <= account.outstandingCents else {
            return .refused(reason: "overpayment: \(format(cents)) \(currency) paid against \(format(account.outstandingCents)) "
                + "\(currency) outstanding on invoice \(account.invoiceId)")
        }
        var next = account
        next.paidCents += cents
        return .accepted(account: next, fullyPaid: next.isPaid)
    }

    /// The `ticket.paid` of a fully paid invoice (amount: the invoice total).
    public static func paid(_ account: InvoiceAccount) -> TicketPaid {
        TicketPaid(ticketId: account.ticketId, invoiceId: account.invoiceId, amount: Money.amount(cents: account.paidCents),
                   currency: account.currency)
    }

    private static func format(_ cents: Int64) -> String { Money.format(Money.amount(cents: cents)) }
}
