import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// The batch-native handler: a batch costs a fixed number of statements, several events for
/// the same ticket (and roster updates) in one batch give exactly what one-by-one delivery
/// gives, and the candidate search finds what a full scan would.
final class DispatchBatchTests: XCTestCase {
    private typealias H = DispatchHarness

    /// A point `km` kilometres east and `northKm` north of home.
    private func near(_ eastKm: Double, _ northKm: Double = 0) -> GeoPoint {
        let kmPerDegreeOfLongitude: Double = 111.195 * cos(H.home.lat * Double.pi / 180)
        let lat: Double = H.home.lat + northKm / 111.195
        return GeoPoint(lat: lat, lon: H.home.lon + eastKm / kmPerDegreeOfLongitude)
    }

    private func roster(_ h: DispatchHarness, count: Int, capacity: Int = 1_000) throws {
        let technicians = (0..<count).map { i -> TechnicianUpserted in
            let second: String = i % 2 == 0 ? "washing-machine" : "air-conditioner"
            let east: Double = Double(i % 5) * 4 - 8
            let north: Double = Double(i / 5) * 4 - 8
            return TechnicianUpserted(technicianId: String(format: "T-%03d", i), name: "T\(i)", skills: ["refrigerator", second],
                                      region: "SH", location: near(east, north), dailyCapacity: capacity, active: true)
        }
        try h.deliver(batch: technicians.map { h.envelope($0) })
    }

    private func tickets(_ h: DispatchHarness, _ range: Range<Int>, prefix: String) -> [Envelope] {
        range.map { i -> Envelope in
            let category: ProductCategory = i % 3 == 0 ? .washingMachine : .refrigerator
            let east: Double = Double(i % 7) - 3
            let north: Double = Double(i % 11) - 5
            return h.envelope(H.ticket("\(prefix)-\(i)", category: category, location: near(east, north)))
        }
    }

    // MARK: Cost

    func testStatementsPerBatchDoNotGrowWithTheBatch() throws {
        let h = try DispatchHarness("dispstmts")
        try roster(h, count: 25)
        let small = try h.statements { try h.deliver(batch: tickets(h, 0..<2, prefix: "S")) }
        let large = try h.statements { try h.deliver(batch: tickets(h, 0..<200, prefix: "L")) }
        XCTAssertEqual(large, small, "a 200-ticket batch costs what a 2-ticket batch costs")
        XCTAssertLessThanOrEqual(small, 16)
        let assigned = try h.harness.allEmitted().payloads(TicketAssigned.self)
        XCTAssertEqual(assigned.count, 202)
        // Field events: every accepted ticket at once.
        func accepts(_ offers: ArraySlice<TicketAssigned>) -> [Envelope] {
            offers.map { h.envelope(AssignmentAccepted(ticketId: $0.ticketId, technicianId: $0.technicianId)) }
        }
        let fewAccepts = try h.statements { try h.deliver(batch: accepts(assigned[0..<2])) }
        let manyAccepts = try h.statements { try h.deliver(batch: accepts(assigned[2..<202])) }
        XCTAssertEqual(manyAccepts, fewAccepts)
        print("statements per batch: ticket.opened ×2 \(small), ×200 \(large); assignment.accepted ×2 \(fewAccepts), ×200 \(manyAccepts)")
        XCTAssertEqual(try h.harness.newlyEmitted().types, [])  // already read by deliver
        let accepted: Int = try h.db.query("SELECT count(*)::bigint AS n FROM tickets WHERE state = 'accepted'").first!.get("n")
        XCTAssertEqual(accepted, 202)
        let load: Int = try h.db.query("SELECT coalesce(sum(load), 0)::bigint AS n FROM technician_day_load").first!.get("n")
        XCTAssertEqual(load, 202, "the counters hold every active ticket")
    }

    // MARK: Mixed batches equal one-by-one delivery

    /// Roster updates, tickets and field events for the same tickets, in one batch.
    private func mixedStory(_ h: DispatchHarness) -> [any EventPayload] {
        [
            H.technician("A", km: 1, capacity: 2),
            H.technician("B", km: 3, capacity: 1),
            H.ticket("TK-1"),
            AssignmentAccepted(ticketId: "TK-1", technicianId: "A"),
            VisitScheduled(ticketId: "TK-1", technicianId: "A", scheduledFor: h.now),
            VisitStarted(ticketId: "TK-1", technicianId: "A"),
            DiagnosisReported(ticketId: "TK-1", technicianId: "A", finding: "pump", parts: [PartLine(partNumber: "P-1", quantity: 1)]),
            H.ticket("TK-2"),
            AssignmentDeclined(ticketId: "TK-2", technicianId: "A", reason: "busy"),  // → B
            H.ticket("TK-3"),  // A has one slot left (TK-1)
            H.ticket("TK-4"),  // everyone full
            WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: [PartLine(partNumber: "P-1", quantity: 1)]),
            H.ticket("TK-5"),  // TK-1's slot is free again
            VisitStarted(ticketId: "TK-2", technicianId: "A"),  // wrong technician: dead letter
            H.technician("C", km: 0.5, capacity: 5),  // joins mid-batch: nearest for later tickets
            H.ticket("TK-6"),
            TicketCancelled(ticketId: "TK-3", reason: "customer"),
            H.ticket("TK-7"),
            // C leaves again: their tickets go back — TK-6 to A (TK-1 completed, TK-3 cancelled:
            // only TK-5 left), TK-7 to nobody (A and B full).
            H.technician("C", km: 0.5, capacity: 5, active: false),
            H.ticket("TK-8"),
        ]
    }

    private func state(_ h: DispatchHarness) throws -> [String] {
        let tickets = try h.db.query("""
            SELECT ticket_id, state, coalesce(technician_id, '-') AS t, attempt, tried::text AS tried FROM tickets ORDER BY ticket_id
            """).map { row in
            "\(try row.get("ticket_id", as: String.self)) \(try row.get("state", as: String.self)) \(try row.get("t", as: String.self)) \(try row.get("attempt", as: Int.self)) \(try row.get("tried", as: String.self))"
        }
        let loads = try h.db.query("SELECT technician_id, service_day::text AS d, load FROM technician_day_load WHERE load > 0 ORDER BY 1, 2")
            .map { "\(try $0.get("technician_id", as: String.self)) \(try $0.get("d", as: String.self)) \(try $0.get("load", as: Int.self))" }
        let skills = try h.db.query("SELECT technician_id, skill FROM technician_skills ORDER BY 1, 2")
            .map { "\(try $0.get("technician_id", as: String.self)):\(try $0.get("skill", as: String.self))" }
        return tickets + loads + skills + (try h.pendingTimers())
    }

    func testMixedBatchEqualsOneByOneDelivery() throws {
        let batched = try DispatchHarness("dispmixedb")
        let single = try DispatchHarness("dispmixeds")
        let story = mixedStory(batched)
        let delivery = try batched.deliver(batch: story.map { batched.envelope($0) })
        XCTAssertEqual(delivery.outcome.applied, story.count - 1)
        XCTAssertEqual(delivery.outcome.deadLettered, 1)
        XCTAssertEqual(delivery.outcome.isolated, 0, "the batch took the set-based path")
        var one: [Envelope] = []
        var letters: [String] = []
        for payload in story {
            let each = try single.deliver(payload)
            one += each.emitted
            if case .deadLetter(let reason) = each.result { letters.append(reason) }
        }
        XCTAssertEqual(delivery.emitted.map(\.type), one.map(\.type))
        XCTAssertEqual(delivery.emitted.map(\.data), one.map(\.data))
        XCTAssertEqual(try state(batched), try state(single))
        XCTAssertEqual(letters.count, 1)
        XCTAssertTrue(letters[0].contains("technicianId: A is not the technician"), letters[0])
        let assigned = delivery.emitted.payloads(TicketAssigned.self).map { "\($0.ticketId)→\($0.technicianId)#\($0.attempt)" }
        XCTAssertEqual(assigned, ["TK-1→A#1", "TK-2→A#1", "TK-2→B#2", "TK-3→A#1", "TK-5→A#1", "TK-6→C#1", "TK-7→C#1",
                                  "TK-6→A#2"])
        let unassignable = delivery.emitted.payloads(TicketUnassignable.self).map { "\($0.ticketId) \($0.reason)" }
        XCTAssertEqual(unassignable, ["TK-4 no-capacity", "TK-7 candidates-exhausted", "TK-8 no-capacity"])
        XCTAssertEqual(delivery.emitted.types.filter { $0 == "ticket.completed" }.count, 1)
    }

    func testTwoTicketsOfOneBatchNeverShareTheLastSlot() throws {
        let h = try DispatchHarness("dispslot")
        try h.deliver(H.technician("A", km: 1, capacity: 1))
        try h.deliver(H.technician("B", km: 2, capacity: 1))
        let delivery = try h.deliver(batch: ["T1", "T2", "T3"].map { h.envelope(H.ticket($0)) })
        XCTAssertEqual(delivery.emitted.payloads(TicketAssigned.self).map(\.technicianId), ["A", "B"])
        XCTAssertEqual(delivery.emitted.payloads(TicketUnassignable.self).map(\.reason), ["no-capacity"])
    }

    // MARK: The candidate search finds what a full scan finds

    func testNearestFullFallsBackToTheWholeRegionAndOtherRegionsInRange() throws {
        let settings = DispatchSettings(candidateLimit: 2)
        let h = try DispatchHarness("dispwide", settings: settings)
        try h.deliver(H.technician("N1", km: 1, capacity: 1))
        try h.deliver(H.technician("N2", km: 2, capacity: 1))
        try h.deliver(H.technician("N3", km: 3, capacity: 1))
        try h.deliver(H.technician("JS", km: 45, capacity: 1, region: "JS"))  // other region, in range
        try h.deliver(H.technician("FAR", km: 400, capacity: 1))               // same region, far
        try h.deliver(H.technician("OUT", km: 80, capacity: 5, region: "JS"))  // other region, out of range
        let delivery = try h.deliver(batch: (1...7).map { h.envelope(H.ticket("T\($0)")) })
        XCTAssertEqual(delivery.emitted.payloads(TicketAssigned.self).map(\.technicianId), ["N1", "N2", "N3", "JS", "FAR"])
        XCTAssertEqual(delivery.emitted.payloads(TicketUnassignable.self).map(\.reason), ["no-capacity", "no-capacity"])
        XCTAssertEqual(delivery.emitted.payloads(TicketAssigned.self).last?.distanceKm ?? 0, 400, accuracy: 0.5)
    }

    func testNoSkillMeansNobodyInTheCountryOutOfRangeOtherwise() throws {
        let h = try DispatchHarness("dispskill")
        let beijing = GeoPoint(lat: 39.9042, lon: 116.4074)
        try h.deliver(TechnicianUpserted(technicianId: "BJ-1", name: "BJ", skills: ["refrigerator"], region: "BJ",
                                         location: beijing, dailyCapacity: 5, active: true))
        XCTAssertEqual(try h.deliver(H.ticket("T1")).emitted.payload(TicketUnassignable.self)?.reason, "out-of-range")
        XCTAssertEqual(try h.deliver(H.ticket("T2", category: .flooring)).emitted.payload(TicketUnassignable.self)?.reason,
                       "no-skill")
        // The same in one batch with the roster update that removes the only holder of the skill.
        let batch = try h.deliver(batch: [
            h.envelope(TechnicianUpserted(technicianId: "BJ-1", name: "BJ", skills: ["refrigerator"], region: "BJ",
                                          location: beijing, dailyCapacity: 5, active: false)),
            h.envelope(H.ticket("T3")),
        ])
        XCTAssertEqual(batch.emitted.payload(TicketUnassignable.self)?.reason, "no-skill")
        // A Beijing ticket finds BJ-1 again once active.
        try h.deliver(TechnicianUpserted(technicianId: "BJ-1", name: "BJ", skills: ["refrigerator"], region: "BJ",
                                         location: beijing, dailyCapacity: 5, active: true))
        XCTAssertEqual(try h.deliver(H.ticket("T4", region: "BJ", location: beijing)).emitted.payload(TicketAssigned.self)?.technicianId,
                       "BJ-1")
    }

    func testRosterMovesInsideABatchAreSeenInOrder() throws {
        let h = try DispatchHarness("dispmove")
        try h.deliver(H.technician("A", km: 1))
        let delivery = try h.deliver(batch: [
            h.envelope(H.ticket("T1")),
            h.envelope(H.technician("A", km: 300, region: "AH")),  // moves away, other region
            h.envelope(H.ticket("T2")),
            h.envelope(H.technician("A", km: 2)),                  // and back
            h.envelope(H.ticket("T3")),
        ])
        XCTAssertEqual(delivery.emitted.payloads(TicketAssigned.self).map(\.ticketId), ["T1", "T3"])
        XCTAssertEqual(delivery.emitted.payload(TicketUnassignable.self)?.reason, "out-of-range")
        XCTAssertEqual(delivery.emitted.payloads(TicketAssigned.self).last?.distanceKm ?? 0, 2, accuracy: 0.01)
    }

    func testAFullTechnicianIsSkippedUntilFreedOrTheDayEnds() throws {
        let h = try DispatchHarness("dispfull", now: Timestamp.parse("2026-11-22T02:00:00Z")!)
        try h.deliver(H.technician("A", km: 1, capacity: 1))
        try h.deliver(H.technician("B", km: 5, capacity: 1))
        XCTAssertEqual(try h.deliver(H.ticket("T1")).emitted.payload(TicketAssigned.self)?.technicianId, "A")
        func fullUntil(_ id: String) throws -> [Date?] {
            try h.db.query("SELECT full_until FROM technician_skills WHERE technician_id = \(id)").map { try $0.get("full_until") }
        }
        XCTAssertEqual(try fullUntil("A"), [Timestamp.parse("2026-11-22T16:00:00Z")!], "full until midnight in Shanghai")
        XCTAssertEqual(try fullUntil("B"), [nil])
        // A ticket leaves A in the same batch as the next one arrives: A is free again for it.
        let batch = try h.deliver(batch: [h.envelope(TicketCancelled(ticketId: "T1", reason: "customer")),
                                          h.envelope(H.ticket("T2"))])
        XCTAssertEqual(batch.emitted.payload(TicketAssigned.self)?.technicianId, "A")
        XCTAssertEqual(try h.deliver(H.ticket("T3")).emitted.payload(TicketAssigned.self)?.technicianId, "B")
        XCTAssertEqual(try h.deliver(H.ticket("T4")).emitted.payload(TicketUnassignable.self)?.reason, "no-capacity")
        // Freed by a later batch: unmarked.
        try h.deliver(AssignmentDeclined(ticketId: "T3", technicianId: "B", reason: "busy"))
        XCTAssertEqual(try fullUntil("B"), [nil])
        XCTAssertEqual(try h.deliver(H.ticket("T5")).emitted.payload(TicketAssigned.self)?.technicianId, "B")
        // The next service day both are free, whatever the marks said.
        h.now = Timestamp.parse("2026-11-22T16:00:01Z")!
        XCTAssertEqual(try h.deliver(H.ticket("T6")).emitted.payload(TicketAssigned.self)?.technicianId, "A")
    }

    // MARK: Service days in the region's time zone

    func testServiceDayFollowsTheTechniciansRegionZone() throws {
        let zones = try ServiceDay.parseZones("XJ=Asia/Urumqi")
        let h = try DispatchHarness("disptz", settings: DispatchSettings(serviceDay: ServiceDay(zones: zones)),
                                    now: Timestamp.parse("2026-11-22T15:30:00Z")!)  // 23:30 in Shanghai, 21:30 in Urumqi
        let urumqi = GeoPoint(lat: 43.8256, lon: 87.6168)
        try h.deliver(H.technician("SH-1", km: 1, capacity: 1))
        try h.deliver(TechnicianUpserted(technicianId: "XJ-1", name: "XJ", skills: ["refrigerator"], region: "XJ",
                                         location: urumqi, dailyCapacity: 1, active: true))
        XCTAssertEqual(try h.deliver(H.ticket("S1")).emitted.payload(TicketAssigned.self)?.technicianId, "SH-1")
        XCTAssertEqual(try h.deliver(H.ticket("X1", region: "XJ", location: urumqi)).emitted.payload(TicketAssigned.self)?.technicianId,
                       "XJ-1")
        // 16:30Z: a new day in Shanghai (00:30), still the 22nd in Urumqi (22:30).
        h.now = Timestamp.parse("2026-11-22T16:30:00Z")!
        XCTAssertEqual(try h.deliver(H.ticket("S2")).emitted.payload(TicketAssigned.self)?.technicianId, "SH-1")
        XCTAssertEqual(try h.deliver(H.ticket("X2", region: "XJ", location: urumqi)).emitted.payload(TicketUnassignable.self)?.reason,
                       "no-capacity")
        // 18:30Z: the 23rd in Urumqi too.
        h.now = Timestamp.parse("2026-11-22T18:30:00Z")!
        XCTAssertEqual(try h.deliver(H.ticket("X3", region: "XJ", location: urumqi)).emitted.payload(TicketAssigned.self)?.technicianId,
                       "XJ-1")
        let days = try h.db.query("SELECT technician_id || ' ' || service_day::text AS d FROM technician_day_load ORDER BY 1")
            .map { try $0.get("d", as: String.self) }
        XCTAssertEqual(days, ["SH-1 2026-11-22", "SH-1 2026-11-23", "XJ-1 2026-11-22", "XJ-1 2026-11-23"])
    }

    func testShanghaiIsTheDefaultServiceDay() throws {
        let h = try DispatchHarness("dispsh", now: Timestamp.parse("2026-11-22T15:59:00Z")!)  // 23:59 Shanghai
        try h.deliver(H.technician("A", km: 1, capacity: 1))
        XCTAssertEqual(try h.deliver(H.ticket("T1")).emitted.payload(TicketAssigned.self)?.technicianId, "A")
        XCTAssertEqual(try h.deliver(H.ticket("T2")).emitted.payload(TicketUnassignable.self)?.reason, "no-capacity")
        h.now = Timestamp.parse("2026-11-22T16:01:00Z")!  // 00:01 on the 23rd in Shanghai, still the 22nd in UTC
        XCTAssertEqual(try h.deliver(H.ticket("T3")).emitted.payload(TicketAssigned.self)?.technicianId, "A")
    }

    // MARK: The grid follows the distance setting

    func testChangingTheDistanceBoundRebuildsTheCandidateIndex() throws {
        let h = try DispatchHarness("dispgrid")
        try h.deliver(H.technician("A", km: 30))
        try h.deliver(H.technician("B", km: 8, region: "JS"))
        let cellsBefore: [Int64] = try h.db.query("SELECT cell FROM technician_skills ORDER BY technician_id").map { try $0.get("cell") }
        // A second instance configured with a 10 km bound opens the same database.
        let narrow = DispatchSettings(maxDistanceKm: 10)
        var config = testServiceConfig(service: "dispatch", databaseURL: h.harness.databaseURL, topicPrefix: "")
        config.createTopics = false
        let pipeline = try OfflinePipeline(config: config, migrations: DispatchMigrations.all,
                                           handler: DispatchHandler(settings: narrow), clock: ManualClock(h.now))
        let cellsAfter: [Int64] = try h.db.query("SELECT cell FROM technician_skills ORDER BY technician_id").map { try $0.get("cell") }
        XCTAssertNotEqual(cellsAfter, cellsBefore)
        let expected = [GeoPoint(lat: H.home.lat + 30 / 111.195, lon: H.home.lon), GeoPoint(lat: H.home.lat + 8 / 111.195, lon: H.home.lon)]
            .map { narrow.grid.cell(of: $0) }
        XCTAssertEqual(cellsAfter, expected)
        let kept: Double = try h.db.query("SELECT cell_km FROM dispatch_grid").first!.get("cell_km")
        XCTAssertEqual(kept, 10)
        let envelope = h.envelope(H.ticket("T1"))
        try pipeline.process([h.harness.record(topic: .tickets, key: "T1", value: Array(envelope.encoded()))])
        let assigned = try h.harness.newlyEmitted().payload(TicketAssigned.self)
        XCTAssertEqual(assigned?.technicianId, "B", "B (other region, 8 km) is within the new 10 km bound and nearest")
    }
}
