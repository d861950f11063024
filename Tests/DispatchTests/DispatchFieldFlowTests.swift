import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// The field flow through the real broker and PostgreSQL, one path per test: the technician
/// app's events go to `aftersales.field` (and inventory's to `aftersales.parts`), dispatch's
/// answers are read back from `aftersales.tickets`.
final class DispatchFieldFlowTests: XCTestCase {
    /// One dispatch instance on its own database and topics, with a manual clock.
    private final class Stage {
        let probe: TopicProbe
        let runner: ServiceRunner
        let clock: ManualClock
        let db: PGConnection

        init(_ label: String, now: Date = Timestamp.parse("2026-11-22T02:00:00Z")!) throws {
            let databaseURL = try makeTestDatabase(label)
            let prefix = uniqueTopicPrefix(label)
            probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .parts, .deadLetters])
            clock = ManualClock(now)
            let config = testServiceConfig(service: "dispatch", databaseURL: databaseURL, topicPrefix: prefix)
            runner = ServiceRunner(config: config, migrations: DispatchMigrations.all,
                                   handler: DispatchHandler(settings: try DispatchSettings(config: config)), clock: clock)
            runner.start()
            db = try PGConnection(url: databaseURL)
        }

        deinit { db.close() }

        /// Sends the roster and waits until dispatch has it.
        func roster(_ technicians: [TechnicianUpserted]) throws {
            _ = try probe.sendAll(technicians)
            let ids = technicians.map(\.technicianId)
            eventually(timeout: 120, "the roster is in") {
                try db.query("SELECT count(*)::int AS n FROM technicians WHERE technician_id = ANY(\(ids)::text[])")
                    .first?.get("n", as: Int.self) == Set(ids).count
            }
        }

        /// Waits for `count` events of `type` about `ticketId`; returns those so far.
        @discardableResult
        func waitFor(_ type: EventType, _ ticketId: String, count: Int = 1) throws -> [Envelope] {
            func matching(_ seen: [Envelope]) -> [Envelope] {
                seen.filter { $0.type == type.rawValue && $0.data["ticketId"]?.stringValue == ticketId }
            }
            return matching(try probe.collect(timeout: 120) { matching($0).count >= count })
        }

        /// What dispatch published about `ticketId` on `aftersales.tickets` so far, in order.
        func story(_ ticketId: String) -> [String] {
            probe.seen.filter {
                $0.source == "dispatch" && $0.type.hasPrefix("ticket.") && $0.data["ticketId"]?.stringValue == ticketId
            }.map(\.type)
        }

        func payloads<P: EventPayload>(_ type: P.Type, _ ticketId: String) -> [P] {
            probe.seen.filter { $0.type == P.eventType.rawValue && $0.data["ticketId"]?.stringValue == ticketId }
                .compactMap { try? $0.payload(as: P.self) }
        }

        func stop() async { await runner.stop() }
    }

    private let home = GeoPoint(lat: 31.2304, lon: 121.4737)

    private func technician(_ id: String, km: Double, skills: [String] = ["refrigerator"], active: Bool = true,
                            certifications: [TechnicianUpserted.Certification]? = nil) -> TechnicianUpserted {
        TechnicianUpserted(technicianId: id, name: id, skills: skills, region: "SH",
                           location: GeoPoint(lat: home.lat + km / 111.195, lon: home.lon), dailyCapacity: 5, active: active,
                           certifications: certifications)
    }

    private func ticket(_ id: String, category: ProductCategory = .refrigerator) -> TicketOpened {
        let now = Date()
        return TicketOpened(ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .app, customerId: "C-\(id)", region: "SH",
                            location: home, product: .init(sku: "S", category: category, model: "M"),
                            warranty: .init(status: .inWarranty), fault: .init(category: .hardware, safetyHazard: false),
                            priority: .normal, sla: .init(respondBy: now, onSiteBy: now, resolveBy: now))
    }

    /// Opens the ticket and has `tech` accept it.
    private func accepted(_ stage: Stage, _ id: String, by tech: String, category: ProductCategory = .refrigerator) throws {
        try stage.probe.send(ticket(id, category: category))
        let offer = try stage.waitFor(.ticketAssigned, id).last?.payload(as: TicketAssigned.self)
        XCTAssertEqual(offer?.technicianId, tech)
        try stage.probe.send(AssignmentAccepted(ticketId: id, technicianId: tech))
        try stage.waitFor(.ticketAccepted, id)
    }

    // MARK: Paths

    func testAcceptThenStartDirectly() async throws {
        let stage = try Stage("ffbstart")
        try stage.roster([technician("A", km: 1)])
        try accepted(stage, "T1", by: "A")
        try stage.probe.send(VisitStarted(ticketId: "T1", technicianId: "A"))
        try stage.probe.send(DiagnosisReported(ticketId: "T1", technicianId: "A", finding: "seal", parts: []))
        try stage.probe.send(QuoteDeclined(ticketId: "T1"))  // in warranty, nothing quoted: dead-lettered
        try stage.probe.send(WorkCompleted(ticketId: "T1", technicianId: "A", resolved: true, partsUsed: []))
        let completed = try XCTUnwrap(try stage.waitFor(.ticketCompleted, "T1").last?.payload(as: TicketCompleted.self))
        try stage.waitFor(.ticketInvoiced, "T1")  // every completion is invoiced (in warranty: not chargeable)
        XCTAssertEqual(stage.payloads(TicketOnSite.self, "T1").map(\.visit), [1])
        XCTAssertTrue(completed.firstTimeFix)
        XCTAssertEqual(completed.visit, 1)
        XCTAssertEqual(stage.story("T1"), ["ticket.assigned", "ticket.accepted", "ticket.on-site", "ticket.diagnosed",
                                           "ticket.completed", "ticket.invoiced"])
        let letters = try stage.probe.collect(timeout: 120) { $0.contains { $0.type == "message.dead-lettered" } }
            .compactMap { $0.type == "message.dead-lettered" ? try? $0.payload(as: MessageDeadLettered.self) : nil }
        XCTAssertEqual(letters.map(\.key), ["T1"])
        XCTAssertTrue(letters.first?.reason.contains("quote.declined is not allowed while the ticket is diagnosed") == true)
        await stage.stop()
    }

    func testRescheduleKeepsTheFirstVisit() async throws {
        let stage = try Stage("ffbresched")
        try stage.roster([technician("A", km: 1)])
        try accepted(stage, "T1", by: "A")
        try stage.probe.send(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: stage.clock.now().addingTimeInterval(3_600)))
        try stage.probe.send(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: stage.clock.now().addingTimeInterval(90_000),
                                            requestedBy: "customer"))
        try stage.probe.send(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: stage.clock.now().addingTimeInterval(99_000),
                                            requestedBy: "technician"))
        try stage.probe.send(VisitStarted(ticketId: "T1", technicianId: "A"))
        try stage.waitFor(.ticketOnSite, "T1")
        XCTAssertEqual(stage.payloads(TicketScheduled.self, "T1").map(\.visit), [1, 1, 1])
        XCTAssertEqual(stage.payloads(TicketOnSite.self, "T1").map(\.visit), [1])
        XCTAssertTrue(stage.payloads(TicketOnHold.self, "T1").isEmpty, "a reschedule is no hold")
        let row = try XCTUnwrap(try stage.db.query("SELECT reschedules, rescheduled_by FROM tickets WHERE ticket_id = 'T1'").first)
        XCTAssertEqual(try row.get("reschedules", as: Int.self), 2)
        XCTAssertEqual(try row.get("rescheduled_by", as: String.self), "technician")
        await stage.stop()
    }

    func testFailedVisitThenSecondVisit() async throws {
        let stage = try Stage("ffbfail")
        try stage.roster([technician("A", km: 1)])
        try accepted(stage, "T1", by: "A")
        try stage.probe.send(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: stage.clock.now()))
        try stage.probe.send(VisitFailed(ticketId: "T1", technicianId: "A", reason: .customerAbsent))
        try stage.waitFor(.ticketOnHold, "T1")
        stage.clock.advance(by: 5_400)
        try stage.probe.send(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: stage.clock.now()))
        try stage.probe.send(VisitStarted(ticketId: "T1", technicianId: "A"))
        try stage.probe.send(WorkCompleted(ticketId: "T1", technicianId: "A", resolved: true, partsUsed: []))
        let completed = try XCTUnwrap(try stage.waitFor(.ticketCompleted, "T1").last?.payload(as: TicketCompleted.self))
        try stage.waitFor(.ticketInvoiced, "T1")
        XCTAssertEqual(stage.story("T1"), ["ticket.assigned", "ticket.accepted", "ticket.scheduled", "ticket.visit-failed",
                                           "ticket.on-hold", "ticket.resumed", "ticket.scheduled", "ticket.on-site",
                                           "ticket.completed", "ticket.invoiced"])
        XCTAssertEqual(stage.payloads(TicketVisitFailed.self, "T1").first?.visit, 1)
        XCTAssertEqual(stage.payloads(TicketOnHold.self, "T1").first?.reason, .customerUnreachable)
        XCTAssertEqual(stage.payloads(TicketResumed.self, "T1").first?.heldSeconds, 5_400)
        XCTAssertEqual(stage.payloads(TicketScheduled.self, "T1").map(\.visit), [1, 2])
        XCTAssertEqual(completed.visit, 2)
        XCTAssertFalse(completed.firstTimeFix)
        await stage.stop()
    }

    func testReturnGoesToTheNextCandidate() async throws {
        let stage = try Stage("ffbreturn")
        try stage.roster([technician("A", km: 1), technician("B", km: 3)])
        try accepted(stage, "T1", by: "A")
        try stage.probe.send(AssignmentReturned(ticketId: "T1", technicianId: "A", reason: "van broke down"))
        let offers = try stage.waitFor(.ticketAssigned, "T1", count: 2).compactMap { try? $0.payload(as: TicketAssigned.self) }
        XCTAssertEqual(offers.map(\.technicianId), ["A", "B"])
        XCTAssertEqual(offers.map(\.attempt), [1, 2])
        try stage.probe.send(AssignmentAccepted(ticketId: "T1", technicianId: "B"))
        try stage.probe.send(AssignmentReturned(ticketId: "T1", technicianId: "B", reason: "ill"))
        let last = try XCTUnwrap(try stage.waitFor(.ticketUnassignable, "T1").first?.payload(as: TicketUnassignable.self))
        XCTAssertEqual(last.reason, "candidates-exhausted", "A, who returned it, is never offered it again")
        await stage.stop()
    }

    func testBackorderHoldAndResume() async throws {
        let stage = try Stage("ffbparts")
        try stage.roster([technician("A", km: 1)])
        try accepted(stage, "T1", by: "A")
        let lines = [PartLine(partNumber: "P-1", quantity: 1)]
        try stage.probe.send(VisitStarted(ticketId: "T1", technicianId: "A"))
        try stage.probe.send(DiagnosisReported(ticketId: "T1", technicianId: "A", finding: "pump", parts: lines))
        try stage.waitFor(.partsRequested, "T1")
        // Inventory's answers, on aftersales.parts.
        try stage.probe.send(PartsBackordered(ticketId: "T1", lines: lines, expectedBy: stage.clock.now().addingTimeInterval(86_400)))
        try stage.waitFor(.ticketOnHold, "T1")
        stage.clock.advance(by: 86_400)
        try stage.probe.send(PartsReserved(ticketId: "T1", lines: [PartLine(partNumber: "P-1", quantity: 1, warehouseId: "W")]))
        try stage.waitFor(.ticketResumed, "T1")
        try stage.probe.send(VisitStarted(ticketId: "T1", technicianId: "A"))
        try stage.probe.send(WorkCompleted(ticketId: "T1", technicianId: "A", resolved: true, partsUsed: lines))
        let completed = try XCTUnwrap(try stage.waitFor(.ticketCompleted, "T1").last?.payload(as: TicketCompleted.self))
        XCTAssertEqual(stage.payloads(TicketOnHold.self, "T1").map(\.reason), [.waitingParts])
        XCTAssertEqual(stage.payloads(TicketResumed.self, "T1").map(\.reason), ["parts-reserved"])
        XCTAssertEqual(stage.payloads(TicketResumed.self, "T1").map(\.heldSeconds), [86_400])
        XCTAssertEqual(stage.payloads(TicketScheduled.self, "T1").map(\.visit), [2], "dispatch books the return visit")
        XCTAssertEqual(stage.payloads(TicketOnSite.self, "T1").map(\.visit), [1, 2])
        XCTAssertFalse(completed.firstTimeFix)
        await stage.stop()
    }

    func testCertificationGatingAndExpiryOnTheVisitDay() async throws {
        let stage = try Stage("ffbcert", now: Timestamp.parse("2026-11-22T15:30:00Z")!)  // 23:30 in Shanghai
        try stage.roster([
            technician("NEAR", km: 1, skills: ["kitchen-appliance"]),
            technician("GAS", km: 8, skills: ["kitchen-appliance"], certifications: [.init(type: "gas", expiresOn: "2026-11-22")]),
        ])
        try accepted(stage, "T1", by: "GAS", category: .kitchenAppliance)  // the nearer one holds no gas certificate
        // A visit on the 23rd: the certificate no longer covers it.
        try stage.probe.send(VisitScheduled(ticketId: "T1", technicianId: "GAS",
                                            scheduledFor: Timestamp.parse("2026-11-23T02:00:00Z")!))
        let letters = try stage.probe.collect(timeout: 120) { $0.contains { $0.type == "message.dead-lettered" } }
            .compactMap { $0.type == "message.dead-lettered" ? try? $0.payload(as: MessageDeadLettered.self) : nil }
        XCTAssertTrue(letters.first?.reason.contains("2026-11-23") == true, "\(letters.map(\.reason))")
        // After midnight in Shanghai nobody holds a valid gas certificate.
        stage.clock.set(Timestamp.parse("2026-11-22T16:30:00Z")!)
        try stage.probe.send(ticket("T2", category: .kitchenAppliance))
        let refused = try XCTUnwrap(try stage.waitFor(.ticketUnassignable, "T2").first?.payload(as: TicketUnassignable.self))
        XCTAssertEqual(refused.reason, "no-certified-technician")
        await stage.stop()
    }

    func testDeactivationReassignsOpenTickets() async throws {
        let stage = try Stage("ffbdeact")
        try stage.roster([technician("A", km: 1), technician("B", km: 4)])
        try stage.probe.send(ticket("OFFERED"))
        try stage.waitFor(.ticketAssigned, "OFFERED")
        try accepted(stage, "ACCEPTED", by: "A")
        try accepted(stage, "WORKING", by: "A")
        try stage.probe.send(VisitStarted(ticketId: "WORKING", technicianId: "A"))
        try stage.waitFor(.ticketOnSite, "WORKING")
        try stage.probe.send(technician("A", km: 1, active: false))
        for id in ["OFFERED", "ACCEPTED"] {
            let offers = try stage.waitFor(.ticketAssigned, id, count: 2).compactMap { try? $0.payload(as: TicketAssigned.self) }
            XCTAssertEqual(offers.last?.technicianId, "B", id)
            XCTAssertEqual(offers.last?.attempt, 2, id)
        }
        XCTAssertEqual(stage.payloads(TicketAssigned.self, "WORKING").count, 1, "a visit under way stays with A")
        await stage.stop()
    }
}
