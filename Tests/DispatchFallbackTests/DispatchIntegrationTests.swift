import DispatchFallback
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Dispatch through the real broker and database: nearest-eligible assignment for many
/// tickets, capacity never exceeded, declines and acceptance timeouts reassign, and a
/// field event from the wrong technician is dead-lettered.
final class DispatchIntegrationTests: XCTestCase {
    private let regions: [(String, GeoPoint)] = [("shanghai", GeoPoint(lat: 31.23, lon: 121.47)), ("beijing", GeoPoint(lat: 39.90, lon: 116.40)),
                                                 ("guangzhou", GeoPoint(lat: 23.13, lon: 113.26)), ("chengdu", GeoPoint(lat: 30.57, lon: 104.07)),
                                                 ("hangzhou", GeoPoint(lat: 30.27, lon: 120.16))]

    private func ticket(_ id: String, category: ProductCategory, region: (String, GeoPoint), offset: Double, now: Date) -> TicketOpened {
        TicketOpened(
            ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .app, customerId: "C-\(id)", region: region.0,
            location: GeoPoint(lat: region.1.lat + offset, lon: region.1.lon - offset),
            product: .init(sku: "S", category: category, model: "M", serialNumber: nil, purchaseDate: "2026-01-01"),
            warranty: .init(status: .inWarranty, expiresOn: nil), fault: .init(category: .hardware, safetyHazard: false), priority: .normal,
            sla: .init(respondBy: now.addingTimeInterval(3600), onSiteBy: now.addingTimeInterval(7200), resolveBy: now.addingTimeInterval(9000)))
    }

    func testAssignmentsCapacityDeclinesAndTimeouts() async throws {
        let prefix = uniqueTopicPrefix("dispatch")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .deadLetters])
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_852_800))
        let config = testServiceConfig(service: "dispatch", databaseURL: try makeTestDatabase("dispatch"), topicPrefix: prefix,
                                       overrides: ["AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS": "900"])
        let runner = ServiceRunner(config: config, migrations: DispatchMigrations.all, handler: try DispatchHandler(config: config), clock: clock)
        runner.start()

        // 50 technicians over 5 regions: refrigerator and washing-machine skills, capacity 2.
        var roster: [TechnicianUpserted] = []
        for (r, region) in regions.enumerated() {
            for i in 0..<10 {
                roster.append(TechnicianUpserted(technicianId: "T-\(r)-\(i)", name: "T\(r)\(i)",
                                                 skills: i % 2 == 0 ? ["refrigerator"] : ["refrigerator", "washing-machine"],
                                                 region: region.0, location: GeoPoint(lat: region.1.lat + Double(i) * 0.02, lon: region.1.lon),
                                                 dailyCapacity: 2, active: true))
            }
        }
        _ = try probe.sendAll(roster)
        // The roster travels on its own topic: wait until dispatch has all of it before the tickets.
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        let rosterDeadline = Date().addingTimeInterval(60)
        while Date() < rosterDeadline {
            let count: Int = (try? db.query("SELECT count(*)::bigint AS n FROM technicians").first?.get("n")) ?? 0
            if count == 50 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let snapshots = roster.map { TechnicianSnapshot(technicianId: $0.technicianId, skills: Set($0.skills), region: $0.region,
                                                        location: $0.location, dailyCapacity: $0.dailyCapacity, load: 0, active: true) }

        // 100 tickets: 60 refrigerators, 30 washing machines (enough to exhaust capacity), 10 tiles (no skill).
        var tickets: [TicketOpened] = []
        for n in 0..<100 {
            let category: ProductCategory = n < 60 ? .refrigerator : n < 90 ? .washingMachine : .tiles
            tickets.append(ticket("TK-\(n)", category: category, region: regions[n % 5], offset: Double(n % 7) * 0.01, now: clock.now()))
        }
        // One key: handled in this order, so the expected assignment can be replayed exactly.
        for chunk in stride(from: 0, to: tickets.count, by: 50) {
            _ = try probe.sendAll(Array(tickets[chunk..<chunk + 50]))
        }
        try probe.collect(timeout: 90) { seen in
            Set(seen.filter { $0.type == "ticket.assigned" || $0.type == "ticket.unassignable" }.compactMap { $0.data["ticketId"]?.stringValue }).count >= 100
        }
        let assigned = Dictionary(uniqueKeysWithValues: probe.payloads(TicketAssigned.self).map { ($0.ticketId, $0) })
        let unassignable = Dictionary(uniqueKeysWithValues: probe.payloads(TicketUnassignable.self).map { ($0.ticketId, $0.reason) })
        XCTAssertEqual(assigned.count + unassignable.count, 100)
        for n in 90..<100 { XCTAssertEqual(unassignable["TK-\(n)"], "no-skill") }
        var load: [String: Int] = [:]
        for technician in assigned.values.map(\.technicianId) { load[technician, default: 0] += 1 }
        XCTAssertTrue(load.values.allSatisfy { $0 <= 2 }, "capacity never exceeded: \(load.filter { $0.value > 2 })")
        // Each assignment went to the nearest technician that still had capacity at that moment
        // (tickets are on different partitions, so replay each region in the order dispatch saw them).
        for t in tickets where assigned[t.ticketId] != nil {
            let chosen = assigned[t.ticketId]!
            let need = DispatchNeed(category: t.product.category.rawValue, region: t.region, location: t.location, emergency: false)
            guard case .candidates(let all) = CandidateRanking.rank(need, technicians: snapshots, maxDistanceKm: 50) else {
                return XCTFail("\(t.ticketId) should have candidates")
            }
            let nearer = all.prefix { $0.technicianId != chosen.technicianId }
            XCTAssertTrue(nearer.allSatisfy { load[$0.technicianId] == 2 }, "\(t.ticketId): a nearer technician still had room")
        }
        let washingFull = (60..<90).filter { unassignable["TK-\($0)"] != nil }
        XCTAssertTrue(washingFull.allSatisfy { unassignable["TK-\($0)"] == "no-capacity" }, "washing machines ran out of capacity")

        // A decline reassigns to someone else; the wrong technician is dead-lettered; a timeout reassigns too.
        let first = try XCTUnwrap(assigned["TK-0"])
        try probe.send(AssignmentAccepted(ticketId: "TK-0", technicianId: "T-WRONG"))
        try probe.send(AssignmentDeclined(ticketId: "TK-0", technicianId: first.technicianId, reason: "fully booked"))
        try probe.collect(.messageDeadLettered, count: 1, timeout: 30)
        XCTAssertTrue(probe.payloads(MessageDeadLettered.self)[0].reason.contains("wrong-technician"))
        try probe.collect(timeout: 30) { seen in seen.filter { $0.type == "ticket.assigned" && $0.data["ticketId"]?.stringValue == "TK-0" }.count >= 2 }
        let second = try XCTUnwrap(probe.payloads(TicketAssigned.self).last { $0.ticketId == "TK-0" })
        XCTAssertEqual(second.attempt, 2)
        XCTAssertNotEqual(second.technicianId, first.technicianId)

        clock.advance(by: 901)
        try probe.collect(timeout: 30) { seen in seen.filter { $0.type == "ticket.assigned" && $0.data["ticketId"]?.stringValue == "TK-0" }.count >= 3 }
        let third = try XCTUnwrap(probe.payloads(TicketAssigned.self).last { $0.ticketId == "TK-0" })
        XCTAssertEqual(third.attempt, 3)
        XCTAssertFalse([first.technicianId, second.technicianId].contains(third.technicianId), "never the same technician twice")
        await runner.stop()
    }
}
