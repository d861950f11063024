import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// The report's text table and the settings' parsing, without a database.
final class SurveyReportAndSettingsTests: XCTestCase {
    func testReportRendersOneAlignedRowPerKey() {
        let aggregates = SurveyAggregates.compute([
            SurveyAggregates.Row(key: "T-1", answered: true, satisfied: true, scores: (5, 4, 4)),
            SurveyAggregates.Row(key: "T-1", answered: false, satisfied: false, scores: nil),
            SurveyAggregates.Row(key: "T-22", answered: false, satisfied: false, scores: nil),
        ])
        let lines = SurveyReport.render(aggregates, dimension: .technician).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].hasPrefix("TECHNICIAN"))
        XCTAssertEqual(lines[1].split(separator: " ").map(String.init), ["T-1", "2", "1", "50%", "100%", "5.00", "4.00", "4.00"])
        XCTAssertEqual(lines[2].split(separator: " ").map(String.init), ["T-22", "1", "0", "0%", "-", "-", "-", "-"])
        // Columns are aligned: "SENT" starts after the widest key ("TECHNICIAN") and two spaces, as do the counts.
        XCTAssertEqual(lines[0].range(of: "SENT")?.lowerBound.utf16Offset(in: lines[0]), 12)
        XCTAssertEqual(Array(lines[1])[12], "2")
        XCTAssertEqual(Array(lines[2])[12], "1")
    }

    func testSettingsDefaultsOverridesAndBounds() throws {
        let base = testServiceConfig(service: "surveys", databaseURL: "postgres://unused", topicPrefix: "t.")
        XCTAssertEqual(try SurveysSettings(config: base), SurveysSettings())
        let custom = try SurveysSettings(config: testServiceConfig(
            service: "surveys", databaseURL: "postgres://unused", topicPrefix: "t.",
            overrides: ["AFTERSALES_SURVEYS_DELAY_SECONDS": "5", "AFTERSALES_SURVEYS_EXPIRY_DAYS": "2",
                        "AFTERSALES_SURVEYS_SATISFIED_AVERAGE": "3.5"]))
        XCTAssertEqual(custom.delaySeconds, 5)
        XCTAssertEqual(custom.expiryDays, 2)
        XCTAssertEqual(custom.satisfiedAverage, 3.5)
        XCTAssertThrowsError(try SurveysSettings(config: testServiceConfig(
            service: "surveys", databaseURL: "postgres://unused", topicPrefix: "t.",
            overrides: ["AFTERSALES_SURVEYS_SATISFIED_AVERAGE": "6"])))
        XCTAssertThrowsError(try SurveysSettings(config: testServiceConfig(
            service: "surveys", databaseURL: "postgres://unused", topicPrefix: "t.",
            overrides: ["AFTERSALES_SURVEYS_EXPIRY_DAYS": "0"])))
    }

    func testAuditShareIsAShareBetweenZeroAndOne() throws {
        func settings(_ share: String) throws -> SurveysSettings {
            try SurveysSettings(config: testServiceConfig(service: "surveys", databaseURL: "postgres://unused", topicPrefix: "t.",
                                                          overrides: ["AFTERSALES_SURVEYS_AUDIT_SHARE": share]))
        }
        XCTAssertEqual(SurveysSettings().auditShare, 0.05)
        XCTAssertEqual(try settings("0.2").auditShare, 0.2)
        XCTAssertEqual(try settings("0").auditShare, 0)
        XCTAssertEqual(try settings("1").auditShare, 1)
        for wrong in ["5", "-0.1", "five"] {
            XCTAssertThrowsError(try settings(wrong), wrong) { error in
                XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_SURVEYS_AUDIT_SHARE")
            }
        }
    }
}
