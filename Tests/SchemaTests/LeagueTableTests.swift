import Foundation
import Schema
import XCTest

/// League table (Schema, shared by alerting and the operator tool): the composite, missing
/// KPIs, minimum sample, ties, rows read from a snapshot cut's figures.
final class LeagueTableTests: XCTestCase {
    private let settings = LeagueSettings(minimumTickets: 10)

    func testCompositeIsTheWeightedMean() {
        let row = LeagueRow(name: "SH", tickets: 50, slaCompliance: 0.9, firstTimeFix: 0.8, csat: 0.7, complaintRate: 0.1)
        // 0.35·0.9 + 0.25·0.8 + 0.25·0.7 + 0.15·(1 − 0.1) = 0.315 + 0.2 + 0.175 + 0.135
        XCTAssertEqual(LeagueTable.score(row, settings: settings), 0.825)
    }

    func testMissingKPIsRescaleTheOtherWeights() {
        let row = LeagueRow(name: "SH", tickets: 50, slaCompliance: 1, firstTimeFix: 0.5)
        XCTAssertEqual(LeagueTable.score(row, settings: settings), 0.7917)  // (0.35 + 0.125) / 0.6
        XCTAssertNil(LeagueTable.score(LeagueRow(name: "x", tickets: 50), settings: settings))
    }

    func testRankingAndTieBreaks() {
        let rows = [
            LeagueRow(name: "BJ", tickets: 30, slaCompliance: 0.9, firstTimeFix: 0.9, csat: 0.9, complaintRate: 0),
            LeagueRow(name: "SH", tickets: 80, slaCompliance: 0.9, firstTimeFix: 0.9, csat: 0.9, complaintRate: 0),
            LeagueRow(name: "GZ", tickets: 30, slaCompliance: 0.9, firstTimeFix: 0.9, csat: 0.9, complaintRate: 0),
            LeagueRow(name: "CD", tickets: 40, slaCompliance: 1, firstTimeFix: 1, csat: 1, complaintRate: 0),
            LeagueRow(name: "XA", tickets: 25, slaCompliance: 0.5, firstTimeFix: 0.5, csat: 0.5, complaintRate: 0.5),
            LeagueRow(name: "NEW", tickets: 3, slaCompliance: 1, firstTimeFix: 1, csat: 1, complaintRate: 0),
            LeagueRow(name: "NODATA", tickets: 12),
        ]
        let table = LeagueTable.rank(rows, settings: settings)
        XCTAssertEqual(table.map(\.row.name), ["CD", "SH", "BJ", "GZ", "XA", "NODATA", "NEW"])
        XCTAssertEqual(table.map(\.position), [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(table.map(\.rank), [1, 2, 2, 2, 5, nil, nil], "equal scores share a rank; more tickets, then name, order them")
        XCTAssertEqual(table[0].score, 1)
        XCTAssertEqual(table[1].score, 0.915)
        XCTAssertNil(table[6].score, "below the minimum sample: listed, unranked")
        XCTAssertEqual(LeagueTable.rank(rows.reversed(), settings: settings), table, "input order does not matter")
    }

    func testFloatingNoiseDoesNotBreakATie() {
        // 0.1 + 0.2 style noise: the same KPIs reached by different arithmetic rank equal.
        let a = LeagueRow(name: "A", tickets: 10, slaCompliance: 0.1 + 0.2, firstTimeFix: 0.3)
        let b = LeagueRow(name: "B", tickets: 10, slaCompliance: 0.3, firstTimeFix: 0.3)
        XCTAssertEqual(LeagueTable.rank([b, a], settings: settings).map(\.rank), [1, 1])
    }

    func testRowFromSnapshotFigures() {
        let row = LeagueRow(name: "shanghai", figures: ["tickets.completed": 12, "sla.compliance": 0.75, "ftf.rate": 0.5,
                                                        "csat": 1, "complaints.per-ticket": 0.25, "visits": 15])
        XCTAssertEqual(row, LeagueRow(name: "shanghai", tickets: 12, slaCompliance: 0.75, firstTimeFix: 0.5, csat: 1, complaintRate: 0.25))
        let empty = LeagueRow(name: "x", figures: ["tickets.completed": -3])
        XCTAssertEqual(empty.tickets, 0, "a nonsensical count reads as 0")
        XCTAssertNil(empty.csat, "a figure left out is no data")
    }

    func testWeightsAreScaledToSumOne() {
        let custom = LeagueSettings(sla: 2, firstTimeFix: 0, csat: 2, complaints: 0, minimumTickets: 3)
        XCTAssertEqual(custom.sla, 0.5)
        XCTAssertEqual(custom.csat, 0.5)
        XCTAssertEqual(custom.firstTimeFix, 0)
        let fallback = LeagueSettings(sla: 0, firstTimeFix: 0, csat: 0, complaints: 0)
        XCTAssertEqual(fallback, LeagueSettings(), "all zero falls back to the defaults")
        XCTAssertEqual(fallback.minimumTickets, 10)
    }

    func testANonFiniteFigureIsNoData() {
        let row = LeagueRow(name: "x", tickets: 20, slaCompliance: .nan, firstTimeFix: 0.5)
        XCTAssertEqual(LeagueTable.score(row, settings: settings), 0.5)
    }
}
