import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// Dispatch end to end through the real broker and PostgreSQL: a roster of 50 technicians
/// over 5 regions, 500 opened tickets (and one emergency) each assigned to the technician the pure ranking
/// names (or unassignable for the reason it names), capacity never exceeded, then a
/// decline, an acceptance timeout, a field event from the wrong technician and one ticket
/// worked through to completion.
final class DispatchFlowTests: XCTestCase {
    private let regions: [(name: String, center: GeoPoint)] = [
        ("SH", GeoPoint(lat: 31.2304, lon: 121.4737)), ("BJ", GeoPoint(lat: 39.9042, lon: 116.4074)),
        ("GZ", GeoPoint(lat: 23.1291, lon: 113.2644)), ("CD", GeoPoint(lat: 30.5728, lon: 104.0668)),
        ("WH", GeoPoint(lat: 30.5928, lon: 114.3055)),
    ]
    private let categories = ["refrigerator", "washing-machine", "air-conditioner", "smart-lock", "flooring"]

    private func offset(_ point: GeoPoint, _ spread: Double, _ rng: inout SystemRandomNumberGenerator) -> GeoPoint {
        GeoPoint(lat: point.lat + Double.random(in: -spread...spread, using: &rng),
                 lon: point.lon + Double.random(in: -spread...spread, using: &rng))
    }

    private func ticket(_ id: String, region: String, at location: GeoPoint, category: String,
                        priority: Priority = .normal, warranty: WarrantyStatus = .inWarranty) -> TicketOpened {
        let now = Date()
        return TicketOpened(
            ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .hotline, customerId: "C-\(id)", region: region,
            location: location,
            product: .init(sku: "SKU-1", category: ProductCategory(rawValue: category)!, model: "M-1", purchaseDate: "2026-01-01"),
            warranty: .init(status: warranty), fault: .init(category: .hardware, safetyHazard: priority == .emergency),
            priority: priority,
            sla: .init(respondBy: now.addingTimeInterval(3600), onSiteBy: now.addingTimeInterval(4 * 3600),
                       resolveBy: now.addingTimeInterval(24 * 3600)))
    }

    private func site(_ t: TicketOpened) -> TicketSite {
        TicketSite(category: t.product.category.rawValue, region: t.region, location: t.location,
                   emergency: t.priority == .emergency)
    }

    func testRosterAssignmentsDeclineTimeoutAndWrongTechnician() async throws {
        let databaseURL = try makeTestDatabase("dispatchflow")
        let prefix = uniqueTopicPrefix("dispatchflow")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .parts, .deadLetters])
        let clock = ManualClock(Date())
        // The pure ranking below pins the assignments without certificates (DispatchFieldFlowTests has them).
        let config = testServiceConfig(service: "dispatch", databaseURL: databaseURL, topicPrefix: prefix,
                                       overrides: ["AFTERSALES_DISPATCH_REQUIRED_CERTIFICATIONS": "none"])
        let settings = try DispatchSettings(config: config)
        let ranking = settings.ranking
        let runner = ServiceRunner(config: config, migrations: DispatchMigrations.all,
                                   handler: DispatchHandler(settings: settings), clock: clock)
        runner.start()
        var rng = SystemRandomNumberGenerator()

        // MARK: Roster: 10 technicians per region; Wuhan's have capacity 2, the others 100.
        var roster: [TechnicianUpserted] = []
        for region in regions {
            for i in 0..<10 {
                roster.append(TechnicianUpserted(
                    technicianId: "T-\(region.name)-\(i)", name: "Tech \(region.name) \(i)",
                    skills: [categories[i % 5], categories[(i + 2) % 5]], region: region.name,
                    location: offset(region.center, 0.3, &rng), dailyCapacity: region.name == "WH" ? 2 : 100,
                    active: i != 9))
            }
        }
        _ = try probe.sendAll(roster)
        let profiles = roster.map {
            TechnicianProfile(technicianId: $0.technicianId, skills: Set($0.skills), region: $0.region,
                              location: $0.location, dailyCapacity: $0.dailyCapacity, active: $0.active)
        }
        // The roster and the tickets are on different topics: wait until the roster is in.
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        eventually(timeout: 120, "the roster is in") {
            try db.query("SELECT count(*)::int AS n FROM technicians").first?.get("n", as: Int.self) == roster.count
        }

        // MARK: 480 tickets in SH/BJ/GZ/CD (capacity never binds) + 20 at one spot in WH (it does): 500.
        var bulk: [TicketOpened] = []
        for i in 0..<480 {
            let region = regions[i % 4]
            var category = categories[(i / 4) % 5]
            var name = region.name
            var location = offset(region.center, 0.5, &rng)
            if i % 30 == 13 { category = "home-decor" }  // nobody has the skill
            if i % 30 == 11 { name = "XJ"; location = offset(GeoPoint(lat: 43.8, lon: 87.6), 0.2, &rng) }  // far from all
            if i % 20 == 7 { name = "KS"; location = offset(regions[0].center, 0.2, &rng) }  // other region, within range
            bulk.append(ticket(String(format: "TK-%03d", i), region: name, at: location, category: category))
        }
        let wuhanSpot = regions[4].center
        let cluster = (0..<20).map { ticket(String(format: "TW-%03d", $0), region: "WH", at: wuhanSpot, category: "smart-lock") }
        XCTAssertEqual(bulk.count + cluster.count, 500)
        _ = try probe.sendAll(bulk + cluster)

        let firstRound = Set((bulk + cluster).map(\.ticketId))
        func decided(_ seen: [Envelope]) -> [String: Envelope] {
            var result: [String: Envelope] = [:]
            for envelope in seen where envelope.type == "ticket.assigned" || envelope.type == "ticket.unassignable" {
                if let id = envelope.data["ticketId"]?.stringValue, result[id] == nil { result[id] = envelope }
            }
            return result
        }
        try probe.collect(timeout: 120) { decided($0).count >= firstRound.count }
        let outcomes = decided(probe.seen)
        XCTAssertEqual(Set(outcomes.keys), firstRound)

        // Bulk: exactly what the pure ranking says (loads cannot change the answer: capacity 100).
        var reasons: [String: Int] = [:]
        for t in bulk {
            guard let envelope = outcomes[t.ticketId] else { XCTFail("no outcome for \(t.ticketId)"); continue }
            switch ranking.rank(site(t), technicians: profiles) {
            case .candidates(let list):
                let assigned = try envelope.payload(as: TicketAssigned.self)
                XCTAssertEqual(assigned.technicianId, list[0].technicianId, t.ticketId)
                XCTAssertEqual(assigned.distanceKm, list[0].distanceKm, accuracy: 0.01, t.ticketId)
                XCTAssertEqual(assigned.attempt, 1)
            case .unassignable(let reason):
                let payload = try envelope.payload(as: TicketUnassignable.self)
                XCTAssertEqual(payload.reason, reason.rawValue, t.ticketId)
                reasons[reason.rawValue, default: 0] += 1
            }
        }
        XCTAssertGreaterThan(reasons["no-skill"] ?? 0, 0)
        XCTAssertGreaterThan(reasons["out-of-range"] ?? 0, 0)

        // The Wuhan cluster: every ticket at the same spot, so the nearest fill up first
        // whatever the processing order; the rest are no-capacity.
        var simulated = profiles
        var expectedCounts: [String: Int] = [:]
        var expectedNoCapacity = 0
        for t in cluster {
            switch ranking.rank(site(t), technicians: simulated) {
            case .candidates(let list):
                expectedCounts[list[0].technicianId, default: 0] += 1
                simulated[simulated.firstIndex { $0.technicianId == list[0].technicianId }!].load += 1
            case .unassignable(let reason):
                XCTAssertEqual(reason, .noCapacity)
                expectedNoCapacity += 1
            }
        }
        XCTAssertGreaterThan(expectedNoCapacity, 0)
        var clusterCounts: [String: Int] = [:]
        var clusterNoCapacity = 0
        for t in cluster {
            guard let envelope = outcomes[t.ticketId] else { continue }
            if let assigned = try? envelope.payload(as: TicketAssigned.self), envelope.type == "ticket.assigned" {
                clusterCounts[assigned.technicianId, default: 0] += 1
            } else if (try? envelope.payload(as: TicketUnassignable.self))?.reason == "no-capacity" {
                clusterNoCapacity += 1
            }
        }
        XCTAssertEqual(clusterCounts, expectedCounts)
        XCTAssertEqual(clusterNoCapacity, expectedNoCapacity)

        // No technician above capacity (every assigned ticket is still held).
        var load: [String: Int] = [:]
        for p in probe.payloads(TicketAssigned.self) { load[p.technicianId, default: 0] += 1 }
        for p in profiles { XCTAssertLessThanOrEqual(load[p.technicianId] ?? 0, p.dailyCapacity, p.technicianId) }

        // An emergency in the full cluster goes one over capacity to the nearest.
        let emergency = ticket("TW-EMG", region: "WH", at: wuhanSpot, category: "smart-lock", priority: .emergency)
        let expectedEmergency = ranking.rank(site(emergency), technicians: simulated).best
        XCTAssertEqual(expectedEmergency?.overCapacity, true)
        try probe.send(emergency)
        try probe.collect(timeout: 30) { decided($0)["TW-EMG"] != nil }
        XCTAssertEqual(try decided(probe.seen)["TW-EMG"]?.payload(as: TicketAssigned.self).technicianId,
                       expectedEmergency?.technicianId)

        // MARK: Decline: the next best, never the same technician.
        let assignedBulk = bulk.filter { outcomes[$0.ticketId]?.type == "ticket.assigned" }
        let declined = assignedBulk[0]
        let declinedBy = try outcomes[declined.ticketId]!.payload(as: TicketAssigned.self).technicianId
        try probe.send(AssignmentDeclined(ticketId: declined.ticketId, technicianId: declinedBy, reason: "too far"))
        func secondAttempt(_ ticketId: String, _ seen: [Envelope]) -> TicketAssigned? {
            seen.compactMap { $0.type == "ticket.assigned" ? try? $0.payload(as: TicketAssigned.self) : nil }
                .first { $0.ticketId == ticketId && $0.attempt == 2 }
        }
        try probe.collect(timeout: 30) { secondAttempt(declined.ticketId, $0) != nil }
        let reassigned = try XCTUnwrap(secondAttempt(declined.ticketId, probe.seen))
        XCTAssertNotEqual(reassigned.technicianId, declinedBy)
        XCTAssertEqual(reassigned.technicianId,
                       ranking.rank(site(declined), technicians: profiles, excluding: [declinedBy]).best?.technicianId)

        // MARK: Everyone accepts except one ticket, which times out.
        let silent = assignedBulk[1]
        let silentTech = try outcomes[silent.ticketId]!.payload(as: TicketAssigned.self).technicianId
        var current: [String: String] = [:]
        for p in probe.payloads(TicketAssigned.self) { current[p.ticketId] = p.technicianId }  // latest offer wins
        let accepts = current.filter { $0.key != silent.ticketId }
            .map { AssignmentAccepted(ticketId: $0.key, technicianId: $0.value) }
        _ = try probe.sendAll(accepts)
        try probe.collect(timeout: 120) { seen in seen.filter { $0.type == "ticket.accepted" }.count >= accepts.count }
        XCTAssertEqual(probe.envelopes(.ticketAccepted).count, accepts.count)

        clock.advance(by: settings.acceptTimeoutSeconds + 1)
        try probe.collect(timeout: 30) { secondAttempt(silent.ticketId, $0) != nil }
        let timedOut = try XCTUnwrap(secondAttempt(silent.ticketId, probe.seen))
        XCTAssertNotEqual(timedOut.technicianId, silentTech)
        XCTAssertEqual(timedOut.technicianId,
                       ranking.rank(site(silent), technicians: profiles, excluding: [silentTech]).best?.technicianId)

        // MARK: Field events: wrong technician and out of order are dead-lettered; then the real work.
        let worked = assignedBulk[2]
        let worker = current[worked.ticketId]!
        try probe.send(VisitScheduled(ticketId: worked.ticketId, technicianId: "T-INTRUDER", scheduledFor: Date()))
        // Completion before any visit is out of order.
        try probe.send(WorkCompleted(ticketId: worked.ticketId, technicianId: worker, resolved: true, partsUsed: []))
        try probe.send(VisitScheduled(ticketId: worked.ticketId, technicianId: worker, scheduledFor: Date()))
        try probe.send(VisitStarted(ticketId: worked.ticketId, technicianId: worker))
        try probe.send(DiagnosisReported(ticketId: worked.ticketId, technicianId: worker, finding: "compressor",
                                         parts: [PartLine(partNumber: "P-1", quantity: 1)]))
        try probe.send(WorkCompleted(ticketId: worked.ticketId, technicianId: worker, resolved: true,
                                     partsUsed: [PartLine(partNumber: "P-1", quantity: 1)]))
        try probe.collect(timeout: 30) { seen in
            // ticket.completed and parts.consumed travel on different topics: wait for both.
            seen.contains { $0.type == "parts.consumed" } && seen.contains { $0.type == "ticket.completed" }
                && seen.filter { $0.type == "message.dead-lettered" }.count >= 2
        }
        let letters = probe.payloads(MessageDeadLettered.self)
        XCTAssertEqual(letters.count, 2)
        XCTAssertTrue(letters.contains { $0.reason.contains("technicianId") && $0.reason.contains("T-INTRUDER") },
                      "\(letters.map(\.reason))")
        XCTAssertTrue(letters.contains { $0.reason.contains("work.completed") && $0.reason.contains("accepted") },
                      "\(letters.map(\.reason))")
        XCTAssertEqual(probe.payloads(TicketScheduled.self).map(\.ticketId), [worked.ticketId])
        XCTAssertEqual(probe.payloads(TicketOnSite.self).map(\.ticketId), [worked.ticketId])
        let requested = try XCTUnwrap(probe.payloads(PartsRequested.self).first)
        XCTAssertEqual(requested.region, worked.region)
        XCTAssertEqual(requested.location, worked.location)
        XCTAssertEqual(requested.technicianId, worker)
        let completed = try XCTUnwrap(probe.payloads(TicketCompleted.self).first)
        XCTAssertEqual(completed.ticketId, worked.ticketId)
        XCTAssertTrue(completed.firstTimeFix)
        XCTAssertTrue(probe.payloads(TicketQuoted.self).isEmpty)  // in warranty: free

        // Only the declined and the silent ticket were offered twice.
        XCTAssertEqual(Set(probe.payloads(TicketAssigned.self).filter { $0.attempt > 1 }.map(\.ticketId)),
                       [declined.ticketId, silent.ticketId])
        await runner.stop()
    }
}
