import DispatchService
import Foundation
import InventoryService
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Money through the real broker (DESIGN.md "Money"): the warehouse system's catalogue price
/// reaches dispatch and inventory each on its own database through `aftersales.stock`; an
/// out-of-warranty repair is quoted, approved, completed, invoiced at that price within the
/// quote, and paid in two parts; a completion before the customer's approval is
/// dead-lettered with the consent reason.
final class MoneyFlowTests: XCTestCase {
    private let home = GeoPoint(lat: 31.23, lon: 121.47)

    private func ticket(_ id: String) -> TicketOpened {
        let now = Date()
        return TicketOpened(ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .app, customerId: "C-\(id)",
                            region: "shanghai", location: home, product: .init(sku: "SKU-RF", category: .refrigerator, model: "RF"),
                            warranty: .init(status: .outOfWarranty), fault: .init(category: .hardware, safetyHazard: false),
                            priority: .normal, sla: .init(respondBy: now.addingTimeInterval(3600),
                                                          onSiteBy: now.addingTimeInterval(7200),
                                                          resolveBy: now.addingTimeInterval(86_400)))
    }

    func testQuoteApprovalCompletionInvoiceAndPaymentThroughTheBroker() async throws {
        let prefix = uniqueTopicPrefix("money")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .parts, .deadLetters])
        func config(_ service: String) throws -> ServiceConfig {
            testServiceConfig(service: service, databaseURL: try makeTestDatabase(service), topicPrefix: prefix)
        }
        let dispatchConfig = try config("dispatch")
        let inventoryConfig = try config("inventory")
        let runners = [
            ServiceRunner(config: dispatchConfig, migrations: DispatchMigrations.all,
                          handler: try DispatchHandler(config: dispatchConfig)),
            ServiceRunner(config: inventoryConfig, migrations: InventoryMigrations.all,
                          handler: try InventoryHandler(config: inventoryConfig)),
        ]
        for runner in runners { runner.start() }
        let dispatchDB = try PGConnection(url: dispatchConfig.databaseURL)
        defer { dispatchDB.close() }

        // Master data: the technician, the warehouse system's catalogue and stock.
        try probe.send(TechnicianUpserted(technicianId: "T-1", name: "Li", skills: ["refrigerator"], region: "shanghai",
                                          location: GeoPoint(lat: 31.24, lon: 121.47), dailyCapacity: 5, active: true))
        try probe.send(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: GeoPoint(lat: 31.2, lon: 121.5)))
        try probe.send(PartUpserted(partNumber: "P-COMP", name: "compressor", unitPrice: 860, currency: "CNY", leadTimeDays: 5))
        try probe.send(StockReceived(partNumber: "P-COMP", warehouseId: "WH-SH", quantity: 4))
        eventually(timeout: 60, "dispatch holds the technician and its own copy of the price") {
            let technicians: Int = try dispatchDB.query("SELECT count(*)::bigint AS n FROM technicians").first?.get("n") ?? 0
            let price: Double? = try dispatchDB.query("SELECT unit_price FROM part_prices WHERE part_number = 'P-COMP'")
                .first?.get("unit_price")
            return technicians == 1 && price == 860
        }

        /// Waits for an event of `type` about `ticketId`.
        func waitFor(_ type: EventType, _ ticketId: String) throws -> Envelope {
            func match(_ seen: [Envelope]) -> Envelope? {
                seen.first { $0.type == type.rawValue && $0.data["ticketId"]?.stringValue == ticketId }
            }
            return try XCTUnwrap(match(try probe.collect(timeout: 60) { match($0) != nil }),
                                 "no \(type.rawValue) for \(ticketId); dead letters: \(probe.payloads(MessageDeadLettered.self).map(\.reason))")
        }

        let used = [PartLine(partNumber: "P-COMP", quantity: 1)]
        let quote = DiagnosisReported.Quote(labour: 200, parts: 860, currency: "CNY")
        for id in ["TK-PAY", "TK-EARLY"] {
            try probe.send(ticket(id))
            XCTAssertEqual(try waitFor(.ticketAssigned, id).payload(as: TicketAssigned.self).technicianId, "T-1")
            try probe.send(AssignmentAccepted(ticketId: id, technicianId: "T-1"))
            try probe.send(VisitStarted(ticketId: id, technicianId: "T-1"))
            try probe.send(DiagnosisReported(ticketId: id, technicianId: "T-1", finding: "compressor failed", parts: used,
                                             quote: quote))
            _ = try waitFor(.ticketQuoted, id)
            _ = try waitFor(.partsReserved, id)
        }

        // Completed before the customer approved: dead-lettered, nothing invoiced.
        try probe.send(WorkCompleted(ticketId: "TK-EARLY", technicianId: "T-1", resolved: true, partsUsed: used))
        let letter = try XCTUnwrap(try probe.collect(timeout: 60) { $0.contains { $0.type == "message.dead-lettered" } }
            .first { $0.type == "message.dead-lettered" }?.payload(as: MessageDeadLettered.self))
        XCTAssertEqual(letter.key, "TK-EARLY")
        XCTAssertTrue(letter.reason.contains(QuoteConsent.notApprovedReason), letter.reason)

        // Approved, completed, invoiced at the catalogue price within the quote, paid in two parts.
        try probe.send(QuoteApproved(ticketId: "TK-PAY"))
        try probe.send(WorkCompleted(ticketId: "TK-PAY", technicianId: "T-1", resolved: true, partsUsed: used,
                                     signedOffBy: "customer"))
        _ = try waitFor(.ticketCompleted, "TK-PAY")
        let invoice = try waitFor(.ticketInvoiced, "TK-PAY").payload(as: TicketInvoiced.self)
        XCTAssertEqual(invoice.invoiceId, "INV-TK-PAY-1")
        XCTAssertTrue(invoice.chargeable)
        XCTAssertEqual(invoice.lines.map(\.kind), [.callOut, .labour, .part])
        XCTAssertEqual(invoice.lines.map(\.amount), [50, 150, 860], "labour lowered by the call-out to stay within 1,060")
        XCTAssertEqual(invoice.total, 1_060)
        try probe.send(PaymentRecorded(ticketId: "TK-PAY", invoiceId: invoice.invoiceId, amount: 500, currency: "CNY",
                                       method: .wechatPay))
        try probe.send(PaymentRecorded(ticketId: "TK-PAY", invoiceId: invoice.invoiceId, amount: 560, currency: "CNY",
                                       method: .cash))
        let paid = try waitFor(.ticketPaid, "TK-PAY").payload(as: TicketPaid.self)
        XCTAssertEqual(paid, TicketPaid(ticketId: "TK-PAY", invoiceId: "INV-TK-PAY-1", amount: 1_060, currency: "CNY"))

        XCTAssertEqual(probe.envelopes(.ticketInvoiced).count, 1, "only the accepted completion was invoiced")
        XCTAssertEqual(probe.payloads(MessageDeadLettered.self).map(\.key), ["TK-EARLY"], "nothing else was dead-lettered")
        for runner in runners { _ = await runner.stop() }
    }
}
