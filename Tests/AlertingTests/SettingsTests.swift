import AlertingService
import Foundation
import ServiceRuntime
import TestSupport
import XCTest

/// Settings come from configuration with documented defaults, and bad values are refused.
final class SettingsTests: XCTestCase {
    private func config(_ overrides: [String: String]) -> ServiceConfig {
        testServiceConfig(service: "alerting", databaseURL: "postgres://unused", topicPrefix: "t-unused.", overrides: overrides)
    }

    func testDefaults() throws {
        let settings = try AlertingSettings(config: config([:]))
        XCTAssertEqual(settings.kpiIntervalSeconds, 60)
        XCTAssertEqual(settings.rules.qualityThreshold, 3)
        XCTAssertEqual(settings.rules.qualityWindow, 7 * 86_400)
        XCTAssertEqual(settings.rules.complaintWindow, 3_600)
        XCTAssertEqual(settings.rules.csatSurveys, 10)
        XCTAssertEqual(settings.holdPolicy, .standard)
        XCTAssertEqual(settings.timeZones.defaultZone.identifier, "Asia/Shanghai")
        XCTAssertTrue(settings.timeZones.byRegion.isEmpty)
        XCTAssertNil(settings.settlementRunningSeconds, "the running statement is off unless asked for")
    }

    /// `AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS`: 0 is off, 1 or more turns the demo's
    /// running statement on, anything else stops start-up naming the variable.
    func testSettlementRunningSeconds() throws {
        XCTAssertEqual(try AlertingSettings(config: config(["AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS": "30"])).settlementRunningSeconds, 30)
        XCTAssertNil(try AlertingSettings(config: config(["AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS": "0"])).settlementRunningSeconds)
        for value in ["0.5", "-3", "soon"] {
            XCTAssertThrowsError(try AlertingSettings(config: config(["AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS": value]))) { error in
                XCTAssertTrue("\(error)".contains("AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS"), "\(error)")
            }
        }
    }

    func testHoldPausesAndTimeZones() throws {
        let settings = try AlertingSettings(config: config([
            "AFTERSALES_ALERTING_HOLD_PAUSES": "waiting-parts=on-site,resolve;customer-requested=resolve",
            "AFTERSALES_TIME_ZONE": "UTC", "AFTERSALES_REGION_TIME_ZONES": "xinjiang=Asia/Urumqi"]))
        XCTAssertEqual(settings.holdPolicy.deadlines(pausedBy: "waiting-parts"), [.onSite, .resolve])
        XCTAssertEqual(settings.holdPolicy.deadlines(pausedBy: "customer-requested"), [.resolve])
        XCTAssertEqual(settings.holdPolicy.deadlines(pausedBy: "customer-unreachable"), [.onSite, .resolve])
        XCTAssertEqual(settings.timeZones.zone(for: "xinjiang").identifier, "Asia/Urumqi")
        XCTAssertEqual(settings.timeZones.zone(for: "shanghai").secondsFromGMT(), 0, "unlisted regions: the default zone")
        for (variable, value) in [("AFTERSALES_ALERTING_HOLD_PAUSES", "waiting-parts=soon"), ("AFTERSALES_TIME_ZONE", "Moon/Base"),
                                  ("AFTERSALES_REGION_TIME_ZONES", "xinjiang")] {
            XCTAssertThrowsError(try AlertingSettings(config: config([variable: value]))) { error in
                XCTAssertTrue("\(error)".contains(variable), "\(error)")
            }
        }
    }

    func testOverridesAndValidation() throws {
        let settings = try AlertingSettings(config: config(["AFTERSALES_ALERTING_QUALITY_WINDOW_DAYS": "2",
                                                            "AFTERSALES_ALERTING_COMPLAINT_SPIKE_THRESHOLD": "9",
                                                            "AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "5"]))
        XCTAssertEqual(settings.rules.qualityWindow, 2 * 86_400)
        XCTAssertEqual(settings.rules.complaintSpikeThreshold, 9)
        XCTAssertEqual(settings.kpiIntervalSeconds, 5)
        XCTAssertThrowsError(try AlertingSettings(config: config(["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "0"])))
        XCTAssertThrowsError(try AlertingSettings(config: config(["AFTERSALES_ALERTING_CSAT_THRESHOLD": "1.5"])))
    }
}
