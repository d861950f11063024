import AlertingService
import Foundation
import ServiceRuntime
import XCTest

/// Predictive SLA warning on given times: raise before the 80 % point, resolve when met or stopped.
final class SLAForecastRulesTests: XCTestCase {
    private let t0 = Date(timeIntervalSince1970: 1_795_852_800)
    private let settings = ForecastSettings()  // 30 km/h, 60 min prior, 5 samples, α 0.2
    private let hour = 3_600.0

    private func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * hour) }

    /// On site due after 4 h (80 % at 3.2 h), resolve after `resolveHours`.
    private func ticket(km: Double? = 60, resolveHours: Double = 24, onSiteAt: Date? = nil, completedAt: Date? = nil,
                        stopped: Bool = false, onHold: Bool = false) -> ForecastTicket {
        ForecastTicket(ticketId: "T-1", category: "refrigerator", distanceKm: km,
                       onSite: SLAClock(deadline: .onSite, start: t0, due: at(4)),
                       resolve: SLAClock(deadline: .resolve, start: t0, due: at(resolveHours)),
                       onSiteAt: onSiteAt, completedAt: completedAt, stopped: stopped, onHold: onHold)
    }

    private func decide(_ ticket: ForecastTicket, _ deadline: SLAClock.Deadline = .onSite, open: Bool = false, now: Date,
                        estimate: RepairTimeEstimate? = nil) -> ForecastDecision {
        SLAForecast.evaluate(ticket, deadline: deadline, alertOpen: open, estimate: estimate, settings: settings, now: now)
    }

    // MARK: On site: travel only

    func testRaisesWhenTravelNoLongerFitsBeforeThe80PercentMark() throws {
        let far = ticket(km: 60)  // 2 h at 30 km/h
        XCTAssertEqual(SLAForecast.checkTime(far, deadline: .onSite, estimate: nil, settings: settings), at(2))
        XCTAssertEqual(decide(far, now: at(2).addingTimeInterval(-1)), .nothing, "one second of slack left")
        guard case .raise(let alert) = decide(far, now: at(2)) else { return XCTFail("no slack left: raise") }
        XCTAssertEqual(alert.rule, "sla-forecast-breach")
        XCTAssertEqual(alert.subject, "T-1:on-site")
        XCTAssertEqual(alert.severity, .warning)
        XCTAssertEqual(alert.message, "ticket T-1: on-site deadline forecast to be missed: needs 120 min travel (60.0 km at 30 km/h), 120 min left")
        XCTAssertEqual(alert.details?["neededSeconds"], "7200")
        guard case .raise = decide(far, now: at(3.1)) else { return XCTFail("still before 80 %") }
        XCTAssertEqual(decide(far, now: at(3.2)), .nothing, "from the 80 % point the sla-at-risk warning takes over")
    }

    func testNearTechnicianNeverForecasts() {
        let near = ticket(km: 10)  // 20 min: short only after 3 h 40, past the 80 % point
        XCTAssertNil(SLAForecast.checkTime(near, deadline: .onSite, estimate: nil, settings: settings))
        for hours in stride(from: 0.0, through: 3.19, by: 0.1) { XCTAssertEqual(decide(near, now: at(hours)), .nothing, "\(hours)") }
    }

    func testUnassignedOnHoldOrAlreadyOpenDoNothing() {
        XCTAssertEqual(decide(ticket(km: nil), now: at(3)), .nothing)
        XCTAssertEqual(decide(ticket(onHold: true), now: at(3)), .nothing)
        XCTAssertEqual(decide(ticket(), open: true, now: at(3)), .nothing, "one open alert per subject")
    }

    // MARK: Resolve: travel plus typical repair

    func testResolveNeedsTravelPlusRepair() throws {
        let tight = ticket(km: 60, resolveHours: 5)  // needs 2 h + 1 h; 80 % at 4 h
        XCTAssertEqual(SLAForecast.checkTime(tight, deadline: .resolve, estimate: nil, settings: settings), at(2))
        guard case .raise(let alert) = decide(tight, .resolve, now: at(2)) else { return XCTFail() }
        XCTAssertEqual(alert.subject, "T-1:resolve")
        XCTAssertTrue(alert.message.contains("120 min travel (60.0 km at 30 km/h) + 60 min repair (prior for refrigerator)"), alert.message)
        XCTAssertEqual(decide(tight, .resolve, now: at(1.9)), .nothing)
    }

    func testOnSiteTheRemainingRepairCounts() {
        // Resolve due at 4 h (80 % at 3.2 h); arrived at 3 h; 60 min typical: no slack.
        let onSite = ticket(km: 60, resolveHours: 4, onSiteAt: at(3))
        guard case .raise = decide(onSite, .resolve, now: at(3)) else { return XCTFail() }
        // A learned 45 minutes fits.
        let learned = RepairTimeEstimate(samples: 5, seconds: 45 * 60)
        XCTAssertEqual(decide(onSite, .resolve, now: at(3), estimate: learned), .nothing)
        XCTAssertNil(SLAForecast.checkTime(onSite, deadline: .resolve, estimate: nil, settings: settings), "no timer once on site")
    }

    // MARK: Resolution

    func testResolvedWhenMetOrStopped() {
        XCTAssertEqual(decide(ticket(onSiteAt: at(3.5)), open: true, now: at(3.5)),
                       .resolve(rule: "sla-forecast-breach", subject: "T-1:on-site", message: "ticket T-1: on-site clock met"))
        XCTAssertEqual(decide(ticket(onSiteAt: at(3.5)), .resolve, open: true, now: at(3.5)), .nothing,
                       "arrival does not meet the resolve clock")
        XCTAssertEqual(decide(ticket(completedAt: at(5)), .resolve, open: true, now: at(5)),
                       .resolve(rule: "sla-forecast-breach", subject: "T-1:resolve", message: "ticket T-1: resolve clock met"))
        XCTAssertEqual(decide(ticket(stopped: true), open: true, now: at(1)),
                       .resolve(rule: "sla-forecast-breach", subject: "T-1:on-site", message: "ticket T-1: on-site clock stopped"))
        XCTAssertEqual(decide(ticket(stopped: true), open: false, now: at(1)), .nothing)
        XCTAssertEqual(decide(ticket(), open: true, now: at(5)), .nothing, "an open forecast stays open through the breach")
    }

    // MARK: Learning the typical repair time

    func testRepairTimeLearnsARunningMeanThenAnEWMA() {
        var estimate = RepairTimeEstimate()
        for minutes in [60.0, 120, 90, 30] { estimate = estimate.learning(minutes * 60, settings: settings) }
        XCTAssertEqual(estimate.samples, 4)
        XCTAssertEqual(estimate.seconds, 75 * 60, accuracy: 1e-9)
        XCTAssertEqual(estimate.typicalSeconds(prior: 3_600, settings: settings), 3_600, "prior until 5 samples")
        estimate = estimate.learning(80 * 60, settings: settings)
        XCTAssertEqual(estimate.typicalSeconds(prior: 3_600, settings: settings), 76 * 60, accuracy: 1e-9)
        estimate = estimate.learning(1_000 * 60, settings: settings)  // capped at 3 × 76 = 228 min
        XCTAssertEqual(estimate.seconds, (76 + 0.2 * 152) * 60, accuracy: 1e-9)
    }

    func testOnlyFirstTimeFixesOnSiteTeach() {
        XCTAssertEqual(RepairTimeEstimate.sample(onSiteAt: at(1), completedAt: at(2), firstTimeFix: true, resolvedRemotely: false), hour)
        XCTAssertNil(RepairTimeEstimate.sample(onSiteAt: at(1), completedAt: at(30), firstTimeFix: false, resolvedRemotely: false))
        XCTAssertNil(RepairTimeEstimate.sample(onSiteAt: nil, completedAt: at(2), firstTimeFix: true, resolvedRemotely: true))
        XCTAssertNil(RepairTimeEstimate.sample(onSiteAt: at(2), completedAt: at(1), firstTimeFix: true, resolvedRemotely: false))
    }

    func testSettings() throws {
        let custom = try ForecastSettings(settings: ["AFTERSALES_ALERTING_FORECAST_SPEED_KMH": "40",
                                                     "AFTERSALES_ALERTING_FORECAST_REPAIR_MINUTES": "default=45;air-conditioner=90",
                                                     "AFTERSALES_ALERTING_FORECAST_MIN_SAMPLES": "8",
                                                     "AFTERSALES_ALERTING_FORECAST_SMOOTHING": "0.1"])
        XCTAssertEqual(custom.speedKmPerHour, 40)
        XCTAssertEqual(custom.prior(category: "air-conditioner"), 5_400)
        XCTAssertEqual(custom.prior(category: "refrigerator"), 2_700)
        XCTAssertEqual(custom.minimumSamples, 8)
        XCTAssertEqual(custom.smoothing, 0.1)
        for (variable, value) in [("AFTERSALES_ALERTING_FORECAST_SPEED_KMH", "0"), ("AFTERSALES_ALERTING_FORECAST_REPAIR_MINUTES", "toaster=5"),
                                  ("AFTERSALES_ALERTING_FORECAST_SMOOTHING", "1.5"), ("AFTERSALES_ALERTING_FORECAST_MIN_SAMPLES", "many")] {
            XCTAssertThrowsError(try ForecastSettings(settings: [variable: value]), "\(variable)=\(value)") {
                XCTAssertEqual(($0 as? ConfigError)?.variable, variable)
            }
        }
    }
}
