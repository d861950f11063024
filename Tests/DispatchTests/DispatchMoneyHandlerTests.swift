import Foundation
import Kafka
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// Quotes, invoices and payments through the handler, on PostgreSQL (`BatchHarness`): the
/// consent check before a completion, the invoice after it (prices from `part.upserted`),
/// the invoice accounts and `payment.recorded` (DESIGN.md "Money").
final class DispatchMoneyHandlerTests: XCTestCase {
    private typealias H = DispatchHarness
    private let cny = "CNY"

    // MARK: Fixtures

    /// Opens each ticket and brings it on site with `tech`, one batch per step.
    private func onSite(_ h: DispatchHarness, _ ids: [String], tech: String = "A",
                        warranty: WarrantyStatus = .outOfWarranty) throws {
        try h.deliver(batch: ids.map { h.envelope(H.ticket($0, warranty: warranty)) })
        try h.deliver(batch: ids.map { h.envelope(AssignmentAccepted(ticketId: $0, technicianId: tech)) })
        let started = try h.deliver(batch: ids.map { h.envelope(VisitStarted(ticketId: $0, technicianId: tech)) })
        XCTAssertEqual(started.emitted.payloads(TicketOnSite.self).count, ids.count)
    }

    /// On site, diagnosed with `quote` (→ ticket.quoted) and, when `approve`, approved.
    private func quoted(_ h: DispatchHarness, _ ids: [String], labour: Double, parts: Double, currency: String = "CNY",
                        approve: Bool = true) throws {
        try onSite(h, ids)
        let quote = DiagnosisReported.Quote(labour: labour, parts: parts, currency: currency)
        let diagnosed = try h.deliver(batch: ids.map {
            h.envelope(DiagnosisReported(ticketId: $0, technicianId: "A", finding: "pump", parts: [], quote: quote))
        })
        XCTAssertEqual(diagnosed.emitted.payloads(TicketQuoted.self).count, ids.count)
        if approve {
            XCTAssertEqual(try h.deliver(batch: ids.map { h.envelope(QuoteApproved(ticketId: $0)) }).outcome.applied, ids.count)
        }
    }

    private func complete(_ h: DispatchHarness, _ id: String, parts: [PartLine] = []) throws -> H.Delivery {
        try h.deliver(WorkCompleted(ticketId: id, technicianId: "A", resolved: true, partsUsed: parts))
    }

    private func pay(_ h: DispatchHarness, _ id: String, _ invoiceId: String, _ amount: Double,
                     currency: String = "CNY") throws -> H.Delivery {
        try h.deliver(PaymentRecorded(ticketId: id, invoiceId: invoiceId, amount: amount, currency: currency, method: .wechatPay))
    }

    private func reason(_ delivery: H.Delivery, file: StaticString = #filePath, line: UInt = #line) -> String {
        delivery.refusalReason(file: file, line: line)
    }

    private func invoiceRow(_ h: DispatchHarness, _ invoiceId: String) throws -> (total: Int64, paid: Int64, paidAt: Date?)? {
        guard let row = try h.db.query("""
            SELECT total_cents, paid_cents, paid_at FROM invoices WHERE invoice_id = \(invoiceId)
            """).first else { return nil }
        return (try row.get("total_cents"), try row.get("paid_cents"), try row.get("paid_at"))
    }

    private func count(_ h: DispatchHarness, _ sql: String) throws -> Int {
        try h.db.query("SELECT count(*)::bigint AS n FROM \(unsafeRaw: sql)").first!.get("n")
    }

    // MARK: Quote → approval → completion → invoice → payments

    func testApprovedQuoteIsInvoicedAtCataloguePricesThenPaidInTwoParts() throws {
        let h = try DispatchHarness("dmoneyflow")
        try h.deliver(H.technician("A", km: 1))
        XCTAssertEqual(try h.deliver(PartUpserted(partNumber: "P-1", name: "pump", unitPrice: 30, currency: cny,
                                                  leadTimeDays: 3)).result, .applied)
        // The latest price wins; the rest of the stock topic is not dispatch's business.
        try h.deliver(PartUpserted(partNumber: "P-1", name: "pump", unitPrice: 35.5, currency: cny, leadTimeDays: 3))
        XCTAssertEqual(try h.deliver(StockReceived(partNumber: "P-1", warehouseId: "W", quantity: 3)).outcome.skipped, 1)
        try quoted(h, ["TK-1"], labour: 200, parts: 71)

        let done = try complete(h, "TK-1", parts: [PartLine(partNumber: "P-1", quantity: 1), PartLine(partNumber: "P-1", quantity: 1)])
        XCTAssertEqual(done.emitted.types, ["ticket.completed", "ticket.invoiced", "parts.consumed"])
        let invoice = try XCTUnwrap(done.emitted.payload(TicketInvoiced.self))
        XCTAssertEqual(invoice.invoiceId, "INV-TK-1-1")
        XCTAssertTrue(invoice.chargeable)
        XCTAssertEqual(invoice.currency, cny)
        // Call-out 50 + labour 200 + parts 71 = 321 > the approved 271: labour is lowered by 50.
        XCTAssertEqual(invoice.lines, [
            TicketInvoiced.Line(kind: .callOut, quantity: 1, unitPrice: 50),
            TicketInvoiced.Line(kind: .labour, quantity: 1, unitPrice: 150),
            TicketInvoiced.Line(kind: .part, partNumber: "P-1", quantity: 2, unitPrice: 35.5),
        ])
        XCTAssertEqual(invoice.total, 271)
        XCTAssertEqual(Money.total(invoice.lines.map(\.amount)), invoice.total, "the lines add up to the total")
        XCTAssertEqual(try invoiceRow(h, "INV-TK-1-1")?.total, 27_100)

        let first = try pay(h, "TK-1", "INV-TK-1-1", 100)
        XCTAssertEqual(first.result, .applied, "a partial payment is accepted")
        XCTAssertEqual(first.emitted.types, [])
        XCTAssertEqual(try invoiceRow(h, "INV-TK-1-1")?.paid, 10_000)
        XCTAssertNil(try invoiceRow(h, "INV-TK-1-1")?.paidAt)

        let rest = try pay(h, "TK-1", "INV-TK-1-1", 171)
        XCTAssertEqual(rest.emitted.types, ["ticket.paid"])
        XCTAssertEqual(rest.emitted.payload(TicketPaid.self),
                       TicketPaid(ticketId: "TK-1", invoiceId: "INV-TK-1-1", amount: 271, currency: cny))
        XCTAssertEqual(try invoiceRow(h, "INV-TK-1-1")?.paid, 27_100)
        XCTAssertNotNil(try invoiceRow(h, "INV-TK-1-1")?.paidAt)
        XCTAssertEqual(reason(try pay(h, "TK-1", "INV-TK-1-1", 1)), "invoice INV-TK-1-1 is already paid")
        let state: String = try h.db.query("SELECT state FROM tickets WHERE ticket_id = 'TK-1'").first!.get("state")
        XCTAssertEqual(state, "completed")
    }

    func testAQuoteWithinTheCatalogueIsChargedExactly() throws {
        let h = try DispatchHarness("dmoneyexact")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(PartUpserted(partNumber: "P-2", name: "seal", unitPrice: 19.99, currency: cny, leadTimeDays: 3))
        try quoted(h, ["TK-1"], labour: 250, parts: 110)
        let invoice = try XCTUnwrap(try complete(h, "TK-1", parts: [PartLine(partNumber: "P-2", quantity: 3)])
            .emitted.payload(TicketInvoiced.self))
        XCTAssertEqual(invoice.lines.map(\.amount), [50, 250, 59.97])
        XCTAssertEqual(invoice.total, 359.97, "50 + 250 + 3 × 19.99 in cents: under the quote of 360, nothing reduced")
    }

    // MARK: Consent

    func testCompletionBeforeApprovalIsDeadLetteredThenAcceptedOnceApproved() throws {
        let h = try DispatchHarness("dmoneyconsent")
        try h.deliver(H.technician("A", km: 1))
        try quoted(h, ["TK-1"], labour: 150, parts: 0, approve: false)
        let early = reason(try complete(h, "TK-1"))
        XCTAssertTrue(early.contains(QuoteConsent.notApprovedReason), early)
        XCTAssertTrue(early.contains("TK-1"), early)
        XCTAssertEqual(try count(h, "invoices"), 0)
        // Nothing changed: the customer approves, the work is completed and invoiced.
        XCTAssertEqual(try h.deliver(QuoteApproved(ticketId: "TK-1")).result, .applied)
        let done = try complete(h, "TK-1")
        XCTAssertEqual(done.emitted.types, ["ticket.completed", "ticket.invoiced"])
        XCTAssertEqual(done.emitted.payload(TicketInvoiced.self)?.total, 150)
        XCTAssertEqual(done.emitted.payload(TicketInvoiced.self)?.lines.map(\.amount), [50, 100],
                       "the call-out counts against the quote: labour is lowered to fit")
    }

    func testAnswersTheQuoteDoesNotAllowAreDeadLettered() throws {
        let h = try DispatchHarness("dmoneyanswer")
        try h.deliver(H.technician("A", km: 1))
        try quoted(h, ["TK-1"], labour: 100, parts: 0)
        let late = reason(try h.deliver(QuoteDeclined(ticketId: "TK-1")))
        XCTAssertEqual(late, "quote: ticket TK-1: the customer already approved the quote")
        // A declined quote closes the ticket; approving it afterwards is refused by the state machine.
        try quoted(h, ["TK-2"], labour: 100, parts: 0, approve: false)
        XCTAssertEqual(try h.deliver(QuoteDeclined(ticketId: "TK-2")).emitted.types, ["ticket.closed"])
        XCTAssertTrue(reason(try h.deliver(QuoteApproved(ticketId: "TK-2"))).contains("closed"))
    }

    func testPartsAboveTheQuoteAndQuotesInAnotherCurrencyAreDeadLettered() throws {
        let h = try DispatchHarness("dmoneycap")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(PartUpserted(partNumber: "P-1", name: "pump", unitPrice: 35.5, currency: cny, leadTimeDays: 3))
        try quoted(h, ["TK-1"], labour: 50, parts: 0)
        let over = reason(try complete(h, "TK-1", parts: [PartLine(partNumber: "P-1", quantity: 2)]))
        XCTAssertTrue(over.hasPrefix("invoice: ticket TK-1: parts used cost 71.00 CNY at catalogue price, more than the approved "
            + "quote of 50.00 CNY"), over)
        // A quote in another currency is refused at the diagnosis, before the customer is asked
        // (`QuoteConsent.diagnosis`): the ticket stays on site.
        try onSite(h, ["TK-2"])
        let usd = reason(try h.deliver(DiagnosisReported(ticketId: "TK-2", technicianId: "A", finding: "pump", parts: [],
                                                         quote: .init(labour: 50, parts: 0, currency: "USD"))))
        XCTAssertEqual(usd, "quote.currency: USD, but invoices are in CNY: the customer must be quoted in the invoice currency "
            + "(ticket TK-2)")
        XCTAssertEqual(try count(h, "invoices"), 0)
        XCTAssertEqual(try count(h, "tickets WHERE state = 'completed'"), 0)
    }

    func testUnknownWarrantyIsChargedOnlyWithAnApprovedQuote() throws {
        let h = try DispatchHarness("dmoneyunknown")
        try h.deliver(H.technician("A", km: 1))
        try onSite(h, ["TK-1", "TK-2", "TK-3"], warranty: .unknown)
        let quote = DiagnosisReported.Quote(labour: 90, parts: 0, currency: cny)
        for id in ["TK-1", "TK-2"] {
            let diagnosed = try h.deliver(DiagnosisReported(ticketId: id, technicianId: "A", finding: "x", parts: [], quote: quote))
            XCTAssertEqual(diagnosed.emitted.types, ["ticket.diagnosed", "ticket.quoted"], "a price asks the customer")
        }
        let free = try h.deliver(DiagnosisReported(ticketId: "TK-3", technicianId: "A", finding: "x", parts: []))
        XCTAssertEqual(free.emitted.types, ["ticket.diagnosed"], "no price, nothing to ask")
        try h.deliver(QuoteApproved(ticketId: "TK-1"))
        let charged = try XCTUnwrap(try complete(h, "TK-1").emitted.payload(TicketInvoiced.self))
        XCTAssertTrue(charged.chargeable)
        XCTAssertEqual(charged.total, 90)
        for id in ["TK-2", "TK-3"] {
            let invoice = try XCTUnwrap(try complete(h, id).emitted.payload(TicketInvoiced.self), id)
            XCTAssertFalse(invoice.chargeable, "\(id): nothing is charged without consent")
            XCTAssertEqual(invoice.total, 0)
        }
    }

    // MARK: Free repairs

    func testInWarrantyInvoiceIsZeroWithLinesAtValueAndCannotBePaid() throws {
        let h = try DispatchHarness("dmoneyfree")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(PartUpserted(partNumber: "P-1", name: "pump", unitPrice: 35.5, currency: cny, leadTimeDays: 3))
        try h.deliver(PartUpserted(partNumber: "P-USD", name: "valve", unitPrice: 9, currency: "USD", leadTimeDays: 3))
        try onSite(h, ["TK-1"], warranty: .inWarranty)
        let parts = [PartLine(partNumber: "P-1", quantity: 1), PartLine(partNumber: "P-USD", quantity: 1),
                     PartLine(partNumber: "P-UNKNOWN", quantity: 2)]
        let invoice = try XCTUnwrap(try complete(h, "TK-1", parts: parts).emitted.payload(TicketInvoiced.self))
        XCTAssertFalse(invoice.chargeable)
        XCTAssertEqual(invoice.total, 0)
        XCTAssertEqual(invoice.lines, [
            TicketInvoiced.Line(kind: .callOut, quantity: 1, unitPrice: 50),
            TicketInvoiced.Line(kind: .labour, quantity: 1, unitPrice: 120),
            TicketInvoiced.Line(kind: .part, partNumber: "P-1", quantity: 1, unitPrice: 35.5),
            // No price in the invoice currency: listed at 0, never a guess.
            TicketInvoiced.Line(kind: .part, partNumber: "P-USD", quantity: 1, unitPrice: 0),
            TicketInvoiced.Line(kind: .part, partNumber: "P-UNKNOWN", quantity: 2, unitPrice: 0),
        ])
        XCTAssertEqual(reason(try pay(h, "TK-1", invoice.invoiceId, 10)), "invoice INV-TK-1-1 is not chargeable: nothing to pay")
    }

    func testConfiguredCurrencyAndFees() throws {
        let config = ServiceConfig(serviceName: "dispatch", databaseURL: "postgres://unused",
                                   kafka: KafkaConfig(bootstrapServers: "unused", clientId: "t"),
                                   settings: ["AFTERSALES_DISPATCH_CURRENCY": "usd",
                                              "AFTERSALES_DISPATCH_CALLOUT_FEE": "default=20;refrigerator=25",
                                              "AFTERSALES_DISPATCH_LABOUR_FEE": "80.5"])
        let settings = try DispatchSettings(config: config)
        XCTAssertEqual(settings.invoicing.currency, "USD")
        let h = try DispatchHarness("dmoneysettings", settings: settings)
        try h.deliver(H.technician("A", km: 1))
        try onSite(h, ["TK-1"], warranty: .inWarranty)
        let invoice = try XCTUnwrap(try complete(h, "TK-1").emitted.payload(TicketInvoiced.self))
        XCTAssertEqual(invoice.currency, "USD")
        XCTAssertEqual(invoice.lines.map(\.amount), [25, 80.5])

        var bad = config
        bad.settings["AFTERSALES_DISPATCH_LABOUR_FEE"] = "refrigerator=80"
        XCTAssertThrowsError(try DispatchSettings(config: bad)) { error in
            XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_DISPATCH_LABOUR_FEE")
        }
    }

    // MARK: Payments refused

    func testRefusedPaymentsAreDeadLetteredWithTheRulesReason() throws {
        let h = try DispatchHarness("dmoneypay")
        try h.deliver(H.technician("A", km: 1))
        try quoted(h, ["TK-1", "TK-2"], labour: 100, parts: 0)
        for id in ["TK-1", "TK-2"] { XCTAssertEqual(try complete(h, id).emitted.payload(TicketInvoiced.self)?.total, 100) }
        XCTAssertEqual(reason(try pay(h, "TK-1", "INV-TK-1-1", 120)),
                       "overpayment: 120.00 CNY paid against 100.00 CNY outstanding on invoice INV-TK-1-1")
        XCTAssertEqual(reason(try pay(h, "TK-1", "INV-TK-1-1", 10, currency: "usd")),
                       "payment in USD against invoice INV-TK-1-1 in CNY")
        XCTAssertEqual(reason(try pay(h, "TK-1", "INV-NOPE", 10)), "unknown invoice INV-NOPE")
        XCTAssertEqual(reason(try pay(h, "TK-1", "INV-TK-2-1", 10)), "invoice INV-TK-2-1 belongs to another ticket, not TK-1")
        XCTAssertEqual(reason(try pay(h, "TK-1", "INV-TK-1-1", 0)), "payment amount must be more than 0")
        XCTAssertEqual(try invoiceRow(h, "INV-TK-1-1")?.paid, 0, "nothing refused was recorded")
        // Within one batch, the second payment sees the first: together they would overpay.
        let both = try h.deliver(batch: [h.envelope(PaymentRecorded(ticketId: "TK-1", invoiceId: "INV-TK-1-1", amount: 60,
                                                                    currency: cny, method: .cash)),
                                         h.envelope(PaymentRecorded(ticketId: "TK-1", invoiceId: "INV-TK-1-1", amount: 60,
                                                                    currency: cny, method: .card))])
        XCTAssertEqual(both.outcome.applied, 1)
        XCTAssertTrue(reason(both).hasPrefix("overpayment: 60.00 CNY paid against 40.00 CNY outstanding"))
        XCTAssertEqual(try invoiceRow(h, "INV-TK-1-1")?.paid, 6_000)
    }

    // MARK: Replays and repeated completions

    func testAReplayIssuesNoSecondInvoiceAndAReopenedTicketGetsTheNextId() throws {
        let h = try DispatchHarness("dmoneyreplay")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(H.technician("B", km: 2))
        try onSite(h, ["TK-1"], warranty: .inWarranty)
        let completion = h.envelope(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: []))
        let first = try h.deliver(batch: [completion])
        XCTAssertEqual(first.emitted.payload(TicketInvoiced.self)?.invoiceId, "INV-TK-1-1")
        let replay = try h.deliver(batch: [completion])
        XCTAssertEqual(replay.emitted.types, [], "the same envelope again is a duplicate")
        XCTAssertEqual(try count(h, "invoices"), 1)

        // Reopened and completed again: the counter was kept with the ticket.
        let reopened = try h.deliver(ComplaintOpened(ticketId: "TK-1", complaintId: "CP-1", severity: .high, reason: "leaks"))
        let again = try XCTUnwrap(reopened.emitted.payload(TicketAssigned.self)?.technicianId)
        try h.deliver(AssignmentAccepted(ticketId: "TK-1", technicianId: again))
        try h.deliver(VisitStarted(ticketId: "TK-1", technicianId: again))
        let second = try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: again, resolved: true, partsUsed: []))
        XCTAssertEqual(second.emitted.payload(TicketInvoiced.self)?.invoiceId, "INV-TK-1-2")
        XCTAssertEqual(try count(h, "invoices WHERE ticket_id = 'TK-1'"), 2)
    }

    func testRemoteResolutionInvoiceIsEmptyAndNotChargeable() throws {
        // The fold's entry point for remote resolutions (`remote.resolved`), on an approved quote.
        var ticket = TicketRow(opened: H.ticket("TK-R", warranty: .outOfWarranty), now: Date())
        ticket.money = TicketMoney(quote: .approved, quoted: .init(labour: 100, parts: 0, currency: cny))
        var fold = BatchFold(settings: DispatchSettings(), now: Date(), pool: CandidatePool(limit: 8, radiusKm: 50),
                             tickets: [ticket.ticketId: ticket])
        let completed = TicketCompleted(ticketId: "TK-R", technicianId: nil, resolved: true, firstTimeFix: true, partsUsed: [],
                                        resolvedRemotely: true)
        let cause = EventCause(correlationId: "corr", causationId: "E-1")
        XCTAssertNil(fold.invoice(after: completed, ticket: &ticket, remote: true, cause: cause))
        guard case .emit(let payload, _) = try XCTUnwrap(fold.effects.first), let invoice = payload as? TicketInvoiced else {
            return XCTFail("no invoice emitted: \(fold.effects)")
        }
        XCTAssertEqual(invoice, TicketInvoiced(ticketId: "TK-R", invoiceId: "INV-TK-R-1", chargeable: false, lines: [], total: 0,
                                               currency: cny))
        XCTAssertEqual(ticket.money.invoices, 1)
        XCTAssertEqual(fold.money.invoices["INV-TK-R-1"]?.chargeable, false)
    }

    // MARK: Set-based

    func testStatementsPerBatchStayConstant() throws {
        let h = try DispatchHarness("dmoneystmts")
        try h.deliver(H.technician("A", km: 1, capacity: 100))
        let ids = (0..<42).map { "TK-\($0)" }
        try quoted(h, ids, labour: 300, parts: 100)
        func prices(_ range: Range<Int>) -> [Envelope] {
            range.map { h.envelope(PartUpserted(partNumber: "P-\($0)", name: "p", unitPrice: 10.25, currency: cny, leadTimeDays: 1)) }
        }
        func completions(_ slice: ArraySlice<String>) -> [Envelope] {
            slice.enumerated().map { index, id in
                h.envelope(WorkCompleted(ticketId: id, technicianId: "A", resolved: true,
                                         partsUsed: [PartLine(partNumber: "P-\(index)", quantity: 2)]))
            }
        }
        func payments(_ slice: ArraySlice<String>, _ amount: Double) -> [Envelope] {
            slice.map { h.envelope(PaymentRecorded(ticketId: $0, invoiceId: "INV-\($0)-1", amount: amount, currency: cny,
                                                   method: .alipay)) }
        }
        let fewPrices = try h.statements { try h.deliver(batch: prices(0..<2)) }
        let manyPrices = try h.statements { try h.deliver(batch: prices(2..<40)) }
        XCTAssertEqual(manyPrices, fewPrices)
        let fewDone = try h.statements { try h.deliver(batch: completions(ids[0..<2])) }
        let manyDone = try h.statements { try h.deliver(batch: completions(ids[2..<42])) }
        XCTAssertEqual(manyDone, fewDone)
        let invoices = try h.harness.allEmitted().payloads(TicketInvoiced.self)
        XCTAssertEqual(invoices.count, 42)
        XCTAssertEqual(Set(invoices.map(\.total)), [370.5], "call-out 50 + labour 300 + 2 × 10.25, within the quote of 400")
        let fewPaid = try h.statements { try h.deliver(batch: payments(ids[0..<2], 370.5)) }
        let manyPaid = try h.statements { try h.deliver(batch: payments(ids[2..<42], 370.5)) }
        XCTAssertEqual(manyPaid, fewPaid)
        print("statements per batch: part.upserted ×2 \(fewPrices), ×38 \(manyPrices); work.completed ×2 \(fewDone), ×40 "
            + "\(manyDone); payment.recorded ×2 \(fewPaid), ×40 \(manyPaid)")
        XCTAssertEqual(try h.harness.allEmitted().payloads(TicketPaid.self).count, 42)
        XCTAssertEqual(try count(h, "invoices WHERE paid_cents = total_cents AND paid_at IS NOT NULL"), 42)
        XCTAssertEqual(try count(h, "part_prices"), 40)
    }

    func testAPriceAndACompletionInOneBatchAreAppliedInOrder() throws {
        let h = try DispatchHarness("dmoneyorder")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(PartUpserted(partNumber: "P-1", name: "pump", unitPrice: 10, currency: cny, leadTimeDays: 3))
        try onSite(h, ["TK-1", "TK-2"], warranty: .inWarranty)
        let used = [PartLine(partNumber: "P-1", quantity: 1)]
        let batch = try h.deliver(batch: [
            h.envelope(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: used)),
            h.envelope(PartUpserted(partNumber: "P-1", name: "pump", unitPrice: 12.5, currency: cny, leadTimeDays: 3)),
            h.envelope(WorkCompleted(ticketId: "TK-2", technicianId: "A", resolved: true, partsUsed: used)),
        ])
        XCTAssertEqual(batch.emitted.payloads(TicketInvoiced.self).map { $0.lines.last?.unitPrice }, [10, 12.5])
        let price: Double = try h.db.query("SELECT unit_price FROM part_prices WHERE part_number = 'P-1'").first!.get("unit_price")
        XCTAssertEqual(price, 12.5)
    }
}
