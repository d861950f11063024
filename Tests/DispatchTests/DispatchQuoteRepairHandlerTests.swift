import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// Quotes refused at the diagnosis (the first point where an unusable quote is knowable) and
/// the charging of reopened tickets under the repair warranty, through the handler on
/// PostgreSQL (`BatchHarness`; DESIGN.md "Money" and business rules; `QuoteConsent.diagnosis`,
/// `RepairWarranty`).
final class DispatchQuoteRepairHandlerTests: XCTestCase {
    private typealias H = DispatchHarness
    private let cny = "CNY"

    // MARK: Fixtures

    /// Opens `id` out of warranty and brings it on site with A.
    private func onSite(_ h: DispatchHarness, _ id: String, warranty: WarrantyStatus = .outOfWarranty) throws {
        try h.deliver(H.ticket(id, warranty: warranty))
        try h.deliver(AssignmentAccepted(ticketId: id, technicianId: "A"))
        XCTAssertTrue(try h.deliver(VisitStarted(ticketId: id, technicianId: "A")).emitted.types.contains("ticket.on-site"))
    }

    @discardableResult
    private func diagnose(_ h: DispatchHarness, _ id: String, tech: String = "A", parts: [PartLine] = [],
                          quote: DiagnosisReported.Quote?) throws -> H.Delivery {
        try h.deliver(DiagnosisReported(ticketId: id, technicianId: tech, finding: "pump", parts: parts, quote: quote))
    }

    /// Two technicians, TK-1 on site with A, diagnosed out of warranty at `labour` and approved.
    private func repairAfterApproval(_ h: DispatchHarness, labour: Double) throws {
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(H.technician("B", km: 2))
        try onSite(h, "TK-1")
        try diagnose(h, "TK-1", quote: .init(labour: labour, parts: 0, currency: cny))
        try h.deliver(QuoteApproved(ticketId: "TK-1"))
    }

    private func reason(_ delivery: H.Delivery, file: StaticString = #filePath, line: UInt = #line) -> String {
        delivery.refusalReason(file: file, line: line)
    }

    private func row(_ h: DispatchHarness, _ id: String) throws -> (state: String, quote: String, labour: Double?) {
        let row = try XCTUnwrap(try h.db.query("""
            SELECT state, quote_status, quote_labour FROM tickets WHERE ticket_id = \(id)
            """).first)
        return (try row.get("state"), try row.get("quote_status"), try row.get("quote_labour"))
    }

    /// Reopens `id` (a complaint) and brings it on site with the technician it is offered to.
    private func reopenAndStart(_ h: DispatchHarness, _ id: String) throws -> String {
        let reopened = try h.deliver(ComplaintOpened(ticketId: id, complaintId: "CP-\(id)", severity: .high, reason: "leaks again"))
        XCTAssertEqual(Array(reopened.emitted.types.prefix(2)), ["ticket.reopened", "ticket.assigned"])
        let tech = try XCTUnwrap(reopened.emitted.payload(TicketAssigned.self)?.technicianId)
        try h.deliver(AssignmentAccepted(ticketId: id, technicianId: tech))
        XCTAssertTrue(try h.deliver(VisitStarted(ticketId: id, technicianId: tech)).emitted.types.contains("ticket.on-site"))
        return tech
    }

    // MARK: A chargeable diagnosis without usable amounts (the bug: the ticket could never be invoiced)

    func testAChargeableDiagnosisWithoutAmountsIsRefusedAndACorrectedOneCompletesAndInvoices() throws {
        let h = try DispatchHarness("dquotemissing")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(PartUpserted(partNumber: "P-1", name: "pump", unitPrice: 30, currency: cny, leadTimeDays: 3))
        try onSite(h, "TK-1")

        let missing = reason(try diagnose(h, "TK-1", quote: nil))
        XCTAssertEqual(missing, QuoteConsent.quoteRequiredReason + " (ticket TK-1)")
        XCTAssertTrue(missing.hasPrefix("quote: required for out-of-warranty chargeable work"), missing)
        XCTAssertEqual(try row(h, "TK-1").state, "on-site", "nothing changed: the technician is still on site")
        XCTAssertEqual(try row(h, "TK-1").quote, "none")
        XCTAssertTrue(reason(try h.deliver(QuoteApproved(ticketId: "TK-1"))).contains("TK-1"), "nothing was quoted to approve")

        // An incomplete quote is refused when decoded, naming the missing field.
        var incomplete = h.envelope(DiagnosisReported(ticketId: "TK-1", technicianId: "A", finding: "pump", parts: [],
                                                      quote: .init(labour: 100, parts: 0, currency: cny)))
        guard case .object(var data) = incomplete.data, case .object(var quote)? = data["quote"] else {
            return XCTFail("unexpected envelope shape")
        }
        quote["labour"] = nil
        data["quote"] = .object(quote)
        incomplete.data = .object(data)
        let noLabour = reason(try h.deliver(batch: [incomplete]))
        XCTAssertTrue(noLabour.contains("quote.labour"), noLabour)
        XCTAssertTrue(noLabour.contains("required"), noLabour)

        // Another currency, or parts above the quote: refused before the customer is asked.
        let usd = reason(try diagnose(h, "TK-1", quote: .init(labour: 100, parts: 0, currency: "USD")))
        XCTAssertTrue(usd.hasPrefix("quote.currency: USD, but invoices are in CNY"), usd)
        let over = reason(try diagnose(h, "TK-1", parts: [PartLine(partNumber: "P-1", quantity: 3)],
                                       quote: .init(labour: 50, parts: 30, currency: cny)))
        XCTAssertTrue(over.hasPrefix("quote: the parts listed cost 90.00 CNY at catalogue price, more than the quote of 80.00 CNY"),
                      over)
        XCTAssertEqual(try row(h, "TK-1").state, "on-site")
        XCTAssertEqual(try h.harness.allEmitted().payloads(TicketQuoted.self).count, 0, "the customer was never asked")

        // The corrected diagnosis is accepted, approved, completed and invoiced.
        let corrected = try diagnose(h, "TK-1", parts: [PartLine(partNumber: "P-1", quantity: 1)],
                                     quote: .init(labour: 200, parts: 30, currency: cny))
        XCTAssertEqual(corrected.emitted.types, ["ticket.diagnosed", "parts.requested", "ticket.quoted"])
        XCTAssertEqual(try h.deliver(QuoteApproved(ticketId: "TK-1")).result, .applied)
        let done = try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true,
                                               partsUsed: [PartLine(partNumber: "P-1", quantity: 1)]))
        XCTAssertEqual(done.emitted.types, ["ticket.completed", "ticket.invoiced", "parts.consumed"])
        let invoice = try XCTUnwrap(done.emitted.payload(TicketInvoiced.self))
        XCTAssertEqual(invoice.invoiceId, "INV-TK-1-1")
        XCTAssertTrue(invoice.chargeable)
        XCTAssertEqual(invoice.total, 230, "call-out 50 + labour 200 + part 30 = 280, capped at the approved 230")
        XCTAssertEqual(try row(h, "TK-1").state, "completed")
    }

    func testAQuoteKeptWithoutAmountsCannotBeApprovedAndANewDiagnosisRecoversIt() throws {
        // A ticket quoted before dispatch kept amounts (migration 6 left it `quoted`, no amounts).
        let h = try DispatchHarness("dquotelegacy")
        try h.deliver(H.technician("A", km: 1))
        try onSite(h, "TK-1")
        try diagnose(h, "TK-1", quote: .init(labour: 100, parts: 0, currency: cny))
        try h.db.execute("UPDATE tickets SET quote_labour = NULL, quote_parts = NULL, quote_currency = NULL WHERE ticket_id = 'TK-1'")
        XCTAssertEqual(reason(try h.deliver(QuoteApproved(ticketId: "TK-1"))), QuoteConsent.approvalWithoutAmountsReason + " (ticket TK-1)")
        XCTAssertEqual(try row(h, "TK-1").quote, "quoted", "still awaiting a usable quote")
        // The next visit's diagnosis quotes again; approved, the work is completed and invoiced.
        XCTAssertTrue(try h.deliver(VisitStarted(ticketId: "TK-1", technicianId: "A")).emitted.types.contains("ticket.on-site"))
        try diagnose(h, "TK-1", quote: .init(labour: 100, parts: 0, currency: cny))
        XCTAssertEqual(try h.deliver(QuoteApproved(ticketId: "TK-1")).result, .applied)
        let invoice = try XCTUnwrap(try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: []))
            .emitted.payload(TicketInvoiced.self))
        XCTAssertTrue(invoice.chargeable)
        XCTAssertEqual(invoice.total, 100)
    }

    func testFreeWorkNeedsNoQuoteAndAnUnknownWarrantyWithoutAPriceStaysFree() throws {
        let h = try DispatchHarness("dquotefree")
        try h.deliver(H.technician("A", km: 1))
        for (id, warranty) in [("TK-IN", WarrantyStatus.inWarranty), ("TK-RW", .repairWarranty), ("TK-UN", .unknown)] {
            try onSite(h, id, warranty: warranty)
            XCTAssertEqual(try diagnose(h, id, quote: nil).emitted.types, ["ticket.diagnosed"], id)
            let invoice = try XCTUnwrap(try h.deliver(WorkCompleted(ticketId: id, technicianId: "A", resolved: true, partsUsed: []))
                .emitted.payload(TicketInvoiced.self), id)
            XCTAssertFalse(invoice.chargeable, id)
        }
    }

    // MARK: Reopened tickets: the repair warranty

    func testARedoWithinTheRepairWarrantyIsFreeUnderTheNextInvoiceNumber() throws {
        let h = try DispatchHarness("drepairfree")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(H.technician("B", km: 2))
        try h.deliver(PartUpserted(partNumber: "P-1", name: "pump", unitPrice: 30, currency: cny, leadTimeDays: 3))
        try onSite(h, "TK-1")
        try diagnose(h, "TK-1", quote: .init(labour: 200, parts: 30, currency: cny))
        try h.deliver(QuoteApproved(ticketId: "TK-1"))
        let used = [PartLine(partNumber: "P-1", quantity: 1)]
        let first = try XCTUnwrap(try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: used))
            .emitted.payload(TicketInvoiced.self))
        XCTAssertEqual(first.invoiceId, "INV-TK-1-1")
        XCTAssertTrue(first.chargeable)
        XCTAssertEqual(first.total, 230)

        // The fault comes back 20 days later: within the 90-day repair warranty.
        h.now = h.now.addingTimeInterval(20 * 86_400)
        let tech = try reopenAndStart(h, "TK-1")
        XCTAssertEqual(try row(h, "TK-1").quote, "waived")
        XCTAssertNil(try row(h, "TK-1").labour, "the earlier repair's amounts are not carried over")
        // Nothing is asked, even when the technician sends a price; there is nothing to approve.
        XCTAssertEqual(try diagnose(h, "TK-1", tech: tech, quote: .init(labour: 999, parts: 0, currency: cny)).emitted.types,
                       ["ticket.diagnosed"], "a price on a free redo asks nothing")
        XCTAssertEqual(try row(h, "TK-1").quote, "waived")
        XCTAssertTrue(reason(try h.deliver(QuoteApproved(ticketId: "TK-1"))).contains("TK-1"))
        let redo = try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: tech, resolved: true, partsUsed: used))
        XCTAssertEqual(redo.emitted.types, ["ticket.completed", "ticket.invoiced", "parts.consumed"])
        let second = try XCTUnwrap(redo.emitted.payload(TicketInvoiced.self))
        XCTAssertEqual(second, TicketInvoiced(ticketId: "TK-1", invoiceId: "INV-TK-1-2", chargeable: false, lines: [
            TicketInvoiced.Line(kind: .callOut, quantity: 1, unitPrice: 50),
            TicketInvoiced.Line(kind: .labour, quantity: 1, unitPrice: 120),
            TicketInvoiced.Line(kind: .part, partNumber: "P-1", quantity: 1, unitPrice: 30),
        ], total: 0, currency: cny))
        let stored: Bool = try h.db.query("SELECT chargeable FROM invoices WHERE invoice_id = 'INV-TK-1-2'").first!.get("chargeable")
        XCTAssertFalse(stored)
        let paid = try h.deliver(PaymentRecorded(ticketId: "TK-1", invoiceId: "INV-TK-1-2", amount: 10, currency: cny, method: .cash))
        XCTAssertEqual(reason(paid), "invoice INV-TK-1-2 is not chargeable: nothing to pay")
    }

    func testAReopeningAfterTheRepairWarrantyIsNewWorkThatNeedsANewQuote() throws {
        let h = try DispatchHarness("drepairlate")
        try repairAfterApproval(h, labour: 200)
        try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: []))

        // Day 91 after the repair (Shanghai service days): the warranty of the repair is over.
        h.now = h.now.addingTimeInterval(91 * 86_400)
        let tech = try reopenAndStart(h, "TK-1")
        XCTAssertEqual(try row(h, "TK-1").quote, "none", "the approval of the earlier repair is not reused")
        let early = reason(try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: tech, resolved: true, partsUsed: [])))
        XCTAssertTrue(early.contains(QuoteConsent.notApprovedReason), early)
        XCTAssertEqual(reason(try diagnose(h, "TK-1", tech: tech, quote: nil)), QuoteConsent.quoteRequiredReason + " (ticket TK-1)")
        XCTAssertEqual(try diagnose(h, "TK-1", tech: tech, quote: .init(labour: 80, parts: 0, currency: cny)).emitted.types,
                       ["ticket.diagnosed", "ticket.quoted"])
        try h.deliver(QuoteApproved(ticketId: "TK-1"))
        let second = try XCTUnwrap(try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: tech, resolved: true, partsUsed: []))
            .emitted.payload(TicketInvoiced.self))
        XCTAssertEqual(second.invoiceId, "INV-TK-1-2")
        XCTAssertTrue(second.chargeable)
        XCTAssertEqual(second.total, 80)
    }

    func testTheLastDayOfTheRepairWarrantyIsCoveredAndARemoteResolutionStartsNone() throws {
        let h = try DispatchHarness("drepairedge")
        try repairAfterApproval(h, labour: 100)
        // Completed at 10:00 in Shanghai (02:00Z) on 22 November; reopened on 20 February at 23:30 Shanghai time.
        try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: []))
        h.now = Timestamp.parse("2027-02-20T15:30:00Z")!
        let tech = try reopenAndStart(h, "TK-1")
        XCTAssertEqual(try row(h, "TK-1").quote, "waived", "day 90 in the region's zone is still covered")
        // Out of warranty, yet the free redo's diagnosis needs no quote.
        XCTAssertEqual(try diagnose(h, "TK-1", tech: tech, quote: nil).emitted.types, ["ticket.diagnosed"])
        let redo = try XCTUnwrap(try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: tech, resolved: true, partsUsed: []))
            .emitted.payload(TicketInvoiced.self))
        XCTAssertEqual(redo.invoiceId, "INV-TK-1-2")
        XCTAssertFalse(redo.chargeable)

        // A remote resolution repaired nothing: the technician sent after the complaint needs a quote.
        var ticket = TicketRow(opened: H.ticket("TK-R", warranty: .outOfWarranty), now: h.now)
        ticket.state = .completed
        var fold = BatchFold(settings: DispatchSettings(), now: h.now, pool: CandidatePool(limit: 8, radiusKm: 50),
                             tickets: [ticket.ticketId: ticket])
        fold.reopenQuote(&ticket, lastTechnician: nil)
        XCTAssertEqual(ticket.money.quote, QuoteStatus.none)
        fold.reopenQuote(&ticket, lastTechnician: "A")
        XCTAssertEqual(ticket.money.quote, .waived, "completed before invoices were kept: the day is unknown, nothing is charged")
    }
}
