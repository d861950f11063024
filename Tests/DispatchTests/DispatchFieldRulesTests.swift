import Foundation
import Schema
import TestSupport
import XCTest
@testable import DispatchService

/// The pure rules of the field flow: visit numbers, holds, awaited parts, certificates.
final class VisitProgressTests: XCTestCase {
    func testARescheduleBeforeTheVisitStartedIsStillTheFirstVisit() {
        var visits = VisitProgress()
        XCTAssertFalse(visits.isReschedule)
        XCTAssertEqual(visits.schedule(), 1)
        XCTAssertTrue(visits.isReschedule)
        XCTAssertEqual(visits.schedule(), 1, "moved, not a new visit")
        XCTAssertEqual(visits.start(), 1)
        XCTAssertFalse(visits.isReschedule, "after the start a booking is the next visit")
        XCTAssertEqual(visits.schedule(), 2)
    }

    func testStartWithoutBookingOpensTheVisit() {
        var visits = VisitProgress()
        XCTAssertEqual(visits.start(), 1)
        XCTAssertEqual(visits.start(), 2, "a second arrival is another visit")
    }

    func testAnEndedVisitMakesTheNextBookingOrArrivalANewOne() {
        var visits = VisitProgress()
        visits.schedule()
        visits.end()  // failed
        XCTAssertEqual(visits.schedule(), 2)
        XCTAssertEqual(visits.start(), 2)
        visits.end()  // left for parts
        XCTAssertEqual(visits.bookNext(), 3, "dispatch books the return")
        XCTAssertEqual(visits.start(), 3)
        var none = VisitProgress()
        none.end()
        XCTAssertEqual(none.number, 0, "no visit yet: nothing ends")
        XCTAssertFalse(none.ended)
    }
}

final class TicketHoldTests: XCTestCase {
    func testHeldSecondsAreWholeAndBounded() {
        let since = Timestamp.parse("2026-11-22T02:00:00Z")!
        let hold = TicketHold(reason: .customerUnreachable, since: since)
        XCTAssertEqual(hold.heldSeconds(until: since.addingTimeInterval(3_600.9)), 3_600)
        XCTAssertEqual(hold.heldSeconds(until: since.addingTimeInterval(-5)), 0, "a clock step back never gives negatives")
        XCTAssertEqual(hold.heldSeconds(until: since.addingTimeInterval(1e12)), TicketHold.maxHeldSeconds)
    }

    func testVisitFailureReasonsMapToHoldReasons() {
        XCTAssertEqual(VisitFailureReason.customerAbsent.holdReason, .customerUnreachable)
        for reason in [VisitFailureReason.noAccess, .wrongAddress, .unsafeSite] {
            XCTAssertEqual(reason.holdReason, .customerRequested)
        }
    }

    func testOutstandingPartsAreCountedDownByReservations() {
        let awaited = OutstandingParts.adding([PartLine(partNumber: "P-1", quantity: 2), PartLine(partNumber: "P-2", quantity: 1)],
                                              to: [])
        let partly = OutstandingParts.removing([PartLine(partNumber: "P-1", quantity: 1, warehouseId: "W")], from: awaited)
        XCTAssertEqual(partly, [PartLine(partNumber: "P-1", quantity: 1), PartLine(partNumber: "P-2", quantity: 1)])
        let unrelated = OutstandingParts.removing([PartLine(partNumber: "P-9", quantity: 5)], from: partly)
        XCTAssertEqual(unrelated, partly, "a part not awaited changes nothing")
        XCTAssertEqual(OutstandingParts.removing([PartLine(partNumber: "P-1", quantity: 3), PartLine(partNumber: "P-2", quantity: 1)],
                                                 from: partly), [])
    }
}

final class CertificationTests: XCTestCase {
    func testACertificateIsValidThroughItsExpiryDay() {
        let held = CertificateSet([.init(type: "gas", expiresOn: "2026-11-22"), .init(type: "gas", expiresOn: "2025-01-01"),
                                   .init(type: "electrical", expiresOn: "2027-06-30")])
        XCTAssertEqual(held.validThrough["gas"], "2026-11-22", "the later of two")
        XCTAssertTrue(held.covers(["gas"], on: "2026-11-22"))
        XCTAssertFalse(held.covers(["gas"], on: "2026-11-23"))
        XCTAssertTrue(held.covers(["gas", "electrical"], on: "2026-11-01"))
        XCTAssertEqual(held.missing(["gas", "refrigerant", "electrical"], on: "2026-12-01"), ["gas", "refrigerant"])
        XCTAssertTrue(held.covers([], on: "2030-01-01"))
        XCTAssertEqual(CertificateSet(indexEntries: held.indexEntries), held)
    }

    func testDefaultsAndConfiguration() throws {
        let defaults = CertificationRequirements.defaults
        XCTAssertEqual(defaults.required(category: "kitchen-appliance", faultClass: "hardware"), ["gas"])
        XCTAssertEqual(defaults.required(category: "water-heater", faultClass: nil), ["electrical"])
        XCTAssertEqual(defaults.required(category: "air-conditioner", faultClass: "installation"), ["refrigerant"])
        XCTAssertEqual(defaults.required(category: "refrigerator", faultClass: "hardware"), [])
        let custom = try CertificationRequirements.parse("water-heater=electrical+gas, fault:installation=height-work")
        XCTAssertEqual(custom.required(category: "water-heater", faultClass: "installation"), ["electrical", "gas", "height-work"])
        XCTAssertEqual(custom.required(category: "air-conditioner", faultClass: nil), [], "a list replaces the defaults")
        XCTAssertEqual(try CertificationRequirements.parse("none"), CertificationRequirements())
        XCTAssertThrowsError(try CertificationRequirements.parse("spaceship=gas"))
        XCTAssertThrowsError(try CertificationRequirements.parse("fault:sorcery=gas"))
        XCTAssertThrowsError(try CertificationRequirements.parse("water-heater=Gas Licence"))
        XCTAssertThrowsError(try CertificationRequirements.parse("water-heater"))
    }

    func testSettingsReadTheRequirements() throws {
        var config = testServiceConfig(service: "dispatch", databaseURL: "postgres://unused", topicPrefix: "")
        XCTAssertEqual(try DispatchSettings(config: config).certifications, .defaults)
        config.settings["AFTERSALES_DISPATCH_REQUIRED_CERTIFICATIONS"] = "smart-lock=locksmith"
        XCTAssertEqual(try DispatchSettings(config: config).certifications.required(category: "smart-lock", faultClass: nil),
                       ["locksmith"])
        config.settings["AFTERSALES_DISPATCH_REQUIRED_CERTIFICATIONS"] = "smart-lock"
        XCTAssertThrowsError(try DispatchSettings(config: config))
    }

    func testRankingSkipsUncertifiedTechniciansAndSaysWhy() {
        let here = GeoPoint(lat: 31.23, lon: 121.47)
        func tech(_ id: String, km: Double, gasUntil: String?) -> TechnicianProfile {
            TechnicianProfile(technicianId: id, skills: ["kitchen-appliance"], region: "SH",
                              location: GeoPoint(lat: here.lat + km / 111.195, lon: here.lon), dailyCapacity: 3, active: true,
                              certificates: CertificateSet(gasUntil.map { [.init(type: "gas", expiresOn: $0)] }))
        }
        let site = TicketSite(category: "kitchen-appliance", region: "SH", location: here, emergency: false,
                              requiredCertificates: ["gas"], visitDay: "2026-11-22")
        let scoring = CandidateScoring()
        let near = tech("NEAR", km: 1, gasUntil: nil), expired = tech("EXP", km: 2, gasUntil: "2026-11-21")
        let lastDay = tech("LAST", km: 5, gasUntil: "2026-11-22")
        XCTAssertEqual(scoring.rank(site, technicians: [near, expired, lastDay]).best?.technicianId, "LAST")
        XCTAssertEqual(scoring.rank(site, technicians: [near, expired]), .unassignable(.noCertifiedTechnician))
        XCTAssertEqual(scoring.rank(site, technicians: [lastDay], excluding: ["LAST"]), .unassignable(.candidatesExhausted))
        var nextDay = site
        nextDay.visitDay = "2026-11-23"
        XCTAssertEqual(scoring.rank(nextDay, technicians: [lastDay]), .unassignable(.noCertifiedTechnician))
        // Precedence: out of range before uncertified.
        var far = near
        far.region = "BJ"
        far.location = GeoPoint(lat: 39.9, lon: 116.4)
        XCTAssertEqual(scoring.rank(site, technicians: [far]), .unassignable(.outOfRange))
        XCTAssertEqual(UnassignableCause.noCertifiedTechnician.rawValue, "no-certified-technician")
    }
}
