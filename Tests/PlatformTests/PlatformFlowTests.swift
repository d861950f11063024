import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// The five services together, through the real broker and five databases: one request
/// travels from the contact centre to the customer's satisfied survey and the ticket's
/// closing, with parts reserved and consumed, and KPIs published on the way.
final class PlatformFlowTests: XCTestCase {
    func testARequestTravelsTheWholeLoop() async throws {
        let prefix = uniqueTopicPrefix("platform")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.rejections, .tickets, .parts, .inventory, .surveys, .alerts, .kpis, .deadLetters])
        let services = try PlatformServices.start(topicPrefix: prefix)

        // Master data, as HR, the warehouse system and the ERP would send it.
        try probe.send(TechnicianUpserted(technicianId: "T-NEAR", name: "Near", skills: ["refrigerator"], region: "shanghai",
                                          location: GeoPoint(lat: 31.23, lon: 121.48), dailyCapacity: 5, active: true))
        try probe.send(TechnicianUpserted(technicianId: "T-FAR", name: "Far", skills: ["refrigerator"], region: "shanghai",
                                          location: GeoPoint(lat: 31.40, lon: 121.20), dailyCapacity: 5, active: true))
        try probe.send(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: GeoPoint(lat: 31.2, lon: 121.5)))
        try probe.send(PartUpserted(partNumber: "P-COMP", name: "compressor", unitPrice: 860, currency: "CNY", leadTimeDays: 5))
        try probe.send(StockReceived(partNumber: "P-COMP", warehouseId: "WH-SH", quantity: 4))
        // Master data travels on other topics than the request: wait until dispatch and inventory hold it.
        let dispatchDB = try PGConnection(url: services.dispatch.databaseURL)
        let inventoryDB = try PGConnection(url: services.inventory.databaseURL)
        defer { dispatchDB.close(); inventoryDB.close() }
        let masterDataBy = Date().addingTimeInterval(60)
        while Date() < masterDataBy {
            let technicians: Int = (try? dispatchDB.query("SELECT count(*)::bigint AS n FROM technicians").first?.get("n")) ?? 0
            let stock: Int = (try? inventoryDB.query("SELECT coalesce(sum(on_hand), 0)::bigint AS n FROM stock").first?.get("n")) ?? 0
            if technicians == 2 && stock == 4 { break }
            try await Task.sleep(for: .milliseconds(100))
        }

        let today = Timestamp.format(Date()).prefix(10)
        let purchase = String(today.prefix(4)) + "-01-02"
        try probe.send(RequestSubmitted(
            requestId: "REQ-FLOW-1", channel: "crm", kind: "repair",
            customer: .init(id: "C-FLOW", name: "王芳", phone: "13800138000", address: "上海市徐汇区中山路1号", region: "shanghai",
                            location: GeoPoint(lat: 31.22, lon: 121.47)),
            product: .init(sku: "SKU-RF", category: "refrigerator", model: "RF-FLOW", serialNumber: "SN-FLOW", purchaseDate: purchase),
            description: "冰箱不制冷"), correlationId: "REQ-FLOW-1")

        let opened = try XCTUnwrap(try probe.collect(.ticketOpened, count: 1).first?.payload(as: TicketOpened.self))
        let ticketId = opened.ticketId
        let assigned = try XCTUnwrap(try probe.collect(.ticketAssigned, count: 1, timeout: 30).first?.payload(as: TicketAssigned.self),
                                     "seen: \(probe.seen.map(\.type)) \(probe.payloads(MessageDeadLettered.self).map(\.reason))")
        XCTAssertEqual(assigned.technicianId, "T-NEAR", "the nearest qualified technician")

        try probe.send(AssignmentAccepted(ticketId: ticketId, technicianId: "T-NEAR"))
        try probe.collect(.ticketAccepted, count: 1)
        try probe.send(VisitScheduled(ticketId: ticketId, technicianId: "T-NEAR", scheduledFor: Date().addingTimeInterval(3600)))
        try probe.collect(.ticketScheduled, count: 1)
        try probe.send(VisitStarted(ticketId: ticketId, technicianId: "T-NEAR"))
        try probe.collect(.ticketOnSite, count: 1)
        try probe.send(DiagnosisReported(ticketId: ticketId, technicianId: "T-NEAR", finding: "compressor failed",
                                         parts: [PartLine(partNumber: "P-COMP", quantity: 1)]))
        let reserved = try XCTUnwrap(try probe.collect(.partsReserved, count: 1).first?.payload(as: PartsReserved.self))
        XCTAssertEqual(reserved.lines.first?.warehouseId, "WH-SH")
        try probe.send(WorkCompleted(ticketId: ticketId, technicianId: "T-NEAR", resolved: true,
                                     partsUsed: [PartLine(partNumber: "P-COMP", quantity: 1)], signedOffBy: "customer"))
        let completed = try XCTUnwrap(try probe.collect(.ticketCompleted, count: 1).first?.payload(as: TicketCompleted.self))
        XCTAssertTrue(completed.firstTimeFix)
        try probe.collect(.partsConsumed, count: 1)

        let requested = try XCTUnwrap(try probe.collect(.surveyRequested, count: 1, timeout: 60).first?.payload(as: SurveyRequested.self))
        XCTAssertEqual(requested.customerId, "C-FLOW")
        try probe.send(SurveyAnswered(ticketId: ticketId, scores: SurveyScores(attitude: 5, efficiency: 5, quality: 4), resolved: true))
        try probe.collect(.surveyCompleted, count: 1)
        let closed = try XCTUnwrap(try probe.collect(.ticketClosed, count: 1).first?.payload(as: TicketClosed.self))
        XCTAssertEqual(closed.reason, "survey-satisfied")
        // KPIs are eventually consistent: wait for a snapshot taken after alerting saw the ticket.
        func countsTheTicket(_ envelope: Envelope) -> Bool {
            envelope.type == EventType.kpiSnapshot.rawValue && (envelope.data["figures"]?["tickets.opened"]?.doubleValue ?? 0) >= 1
        }
        let seen = try probe.collect(timeout: 30) { $0.contains(where: countsTheTicket) }
        XCTAssertTrue(seen.contains(where: countsTheTicket),
                      "KPIs count the ticket; dead letters: \(probe.payloads(MessageDeadLettered.self).map(\.reason))")

        // The story's start carries the request's correlation id.
        let story = probe.seen.filter { ["ticket.opened", "ticket.assigned"].contains($0.type) }
        XCTAssertFalse(story.isEmpty)
        XCTAssertTrue(story.allSatisfy { $0.correlationId == "REQ-FLOW-1" }, story.map { "\($0.type): \($0.correlationId ?? "nil")" }.joined(separator: ", "))
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty, "nothing was dead-lettered: \(probe.payloads(MessageDeadLettered.self).map(\.reason))")
        await services.stop()
    }
}
