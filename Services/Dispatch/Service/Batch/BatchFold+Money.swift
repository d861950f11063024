import Foundation
import Postgres
import Schema
import ServiceRuntime

// MARK: - Money: quotes, invoices, payments (DESIGN.md "Money"; docs/money-and-network.md)

/// The money side of one batch: the catalogue prices and invoice accounts it read, what its
/// events changed, and what to log. Prices and accounts are read once per batch before the
/// fold (`load`), written once after it (`write`).
struct MoneyLedger: Sendable {
    /// Catalogue prices of the parts the batch's completions used, with the batch's own
    /// `part.upserted` applied over them in order.
    private(set) var prices: [String: PartPrice]
    /// The batch's price updates, the latest per part number (to write).
    private(set) var priceWrites: [String: PartPrice] = [:]
    /// The accounts of invoices the batch's payments name, and those the batch issued.
    private(set) var invoices: [String: InvoiceAccount]
    /// Accounts issued or paid against in this batch (to write).
    private(set) var changedInvoices: Set<String> = []
    /// What to log about the invoices issued (identifiers and amounts only, no PII).
    private(set) var notices: [(message: String, fields: [String: String])] = []
    /// When the latest invoice of a ticket was issued (= its last completion), for the tickets
    /// the batch reopens (read) and those it completes (set): the repair warranty's start.
    private(set) var completedAt: [String: Date]

    init(prices: [String: PartPrice] = [:], invoices: [String: InvoiceAccount] = [:], completedAt: [String: Date] = [:]) {
        self.prices = prices
        self.invoices = invoices
        self.completedAt = completedAt
    }

    /// Reads what the batch's commands need: prices of the parts its diagnoses listed and its
    /// completions used (one statement), the accounts its payments name, locked (one
    /// statement), and when the tickets its complaints reopen were last invoiced (one
    /// statement, by primary key: the ticket's latest invoice id).
    static func load(for commands: [DispatchCommand], tickets: [String: TicketRow], on db: PGConnection) throws -> MoneyLedger {
        let parts = Set(commands.flatMap(\.pricedPartNumbers)).sorted()
        let invoiceIds = Set(commands.compactMap(\.invoiceId)).sorted()
        let latest = Set(commands.compactMap { command -> String? in
            guard case .complaint(let p) = command, let ticket = tickets[p.ticketId], ticket.money.invoices > 0 else { return nil }
            return Invoicing.invoiceId(ticketId: ticket.ticketId, completion: ticket.money.invoices)
        }).sorted()
        var completedAt: [String: Date] = [:]
        for (ticketId, issuedAt) in try InvoiceStore.issued(latest, on: db) { completedAt[ticketId] = issuedAt }
        return MoneyLedger(prices: try PriceStore.prices(of: parts, on: db),
                           invoices: try InvoiceStore.load(invoiceIds, on: db), completedAt: completedAt)
    }

    /// Writes the batch's prices and accounts: one statement per table, in the batch's
    /// transaction (with the `ticket.invoiced` and `ticket.paid` it emits).
    func write(now: Date, on db: PGConnection) throws {
        try PriceStore.upsert(priceWrites, now: now, on: db)
        try InvoiceStore.write(changedInvoices.sorted().compactMap { invoices[$0] }, now: now, on: db)
    }

    /// Logs the notices as `service` (after the fold is final).
    func log(service: String) {
        guard !notices.isEmpty else { return }
        let logger = Logger(service: service)
        for notice in notices { logger.warning(notice.message, notice.fields) }
    }

    mutating func setPrice(_ price: PartPrice, of partNumber: String) {
        prices[partNumber] = price
        priceWrites[partNumber] = price
    }

    mutating func record(_ account: InvoiceAccount) {
        invoices[account.invoiceId] = account
        changedInvoices.insert(account.invoiceId)
    }

    /// Keeps a freshly issued invoice's account, and notes fees reduced and parts listed at 0.
    mutating func issue(_ draft: InvoiceDraft, at now: Date) {
        record(InvoiceAccount(draft.invoice))
        completedAt[draft.invoice.ticketId] = now
        let fields = ["ticketId": draft.invoice.ticketId, "invoiceId": draft.invoice.invoiceId]
        if !draft.unlistableParts.isEmpty {
            notices.append(("free invoice lists parts at 0: their value is beyond an invoice line's bound",
                            fields.merging(["parts": draft.unlistableParts.joined(separator: ",")]) { $1 }))
        }
        if !draft.unpricedParts.isEmpty {
            notices.append(("invoice lists parts at 0: no catalogue price in \(draft.invoice.currency)",
                            fields.merging(["parts": draft.unpricedParts.joined(separator: ",")]) { $1 }))
        }
        if draft.reducedByCents > 0 {
            notices.append(("invoice fees reduced to stay within the approved quote",
                            fields.merging(["reducedBy": Money.format(Money.amount(cents: draft.reducedByCents))]) { $1 }))
        }
    }
}

extension DispatchCommand {
    /// Part numbers whose catalogue price the command needs (a completion's parts used).
    var pricedPartNumbers: [String] {
        switch self {
        case .completed(let p): return p.partsUsed.map(\.partNumber)
        case .diagnosed(let p): return p.parts.map(\.partNumber)
        default: return []
        }
    }

    /// The invoice a payment is recorded against.
    var invoiceId: String? {
        if case .payment(let p) = self { return p.invoiceId }
        return nil
    }
}

extension BatchFold {
    // MARK: Prices

    /// `part.upserted`: the part's price from now on (dispatch's own copy of the catalogue).
    mutating func priced(_ p: PartUpserted) -> HandlingResult {
        money.setPrice(PartPrice(p), of: p.partNumber)
        return .applied
    }

    // MARK: Quotes

    /// A `check` for `field` refusing a customer's answer that `QuoteStatus` rejects (no quote
    /// to answer, or the other answer already given).
    static func quoteRefusal(_ answer: QuoteStatus.Event) -> (inout BatchFold, TicketRow) -> String? {
        { _, ticket in
            if case .failure(let refusal) = ticket.money.quote.applying(answer) {
                return "quote: ticket \(ticket.ticketId): \(refusal.reason)"
            }
            if answer == .approved, ticket.money.quote != .approved,
               let refusal = QuoteConsent.approvalRefusal(warranty: WarrantyStatus(rawValue: ticket.warrantyStatus) ?? .unknown,
                                                          amounts: ticket.money.quoted) {
                return "\(refusal) (ticket \(ticket.ticketId))"
            }
            return nil
        }
    }

    /// Records the customer's answer (after `quoteRefusal` let it through).
    static func answer(_ answer: QuoteStatus.Event, on ticket: inout TicketRow) {
        if case .success(let next) = ticket.money.quote.applying(answer) { ticket.money.quote = next }
        ticket.quoteApproved = ticket.money.quote == .approved
    }

    // MARK: Diagnosis

    /// What the diagnosis does to the ticket's quote (`QuoteConsent.diagnosis`, with the
    /// batch's catalogue prices and the invoice currency).
    func diagnosisQuote(_ ticket: TicketRow, _ p: DiagnosisReported) -> DiagnosisQuote {
        let currency = settings.invoicing.currency
        let partsCents = Invoicing.merged(p.parts).reduce(Int64(0)) { sum, part in
            guard let price = money.prices[part.partNumber], price.currency.uppercased() == currency,
                  price.unitPrice.isFinite else { return sum }
            let line = TicketInvoiced.Line(kind: .part, partNumber: part.partNumber, quantity: part.quantity,
                                           unitPrice: price.unitPrice)
            return sum + (Money.cents(line.amount) ?? 0)
        }
        return QuoteConsent.diagnosis(warranty: WarrantyStatus(rawValue: ticket.warrantyStatus) ?? .unknown,
                                      quote: ticket.money.quote, offered: p.quote, earlier: ticket.money.quoted,
                                      partsCents: partsCents, invoiceCurrency: currency)
    }

    /// Why `diagnosis.reported` may not be accepted: a chargeable diagnosis whose quote no
    /// invoice could honour (no amounts, another currency, parts above it…). The ticket stays
    /// on site, so a corrected diagnosis is accepted.
    func diagnosisRefusal(_ ticket: TicketRow, _ p: DiagnosisReported) -> String? {
        if case .refused(let reason) = diagnosisQuote(ticket, p) { return "\(reason) (ticket \(ticket.ticketId))" }
        return nil
    }

    // MARK: Reopening

    /// A reopened ticket's quote (`RepairWarranty`): waived when reopened within the repair
    /// warranty of its last on-site completion, else back to none (new work, new consent).
    mutating func reopenQuote(_ ticket: inout TicketRow, lastTechnician: String?) {
        let last: RepairWarranty.LastCompletion = lastTechnician == nil
            ? .remote
            : .onSite(day: money.completedAt[ticket.ticketId].map { settings.serviceDay.day(region: ticket.region, at: $0) })
        ticket.money.reopen(settings.invoicing.repairWarranty.quoteAfterReopening(last, reopenedOn: serviceDay(of: ticket.region)))
        ticket.quoteApproved = false
    }

    // MARK: Completion and invoice

    /// Why `work.completed` may not be accepted: chargeable work without the customer's consent
    /// (`QuoteConsent`), or no invoice can honour the approved quote (`Invoicing`: parts cost
    /// more than the quote, a quote in another currency, an approval without amounts, an
    /// invoice beyond the contract's bounds). Nil when it may.
    func completionRefusal(_ ticket: TicketRow, _ p: WorkCompleted) -> String? {
        let warranty = WarrantyStatus(rawValue: ticket.warrantyStatus) ?? .unknown
        if case .refused(let reason) = QuoteConsent.workCompletion(warranty: warranty, quote: ticket.money.quote) {
            return "quote: ticket \(ticket.ticketId): \(reason)"
        }
        if case .failure(let refusal) = draftInvoice(ticket, partsUsed: p.partsUsed, remote: false) {
            return "invoice: ticket \(ticket.ticketId): \(refusal)"
        }
        return nil
    }

    /// Emits the `ticket.invoiced` that follows `completed` (call it right after emitting the
    /// completion), keeps the invoice's account and counts the invoice on the ticket, so the
    /// next completion gets the next id and a replay the same one. `remote`: a remote
    /// resolution, whose invoice is empty and not chargeable. Returns the rule's refusal
    /// instead when no invoice can be issued (for `work.completed`, `completionRefusal`
    /// already refused it; a remote resolution never is).
    @discardableResult
    mutating func invoice(after completed: TicketCompleted, ticket: inout TicketRow, remote: Bool,
                          cause: EventCause) -> InvoiceRefusal? {
        switch draftInvoice(ticket, partsUsed: completed.partsUsed, remote: remote) {
        case .failure(let refusal):
            return refusal
        case .success(let draft):
            ticket.money.invoices += 1
            money.issue(draft, at: now)
            emit(draft.invoice, cause)
            return nil
        }
    }

    /// The invoice of the ticket's next completion, with the batch's prices and the settings.
    /// A remote resolution ignores the quote (nothing is charged: no call-out, labour or parts).
    private func draftInvoice(_ ticket: TicketRow, partsUsed: [PartLine], remote: Bool)
        -> Result<InvoiceDraft, InvoiceRefusal> {
        guard let category = ProductCategory(rawValue: ticket.category), let priority = Priority(rawValue: ticket.priority) else {
            return .failure(.invalid("the ticket's stored category or priority is unknown"))
        }
        let charges = CompletionCharges(
            ticketId: ticket.ticketId,
            invoiceId: Invoicing.invoiceId(ticketId: ticket.ticketId, completion: ticket.money.invoices + 1),
            warranty: WarrantyStatus(rawValue: ticket.warrantyStatus) ?? .unknown,
            quote: remote ? .none : ticket.money.quote, approvedQuote: remote ? nil : ticket.money.approvedQuote,
            category: category, priority: priority, partsUsed: remote ? [] : partsUsed, resolvedRemotely: remote)
        return Invoicing.invoice(for: charges, prices: money.prices, settings: settings.invoicing)
    }

    // MARK: Payments

    /// `payment.recorded`: checked against the invoice's account (`PaymentCheck`); an accepted
    /// payment (partial ones too) is added to it, and the one that settles it emits
    /// `ticket.paid`. Refused payments are dead-lettered with the rule's reason.
    mutating func payment(_ p: PaymentRecorded, _ cause: EventCause) -> HandlingResult {
        switch PaymentCheck.apply(p, to: money.invoices[p.invoiceId]) {
        case .refused(let reason):
            return .deadLetter(reason: reason)
        case .accepted(let account, let fullyPaid):
            money.record(account)
            if fullyPaid { emit(PaymentCheck.paid(account), cause) }
            return .applied
        }
    }
}
