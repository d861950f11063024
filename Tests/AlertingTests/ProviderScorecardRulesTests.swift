import AlertingService
import Foundation
import XCTest

/// Scorecard KPIs from plain facts, and cuts by provider, region and category.
final class ProviderScorecardRulesTests: XCTestCase {
    private func fact(_ id: String, provider: String? = "SP-1", region: String = "SH", category: String = "refrigerator",
                      visits: Int = 1, ftf: Bool = true, returned: Bool = false, sla: Bool? = true, parts: Int = 0,
                      satisfied: Bool? = nil, complaints: Int = 0) -> ScorecardFact {
        ScorecardFact(ticketId: id, providerId: provider, region: region, category: category, visits: visits, firstTimeFix: ftf,
                      returned: returned, slaMet: sla, partsUsed: parts, satisfied: satisfied, complaints: complaints)
    }

    func testKPIs() {
        let card = Scorecard([
            fact("1", parts: 2, satisfied: true),
            fact("2", visits: 2, ftf: false, sla: false, parts: 1, satisfied: false, complaints: 1),
            fact("3", returned: true, sla: nil),
            fact("4", parts: 1, satisfied: true),
        ])
        XCTAssertEqual(card.tickets, 4)
        XCTAssertEqual(card.visits, 5)
        XCTAssertEqual(card.firstTimeFixRate, 0.75)
        XCTAssertEqual(card.repeatVisitRate, 0.5, "a second visit and a return both count")
        XCTAssertEqual(card.slaCompliance, 2.0 / 3.0, "undecided clocks are left out")
        XCTAssertEqual(card.csat, 2.0 / 3.0)
        XCTAssertEqual(card.complaintRate, 0.25)
        XCTAssertEqual(card.partsPerTicket, 1)
        XCTAssertEqual(card.figures["sla.compliance"], 0.6667)
        XCTAssertEqual(card.figures["repeat-visit.rate"], 0.5)
        XCTAssertEqual(card.figures["tickets.completed"], 4)
    }

    func testEmptyCardHasNoRates() {
        let card = Scorecard()
        XCTAssertNil(card.firstTimeFixRate)
        XCTAssertNil(card.csat)
        XCTAssertEqual(Set(card.figures.keys), ["tickets.completed", "visits"], "rates without data are left out, not 0")
    }

    func testCuts() {
        let facts = [fact("1", provider: "SP-1", region: "SH"), fact("2", provider: "SP-2", region: "BJ", category: "washing-machine"),
                     fact("3", provider: nil, region: "SH"), fact("4", provider: "SP-1", region: "BJ")]
        XCTAssertEqual(ProviderScorecard.byProvider(facts).mapValues(\.tickets), ["SP-1": 2, "SP-2": 1], "own staff left out")
        XCTAssertEqual(ProviderScorecard.cut(facts, by: .region).mapValues(\.tickets), ["SH": 2, "BJ": 2])
        XCTAssertEqual(ProviderScorecard.cut(facts, by: .category).mapValues(\.tickets), ["refrigerator": 3, "washing-machine": 1])
        XCTAssertEqual(ProviderScorecard.network(facts).tickets, 4)
    }

    func testFieldNetworkLeavesOutRemoteResolutions() {
        let facts = [fact("1", parts: 2), fact("2", provider: nil, visits: 0, parts: 0)]
        XCTAssertEqual(ProviderScorecard.network(facts).partsPerTicket, 1)
        XCTAssertEqual(ProviderScorecard.fieldNetwork(facts).partsPerTicket, 2)
    }
}
