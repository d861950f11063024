import Foundation
@testable import OperatorTool
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// `aftersales kpis --by region`, `kpis --by provider --json`, `kpis` and `aftersales
/// settlement` against the real broker: KPI cuts and settlement statements are published on a
/// test prefix's `aftersales.kpis` as alerting publishes them, and the tool reads them back.
final class OperatorLeagueSettlementIntegrationTests: XCTestCase {
    private let base = Date(timeIntervalSince1970: 1_795_852_800)   // 2026-11-28T08:00:00Z

    private func cut(_ region: String, tickets: Double, score: Double, at seconds: TimeInterval) -> KpiSnapshot {
        KpiSnapshot(window: "last-7-days", figures: ["tickets.completed": tickets, "sla.compliance": score, "ftf.rate": score,
                                                     "csat": score, "complaints.per-ticket": 1 - score],
                    generatedAt: base.addingTimeInterval(seconds), dimension: .init(region: region))
    }

    /// Runs one command line of the tool against the test prefix.
    private func run(_ arguments: [String], prefix: String) -> (code: Int32, lines: [String], errors: String) {
        let context = OperatorContext(environment: ["KAFKA_BOOTSTRAP_SERVERS": TestEnvironment.kafkaBootstrap,
                                                    "AFTERSALES_TOPIC_PREFIX": prefix])
        var lines: [String] = []
        var errors = ""
        let code = OperatorTool.run(arguments: arguments, context: context, stop: StopFlag(),
                                    output: { lines += $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) },
                                    errors: { errors += $0 })
        return (code, lines, errors)
    }

    func testLeagueTableAndSettlementStatementFromTheTopic() throws {
        let prefix = uniqueTopicPrefix("opleague")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.kpis])
        // An older publication (its wuhan cut has left the window since), then the latest one.
        for (snapshot, seconds) in [
            (KpiSnapshot(window: "last-7-days", figures: ["tickets.completed": 80], generatedAt: base), 0.0),
            (cut("wuhan", tickets: 50, score: 1, at: 0), 0),
            (KpiSnapshot(window: "last-7-days", figures: ["tickets.completed": 95, "csat": 0.8], generatedAt: base.addingTimeInterval(60)), 60),
            (cut("hangzhou", tickets: 20, score: 0.6, at: 60), 60),
            (cut("shanghai", tickets: 40, score: 0.9, at: 60), 60),
            (cut("beijing", tickets: 30, score: 0.95, at: 60), 60),
            (cut("chengdu", tickets: 4, score: 1, at: 60), 60),
            (KpiSnapshot(window: "last-7-days", figures: ["tickets.completed": 30, "ftf.rate": 0.7], generatedAt: base.addingTimeInterval(60),
                         dimension: .init(providerId: "SP-EAST")), 60),
            (KpiSnapshot(window: "last-7-days", figures: ["tickets.completed": 25, "ftf.rate": 0.9], generatedAt: base.addingTimeInterval(60),
                         dimension: .init(providerId: "SP-SOUTH")), 60),
        ] {
            try probe.send(snapshot, occurredAt: base.addingTimeInterval(seconds), source: "alerting")
        }
        try probe.send(SettlementStatement(providerId: "SP-EAST", period: "2026-11", visits: 3, settleable: 2, heldBack: 1, amount: 160,
                                           currency: "CNY", lines: [
                                               .init(ticketId: "AS-20261103-000001", amount: 80, status: .settleable),
                                               .init(ticketId: "AS-20261109-000002", amount: 0, status: .evidenceMissing),
                                               .init(ticketId: "AS-20261120-000003", amount: 80, status: .settleable),
                                           ]), source: "alerting")
        try probe.send(SettlementStatement(providerId: "SP-SOUTH", period: "2026-11", visits: 1, settleable: 1, heldBack: 0, amount: 75,
                                           currency: "CNY", lines: [.init(ticketId: "AS-S-1", amount: 75, status: .settleable)]),
                       source: "alerting")

        let league = run(["kpis", "--by", "region"], prefix: prefix)
        XCTAssertEqual(league.code, 0, league.errors)
        let rows = league.lines.drop { !$0.hasPrefix("RANK") }.dropFirst()
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(4).joined(separator: " ") }
        XCTAssertEqual(rows, ["1 beijing 0.9500 30", "2 shanghai 0.9000 40", "3 hangzhou 0.6000 20", "- chengdu - 4"],
                       league.lines.joined(separator: "\n"))
        XCTAssertTrue(league.lines[0].hasPrefix("league table by region, window last-7-days, as of 2026-11-28T08:01:00.000Z"),
                      league.lines.joined(separator: "\n"))

        let providers = run(["kpis", "--by", "provider", "--json"], prefix: prefix)
        XCTAssertEqual(providers.code, 0, providers.errors)
        let table = try JSONParser.parse(Data(providers.lines.joined().utf8))
        XCTAssertEqual(table["entries"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["SP-SOUTH", "SP-EAST"])

        let network = run(["kpis"], prefix: prefix)
        XCTAssertEqual(network.code, 0, network.errors)
        XCTAssertTrue(network.lines.contains { $0.hasPrefix("tickets.completed") && $0.hasSuffix("95") }, network.lines.joined(separator: "\n"))
        XCTAssertFalse(network.lines.contains { $0.hasPrefix("sla.compliance") }, "the cuts stay out of the network view")

        let statement = run(["settlement", "--provider", "SP-EAST", "--month", "2026-11"], prefix: prefix)
        XCTAssertEqual(statement.code, 0, statement.errors)
        XCTAssertEqual(statement.lines, [
            "provider    SP-EAST", "period      2026-11", "visits      3", "settleable  2", "held back   1", "amount      160.00",
            "currency    CNY", "", "TICKET              AMOUNT  STATUS", "AS-20261103-000001  80.00   settleable",
            "AS-20261109-000002  0.00    evidence-missing", "AS-20261120-000003  80.00   settleable",
        ])

        let missing = run(["settlement", "--provider", "SP-EAST", "--month", "2026-10"], prefix: prefix)
        XCTAssertEqual(missing.code, 1)
        XCTAssertTrue(missing.errors.contains("no settlement statement for provider SP-EAST for 2026-10"), missing.errors)
        XCTAssertTrue(missing.errors.contains("periods published for it: 2026-11"), missing.errors)
    }
}
