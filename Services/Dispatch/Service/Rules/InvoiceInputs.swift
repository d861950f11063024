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
    /// Part numbers of a free invoice listed at 0 because their value (catalogue price ×
    /// quantity) is beyond what an invoice line may carry: the free work is never refused
    /// for a value nobody pays. Log them.
    public var unlistableParts: [String]

    public init(invoice: TicketInvoiced, reducedByCents: Int64 = 0, unpricedParts: [String] = [],
                unlistableParts: [String] = []) {
        self.invoice = invoice
        self.reducedByCents = reducedByCents
        self.unpricedParts = unpricedParts
        self.unlistableParts = unlistableParts
    }

    /// The invoice total in cents.
    public var totalCents: Int64 { Money.cents(invoice.total) ?? 0 }
}

/// Why no invoice can honour the customer's consent: the handler dead-letters the
/// `work.completed` with `description` (before accepting it). Each case is reachable only from
/// input refused here or that an earlier check could not foresee, and each leaves the ticket
/// where it was, so a corrected event completes it:
///
/// - `partsExceedQuote`: other parts used than quoted, or catalogue prices raised after the
///   approval (the diagnosis's own parts are checked against the quote before it is asked:
///   `QuoteConsent.diagnosis`). The next visit's diagnosis brings a new quote.
/// - `quoteCurrency`: only when `AFTERSALES_DISPATCH_CURRENCY` changed after the approval
///   (quotes in another currency are refused at the diagnosis).
/// - `quoteMissing`: only an approval recorded before quotes were kept (migration 6); a
///   chargeable diagnosis without amounts is refused before it is asked.
/// - `partsUsed`: the `work.completed` itself cannot be invoiced (more part numbers or units
///   than an invoice carries); a corrected `work.completed` is accepted.
/// - `invalid`: a chargeable total beyond the contract's bound from a quote approved before
///   that bound was checked, or a stored ticket this binary cannot read.
public enum InvoiceRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parts used, at catalogue price, cost more than the whole approved quote.
    case partsExceedQuote(partsCents: Int64, quoteCents: Int64, currency: String)
    /// The approved quote is in another currency than dispatch invoices in.
    case quoteCurrency(quote: String, invoice: String)
    /// A chargeable completion whose approved quote is missing (status approved, no amounts).
    case quoteMissing
    /// `work.completed`'s `partsUsed` cannot be listed on an invoice (field-level problem).
    case partsUsed(String)
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
            return "the quote is approved but its amounts are unknown (approved before quotes were kept): the next "
                + "diagnosis must carry quote.labour, quote.parts and quote.currency for the customer to approve"
        case .partsUsed(let problem):
            return "partsUsed: \(problem)"
        case .invalid(let problem):
            return "the invoice would be invalid: \(problem)"
        }
    }
}
