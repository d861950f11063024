import Foundation
import Schema

/// Where a ticket's quote stands (DESIGN.md "Money"; 002 §3.4: no extra charge without the
/// customer's prior consent). Dispatch keeps one per ticket.
public enum QuoteStatus: String, Sendable, CaseIterable, Codable {
    /// No quote was given (in warranty, or the diagnosis carried none).
    case none
    /// A quote awaits the customer's answer.
    case quoted
    case approved
    case declined
    /// Nothing to quote: the ticket was reopened within the repair warranty of its own earlier
    /// repair (`RepairWarranty`), so the redo is free whatever the product's warranty.
    case waived

    /// What happens to a quote.
    public enum Event: Sendable, Hashable {
        /// `diagnosis.reported` with a `quote` (a later diagnosis with a new quote asks again).
        case quoted
        /// `quote.approved`.
        case approved
        /// `quote.declined`.
        case declined
    }

    /// The status after `event`, or why the event makes no sense now. Approving twice is
    /// harmless; a new quote replaces an earlier answer (the customer must consent again).
    public func applying(_ event: Event) -> Result<QuoteStatus, QuoteConsent.Refusal> {
        switch (self, event) {
        case (.waived, .quoted): return .success(.waived)  // a free redo: a price changes nothing
        case (.waived, .approved), (.waived, .declined):
            return .failure(QuoteConsent.Refusal(reason: "the work is free under the repair warranty: there is no quote to answer"))
        case (_, .quoted): return .success(.quoted)
        case (.quoted, .approved), (.approved, .approved): return .success(.approved)
        case (.quoted, .declined), (.declined, .declined): return .success(.declined)
        case (.none, .approved), (.none, .declined):
            return .failure(QuoteConsent.Refusal(reason: "there is no quote to answer"))
        case (.declined, .approved):
            return .failure(QuoteConsent.Refusal(reason: "the customer already declined the quote"))
        case (.approved, .declined):
            return .failure(QuoteConsent.Refusal(reason: "the customer already approved the quote"))
        }
    }
}

/// May chargeable work be completed, and is the completion charged? Pure.
///
/// - in-warranty and repair-warranty: free of charge; completion always allowed.
/// - out-of-warranty: chargeable; `work.completed` is refused (dead letter) unless the quote
///   was approved.
/// - unknown warranty: chargeable only with an approved quote (the customer consented to a
///   price); otherwise free, and the completion is allowed (nothing is charged without consent).
/// - a waived quote (a redo within the repair warranty, `RepairWarranty`): free, always allowed.
///
/// `diagnosis(…)` decides the quote of a `diagnosis.reported` before it is accepted, so that
/// nothing is asked of the customer that no invoice could honour later.
public enum QuoteConsent {
    /// The dead-letter reason for out-of-warranty work completed without an approved quote.
    public static let notApprovedReason = "chargeable work completed before the customer approved the quote (002 §3.4)"
    /// The dead-letter reason for work completed after the customer said no.
    public static let declinedReason = "chargeable work completed after the customer declined the quote (002 §3.4)"

    /// Why an event is refused (a dead-letter reason).
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// The answer for one `work.completed`.
    public enum Decision: Sendable, Hashable {
        /// Accept the completion; `chargeable` says whether its invoice is charged.
        case allowed(chargeable: Bool)
        /// Dead-letter the completion with this reason.
        case refused(reason: String)
    }

    /// Whether `work.completed` may be accepted for a ticket with this warranty and quote.
    public static func workCompletion(warranty: WarrantyStatus, quote: QuoteStatus) -> Decision {
        if quote == .waived { return .allowed(chargeable: false) }
        switch warranty {
        case .inWarranty, .repairWarranty:
            return .allowed(chargeable: false)
        case .unknown:
            return .allowed(chargeable: quote == .approved)
        case .outOfWarranty:
            switch quote {
            case .approved: return .allowed(chargeable: true)
            case .declined: return .refused(reason: declinedReason)
            case .none, .quoted: return .refused(reason: notApprovedReason)
            case .waived: return .allowed(chargeable: false)
            }
        }
    }

    /// Whether a completion of this ticket is charged to the customer (false where
    /// `workCompletion` refuses: nothing is ever charged without an approved quote).
    public static func isChargeable(warranty: WarrantyStatus, quote: QuoteStatus) -> Bool {
        if case .allowed(let chargeable) = workCompletion(warranty: warranty, quote: quote) { return chargeable }
        return false
    }
}

// MARK: - Diagnosis: the quote the customer is asked to approve

/// What a `diagnosis.reported` does to the ticket's quote (`QuoteConsent.diagnosis`).
public enum DiagnosisQuote: Sendable, Hashable {
    /// Nothing to ask and nothing to record (free work without a price, a waived quote, an
    /// unknown warranty without a price).
    case nothing
    /// Free work that carried a price anyway: keep the amounts, ask nothing.
    case record(DiagnosisReported.Quote)
    /// Ask the customer (`ticket.quoted`) to approve these amounts (the diagnosis's, or the
    /// ticket's earlier ones when it carried none).
    case ask(DiagnosisReported.Quote)
    /// Dead-letter the diagnosis with this field-level reason; the ticket stays as it was
    /// (on site), so a corrected diagnosis is accepted.
    case refused(reason: String)
}

extension QuoteConsent {
    /// The dead-letter reason for a chargeable diagnosis without amounts (neither in the
    /// diagnosis nor earlier on the ticket): nothing the customer could consent to, and no
    /// invoice could be built after the work.
    public static let quoteRequiredReason = "quote: required for out-of-warranty chargeable work: the diagnosis must carry "
        + "quote.labour, quote.parts and quote.currency for the customer to approve (002 §3.4)"

    /// Decides a `diagnosis.reported`'s quote at the first point where its problems are
    /// knowable (before `ticket.quoted`, before the customer approves), with the same
    /// arithmetic as `Invoicing`, so that an approved quote always lets the completion be
    /// invoiced unless the work itself changes (other parts used, new prices).
    ///
    /// - `offered`: the diagnosis's `quote`; `earlier`: the amounts already on the ticket (a
    ///   later diagnosis without amounts asks again at the same price).
    /// - `partsCents`: the diagnosis's parts at catalogue price in the invoice currency (parts
    ///   without such a price count 0, as on the invoice).
    ///
    /// Out of warranty the customer is always asked, so amounts are required. With an unknown
    /// warranty a price asks the customer (and must be usable); without one the work is free.
    /// In warranty and repair warranty a price is recorded, never asked; a waived quote (a
    /// redo within the repair warranty) ignores it. A usable quote is in the invoice currency,
    /// totals at most `SchemaLimits.amount`'s upper bound, and covers the parts listed.
    public static func diagnosis(warranty: WarrantyStatus, quote: QuoteStatus, offered: DiagnosisReported.Quote?,
                                 earlier: DiagnosisReported.Quote?, partsCents: Int64,
                                 invoiceCurrency: String) -> DiagnosisQuote {
        if quote == .waived { return .nothing }
        switch warranty {
        case .inWarranty, .repairWarranty:
            return offered.map { .record($0) } ?? .nothing
        case .unknown:
            guard let offered else { return .nothing }
            return usable(offered, partsCents: partsCents, currency: invoiceCurrency)
        case .outOfWarranty:
            guard let amounts = offered ?? earlier else { return .refused(reason: quoteRequiredReason) }
            return usable(amounts, partsCents: partsCents, currency: invoiceCurrency)
        }
    }

    /// The dead-letter reason for approving a chargeable quote whose amounts are unknown (a
    /// quote given before dispatch kept amounts, migration 6): its completion could never be
    /// invoiced, so the approval is refused and a new diagnosis must quote again.
    public static let approvalWithoutAmountsReason = "quote: the quote to approve has no amounts (given before amounts "
        + "were kept): the next diagnosis must carry quote.labour, quote.parts and quote.currency"

    /// Why `quote.approved` is refused although a quote awaits an answer: a chargeable ticket's
    /// quote without amounts. Nil when the approval may be recorded.
    public static func approvalRefusal(warranty: WarrantyStatus, amounts: DiagnosisReported.Quote?) -> String? {
        guard amounts == nil, warranty == .outOfWarranty || warranty == .unknown else { return nil }
        return approvalWithoutAmountsReason
    }

    /// `.ask(quote)` when an invoice can honour it, else the field-level reason why not.
    static func usable(_ quote: DiagnosisReported.Quote, partsCents: Int64, currency: String) -> DiagnosisQuote {
        guard quote.currency.uppercased() == currency.uppercased() else {
            return .refused(reason: "quote.currency: \(quote.currency.uppercased()), but invoices are in \(currency.uppercased()): "
                + "the customer must be quoted in the invoice currency")
        }
        guard let labour = Money.cents(quote.labour), let parts = Money.cents(quote.parts) else {
            return .refused(reason: "quote: labour and parts must be amounts")
        }
        let maximum = Money.cents(SchemaLimits.amount.upperBound) ?? 0
        guard labour + parts <= maximum else {
            return .refused(reason: "quote: labour + parts = \(Money.format(Money.amount(cents: labour + parts))) is more than an "
                + "invoice may total (\(Money.format(SchemaLimits.amount.upperBound)))")
        }
        guard partsCents <= labour + parts else {
            return .refused(reason: "quote: the parts listed cost \(Money.format(Money.amount(cents: partsCents))) "
                + "\(currency.uppercased()) at catalogue price, more than the quote of "
                + "\(Money.format(Money.amount(cents: labour + parts))) \(currency.uppercased()): no invoice could honour it")
        }
        return .ask(quote)
    }
}
