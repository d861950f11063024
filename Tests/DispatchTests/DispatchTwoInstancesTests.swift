import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// Two dispatch instances (same consumer group, same database) assigning tickets at once
/// never push a technician over capacity: the chosen technician's row is locked before
/// the load is counted.
final class DispatchTwoInstancesTests: XCTestCase {
    func testTwoInstancesNeverOverAssign() async throws {
        let databaseURL = try makeTestDatabase("disptwo")
        let prefix = uniqueTopicPrefix("disptwo")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets])
        let config = testServiceConfig(service: "dispatch", databaseURL: databaseURL, topicPrefix: prefix, batchSize: 10)
        let first = ServiceRunner(config: config, migrations: DispatchMigrations.all, handler: DispatchHandler())
        let second = ServiceRunner(config: config, migrations: DispatchMigrations.all, handler: DispatchHandler())
        first.start()
        second.start()

        let home = GeoPoint(lat: 22.5431, lon: 114.0579)
        let roster = (1...5).map { i in
            TechnicianUpserted(technicianId: "T-\(i)", name: "T\(i)", skills: ["washing-machine"], region: "SZ",
                               location: GeoPoint(lat: home.lat + Double(i) * 0.01, lon: home.lon), dailyCapacity: 3, active: true)
        }
        _ = try probe.sendAll(roster)
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        eventually(timeout: 120, "the roster is in") {
            try db.query("SELECT count(*)::int AS n FROM technicians").first?.get("n", as: Int.self) == roster.count
        }

        let now = Date()
        let tickets = (0..<60).map { i in
            TicketOpened(ticketId: String(format: "TS-%03d", i), requestId: "R-\(i)", kind: .repair, channel: .web,
                         customerId: "C-\(i)", region: "SZ", location: home,
                         product: .init(sku: "S", category: .washingMachine, model: "M"), warranty: .init(status: .inWarranty),
                         fault: .init(category: .hardware, safetyHazard: false), priority: .normal,
                         sla: .init(respondBy: now, onSiteBy: now, resolveBy: now))
        }
        _ = try probe.sendAll(tickets)
        try probe.collect(timeout: 60) { seen in
            seen.filter { $0.type == "ticket.assigned" || $0.type == "ticket.unassignable" }.count >= tickets.count
        }
        await first.stop()
        await second.stop()

        var load: [String: Int] = [:]
        for p in probe.payloads(TicketAssigned.self) { load[p.technicianId, default: 0] += 1 }
        XCTAssertEqual(load, ["T-1": 3, "T-2": 3, "T-3": 3, "T-4": 3, "T-5": 3])
        let unassignable = probe.payloads(TicketUnassignable.self)
        XCTAssertEqual(unassignable.count, 45)
        XCTAssertTrue(unassignable.allSatisfy { $0.reason == "no-capacity" })
        // Both instances did part of the work.
        XCTAssertGreaterThan(first.metrics.processed, 0)
        XCTAssertGreaterThan(second.metrics.processed, 0)
    }
}
