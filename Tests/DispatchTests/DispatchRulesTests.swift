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

    func testFieldFlowTransitions() {
        // Scheduling is optional; after a diagnosis, a quote, parts or a failed visit the next
        // visit may be booked or begun.
        for state in [TicketState.accepted, .scheduled, .diagnosed, .quoted, .waitingParts, .visitFailed] {
            assertNext(state, .start, .onSite)
            assertNext(state, .schedule, .scheduled)
        }
        for state in [TicketState.accepted, .scheduled, .onSite] { assertNext(state, .fail, .visitFailed) }
        for state in [TicketState.accepted, .scheduled, .visitFailed, .diagnosed, .quoted, .waitingParts] {
            assertNext(state, .returnAssignment, .assigned)
        }
        for state in TicketState.reassignable { assertNext(state, .deactivate, .assigned) }
        assertNext(.visitFailed, .approveQuote, .visitFailed)
        assertNext(.visitFailed, .declineQuote, .closed)
        assertNext(.visitFailed, .cancel, .cancelled)
        assertNext(.visitFailed, .reserve, .visitFailed)
        XCTAssertTrue(TicketState.visitFailed.holdsCapacity)
    }

    func testFieldFlowRejections() {
        for state in [TicketState.assigned, .diagnosed, .quoted, .waitingParts, .visitFailed, .completed, .closed,
                      .cancelled, .unassignable] {
            assertRejected(state, .fail)
        }
        for state in [TicketState.assigned, .onSite, .completed, .closed, .cancelled, .unassignable] {
            assertRejected(state, .returnAssignment)
        }
        for state in [TicketState.onSite, .diagnosed, .quoted, .waitingParts, .completed, .unassignable] {
            assertRejected(state, .deactivate)
        }
        for state in [TicketState.assigned, .onSite, .completed, .closed, .cancelled, .unassignable] {
            assertRejected(state, .start)
            assertRejected(state, .schedule)
        }
        assertRejected(.visitFailed, .complete)
        assertRejected(.visitFailed, .diagnose)
        assertRejected(.visitFailed, .backorder)
        assertRejected(.accepted, .complete)  // completion before any visit
        assertRejected(.scheduled, .complete)
    }

    func testForbiddenTransitions() {
        assertRejected(.accepted, .accept)
        assertRejected(.assigned, .start)
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
        XCTAssertEqual(Set(TicketState.active),
                       [.assigned, .accepted, .scheduled, .onSite, .diagnosed, .quoted, .waitingParts, .visitFailed])
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
    /// The platform-wide names, which alerting reads too, win over the earlier dispatch-only ones.
    func testSettingsReadThePlatformWideTimeZones() throws {
        var config = testServiceConfig(service: "dispatch", databaseURL: "postgres://unused", topicPrefix: "")
        config.settings["AFTERSALES_REGION_TIME_ZONES"] = "XJ=Asia/Urumqi;HK=Asia/Hong_Kong"
        config.settings["AFTERSALES_DISPATCH_REGION_TIMEZONES"] = "XJ=UTC"
        config.settings["AFTERSALES_TIME_ZONE"] = "Asia/Tokyo"
        let settings = try DispatchSettings(config: config)
        XCTAssertEqual(settings.serviceDay.zone(of: "XJ").identifier, "Asia/Urumqi")
        XCTAssertEqual(settings.serviceDay.zone(of: "HK").identifier, "Asia/Hong_Kong")
        XCTAssertEqual(settings.serviceDay.zone(of: "GZ").identifier, "Asia/Tokyo")
        config.settings["AFTERSALES_REGION_TIME_ZONES"] = "XJ=Mars/Olympus"
        XCTAssertThrowsError(try DispatchSettings(config: config)) { error in
            XCTAssertTrue("\(error)".contains("AFTERSALES_REGION_TIME_ZONES"), "names the variable set: \(error)")
        }
    }

    /// The earlier dispatch-only names, still read when the platform-wide ones are unset.
    func testSettingsReadTimeZonesAndLimits() throws {
        var config = testServiceConfig(service: "dispatch", databaseURL: "postgres://unused", topicPrefix: "")
        config.settings["AFTERSALES_DISPATCH_REGION_TIMEZONES"] = "XJ=Asia/Urumqi, SH = Asia/Shanghai"
        config.settings["AFTERSALES_DISPATCH_CANDIDATE_LIMIT"] = "5"
        let settings = try DispatchSettings(config: config)
        XCTAssertEqual(settings.serviceDay.zone(of: "XJ").identifier, "Asia/Urumqi")
        XCTAssertEqual(settings.serviceDay.zone(of: "GZ").identifier, "Asia/Shanghai")
        XCTAssertEqual(settings.candidateLimit, 5)
        config.settings["AFTERSALES_DISPATCH_REGION_TIMEZONES"] = "XJ=Mars/Olympus"
        XCTAssertThrowsError(try DispatchSettings(config: config)) { error in
            XCTAssertTrue("\(error)".contains("Mars/Olympus"), "\(error)")
        }
        config.settings["AFTERSALES_DISPATCH_REGION_TIMEZONES"] = "XJ"
        XCTAssertThrowsError(try DispatchSettings(config: config))
        config.settings["AFTERSALES_DISPATCH_REGION_TIMEZONES"] = "XJ=UTC,XJ=Asia/Urumqi"
        XCTAssertThrowsError(try DispatchSettings(config: config))
        config.settings["AFTERSALES_DISPATCH_REGION_TIMEZONES"] = nil
        config.settings["AFTERSALES_DISPATCH_DEFAULT_TIMEZONE"] = "Nowhere/Atlantis"
        XCTAssertThrowsError(try DispatchSettings(config: config))
        config.settings["AFTERSALES_DISPATCH_DEFAULT_TIMEZONE"] = nil
        config.settings["AFTERSALES_DISPATCH_CANDIDATE_LIMIT"] = "0"
        XCTAssertThrowsError(try DispatchSettings(config: config))
    }
}

final class ServiceDayTests: XCTestCase {
    func testTheRegionsZoneDecidesTheDate() throws {
        let day = ServiceDay(zones: try ServiceDay.parseZones("XJ=Asia/Urumqi,UT=UTC"))
        let moment = Timestamp.parse("2026-11-22T16:30:00Z")!
        XCTAssertEqual(day.day(region: "SH", at: moment), "2026-11-23")  // default Asia/Shanghai, UTC+8
        XCTAssertEqual(day.day(region: "XJ", at: moment), "2026-11-22")  // UTC+6: 22:30
        XCTAssertEqual(day.day(region: "UT", at: moment), "2026-11-22")
        XCTAssertEqual(day.possibleDays(at: moment), ["2026-11-22", "2026-11-23"])
        XCTAssertEqual(ServiceDay().possibleDays(at: moment), ["2026-11-23"])
    }

    func testShanghaiMidnight() {
        let day = ServiceDay()
        XCTAssertEqual(day.day(region: "any", at: Timestamp.parse("2026-11-22T15:59:59Z")!), "2026-11-22")
        XCTAssertEqual(day.day(region: "any", at: Timestamp.parse("2026-11-22T16:00:00Z")!), "2026-11-23")
        XCTAssertEqual(day.day(region: "any", at: Timestamp.parse("2026-12-31T16:00:00Z")!), "2027-01-01")
    }

    func testUTCZoneGivesTheUTCDate() {
        let day = ServiceDay(zones: ["SH": TimeZone(identifier: "UTC")!])
        XCTAssertEqual(day.day(region: "SH", at: Timestamp.parse("2026-11-22T23:59:59Z")!), "2026-11-22")
        XCTAssertEqual(day.day(region: "SH", at: Timestamp.parse("2026-11-23T00:00:00Z")!), "2026-11-23")
        XCTAssertEqual(day.day(region: "SH", at: Timestamp.parse("2026-11-23T07:30:00+08:00")!), "2026-11-22")
    }

    func testZoneListErrorsNameTheItem() {
        XCTAssertThrowsError(try ServiceDay.parseZones("SH=Asia/Shanghai,=UTC"))
        XCTAssertThrowsError(try ServiceDay.parseZones("SH:Asia/Shanghai")) { error in
            XCTAssertTrue("\(error)".contains("SH:Asia/Shanghai"))
        }
        XCTAssertEqual(try ServiceDay.parseZones(" , ").count, 0)
    }
}

final class GeoGridTests: XCTestCase {
    /// Every point within the radius lies in one of the cells the search reads, wherever the
    /// ticket is (equator, China, high latitude, the antimeridian).
    func testCellsCoverEveryPointWithinTheRadius() throws {
        var rng = SystemRandomNumberGenerator()
        for (cellKm, radiusKm) in [(50.0, 50.0), (10, 10), (50, 20), (1, 1)] {
            let grid = GeoGrid(cellKm: cellKm)
            for center in [GeoPoint(lat: 0.1, lon: 0.1), GeoPoint(lat: 31.23, lon: 121.47), GeoPoint(lat: 53.5, lon: 122.3),
                           GeoPoint(lat: 64.1, lon: -21.9), GeoPoint(lat: 10, lon: 179.95), GeoPoint(lat: -33.9, lon: -179.9)] {
                let cells = Set(try XCTUnwrap(grid.cells(within: radiusKm, of: center)))
                for _ in 0..<2_000 {
                    // A random point in the radius's bounding box, kept when within the radius.
                    let point = GeoPoint(lat: center.lat + Double.random(in: -1...1, using: &rng) * radiusKm / 111.0,
                                         lon: wrap(center.lon + Double.random(in: -1...1, using: &rng) * radiusKm
                                                   / (111.0 * cos(center.lat * .pi / 180) * 0.98)))
                    guard center.distanceKm(to: point) <= radiusKm else { continue }
                    XCTAssertTrue(cells.contains(grid.cell(of: point)), "\(point) near \(center), cell \(cellKm) km")
                }
            }
        }
    }

    private func wrap(_ lon: Double) -> Double { lon > 180 ? lon - 360 : (lon < -180 ? lon + 360 : lon) }

    func testASearchReadsAFewCells() throws {
        let grid = GeoGrid(cellKm: 50)
        XCTAssertLessThanOrEqual(try XCTUnwrap(grid.cells(within: 50, of: GeoPoint(lat: 31.23, lon: 121.47))).count, 12)
        XCTAssertLessThanOrEqual(try XCTUnwrap(grid.cells(within: 50, of: GeoPoint(lat: 53.5, lon: 122.3))).count, 15)
        XCTAssertNil(grid.cells(within: 50, of: GeoPoint(lat: 89.9, lon: 0)), "polar: the region search takes over")
        XCTAssertNotEqual(grid.cell(of: GeoPoint(lat: 31.23, lon: 121.47)), grid.cell(of: GeoPoint(lat: 39.9, lon: 116.4)))
        XCTAssertEqual(GeoGrid(cellKm: 0).cellKm, 1, "cells are at least 1 km")
    }
}

final class SearchCoverageTests: XCTestCase {
    private func candidate(_ km: Double, over: Bool = false) -> CandidateScoring.Candidate {
        CandidateScoring.Candidate(technicianId: "T", distanceKm: km, load: 0, loadLimit: 3, overCapacity: over)
    }

    func testANearestListSettlesOnlyAFreeCandidateInsideWhatItRead() {
        let full = SearchCoverage.nearest(count: 12, limit: 12, boundaryKm: 9, radiusKm: 50)
        XCTAssertTrue(full.settles(candidate(3)))
        XCTAssertFalse(full.settles(candidate(9)), "a tie at the boundary: someone unread may be as near")
        XCTAssertFalse(full.settles(candidate(3, over: true)), "an emergency over capacity: a free one may be farther")
        XCTAssertFalse(full.settles(nil))
        let partial = SearchCoverage.nearest(count: 4, limit: 12, boundaryKm: 30, radiusKm: 50)
        XCTAssertTrue(partial.settles(candidate(30)), "fewer than the limit: everyone in the cells was read")
        XCTAssertFalse(partial.settles(candidate(60)), "beyond the radius: same-region technicians farther out were not read")
        XCTAssertTrue(SearchCoverage.complete.settles(nil))
        XCTAssertFalse(SearchCoverage.none.settles(candidate(1)))
    }

    func testSkilledElsewhereTurnsNoSkillIntoOutOfRange() {
        let scoring = CandidateScoring()
        let site = TicketSite(category: "refrigerator", region: "SH", location: GeoPoint(lat: 31, lon: 121), emergency: false)
        XCTAssertEqual(scoring.rank(site, technicians: [], skilledElsewhere: true), .unassignable(.outOfRange))
        XCTAssertEqual(scoring.rank(site, technicians: [], skilledElsewhere: false), .unassignable(.noSkill))
    }
}
