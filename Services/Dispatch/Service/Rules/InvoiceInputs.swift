import Foundation
import Schema

/// A part's catalogue price as inventory publishes it in `part.upserted` (dispatch keeps the
/// latest per part number from `aftersales.stock`; it never reads inventory's database).
public struct PartPrice: Sendable, Hashable {
    /// Price per unit (not necessarily whole cents).
    public var unitPrice: Double
    /// Three-letter currency code.
    public var currency: String

    public init(unitPrice: Double, currency: String) {
        self.unitPrice = unitPrice
        self.currency = currency
    }

    /// The price a `part.upserted` announces.
    public init(_ part: PartUpserted) {
        self.init(unitPrice: part.unitPrice, currency: part.currency)
    }
}

/// Everything the invoice of one completion depends on (the handler gathers it from the
/// ticket's row and the completion event).
public struct CompletionCharges: Sendable, Hashable {
    public var ticketId: String
    /// `Invoicing.invoiceId(ticketId:completion:)`.
    public var invoiceId: String
    public var warranty: WarrantyStatus
    public var quote: QuoteStatus
    /// The quote the customer approved (labour and parts), when `quote` is `approved`.
    public var approvedQuote: DiagnosisReported.Quote?
    public var category: ProductCategory
    public var priority: Priority
    /// `work.completed`'s `partsUsed` (empty on a remote resolution).
    public var partsUsed: [PartLine]
    /// True after `remote.resolved`: no visit, so no call-out and no labour.
    public var resolvedRemotely: Bool

    public init(ticketId: String, invoiceId: String, warranty: WarrantyStatus, quote: QuoteStatus,
                approvedQuote: DiagnosisReported.Quote? = nil, category: ProductCategory, priority: Priority,
                partsUsed: [PartLine], resolvedRemotely: Bool = false) {
        self.ticketId = ticketId
        self.invoiceId = invoiceId
        self.warranty = warranty
        self.quote = quote
        self.approvedQuote = approvedQuote
        self.category = category
        self.priority = priority
        self.partsUsed = partsUsed
        self.resolvedRemotely = resolvedRemotely
    }
}

/// An invoice ready to emit, with what the handler should log about it.
public struct InvoiceDraft: Sendable, Hashable {
    public var invoice: TicketInvoiced
    /// Cents taken off labour and call-out so a chargeable total stays within the approved quote.
    public var reducedByCents: Int64
    /// Part numbers listed at 0 because the catalogue has no price for them in the invoice
    /// currency (unknown part, or priced in another currency). Log them; never charge a guess.
    public var unpricedParts: [String]

    public init(invoice: TicketInvoiced, reducedByCents: Int64 = 0, unpricedParts: [String] = []) {
        self.invoice = invoice
        self.reducedByCents = reducedByCents
        self.unpricedParts = unpricedParts
    }

    /// The invoice total in cents.
    public var totalCents: Int64 { Money.cents(invoice.total) ?? 0 }
}

/// Why no invoice can honour the customer's consent: the handler dead-letters the
/// `work.completed` with `description` (before accepting it).
public enum InvoiceRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parts used, at catalogue price, cost more than the whole approved quote.
    case partsExceedQuote(partsCents: Int64, quoteCents: Int64, currency: String)
    /// The approved quote is in another currency than dispatch invoices in.
    case quoteCurrency(quote: String, invoice: String)
    /// A chargeable completion whose approved quote is missing (status approved, no amounts).
    case quoteMissing
    /// The invoice would break the contract's bounds (too many lines, amount too large, …).
    case invalid(String)

    public var description: String {
        switch self {
        case .partsExceedQuote(let parts, let quote, let currency):
            return "parts used cost \(Money.format(Money.amount(cents: parts))) \(currency) at catalogue price, more than the "
                + "approved quote of \(Money.format(Money.amount(cents: quote))) \(currency): the customer must approve a new quote (002 §3.4)"
        case .quoteCurrency(let quote, let invoice):
            return "the approved quote is in \(quote) but invoices are in \(invoice)"
        case .quoteMissing:
            return "the quote is approved but its amounts are unknown"
        case .invalid(let problem):
            return "the invoice would be invalid: \(problem)"
        }
    }
}
