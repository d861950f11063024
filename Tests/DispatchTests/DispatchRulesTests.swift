import Foundation
import Schema
import TestSupport
import XCTest
@testable import DispatchService

final class CandidateScoringTests: XCTestCase {
    private let center = GeoPoint(lat: 31.2304, lon: 121.4737)  // Shanghai

    /// A point `km` kilometres north of the centre (1° latitude ≈ 111.2 km).
    private func north(_ km: Double) -> GeoPoint { GeoPoint(lat: center.lat + km / 111.195, lon: center.lon) }

    private func tech(_ id: String, km: Double, region: String = "SH", skills: Set<String> = ["refrigerator"],
                      capacity: Int = 3, load: Int = 0, active: Bool = true) -> TechnicianProfile {
        TechnicianProfile(technicianId: id, skills: skills, region: region, location: north(km), dailyCapacity: capacity,
                          active: active, load: load)
    }

    private func site(region: String = "SH", emergency: Bool = false, category: String = "refrigerator") -> TicketSite {
        TicketSite(category: category, region: region, location: center, emergency: emergency)
    }

    private let ranking = CandidateScoring(maxDistanceKm: 50, emergencyExtraCapacity: 1)

    func testNearestFirst() {
        let outcome = ranking.rank(site(), technicians: [tech("A", km: 20), tech("B", km: 5), tech("C", km: 12)])
        guard case .candidates(let list) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(list.map(\.technicianId), ["B", "C", "A"])
        XCTAssertEqual(list[0].distanceKm, 5, accuracy: 0.05)
    }

    func testTieOnDistanceGoesToLeastLoaded() {
        let outcome = ranking.rank(site(), technicians: [tech("A", km: 10, load: 2), tech("B", km: 10, load: 1)])
        XCTAssertEqual(outcome.best?.technicianId, "B")
    }

    func testFullTechnicianIsSkipped() {
        let outcome = ranking.rank(site(), technicians: [tech("A", km: 1, capacity: 2, load: 2), tech("B", km: 30)])
        XCTAssertEqual(outcome.best?.technicianId, "B")
        XCTAssertEqual(outcome.best?.overCapacity, false)
    }

    func testEveryoneFullGivesNoCapacity() {
        let outcome = ranking.rank(site(), technicians: [tech("A", km: 1, capacity: 2, load: 2), tech("B", km: 3, capacity: 1, load: 1)])
        XCTAssertEqual(outcome, .unassignable(.noCapacity))
    }

    func testEmergencyMayExceedCapacityByOneWhenAllFull() {
        let full = [tech("A", km: 1, capacity: 2, load: 2), tech("B", km: 3, capacity: 1, load: 1)]
        let outcome = ranking.rank(site(emergency: true), technicians: full)
        XCTAssertEqual(outcome.best?.technicianId, "A")
        XCTAssertEqual(outcome.best?.overCapacity, true)
        XCTAssertEqual(outcome.best?.loadLimit, 3)
        // Not by two.
        let overfull = [tech("A", km: 1, capacity: 2, load: 3)]
        XCTAssertEqual(ranking.rank(site(emergency: true), technicians: overfull), .unassignable(.noCapacity))
    }

    func testEmergencyPrefersTechnicianUnderCapacity() {
        let outcome = ranking.rank(site(emergency: true), technicians: [tech("A", km: 1, capacity: 1, load: 1), tech("B", km: 40)])
        XCTAssertEqual(outcome.best?.technicianId, "B")
        XCTAssertEqual(outcome.best?.overCapacity, false)
    }

    func testRegionOrDistanceBound() {
        // Same region far away: eligible. Other region but within 50 km: eligible. Other region, 80 km: not.
        let techs = [tech("FarSameRegion", km: 120), tech("NearOtherRegion", km: 45, region: "JS"),
                     tech("FarOtherRegion", km: 80, region: "JS")]
        guard case .candidates(let list) = ranking.rank(site(), technicians: techs) else { return XCTFail() }
        XCTAssertEqual(list.map(\.technicianId), ["NearOtherRegion", "FarSameRegion"])
    }

    func testNoSkill() {
        let techs = [tech("A", km: 1, skills: ["furniture"]), tech("B", km: 1, active: false)]
        XCTAssertEqual(ranking.rank(site(), technicians: techs), .unassignable(.noSkill))
    }

    func testOutOfRange() {
        let techs = [tech("A", km: 80, region: "JS"), tech("B", km: 1, region: "JS", skills: ["flooring"])]
        XCTAssertEqual(ranking.rank(site(), technicians: techs), .unassignable(.outOfRange))
    }

    func testOutOfRangeTakesPrecedenceOverCapacity() {
        let techs = [tech("A", km: 80, region: "JS", capacity: 0)]
        XCTAssertEqual(ranking.rank(site(), technicians: techs), .unassignable(.outOfRange))
    }

    func testExcludedTechniciansAreNeverOfferedAgain() {
        let techs = [tech("A", km: 1), tech("B", km: 2)]
        XCTAssertEqual(ranking.rank(site(), technicians: techs, excluding: ["A"]).best?.technicianId, "B")
        XCTAssertEqual(ranking.rank(site(), technicians: techs, excluding: ["A", "B"]), .unassignable(.candidatesExhausted))
    }

    func testTotalOrderById() {
        let outcome = ranking.rank(site(), technicians: [tech("B", km: 10), tech("A", km: 10)])
        XCTAssertEqual(outcome.best?.technicianId, "A")
    }

    func testScoringPrecedenceNoSkillBeforeOutOfRangeBeforeNoCapacity() {
        let scoring = CandidateScoring(maxDistanceKm: 50)
        let here = GeoPoint(lat: 31.23, lon: 121.47)
        let far = GeoPoint(lat: 39.90, lon: 116.40)
        let site = TicketSite(category: "refrigerator", region: "SH", location: here, emergency: false)
        let skilledFarFull = TechnicianProfile(technicianId: "F", skills: ["refrigerator"], region: "BJ", location: far,
                                               dailyCapacity: 1, active: true, load: 1)
        let unskilledNear = TechnicianProfile(technicianId: "U", skills: ["flooring"], region: "SH", location: here,
                                              dailyCapacity: 5, active: true)
        let inactiveNear = TechnicianProfile(technicianId: "I", skills: ["refrigerator"], region: "SH", location: here,
                                             dailyCapacity: 5, active: false)
        XCTAssertEqual(scoring.rank(site, technicians: [unskilledNear, inactiveNear]), .unassignable(.noSkill))
        XCTAssertEqual(scoring.rank(site, technicians: [unskilledNear, skilledFarFull]), .unassignable(.outOfRange))
        var nearFull = skilledFarFull
        nearFull.region = "SH"
        XCTAssertEqual(scoring.rank(site, technicians: [nearFull, unskilledNear]), .unassignable(.noCapacity))
    }
}

final class TicketStateMachineTests: XCTestCase {
    private func assertNext(_ state: TicketState, _ trigger: TicketTrigger, _ expected: TicketState,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(try? TicketStateMachine.next(from: state, on: trigger).get(), expected, "\(state) + \(trigger)",
                       file: file, line: line)
    }

    private func assertRejected(_ state: TicketState, _ trigger: TicketTrigger, file: StaticString = #filePath, line: UInt = #line) {
        switch TicketStateMachine.next(from: state, on: trigger) {
        case .success(let next): XCTFail("\(state) + \(trigger) gave \(next)", file: file, line: line)
        case .failure(let rejection):
            XCTAssertEqual(rejection.state, state, file: file, line: line)
            XCTAssertTrue(rejection.description.contains(trigger.rawValue), file: file, line: line)
        }
    }

    func testAllowedTransitions() {
        assertNext(.assigned, .accept, .accepted)
        assertNext(.assigned, .decline, .assigned)
        assertNext(.assigned, .acceptanceTimeout, .assigned)
        assertNext(.accepted, .schedule, .scheduled)
        assertNext(.scheduled, .schedule, .scheduled)
        assertNext(.diagnosed, .schedule, .scheduled)
        assertNext(.quoted, .schedule, .scheduled)
        assertNext(.scheduled, .start, .onSite)
        assertNext(.onSite, .diagnose, .diagnosed)
        assertNext(.diagnosed, .quote, .quoted)
        assertNext(.quoted, .approveQuote, .quoted)
        assertNext(.quoted, .declineQuote, .closed)
        for state in [TicketState.diagnosed, .quoted, .scheduled, .onSite] { assertNext(state, .backorder, .waitingParts) }
        assertNext(.waitingParts, .reserve, .scheduled)
        assertNext(.diagnosed, .reserve, .diagnosed)
        for state in [TicketState.onSite, .diagnosed, .quoted] { assertNext(state, .complete, .completed) }
        for state in TicketState.active + [.unassignable] { assertNext(state, .cancel, .cancelled) }
        assertNext(.completed, .reopen, .assigned)
        assertNext(.completed, .closeSatisfied, .closed)
        assertNext(.completed, .closeExpired, .closed)
    }

    func testForbiddenTransitions() {
        assertRejected(.accepted, .accept)
        assertRejected(.assigned, .start)
        assertRejected(.accepted, .start)
        assertRejected(.scheduled, .complete)
        assertRejected(.assigned, .diagnose)
        assertRejected(.diagnosed, .approveQuote)
        assertRejected(.accepted, .decline)
        assertRejected(.waitingParts, .backorder)
        assertRejected(.completed, .cancel)
        assertRejected(.closed, .reopen)
        assertRejected(.cancelled, .accept)
        assertRejected(.assigned, .closeSatisfied)
        assertRejected(.completed, .reserve)
    }

    func testCapacityHoldingStates() {
        XCTAssertEqual(Set(TicketState.active), [.assigned, .accepted, .scheduled, .onSite, .diagnosed, .quoted, .waitingParts])
        XCTAssertFalse(TicketState.completed.holdsCapacity)
        XCTAssertFalse(TicketState.cancelled.holdsCapacity)
    }

    func testFirstTimeFix() {
        XCTAssertTrue(FirstTimeFix.evaluate(resolved: true, visits: 1, waitedForParts: false, reopened: false))
        XCTAssertFalse(FirstTimeFix.evaluate(resolved: false, visits: 1, waitedForParts: false, reopened: false))
        XCTAssertFalse(FirstTimeFix.evaluate(resolved: true, visits: 2, waitedForParts: false, reopened: false))
        XCTAssertFalse(FirstTimeFix.evaluate(resolved: true, visits: 1, waitedForParts: true, reopened: false))
        XCTAssertFalse(FirstTimeFix.evaluate(resolved: true, visits: 1, waitedForParts: false, reopened: true))
    }

    func testSettingsFromConfiguration() throws {
        var config = testServiceConfig(service: "dispatch", databaseURL: "postgres://unused", topicPrefix: "")
        XCTAssertEqual(try DispatchSettings(config: config), DispatchSettings())
        config.settings["AFTERSALES_DISPATCH_MAX_DISTANCE_KM"] = "80"
        config.settings["AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS"] = "60"
        XCTAssertEqual(try DispatchSettings(config: config).maxDistanceKm, 80)
        XCTAssertEqual(try DispatchSettings(config: config).acceptTimeoutSeconds, 60)
        config.settings["AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS"] = "-1"
        XCTAssertThrowsError(try DispatchSettings(config: config))
    }
    func testServiceDayIsTheUTCDate() {
        XCTAssertEqual(DispatchStore.serviceDay(Timestamp.parse("2026-11-22T23:59:59Z")!), "2026-11-22")
        XCTAssertEqual(DispatchStore.serviceDay(Timestamp.parse("2026-11-23T00:00:00Z")!), "2026-11-23")
        XCTAssertEqual(DispatchStore.serviceDay(Timestamp.parse("2026-11-23T07:30:00+08:00")!), "2026-11-22")
    }
}
