import AlertingService
import DispatchService
import Foundation
import InventoryService
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Issue 15 through the real broker and PostgreSQL (DESIGN.md "Money", "Authorised service
/// network"): a free in-warranty repair invoiced at catalogue value; a breached commitment
/// compensated exactly once across a restart and a replay; a provider's monthly settlement
/// with settleable and held-back visits. Alerting runs on a manual clock.
final class MoneyNetworkFlowTests: XCTestCase {
    private typealias F = FlowFixtures
    private let hour: TimeInterval = 3_600

    // MARK: In-warranty invoice (dispatch + inventory)

    func testInWarrantyRepairWithPartsIsInvoicedAtZeroWithLinesAtCatalogueValue() async throws {
        let prefix = uniqueTopicPrefix("freeinvoice")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .parts, .deadLetters])
        func config(_ service: String) throws -> ServiceConfig {
            testServiceConfig(service: service, databaseURL: try makeTestDatabase(service), topicPrefix: prefix)
        }
        let dispatchConfig = try config("dispatch")
        let inventoryConfig = try config("inventory")
        let runners = [
            ServiceRunner(config: dispatchConfig, migrations: DispatchMigrations.all, handler: try DispatchHandler(config: dispatchConfig)),
            ServiceRunner(config: inventoryConfig, migrations: InventoryMigrations.all,
                          handler: try InventoryHandler(config: inventoryConfig)),
        ]
        for runner in runners { runner.start() }
        let dispatchDB = try PGConnection(url: dispatchConfig.databaseURL)
        defer { dispatchDB.close() }

        // The catalogue: the pump is re-priced before the repair; the invoice takes the latest price.
        try probe.send(F.technician("T-1", providerId: nil, skills: ["refrigerator"]))
        try probe.send(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: GeoPoint(lat: 31.2, lon: 121.5)))
        try probe.send(PartUpserted(partNumber: "P-PUMP", name: "drain pump", unitPrice: 30, currency: "CNY", leadTimeDays: 3))
        try probe.send(PartUpserted(partNumber: "P-BOARD", name: "control board", unitPrice: 212.4, currency: "CNY", leadTimeDays: 5))
        try probe.send(PartUpserted(partNumber: "P-PUMP", name: "drain pump", unitPrice: 35.5, currency: "CNY", leadTimeDays: 3))
        // Master data and stock are keyed differently (other partitions): the stock waits for
        // inventory to know the warehouse and the parts, or it is dead-lettered as unknown.
        let inventoryDB = try PGConnection(url: inventoryConfig.databaseURL)
        defer { inventoryDB.close() }
        eventually(timeout: 60, "inventory knows the warehouse and both parts") {
            try F.count(inventoryDB, "SELECT count(*)::bigint AS n FROM warehouses") == 1
                && (try F.count(inventoryDB, "SELECT count(*)::bigint AS n FROM parts")) == 2
        }
        try probe.send(StockReceived(partNumber: "P-PUMP", warehouseId: "WH-SH", quantity: 5))
        try probe.send(StockReceived(partNumber: "P-BOARD", warehouseId: "WH-SH", quantity: 2))
        eventually(timeout: 60, "dispatch holds the technician and the latest prices") {
            let prices = Dictionary(uniqueKeysWithValues: try dispatchDB.query("SELECT part_number, unit_price FROM part_prices").map {
                (try $0.get("part_number") as String, try $0.get("unit_price") as Double)
            })
            return try F.count(dispatchDB, "SELECT count(*)::bigint AS n FROM technicians") == 1
                && prices == ["P-PUMP": 35.5, "P-BOARD": 212.4]
        }

        func waitFor(_ type: EventType, _ ticketId: String) throws -> Envelope {
            func match(_ seen: [Envelope]) -> Envelope? {
                seen.first { $0.type == type.rawValue && $0.data["ticketId"]?.stringValue == ticketId }
            }
            return try XCTUnwrap(match(try probe.collect(timeout: 60) { match($0) != nil }),
                                 "no \(type.rawValue); dead letters: \(probe.payloads(MessageDeadLettered.self).map(\.reason))")
        }

        let id = "TK-FREE"
        let used = [PartLine(partNumber: "P-PUMP", quantity: 2), PartLine(partNumber: "P-BOARD", quantity: 1)]
        try probe.send(F.ticket(id, category: .refrigerator, warranty: .inWarranty, priority: .normal, at: Date()))
        XCTAssertEqual(try waitFor(.ticketAssigned, id).payload(as: TicketAssigned.self).technicianId, "T-1")
        try probe.send(AssignmentAccepted(ticketId: id, technicianId: "T-1"))
        try probe.send(VisitStarted(ticketId: id, technicianId: "T-1"))
        try probe.send(DiagnosisReported(ticketId: id, technicianId: "T-1", finding: "pump and board failed", parts: used))
        let reserved = try waitFor(.partsReserved, id).payload(as: PartsReserved.self)
        XCTAssertEqual(Set(reserved.lines.map(\.partNumber)), ["P-PUMP", "P-BOARD"], "inventory reserved both parts")
        // In warranty: no quote is needed before the work.
        try probe.send(WorkCompleted(ticketId: id, technicianId: "T-1", resolved: true, partsUsed: used, signedOffBy: "customer"))

        let completed = try waitFor(.ticketCompleted, id).payload(as: TicketCompleted.self)
        XCTAssertEqual(completed.partsUsed, used)
        let invoice = try waitFor(.ticketInvoiced, id).payload(as: TicketInvoiced.self)
        XCTAssertEqual(invoice.invoiceId, "INV-TK-FREE-1")
        XCTAssertFalse(invoice.chargeable, "in warranty: nothing to charge")
        XCTAssertEqual(invoice.total, 0)
        XCTAssertEqual(invoice.currency, "CNY")
        XCTAssertEqual(invoice.lines, [
            TicketInvoiced.Line(kind: .callOut, quantity: 1, unitPrice: 50),
            TicketInvoiced.Line(kind: .labour, quantity: 1, unitPrice: 120),
            TicketInvoiced.Line(kind: .part, partNumber: "P-PUMP", quantity: 2, unitPrice: 35.5),
            TicketInvoiced.Line(kind: .part, partNumber: "P-BOARD", quantity: 1, unitPrice: 212.4),
        ], "lines at catalogue value, the pump at its latest price")
        XCTAssertEqual(invoice.lines.map(\.amount), [50, 120, 71, 212.4])
        XCTAssertTrue(invoice.validate().isEmpty)

        // Nothing to pay: a payment against it is dead-lettered with the reason.
        try probe.send(PaymentRecorded(ticketId: id, invoiceId: invoice.invoiceId, amount: 10, currency: "CNY", method: .cash))
        let letter = try XCTUnwrap(try probe.collect(timeout: 60) { $0.contains { $0.type == "message.dead-lettered" } }
            .first { $0.type == "message.dead-lettered" }?.payload(as: MessageDeadLettered.self))
        XCTAssertTrue(letter.reason.contains("is not chargeable: nothing to pay"), letter.reason)
        XCTAssertTrue(probe.envelopes(.ticketPaid).isEmpty)
        XCTAssertEqual(probe.envelopes(.ticketInvoiced).count, 1)
        for runner in runners { _ = await runner.stop() }
    }

    // MARK: Compensation once per ticket (alerting, restart, replay)

    func testABreachedCommitmentIsCompensatedOnceAcrossRestartAndReplay() async throws {
        let start = F.utc("2026-11-28T12:00:00Z")
        let prefix = uniqueTopicPrefix("compensation")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.alerts, .deadLetters])
        let clock = ManualClock(start)
        let config = testServiceConfig(service: "alerting", databaseURL: try makeTestDatabase("alertcomp"), topicPrefix: prefix,
                                       overrides: ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "864000"])
        var runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config),
                                   clock: clock)
        runner.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }

        func grants(_ ticketId: String) -> [CompensationGranted] {
            probe.payloads(CompensationGranted.self).filter { $0.ticketId == ticketId }
        }
        func breached(_ subject: String) -> ([Envelope]) -> Bool {
            { seen in seen.contains { $0.type == "alert.raised" && $0.data["rule"]?.stringValue == "sla-breached"
                && $0.data["subject"]?.stringValue == subject } }
        }
        func outboxGrants() throws -> Int {
            try F.count(db, "SELECT count(*)::bigint AS n FROM outbox WHERE value::jsonb ->> 'type' = 'compensation.granted'")
        }

        // TK-LATE (high) is never visited: on site breached at 24 h, resolve at 48 h.
        // TK-SLOW (emergency) is visited in time but not resolved within 48 h.
        let opened = try probe.send(F.ticket("TK-LATE", priority: .high, at: start), occurredAt: start)
        try probe.send(F.ticket("TK-SLOW", priority: .emergency, at: start), occurredAt: start)
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM ticket_facts", 2)
        clock.advance(by: 2 * hour)
        try probe.send(TicketOnSite(ticketId: "TK-SLOW", technicianId: "T-1"), occurredAt: clock.now())
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM deadline_timers WHERE key = 'TK-SLOW:on-site'", 0)

        clock.advance(by: 22 * hour + 1)
        F.waitFor(probe, "one grant for the on-site breach of TK-LATE") { _ in !grants("TK-LATE").isEmpty }
        XCTAssertEqual(grants("TK-LATE"), [CompensationGranted(ticketId: "TK-LATE", customerId: "C-TK-LATE", kind: .voucher,
                                                               amount: 100, currency: "CNY", reason: "on-site-breached")])
        XCTAssertEqual(F.keys(probe, .compensationGranted), ["TK-LATE"], "keyed by the ticket")
        XCTAssertTrue(grants("TK-SLOW").isEmpty, "TK-SLOW's on-site clock was met")

        // Restart: a new instance on the same database and consumer group; past the resolve deadline.
        await runner.stop()
        runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config),
                               clock: clock)
        runner.start()
        clock.advance(by: 24 * hour)
        F.waitFor(probe, "the resolve breaches after the restart") { seen in
            breached("TK-LATE:resolve")(seen) && breached("TK-SLOW:resolve")(seen) && !grants("TK-SLOW").isEmpty
        }
        XCTAssertEqual(grants("TK-SLOW"), [CompensationGranted(ticketId: "TK-SLOW", customerId: "C-TK-SLOW", kind: .voucher,
                                                               amount: 200, currency: "CNY", reason: "resolve-breached")])
        XCTAssertEqual(try outboxGrants(), 2, "TK-LATE's resolve breach granted nothing more")
        await runner.stop()

        // Replay: a new consumer group re-reads everything from the start; TK-LATE's opening is
        // sent again under a new event id; the clock passes every escalation.
        var replay = config
        replay.groupId = config.groupId + "-replay"
        runner = ServiceRunner(config: replay, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: replay),
                               clock: clock)
        runner.start()
        try probe.sendRaw(topic: .tickets, key: "TK-LATE", value: Array(opened.encoded()))
        let again = try probe.send(F.ticket("TK-LATE", priority: .high, at: start), occurredAt: start)
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM inbox WHERE event_id = \(again.id)", 1)
        eventually(timeout: 45, "the replay re-read the earlier events") { runner.metrics.duplicates >= 3 }
        clock.advance(by: 30 * hour)
        F.waitFor(probe, "the resolve breaches escalated") { seen in
            seen.filter { $0.type == "alert.escalated" && $0.data["subject"]?.stringValue?.hasSuffix(":resolve") == true }.count >= 2
        }
        try probe.settle(seconds: 2)
        await runner.stop()

        XCTAssertEqual(grants("TK-LATE").count, 1, "exactly one grant per ticket")
        XCTAssertEqual(grants("TK-SLOW").count, 1)
        XCTAssertEqual(try outboxGrants(), 2, "nothing granted again, even unpublished")
        XCTAssertEqual(try F.count(db, "SELECT count(*)::bigint AS n FROM compensation_grants"), 2)
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty, "\(probe.payloads(MessageDeadLettered.self).map(\.reason))")
    }

    // MARK: Monthly settlement (alerting)

    func testMonthEndStatementsSettleEvidencedVisitsAndHoldBackTheRest() async throws {
        let start = F.utc("2026-11-20T04:00:00Z")   // noon in Shanghai
        let prefix = uniqueTopicPrefix("settlement")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.kpis, .deadLetters])
        let clock = ManualClock(start)
        let config = testServiceConfig(service: "alerting", databaseURL: try makeTestDatabase("alertsettle"), topicPrefix: prefix,
                                       overrides: ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "8640000"])
        let runner = ServiceRunner(config: config, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: config),
                                   clock: clock)
        runner.start()
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }

        // The network: SP-A at 80 CNY a visit, SP-B at 65.50, and the brand's own technician.
        try probe.send(ProviderUpserted(providerId: "SP-A", name: "Alpha Service", regions: ["shanghai"], active: true,
                                        rates: .init(visit: 80, currency: "CNY")))
        try probe.send(ProviderUpserted(providerId: "SP-B", name: "Beta Service", regions: ["shanghai"], active: true,
                                        rates: .init(visit: 65.5, currency: "CNY")))
        for (technician, provider) in [("T-A", "SP-A"), ("T-B", "SP-B"), ("T-OWN", nil)] as [(String, String?)] {
            try probe.send(F.technician(technician, providerId: provider))
        }
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM provider_rates", 2)
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM technician_providers", 3)

        let signature = WorkCompleted.Signature(signedBy: "customer", signedAt: start)
        let part = [PartLine(partNumber: "P-1", quantity: 1)]
        let full = WorkCompleted.Evidence(photos: ["https://img.example/1.jpg"], oldPartSerials: ["OLD-1"], newPartSerials: ["NEW-1"],
                                          signature: signature)
        // (ticket, technician, parts, evidence (nil: no work.completed at all), completion time)
        let visits: [(String, String, [PartLine], WorkCompleted.Evidence?, Date)] = [
            ("TK-A1", "T-A", part, full, start.addingTimeInterval(1 * hour)),                                     // settleable
            ("TK-A2", "T-A", [], .init(signature: signature), start.addingTimeInterval(2 * hour)),                 // settleable
            ("TK-A3", "T-A", part, .init(photos: ["https://img.example/3.jpg"], signature: signature),
             start.addingTimeInterval(3 * hour)),                                                                  // no serials
            ("TK-A4", "T-A", [], .init(photos: ["https://img.example/4.jpg"]), start.addingTimeInterval(4 * hour)), // no signature
            ("TK-A5", "T-A", [], nil, start.addingTimeInterval(5 * hour)),                                           // no evidence
            ("TK-A6", "T-A", [], .init(signature: signature), F.utc("2026-11-30T16:30:00Z")),   // 00:30 on 1 December in Shanghai
            ("TK-B1", "T-B", part, full, start.addingTimeInterval(6 * hour)),
            ("TK-B2", "T-B", part, .init(oldPartSerials: ["OLD-2"], newPartSerials: ["NEW-2"]), start.addingTimeInterval(7 * hour)),
            ("TK-O1", "T-OWN", [], .init(signature: signature), start.addingTimeInterval(8 * hour)),               // own staff
        ]
        for id in visits.map(\.0) + ["TK-B3"] { try probe.send(F.ticket(id, at: start), occurredAt: start) }
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM ticket_facts", visits.count + 1)
        for visit in visits {
            if let evidence = visit.3 {
                try probe.send(WorkCompleted(ticketId: visit.0, technicianId: visit.1, resolved: true, partsUsed: visit.2,
                                             evidence: evidence), occurredAt: visit.4)
            }
        }
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM work_evidence", visits.count(where: { $0.3 != nil }))
        for visit in visits {
            try probe.send(TicketCompleted(ticketId: visit.0, technicianId: visit.1, resolved: true, firstTimeFix: true,
                                           partsUsed: visit.2, visit: 1), occurredAt: visit.4)
        }
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM settlement_visits", 8)
        // A lagging consumer: TK-B3's completion is applied before the work.completed that caused it
        // (other topic); TK-A4's evidence is resent complete after its completion (too late to count).
        let b3Done = start.addingTimeInterval(9 * hour)
        try probe.send(TicketCompleted(ticketId: "TK-B3", technicianId: "T-B", resolved: true, firstTimeFix: true, partsUsed: part,
                                       visit: 1), occurredAt: b3Done)
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM settlement_visits", 9)
        try probe.send(WorkCompleted(ticketId: "TK-B3", technicianId: "T-B", resolved: true, partsUsed: part, evidence: full),
                       occurredAt: b3Done.addingTimeInterval(-120))
        try probe.send(WorkCompleted(ticketId: "TK-A4", technicianId: "T-A", resolved: true, partsUsed: [], evidence: full),
                       occurredAt: start.addingTimeInterval(10 * hour))
        F.waitForRows(db, "SELECT count(*)::bigint AS n FROM work_evidence WHERE status = 'settleable' AND ticket_id IN ('TK-B3', 'TK-A4')", 2)

        // Month end in Shanghai (00:00 on 1 December = 16:00 UTC on 30 November).
        clock.advance(by: F.utc("2026-11-30T16:00:01Z").timeIntervalSince(start))
        F.waitFor(probe, "November's statements") { seen in seen.filter { $0.type == "settlement.statement" }.count >= 2 }
        try probe.settle(seconds: 1)
        let november = probe.payloads(SettlementStatement.self)
        // Keyed by provider, so the two may arrive in either order (different partitions).
        XCTAssertEqual(november.map(\.providerId).sorted(), ["SP-A", "SP-B"], "one per provider, own staff never settled")
        let alpha = try XCTUnwrap(november.first { $0.providerId == "SP-A" })
        XCTAssertEqual(alpha.period, "2026-11")
        XCTAssertEqual(alpha.visits, 5, "TK-A6 is December's in Shanghai")
        XCTAssertEqual(alpha.settleable, 2)
        XCTAssertEqual(alpha.heldBack, 3)
        XCTAssertEqual(alpha.amount, 160)
        XCTAssertEqual(alpha.currency, "CNY")
        XCTAssertEqual(alpha.lines, [
            .init(ticketId: "TK-A1", amount: 80, status: .settleable),
            .init(ticketId: "TK-A2", amount: 80, status: .settleable),
            .init(ticketId: "TK-A3", amount: 0, status: .evidenceMissing),
            .init(ticketId: "TK-A4", amount: 0, status: .evidenceMissing),   // completed evidence resent afterwards
            .init(ticketId: "TK-A5", amount: 0, status: .evidenceMissing),
        ])
        let beta = try XCTUnwrap(november.first { $0.providerId == "SP-B" })
        XCTAssertEqual([beta.visits, beta.settleable, beta.heldBack], [3, 2, 1])
        XCTAssertEqual(beta.amount, 131)
        XCTAssertEqual(beta.lines.map(\.ticketId), ["TK-B1", "TK-B2", "TK-B3"])
        XCTAssertEqual(beta.lines.map(\.status), [.settleable, .evidenceMissing, .settleable],
                       "TK-B2 has serials but no signature; TK-B3's evidence was sent before its completion")
        for statement in november {
            XCTAssertEqual(Money.cents(statement.amount), statement.lines.compactMap { Money.cents($0.amount) }.reduce(0, +),
                           "\(statement.providerId): amount = sum of its lines")
            XCTAssertEqual(statement.settleable + statement.heldBack, statement.visits)
            XCTAssertTrue(statement.validate().isEmpty)
        }
        XCTAssertEqual(Set(F.keys(probe, .settlementStatement)), ["SP-A", "SP-B"], "keyed by the provider")

        // The next month end publishes December: TK-A6 alone.
        clock.advance(by: F.utc("2026-12-31T16:00:01Z").timeIntervalSince(clock.now()))
        F.waitFor(probe, "December's statement") { seen in seen.filter { $0.type == "settlement.statement" }.count >= 3 }
        let december = try XCTUnwrap(probe.payloads(SettlementStatement.self).last)
        XCTAssertEqual(december, SettlementStatement(providerId: "SP-A", period: "2026-12", visits: 1, settleable: 1, heldBack: 0,
                                                     amount: 80, currency: "CNY",
                                                     lines: [.init(ticketId: "TK-A6", amount: 80, status: .settleable)]))
        await runner.stop()
        XCTAssertTrue(probe.envelopes(.messageDeadLettered).isEmpty, "\(probe.payloads(MessageDeadLettered.self).map(\.reason))")
    }
}
