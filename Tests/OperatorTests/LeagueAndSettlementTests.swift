import Foundation
@testable import OperatorTool
import Schema
import XCTest

/// `aftersales kpis --by …` (league tables from `kpi.snapshot` cuts) and `aftersales
/// settlement` (a provider's statement): parsing, ranking and rendering, without a broker.
final class LeagueAndSettlementTests: XCTestCase {
    private let base = Date(timeIntervalSince1970: 1_795_852_800)   // 2026-11-28T08:00:00Z

    private func snapshot(_ window: String, _ figures: [String: Double], dimension: KpiSnapshot.Dimension? = nil,
                          at seconds: TimeInterval) -> Envelope {
        Envelope(payload: KpiSnapshot(window: window, figures: figures, generatedAt: base.addingTimeInterval(seconds), dimension: dimension),
                 source: "alerting", correlationId: nil, causationId: nil, id: UUID().uuidString,
                 occurredAt: base.addingTimeInterval(seconds))
    }

    private func cut(_ region: String, tickets: Double, sla: Double, ftf: Double, csat: Double, complaints: Double,
                     window: String = "last-7-days", at seconds: TimeInterval = 60) -> Envelope {
        snapshot(window, ["tickets.completed": tickets, "sla.compliance": sla, "ftf.rate": ftf, "csat": csat,
                          "complaints.per-ticket": complaints, "visits": tickets], dimension: .init(region: region), at: seconds)
    }

    /// The publication the tests rank: one undimensioned snapshot, region, provider and category
    /// cuts at 60 s; an older publication at 0 s whose `wuhan` cut has since left the window.
    private var publication: [Envelope] {
        [
            snapshot("last-7-days", ["tickets.completed": 90, "csat": 0.5], at: 0),
            cut("wuhan", tickets: 40, sla: 1, ftf: 1, csat: 1, complaints: 0, at: 0),
            cut("shanghai", tickets: 20, sla: 0.5, ftf: 0.5, csat: 0.5, complaints: 0.5, at: 0),
            snapshot("last-7-days", ["tickets.completed": 100, "csat": 0.8], at: 60),
            cut("shanghai", tickets: 30, sla: 0.9, ftf: 0.9, csat: 0.9, complaints: 0),
            cut("beijing", tickets: 25, sla: 1, ftf: 1, csat: 1, complaints: 0),
            cut("guangzhou", tickets: 12, sla: 0.9, ftf: 0.9, csat: 0.9, complaints: 0),
            cut("chengdu", tickets: 3, sla: 1, ftf: 1, csat: 1, complaints: 0),
            cut("hangzhou", tickets: 30, sla: 0.5, ftf: 0.6, csat: 0.7, complaints: 0.2),
            cut("shanghai", tickets: 5, sla: 0, ftf: 0, csat: 0, complaints: 1, window: "today"),
            snapshot("last-7-days", ["tickets.completed": 40, "ftf.rate": 1], dimension: .init(providerId: "SP-EAST"), at: 60),
            snapshot("last-7-days", ["tickets.completed": 40, "ftf.rate": 0.5], dimension: .init(providerId: "SP-WEST"), at: 60),
            snapshot("last-7-days", ["tickets.completed": 15, "csat": 0.9], dimension: .init(category: "refrigerator"), at: 60),
        ]
    }

    // MARK: League table

    func testRanksTheLatestCutsOfTheWindowByTheComposite() {
        let board = LeagueBoard(envelopes: publication.shuffled(), dimension: .region, window: "last-7-days")
        XCTAssertEqual(board.generatedAt, base.addingTimeInterval(60))
        XCTAssertEqual(board.entries.map(\.row.name), ["beijing", "shanghai", "guangzhou", "hangzhou", "chengdu"],
                       "the latest publication only (wuhan left the window); today's cut is another window")
        XCTAssertEqual(board.entries.map(\.rank), [1, 2, 2, 4, nil], "equal scores share a rank, more tickets first")
        XCTAssertEqual(board.entries.map(\.score), [1, 0.915, 0.915, 0.62, nil])
        XCTAssertEqual(board.entries[1].row.tickets, 30, "the latest shanghai cut, not the older one")

        let lines = board.render().split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("league table by region, window last-7-days, as of 2026-11-28T08:01:00.000Z"), lines[0])
        XCTAssertTrue(lines[1].contains("sla 35 %, ftf 25 %, csat 25 %, complaints 15 %"), lines[1])
        XCTAssertEqual(lines[2].split(separator: " ", omittingEmptySubsequences: true).prefix(8),
                       ["RANK", "REGION", "SCORE", "TICKETS", "SLA", "FTF", "CSAT", "COMPLAINTS/TICKET"])
        let cells = lines.dropFirst(3).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        XCTAssertEqual(cells.map { Array($0.prefix(3)) }, [["1", "beijing", "1.0000"], ["2", "shanghai", "0.9150"],
                                                             ["2", "guangzhou", "0.9150"], ["4", "hangzhou", "0.6200"],
                                                             ["-", "chengdu", "-"]])
        XCTAssertEqual(cells[1][3...], ["30", "90.0", "%", "90.0", "%", "90.0", "%", "0.00"])
        XCTAssertTrue(lines.last?.hasSuffix("unranked: fewer than 10 tickets") == true, lines.last ?? "")
        XCTAssertFalse(lines.contains { $0.hasSuffix(" ") }, "no trailing blanks")
    }

    func testByProviderAndCategoryUseTheirOwnCuts() {
        let providers = LeagueBoard(envelopes: publication, dimension: .provider, window: "last-7-days")
        XCTAssertEqual(providers.entries.map(\.row.name), ["SP-EAST", "SP-WEST"])
        XCTAssertTrue(providers.render().contains("RANK  PROVIDER"), providers.render())
        let categories = LeagueBoard(envelopes: publication, dimension: .category, window: "last-7-days")
        XCTAssertEqual(categories.entries.map(\.row.name), ["refrigerator"])
        XCTAssertEqual(categories.entries.first?.score, 0.9, "judged on CSAT alone: the missing KPIs are left out")
    }

    func testTheMinimumSampleIsAnOption() {
        let board = LeagueBoard(envelopes: publication, dimension: .region, window: "last-7-days",
                                settings: LeagueSettings(minimumTickets: 1))
        XCTAssertEqual(board.entries.prefix(2).map(\.row.name), ["beijing", "chengdu"],
                       "chengdu's 3 tickets are enough with --min-tickets 1: it ties with beijing, behind it on tickets")
        XCTAssertEqual(board.entries.map(\.rank), [1, 1, 3, 3, 5])
        XCTAssertTrue(board.render().contains("ranked from 1 completed tickets"), board.render())
    }

    func testExplainsAMissingWindowOrCut() {
        XCTAssertEqual(LeagueBoard(envelopes: [], dimension: .region, window: "today").render(),
                       "no KPI snapshot for window today (no kpi.snapshot has been published yet)")
        let onlyNetwork = [snapshot("last-hour", ["tickets.completed": 1], at: 0)]
        XCTAssertEqual(LeagueBoard(envelopes: onlyNetwork, dimension: .region, window: "today").render(),
                       "no KPI snapshot for window today (windows published: last-hour)")
        let text = LeagueBoard(envelopes: onlyNetwork, dimension: .provider, window: "last-hour").render()
        XCTAssertTrue(text.hasPrefix("no cut by provider in the latest last-hour snapshot (as of 2026-11-28T08:00:00.000Z)"), text)
    }

    func testJSONListsTheEntriesInTableOrder() throws {
        let board = LeagueBoard(envelopes: publication, dimension: .region, window: "last-7-days")
        let object = try JSONParser.parse(JSONWriter.data(board.json))
        XCTAssertEqual(object["by"], "region")
        XCTAssertEqual(object["window"], "last-7-days")
        let entries = try XCTUnwrap(object["entries"]?.arrayValue)
        XCTAssertEqual(entries.compactMap { $0["name"]?.stringValue }, ["beijing", "shanghai", "guangzhou", "hangzhou", "chengdu"])
        XCTAssertEqual(entries.last?["rank"], .null)
        XCTAssertEqual(entries[1]["score"], .number(0.915))
    }

    func testTheNetworkBoardLeavesTheCutsOut() {
        let board = KPIBoard(envelopes: publication)
        XCTAssertEqual(board.windows, ["last-7-days"], "today only has a cut")
        XCTAssertEqual(board.figures["tickets.completed"]?["last-7-days"], 100, "the latest undimensioned snapshot, not a cut")
        XCTAssertNil(board.figures["sla.compliance"], "no cut's figure leaks into the network view")
    }

    func testParsingTheLeagueOptions() throws {
        XCTAssertEqual(try OperatorCommand.parse(["kpis"]), .kpis(json: false))
        XCTAssertEqual(try OperatorCommand.parse(["kpis", "--by", "region"]), .league(LeagueOptions(by: .region)))
        XCTAssertEqual(try OperatorCommand.parse(["kpis", "--by=provider", "--window", "today", "--min-tickets", "3", "--json"]),
                       .league(LeagueOptions(by: .provider, window: "today", minimumTickets: 3, json: true)))
        for (words, expected) in [
            (["kpis", "--by", "city"], "--by must be one of region, provider, category, not 'city'"),
            (["kpis", "--by", "region", "--window", "yesterday"], "--window must be one of last-hour, today, last-7-days, not 'yesterday'"),
            (["kpis", "--window", "today"], "--window and --min-tickets go with --by (region, provider, category)"),
            (["kpis", "--by", "region", "--min-tickets", "-1"], "--min-tickets must be a whole number in 0...1000000, not '-1'"),
        ] {
            XCTAssertThrowsError(try OperatorCommand.parse(words), "\(words)") { error in
                XCTAssertEqual((error as? UsageError)?.message, expected)
                XCTAssertEqual((error as? UsageError)?.command, "kpis")
            }
        }
    }

    func testABadByValueExits64NamingTheAllowedValues() {
        var errors = ""
        let code = OperatorTool.run(arguments: ["kpis", "--by", "colour"], context: OperatorContext(environment: [:]), stop: StopFlag(),
                                    output: { _ in }, errors: { errors += $0 })
        XCTAssertEqual(code, 64)
        XCTAssertTrue(errors.hasPrefix("aftersales kpis: --by must be one of region, provider, category, not 'colour'\n"), errors)
        XCTAssertTrue(errors.contains("usage: aftersales kpis"), errors)
    }

    // MARK: Settlement

    private func statement(_ provider: String, _ period: String, amount: Double, lines: [SettlementStatement.Line],
                           at seconds: TimeInterval) -> Envelope {
        let settleable = lines.filter { $0.status == .settleable }.count
        return Envelope(payload: SettlementStatement(providerId: provider, period: period, visits: lines.count, settleable: settleable,
                                                     heldBack: lines.count - settleable, amount: amount, currency: "CNY", lines: lines),
                        source: "alerting", correlationId: nil, causationId: nil, id: UUID().uuidString,
                        occurredAt: base.addingTimeInterval(seconds))
    }

    private var statements: [Envelope] {
        [
            statement("SP-EAST", "2026-10", amount: 80, lines: [.init(ticketId: "AS-OCT-1", amount: 80, status: .settleable)], at: 0),
            statement("SP-EAST", "2026-11", amount: 80, lines: [.init(ticketId: "AS-OLD", amount: 80, status: .settleable)], at: 10),
            statement("SP-EAST", "2026-11", amount: 160.5, lines: [
                .init(ticketId: "AS-20261103-000001", amount: 80.25, status: .settleable),
                .init(ticketId: "AS-20261109-000002", amount: 0, status: .evidenceMissing),
                .init(ticketId: "AS-20261120-000003", amount: 80.25, status: .settleable),
            ], at: 20),
            statement("SP-WEST", "2026-11", amount: 70, lines: [.init(ticketId: "AS-W-1", amount: 70, status: .settleable)], at: 20),
            snapshot("today", ["tickets.completed": 3], at: 20),
        ]
    }

    func testPrintsTheLatestStatementOfTheProviderAndMonth() throws {
        let board = SettlementBoard(envelopes: statements.shuffled(), providerId: "SP-EAST", period: "2026-11")
        let lines = board.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines, [
            "provider    SP-EAST",
            "period      2026-11",
            "visits      3",
            "settleable  2",
            "held back   1",
            "amount      160.50",
            "currency    CNY",
            "",
            "TICKET              AMOUNT  STATUS",
            "AS-20261103-000001  80.25   settleable",
            "AS-20261109-000002  0.00    evidence-missing",
            "AS-20261120-000003  80.25   settleable",
        ])
        let payload = try JSONParser.parse(Data(try XCTUnwrap(board.json).utf8))
        XCTAssertEqual(payload["providerId"], "SP-EAST")
        XCTAssertEqual(payload["amount"], 160.5)
        XCTAssertEqual(payload["lines"]?.arrayValue?.count, 3)
    }

    func testNamesTheProblemWhenNoStatementMatches() {
        let other = SettlementBoard(envelopes: statements, providerId: "SP-EAST", period: "2026-09")
        XCTAssertNil(other.statement)
        XCTAssertEqual(other.missingMessage, "no settlement statement for provider SP-EAST for 2026-09 on aftersales.kpis "
                       + "(periods published for it: 2026-11, 2026-10); alerting publishes a month's statements at 00:00 on the 1st of the next month")
        let unknown = SettlementBoard(envelopes: statements, providerId: "SP-NONE", period: "2026-11")
        XCTAssertTrue(unknown.missingMessage.contains("no statement names provider SP-NONE at all"), unknown.missingMessage)
    }

    func testParsingTheSettlementOptions() throws {
        XCTAssertEqual(try OperatorCommand.parse(["settlement", "--provider", "SP-EAST", "--month", "2026-11"]),
                       .settlement(SettlementOptions(providerId: "SP-EAST", month: "2026-11")))
        XCTAssertEqual(try OperatorCommand.parse(["settlement", "--provider=SP-1", "--month=2026-01", "--json"]),
                       .settlement(SettlementOptions(providerId: "SP-1", month: "2026-01", json: true)))
        for (words, fragment) in [
            (["settlement", "--month", "2026-11"], "settlement needs --provider P"),
            (["settlement", "--provider", "SP-1"], "settlement needs --month YYYY-MM"),
            (["settlement", "--provider", "SP-1", "--month", "2026-13"], "--month must be a month YYYY-MM (01…12), e.g. 2026-11, not '2026-13'"),
            (["settlement", "--provider", "SP-1", "--month", "2026-1"], "not '2026-1'"),
            (["settlement", "--provider", "SP-1", "--month", "November"], "not 'November'"),
            (["settlement", "SP-1"], "settlement takes no argument 'SP-1'"),
        ] {
            XCTAssertThrowsError(try OperatorCommand.parse(words), "\(words)") { error in
                XCTAssertTrue((error as? UsageError)?.message.contains(fragment) == true, "\(words): \(error)")
                XCTAssertEqual((error as? UsageError)?.command, "settlement")
            }
        }
    }

    func testBothCommandsAreInTheCatalog() {
        XCTAssertNotNil(CommandCatalog.named("settlement"))
        XCTAssertTrue(CommandCatalog.overview.contains("  settlement"))
        XCTAssertEqual(Set(CommandCatalog.kpis.options.map(\.name)), ["by", "window", "min-tickets", "json"])
        XCTAssertTrue(CommandCatalog.kpis.text.contains("aftersales kpis --by region|provider|category"))
    }
}
