import Foundation
import Schema
import ServiceRuntime

/// Builds the `ticket.invoiced` that follows a completion (DESIGN.md "Money"). Pure: every
/// amount is computed in whole cents (`Money`), so the lines of a chargeable invoice add up
/// to its total exactly.
///
/// Lines, in this order:
/// 1. `call-out`, quantity 1, from `InvoiceSettings.callOut` (once per ticket; none on a
///    remote resolution);
/// 2. `labour`, quantity 1: the approved quote's labour when the invoice is chargeable and a
///    quote was approved, otherwise `InvoiceSettings.labour` (none on a remote resolution);
/// 3. one `part` line per part number used (repeated part numbers merged, first-use order),
///    at the catalogue price from `part.upserted`; a part without a price in the invoice
///    currency is listed at 0 and reported in `unpricedParts`.
///
/// Chargeable (`QuoteConsent.isChargeable`): the total is the sum of the lines. Not
/// chargeable (in warranty, repair warranty, unknown warranty without an approved quote,
/// remote resolutions that used nothing): `chargeable` false and total 0, the lines still at
/// their value.
///
/// Quote cap: a chargeable total never exceeds the approved quote (labour + parts). When the
/// lines come to more, the difference is taken off the labour line, then off the call-out
/// line (their unit price and amount are lowered, never below 0): the customer pays exactly
/// what they approved and sees which fee was reduced. When the parts alone cost more than the
/// quote, no invoice can honour both the catalogue and the consent: `InvoiceRefusal`
/// (`partsExceedQuote`), and the handler dead-letters the completion before accepting it.
public enum Invoicing {
    /// The invoice of a ticket's `completion`-th completion (1 for the first; a reopened ticket
    /// completed again gets a new invoice): `INV-<ticketId>-<n>`, or `INV-<sha256 of ticketId>-<n>`
    /// when the ticket id is too long for an id. Deterministic, so a replay produces the same id.
    public static func invoiceId(ticketId: String, completion: Int) -> String {
        let plain = "INV-\(ticketId)-\(completion)"
        if plain.unicodeScalars.count <= SchemaLimits.maxIdentifierLength { return plain }
        return "INV-\(SHA256.hex(Array(ticketId.utf8)))-\(completion)"
    }

    /// The invoice for `charges`, or why none can be issued.
    public static func invoice(for charges: CompletionCharges, prices: [String: PartPrice],
                               settings: InvoiceSettings) -> Result<InvoiceDraft, InvoiceRefusal> {
        let currency = settings.currency
        var chargeable = QuoteConsent.isChargeable(warranty: charges.warranty, quote: charges.quote)
        var quote: DiagnosisReported.Quote?
        if chargeable {
            guard let approved = charges.approvedQuote else { return .failure(.quoteMissing) }
            guard approved.currency.uppercased() == currency else {
                return .failure(.quoteCurrency(quote: approved.currency.uppercased(), invoice: currency))
            }
            quote = approved
        }

        // MARK: Lines at value
        var lines: [TicketInvoiced.Line] = []
        if !charges.resolvedRemotely {
            let callOut = settings.callOut.amount(category: charges.category, priority: charges.priority)
            lines.append(TicketInvoiced.Line(kind: .callOut, quantity: 1, unitPrice: callOut))
            let labour = quote.map { Money.rounded($0.labour) }
                ?? settings.labour.amount(category: charges.category, priority: charges.priority)
            lines.append(TicketInvoiced.Line(kind: .labour, quantity: 1, unitPrice: labour))
        }
        let parts = merged(charges.partsUsed)
        if let problem = partsProblem(parts, feeLines: lines.count) { return .failure(.partsUsed(problem)) }
        var unpriced: [String] = [], unlistable: [String] = []
        for part in parts {
            var unitPrice = 0.0
            if let price = prices[part.partNumber], price.currency.uppercased() == currency, price.unitPrice.isFinite {
                unitPrice = price.unitPrice
            } else {
                unpriced.append(part.partNumber)
            }
            var line = TicketInvoiced.Line(kind: .part, partNumber: part.partNumber, quantity: part.quantity, unitPrice: unitPrice)
            if !chargeable, !SchemaLimits.amount.contains(line.amount) {
                // Free work: a value beyond an invoice line's bound is listed at 0 (and logged),
                // never a reason to refuse the technician's completion.
                unlistable.append(part.partNumber)
                line = TicketInvoiced.Line(kind: .part, partNumber: part.partNumber, quantity: part.quantity, unitPrice: 0)
            }
            lines.append(line)
        }
        if charges.resolvedRemotely && lines.isEmpty { chargeable = false }

        // MARK: Cap at the approved quote
        var reduced: Int64 = 0
        if chargeable, let quote {
            let quoteCents = (Money.cents(quote.labour) ?? 0) + (Money.cents(quote.parts) ?? 0)
            let partsCents = lines.filter { $0.kind == .part }.reduce(Int64(0)) { $0 + cents($1.amount) }
            guard partsCents <= quoteCents else {
                return .failure(.partsExceedQuote(partsCents: partsCents, quoteCents: quoteCents, currency: currency))
            }
            var excess = lines.reduce(Int64(0)) { $0 + cents($1.amount) } - quoteCents
            for kind in [InvoiceLineKind.labour, .callOut] where excess > 0 {
                guard let index = lines.firstIndex(where: { $0.kind == kind }) else { continue }
                let cut = min(excess, cents(lines[index].amount))
                let amount = Money.amount(cents: cents(lines[index].amount) - cut)
                lines[index].unitPrice = amount
                lines[index].amount = amount
                excess -= cut
                reduced += cut
            }
        }

        let totalCents = chargeable ? lines.reduce(Int64(0)) { $0 + cents($1.amount) } : 0
        let invoice = TicketInvoiced(ticketId: charges.ticketId, invoiceId: charges.invoiceId, chargeable: chargeable,
                                     lines: lines, total: Money.amount(cents: totalCents), currency: currency)
        let problems = invoice.validate()
        guard problems.isEmpty else {
            return .failure(.invalid(problems.map { "\($0.field): \($0.code)" }.joined(separator: ", ")))
        }
        return .success(InvoiceDraft(invoice: invoice, reducedByCents: reduced, unpricedParts: unpriced,
                                     unlistableParts: unlistable))
    }

    /// Why the (merged) parts used cannot be listed on one invoice: more part numbers than fit
    /// beside the `feeLines` (call-out, labour) within `SchemaLimits.maxListCount` lines, or a
    /// part whose quantities add up beyond `SchemaLimits.quantity`. Nil when they can.
    static func partsProblem(_ parts: [PartLine], feeLines: Int) -> String? {
        let room = SchemaLimits.maxListCount - feeLines
        if parts.count > room {
            return "\(parts.count) different part numbers, but an invoice lists at most \(room) beside call-out and labour"
        }
        if let part = parts.first(where: { !SchemaLimits.quantity.contains($0.quantity) }) {
            return "part \(part.partNumber) adds up to \(part.quantity) units, more than an invoice line carries "
                + "(\(SchemaLimits.quantity.upperBound))"
        }
        return nil
    }

    /// Part lines with repeated part numbers added up, in order of first use.
    static func merged(_ parts: [PartLine]) -> [PartLine] {
        var order: [String] = []
        var quantities: [String: Int] = [:]
        for part in parts {
            if quantities[part.partNumber] == nil { order.append(part.partNumber) }
            quantities[part.partNumber, default: 0] += part.quantity
        }
        return order.map { PartLine(partNumber: $0, quantity: quantities[$0] ?? 0) }
    }

    private static func cents(_ amount: Double) -> Int64 { Money.cents(amount) ?? 0 }
}
