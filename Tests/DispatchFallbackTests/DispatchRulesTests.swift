import DispatchFallback
import Schema
import XCTest

final class DispatchRulesTests: XCTestCase {
    private let ticket = DispatchNeed(category: "refrigerator", region: "shanghai", location: GeoPoint(lat: 31.23, lon: 121.47), emergency: false)

    private func tech(_ id: String, skills: Set<String> = ["refrigerator"], region: String = "shanghai", lat: Double, lon: Double = 121.47,
                      capacity: Int = 3, load: Int = 0, active: Bool = true) -> TechnicianSnapshot {
        TechnicianSnapshot(technicianId: id, skills: skills, region: region, location: GeoPoint(lat: lat, lon: lon),
                           dailyCapacity: capacity, load: load, active: active)
    }

    private func ids(_ result: CandidateRanking.Result) -> [String] {
        if case .candidates(let list) = result { return list.map(\.technicianId) }
        return []
    }

    func testNearestFirstThenLeastLoaded() {
        let result = CandidateRanking.rank(ticket, technicians: [
            tech("FAR", lat: 31.40), tech("NEAR", lat: 31.24), tech("NEAR-BUSY", lat: 31.24, load: 2), tech("MID", lat: 31.30),
        ], maxDistanceKm: 50)
        XCTAssertEqual(ids(result), ["NEAR", "NEAR-BUSY", "MID", "FAR"])
        if case .candidates(let list) = result { XCTAssertEqual(list[0].distanceKm, 1.11, accuracy: 0.01) }
    }

    func testEligibilityFilters() {
        let result = CandidateRanking.rank(ticket, technicians: [
            tech("NO-SKILL", skills: ["washing-machine"], lat: 31.23), tech("INACTIVE", lat: 31.23, active: false),
            tech("FULL", lat: 31.23, capacity: 2, load: 2), tech("OTHER-REGION-CLOSE", region: "suzhou", lat: 31.5),
            tech("OTHER-REGION-FAR", region: "beijing", lat: 39.9, lon: 116.4),
        ], maxDistanceKm: 50)
        XCTAssertEqual(ids(result), ["OTHER-REGION-CLOSE"], "within 50 km counts even in another region")
    }

    func testUnassignableReasons() {
        XCTAssertEqual(CandidateRanking.rank(ticket, technicians: [tech("X", skills: ["tiles"], lat: 31.2)], maxDistanceKm: 50),
                       .unassignable(.noSkill))
        XCTAssertEqual(CandidateRanking.rank(ticket, technicians: [tech("X", region: "beijing", lat: 39.9, lon: 116.4)], maxDistanceKm: 50),
                       .unassignable(.outOfRange))
        XCTAssertEqual(CandidateRanking.rank(ticket, technicians: [tech("X", lat: 31.2, capacity: 1, load: 1)], maxDistanceKm: 50),
                       .unassignable(.noCapacity))
        XCTAssertEqual(CandidateRanking.rank(ticket, technicians: [tech("X", lat: 31.2)], maxDistanceKm: 50, excluding: ["X"]),
                       .unassignable(.candidatesExhausted))
    }

    func testEmergenciesMayExceedCapacityByOne() {
        var emergency = ticket
        emergency.emergency = true
        let technicians = [tech("FULL", lat: 31.23, capacity: 2, load: 2), tech("OVER", lat: 31.23, capacity: 2, load: 3)]
        XCTAssertEqual(ids(CandidateRanking.rank(emergency, technicians: technicians, maxDistanceKm: 50)), ["FULL"])
        XCTAssertEqual(CandidateRanking.rank(ticket, technicians: technicians, maxDistanceKm: 50), .unassignable(.noCapacity))
    }

    func testDeclinedTechniciansAreNeverTriedAgain() {
        let technicians = [tech("A", lat: 31.23), tech("B", lat: 31.25), tech("C", lat: 31.30)]
        XCTAssertEqual(ids(CandidateRanking.rank(ticket, technicians: technicians, maxDistanceKm: 50, excluding: ["A"])), ["B", "C"])
    }

    func testStateMachine() {
        XCTAssertEqual(try TicketStateMachine.next(from: .assigned, on: .accept).get(), .accepted)
        XCTAssertEqual(try TicketStateMachine.next(from: .accepted, on: .schedule).get(), .scheduled)
        XCTAssertEqual(try TicketStateMachine.next(from: .scheduled, on: .start).get(), .onSite)
        XCTAssertEqual(try TicketStateMachine.next(from: .onSite, on: .diagnose).get(), .diagnosed)
        XCTAssertEqual(try TicketStateMachine.next(from: .quoted, on: .approveQuote).get(), .diagnosed)
        XCTAssertEqual(try TicketStateMachine.next(from: .quoted, on: .declineQuote).get(), .closed)
        XCTAssertEqual(try TicketStateMachine.next(from: .diagnosed, on: .complete).get(), .completed)
        XCTAssertEqual(try TicketStateMachine.next(from: .diagnosed, on: .partsBackordered).get(), .waitingParts)
        XCTAssertEqual(try TicketStateMachine.next(from: .waitingParts, on: .partsReservedAfterWaiting).get(), .scheduled)
        for (state, step) in [(FieldState.assigned, FieldStep.start), (.accepted, .complete), (.completed, .accept),
                              (.scheduled, .diagnose), (.waitingParts, .complete), (.cancelled, .schedule)] {
            XCTAssertThrowsError(try TicketStateMachine.next(from: state, on: step).get(), "\(step) in \(state)")
        }
        let error = TransitionError(state: .assigned, step: .start)
        XCTAssertEqual(error.description, "out-of-order: start is not allowed while the ticket is assigned")
    }

    func testFirstTimeFix() {
        XCTAssertTrue(FirstTimeFix.holds(resolved: true, visits: 1, waitedForParts: false, reopened: false))
        XCTAssertFalse(FirstTimeFix.holds(resolved: false, visits: 1, waitedForParts: false, reopened: false))
        XCTAssertFalse(FirstTimeFix.holds(resolved: true, visits: 2, waitedForParts: false, reopened: false))
        XCTAssertFalse(FirstTimeFix.holds(resolved: true, visits: 1, waitedForParts: true, reopened: false))
        XCTAssertFalse(FirstTimeFix.holds(resolved: true, visits: 1, waitedForParts: false, reopened: true))
    }
}
