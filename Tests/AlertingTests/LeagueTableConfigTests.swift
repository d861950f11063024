import AlertingService
import Foundation
import Schema
import ServiceRuntime
import XCTest

/// Alerting's side of the league table (the table is Schema's): its settings from the
/// environment and rows built from scorecards.
final class LeagueTableConfigTests: XCTestCase {
    func testRowFromScorecardAndFigures() {
        let card = Scorecard([ScorecardFact(ticketId: "1", region: "SH", category: "refrigerator", firstTimeFix: true, slaMet: true,
                                            satisfied: true)])
        let row = LeagueRow(name: "SH", scorecard: card)
        XCTAssertEqual(row, LeagueRow(name: "SH", figures: card.figures))
        XCTAssertEqual(row.complaintRate, 0)
    }

    func testSettings() throws {
        let custom = try LeagueSettings(settings: ["AFTERSALES_ALERTING_LEAGUE_WEIGHTS": "sla=2;csat=2",
                                                   "AFTERSALES_ALERTING_LEAGUE_MIN_TICKETS": "3"])
        XCTAssertEqual(custom.sla, 0.5)
        XCTAssertEqual(custom.csat, 0.5)
        XCTAssertEqual(custom.firstTimeFix, 0)
        XCTAssertEqual(custom.minimumTickets, 3)
        let defaults = try LeagueSettings(settings: [:])
        XCTAssertEqual(defaults.sla + defaults.firstTimeFix + defaults.csat + defaults.complaints, 1, accuracy: 1e-12)
        for value in ["sla=0", "speed=1", "sla=-1", "sla"] {
            XCTAssertThrowsError(try LeagueSettings(settings: ["AFTERSALES_ALERTING_LEAGUE_WEIGHTS": value]), value) {
                XCTAssertEqual(($0 as? ConfigError)?.variable, "AFTERSALES_ALERTING_LEAGUE_WEIGHTS")
            }
        }
    }
}
