import AlertingService
import Foundation
import ServiceRuntime
import XCTest

/// provider-anomaly: threshold edges on ratio and sample size.
final class ProviderAnomalyRulesTests: XCTestCase {
    private let settings = ProviderAnomalySettings(ratio: 1.5, minimumVisits: 20)

    /// A card of `tickets` single-visit tickets, `repeats` of them returned, `parts` units in all.
    private func card(tickets: Int, repeats: Int = 0, parts: Int = 0) -> Scorecard {
        var card = Scorecard()
        for index in 0..<tickets {
            card.add(ScorecardFact(ticketId: "\(index)", region: "SH", category: "refrigerator", firstTimeFix: true,
                                   returned: index < repeats, partsUsed: index == 0 ? parts : 0))
        }
        return card
    }

    func testRatioEdge() {
        let network = card(tickets: 100, repeats: 10)  // 10 %
        XCTAssertEqual(ProviderAnomaly.findings(provider: card(tickets: 20, repeats: 3), network: network, settings: settings).map(\.metric),
                       [.repeatVisitRate], "15 % is exactly 1.5× the network's 10 %")
        XCTAssertEqual(ProviderAnomaly.findings(provider: card(tickets: 40, repeats: 5), network: network, settings: settings), [],
                       "12.5 % is 1.25×")
    }

    func testMinimumVisitsEdge() {
        let network = card(tickets: 100, repeats: 10)
        XCTAssertEqual(ProviderAnomaly.findings(provider: card(tickets: 19, repeats: 10), network: network, settings: settings), [],
                       "19 visits are not enough")
        XCTAssertFalse(ProviderAnomaly.findings(provider: card(tickets: 20, repeats: 10), network: network, settings: settings).isEmpty)
    }

    func testPartsPerTicketAndMessage() throws {
        let network = card(tickets: 100, repeats: 10, parts: 120)  // 1.2 parts per ticket
        let provider = card(tickets: 20, repeats: 4, parts: 62)   // 20 % repeats, 3.1 parts per ticket
        let alert = try XCTUnwrap(ProviderAnomaly.alert(providerId: "SP-7", provider: provider, network: network, settings: settings))
        XCTAssertEqual(alert.rule, "provider-anomaly")
        XCTAssertEqual(alert.subject, "SP-7")
        XCTAssertEqual(alert.severity, .warning)
        XCTAssertEqual(alert.message, "provider SP-7: repeat-visit rate 20.0 % is 2.0× the network's 10.0 %; "
                       + "parts per ticket 3.10 is 2.6× the network's 1.20 (20 visits, 20 tickets)")
        XCTAssertEqual(alert.details?["parts-per-ticket"], "3.1000")
        XCTAssertEqual(alert.details?["network.repeat-visit-rate"], "0.1000")
    }

    func testNoAnomalyMeansNoAlert() {
        XCTAssertNil(ProviderAnomaly.alert(providerId: "SP-1", provider: card(tickets: 50, repeats: 5), network: card(tickets: 100, repeats: 10),
                                           settings: settings))
        XCTAssertNil(ProviderAnomaly.alert(providerId: "SP-1", provider: card(tickets: 50), network: card(tickets: 100), settings: settings),
                     "zero against zero is no anomaly")
    }

    func testNetworkAtZero() {
        let findings = ProviderAnomaly.findings(provider: card(tickets: 20, repeats: 1), network: card(tickets: 100), settings: settings)
        XCTAssertEqual(findings.first?.ratio, .infinity)
    }

    func testSettings() throws {
        XCTAssertEqual(try ProviderAnomalySettings(settings: [:]), ProviderAnomalySettings())
        let custom = try ProviderAnomalySettings(settings: ["AFTERSALES_ALERTING_ANOMALY_RATIO": "2",
                                                           "AFTERSALES_ALERTING_ANOMALY_MIN_VISITS": "50"])
        XCTAssertEqual(custom, ProviderAnomalySettings(ratio: 2, minimumVisits: 50))
        XCTAssertThrowsError(try ProviderAnomalySettings(settings: ["AFTERSALES_ALERTING_ANOMALY_RATIO": "0.9"])) {
            XCTAssertEqual(($0 as? ConfigError)?.variable, "AFTERSALES_ALERTING_ANOMALY_RATIO")
        }
        XCTAssertThrowsError(try ProviderAnomalySettings(settings: ["AFTERSALES_ALERTING_ANOMALY_MIN_VISITS": "0"])) {
            XCTAssertEqual(($0 as? ConfigError)?.variable, "AFTERSALES_ALERTING_ANOMALY_MIN_VISITS")
        }
    }
}
