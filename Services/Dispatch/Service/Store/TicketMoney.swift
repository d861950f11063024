import Foundation
import Schema

/// A ticket's quote and invoice counter as dispatch keeps them on the ticket's row
/// (migration 6: `quote_status`, `quote_labour`, `quote_parts`, `quote_currency`, `invoices`).
/// The rules that read them are `QuoteConsent` and `Invoicing`.
struct TicketMoney: Sendable, Hashable {
    /// Where the quote stands (`QuoteStatus.applying`).
    var quote: QuoteStatus = .none
    /// The amounts of the latest quote given, when the diagnosis carried them.
    var quoted: DiagnosisReported.Quote?
    /// Invoices issued for the ticket so far: the next one is `Invoicing.invoiceId(ticketId:completion: invoices + 1)`.
    /// Persisted with the ticket, so a replay or a restart issues the same ids.
    var invoices: Int = 0

    /// The quote the customer approved, when they did.
    var approvedQuote: DiagnosisReported.Quote? { quote == .approved ? quoted : nil }

    /// A quote was given (`ticket.quoted`, or a diagnosis carrying one): the customer is asked
    /// again. A diagnosis without amounts keeps the earlier ones (the price did not change).
    mutating func newQuote(_ amounts: DiagnosisReported.Quote?) {
        if case .success(let next) = quote.applying(.quoted) { quote = next }
        if let amounts { quoted = amounts }
    }

    /// The ticket was reopened after completion: the redo starts with `status` (`waived`
    /// within the repair warranty, else `none`: a new quote and a new consent) and without
    /// the earlier repair's amounts (`RepairWarranty`).
    mutating func reopen(_ status: QuoteStatus) {
        quote = status
        quoted = nil
    }
}
