import AlertingService
import Foundation
import Schema
import XCTest

/// `KPICuts` and `ProviderAnomalyCheck` as pure units.
final class KPICutsRulesTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_795_867_200)

    private func ticket(_ id: String, provider: String?, region: String = "r1", parts: Int = 0, remote: Bool = false,
                        ago: TimeInterval = 60) -> CutTicket {
        CutTicket(fact: ScorecardFact(ticketId: id, providerId: provider, region: region, category: "washing-machine",
                                      visits: remote ? 0 : 1, firstTimeFix: true, partsUsed: parts),
                  completedAt: now.addingTimeInterval(-ago), resolvedRemotely: remote)
    }

    func testCutsKeepOnlyTheWindowAndTheLargestValues() {
        let tickets = [ticket("1", provider: "A"), ticket("2", provider: "A"), ticket("3", provider: "B", region: "r2"),
                       ticket("4", provider: nil, remote: true), ticket("old", provider: "C", region: "r3", ago: 7_200)]
        let window = KPICalculator.Window(name: "last-hour", start: now.addingTimeInterval(-3_600))
        let all = KPICuts.cuts(tickets: tickets, audits: [CutAudit(passed: false, recordedAt: now, region: "r9")], window: window,
                               now: now, maxCutsPerDimension: 10)
        XCTAssertEqual(all.compactMap(\.dimension.region), ["r1", "r2", "r9"], "r3 lies outside the window; r9 has only an audit")
        XCTAssertEqual(all.compactMap(\.dimension.providerId), ["A", "B"])
        XCTAssertEqual(all.first { $0.dimension.region == "r9" }?.figures["audit.pass-rate"], 0)
        XCTAssertEqual(all.first { $0.dimension.region == "r1" }?.figures["remote-resolution.rate"], 0.3333)
        let one = KPICuts.cuts(tickets: tickets, audits: [], window: window, now: now, maxCutsPerDimension: 1)
        XCTAssertEqual(one.map(\.dimension), [.init(region: "r1"), .init(providerId: "A"), .init(category: "washing-machine")])
        XCTAssertTrue(KPICuts.cuts(tickets: tickets, audits: [], window: window, now: now, maxCutsPerDimension: 0).isEmpty)
    }

    func testAnomalyCheckRaisesResolvesAndClearsProvidersGoneFromTheWindow() {
        let facts = [ticket("1", provider: "HI", parts: 4), ticket("2", provider: "HI", parts: 4), ticket("3", provider: "OK"),
                     ticket("4", provider: "OK"), ticket("5", provider: nil), ticket("6", provider: nil)].map(\.fact)
        let intents = ProviderAnomalyCheck.intents(facts: facts, openProviders: ["OK", "GONE"],
                                                   settings: ProviderAnomalySettings(ratio: 1.5, minimumVisits: 2))
        XCTAssertEqual(intents.map(\.subject), ["HI", "OK", "GONE"])
        if case .raise(let draft) = intents[0].action { XCTAssertEqual(draft.rule, "provider-anomaly") } else { XCTFail("HI raised") }
        if case .resolve = intents[1].action {} else { XCTFail("OK resolved") }
        if case .resolve = intents[2].action {} else { XCTFail("GONE resolved") }
        XCTAssertTrue(ProviderAnomalyCheck.intents(facts: facts, openProviders: [], settings: ProviderAnomalySettings(ratio: 1.5,
                                                   minimumVisits: 3)).isEmpty, "too few visits to judge; nothing open")
    }
}
