import Foundation
@testable import OperatorTool
import Schema
import XCTest

/// The console's HTML: escaping, no personal data, both languages, the sections' content.
final class ConsoleRenderingTests: XCTestCase {
    private typealias F = ConsoleFixtures
    private let hostile = "<script>alert('x')</script><img src=x onerror=\"alert(1)\"> & \u{202E}gnp.exe"

    private func model(_ envelopes: [Envelope]) -> ConsoleModel {
        var model = ConsoleModel()
        for envelope in envelopes { model.apply(envelope) }
        return model
    }

    private func page(_ model: ConsoleModel, _ language: ConsoleLanguage = .en) -> String {
        ConsolePage(model: model, language: language, now: F.base.addingTimeInterval(300), formToken: "tok123").document()
    }

    func testEscapingCoversEveryMarkupCharacter() {
        XCTAssertEqual(HTML.text("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(HTML.text("line\u{1B}[31m"), "line\\u{1b}[31m", "terminal escapes are spelled out")
        XCTAssertEqual(HTML.text("\u{202E}abc"), "\\u{202e}abc", "bidi overrides are spelled out")
        XCTAssertEqual(HTML.freeText("call me on 138 0013 8000 please"), "call me on *** please")
    }

    func testScriptInADescriptionIsShownAsTextNeverAsMarkup() {
        let model = model([F.opened("AS-1", description: "冰箱不制冷 " + hostile), F.complaint("CMP-1", ticket: "AS-1", reason: hostile),
                           F.alert(id: "A-1", subject: "AS-1", message: hostile)])
        let ticket = ConsoleTicketPage(model: model, language: .en, now: F.base, query: "AS-1").document()
        let main = page(model)
        for html in [ticket, main] {
            XCTAssertFalse(html.contains("<script>alert"), "no script element from the topics")
            XCTAssertFalse(html.contains("<img"), "no element from the topics")
            XCTAssertFalse(html.contains("\u{202E}"))
            XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 1, "only the console's own script tag")
        }
        XCTAssertTrue(ticket.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the description is shown, escaped")
        XCTAssertTrue(ticket.contains("冰箱不制冷"))
        XCTAssertTrue(main.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"), "complaint reasons and alert messages too")
    }

    func testNoPersonalDataReachesAnyPage() {
        let model = model([F.request("REQ-1"), F.opened("AS-1", requestId: "REQ-1", description: "请致电 13800138000 王先生"),
                           F.complaint("CMP-1", ticket: "AS-1", reason: "打了 13800138000 没人接"),
                           F.envelope("ticket.cancelled", ["ticketId": "AS-1", "reason": "客户来电 138-0013-8000 取消"], at: 60)])
        let pages = [page(model), page(model, .zh), ConsoleTicketPage(model: model, language: .en, now: F.base, query: "AS-1").document(),
                     ConsoleTicketPage(model: model, language: .zh, now: F.base, query: "").document()]
        for html in pages {
            XCTAssertFalse(html.contains("13800138000"))
            XCTAssertFalse(html.contains("138-0013-8000"))
            XCTAssertFalse(html.contains("世纪大道"))
            XCTAssertFalse(html.contains("王伟"))
        }
        XCTAssertTrue(pages[2].contains("request.submitted"), "the request is on the timeline, without its customer")
        XCTAssertTrue(pages[2].contains("REQ-1"), "identifiers are shown as they are")
    }

    func testTilesChartsLeagueAlertsComplaintsAndDeadLetters() {
        let model = model([
            F.opened("AS-1", at: 10), F.opened("AS-2", at: 20),
            F.kpi(figures: ["sla.resolve.compliance": 0.925, "sla.respond.compliance": 1, "ftf.rate": 0.8, "csat": 0.75], at: 30),
            F.kpi(window: "today", figures: ["tickets.opened": 2], at: 30),
            F.kpi(window: "today", figures: ["tickets.completed": 4, "sla.compliance": 0.9], dimension: ["region": "shanghai"], at: 31),
            F.kpi(window: "today", figures: ["tickets.completed": 2, "csat": 1], dimension: ["providerId": "P-<b>"], at: 31),
            F.alert(id: "A-1", severity: "critical", subject: "AS-1", at: 40), F.complaint("CMP-1", ticket: "AS-2", at: 50),
            F.deadLetter(id: "dl-1-aaaa-bbbb-cccc"),
        ])
        let html = page(model)
        XCTAssertTrue(html.contains("data-tile=\"opened\""))
        XCTAssertTrue(html.contains("<div class=\"value\">92.5%</div>"), "SLA compliance tile")
        XCTAssertTrue(html.contains("<div class=\"value\">80.0%</div>"), "first-time fix tile")
        XCTAssertTrue(html.contains("<div class=\"value\">75.0%</div>"), "CSAT tile")
        XCTAssertTrue(html.contains("2 in the last hour"))
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 4, "four charts")
        XCTAssertTrue(html.contains("<rect class=\"bar\""), "tickets opened per minute are drawn")
        XCTAssertTrue(html.contains("data-league=\"region\""))
        XCTAssertTrue(html.contains("data-name=\"shanghai\""))
        XCTAssertTrue(html.contains("P-&lt;b&gt;"), "provider ids are escaped")
        XCTAssertTrue(html.contains("data-alert=\"A-1\""))
        XCTAssertTrue(html.contains("href=\"/ticket?lang=en&amp;id=AS-1\""), "a ticket subject links to its timeline")
        XCTAssertTrue(html.contains("data-complaint=\"CMP-1\""))
        XCTAssertTrue(html.contains("action=\"/complaints/take\""))
        XCTAssertTrue(html.contains("name=\"token\" value=\"tok123\""), "every form carries the token")
        XCTAssertTrue(html.contains("data-dead-letter=\"dl-1-aaaa-bbbb-cccc\""))
        XCTAssertTrue(html.contains("aftersales.tickets[2]@41"))
        XCTAssertFalse(html.contains("T-1"), "a dead letter's original is never shown")
    }

    func testChineseAndEnglish() {
        let model = model([F.alert(id: "A-1", severity: "critical", at: 0), F.complaint("CMP-1")])
        let zh = page(model, .zh)
        XCTAssertTrue(zh.contains("<html lang=\"zh-CN\">"))
        for phrase in ["售后运营控制台", "未关闭告警", "投诉队列", "严重", "接手", "死信", "排行榜"] { XCTAssertTrue(zh.contains(phrase), phrase) }
        XCTAssertTrue(zh.contains("href=\"/?lang=en\""), "the switch goes to English")
        XCTAssertTrue(zh.contains("name=\"lang\" value=\"zh\""), "forms keep the language")
        let en = page(model)
        XCTAssertTrue(en.contains("Open alerts"))
        XCTAssertFalse(en.contains("未关闭告警"))
        XCTAssertTrue(en.contains("href=\"/?lang=zh\""))
    }

    func testTicketPageShowsTheTimelineAndEachDeadlineStanding() {
        let model = model([
            F.opened("AS-7", at: 0),
            F.envelope("ticket.accepted", ["ticketId": "AS-7", "technicianId": "T-1"], at: 5 * 3600),   // respond by 4 h: late
            F.envelope("ticket.on-site", ["ticketId": "AS-7", "technicianId": "T-1"], at: 6 * 3600),    // on site by 24 h: met
        ])
        let en = ConsoleTicketPage(model: model, language: .en, now: F.base.addingTimeInterval(50 * 3600), query: "AS-7").document()
        XCTAssertTrue(en.contains("data-ticket=\"AS-7\""))
        XCTAssertTrue(en.contains("data-event=\"ticket.accepted\""))
        XCTAssertTrue(en.contains("met in 5h 0m, late by 1h 0m"), en)
        XCTAssertTrue(en.contains("met in 6h 0m (18h 0m to spare)"))
        XCTAssertTrue(en.contains("BREACHED by 2h 0m"), "resolve by 48 h, now 50 h")
        let zh = ConsoleTicketPage(model: model, language: .zh, now: F.base.addingTimeInterval(50 * 3600), query: "AS-7").document()
        XCTAssertTrue(zh.contains("已超时 2h 0m"))
        let missing = ConsoleTicketPage(model: model, language: .en, now: F.base, query: "AS-8").document()
        XCTAssertTrue(missing.contains("aftersales ticket AS-8"))
        let search = ConsoleTicketPage(model: model, language: .en, now: F.base, query: "").document()
        XCTAssertTrue(search.contains("href=\"/ticket?lang=en&amp;id=AS-7\""))
    }

    func testLongListsSayTheyWereCut() {
        let model = model((0..<60).map { F.alert(id: "A-\($0)", at: Double($0)) } + (0..<3).map { F.complaint("CMP-\($0)") })
        let html = page(model)
        XCTAssertEqual(html.components(separatedBy: "data-alert=").count - 1, 50)
        XCTAssertTrue(html.contains("showing the first 50 of 60"))
        XCTAssertFalse(html.contains("of 3<"), "an uncut list says nothing")
        XCTAssertTrue(page(model, .zh).contains("显示前 50 条，共 60 条"))
    }

    func testEmptyModelRendersEverySection() {
        let html = page(ConsoleModel())
        for id in ConsolePage.sectionIds where id != "status" { XCTAssertTrue(html.contains("<section id=\"\(id)\""), id) }
        XCTAssertTrue(html.contains("no open alerts"))
        XCTAssertTrue(html.contains("no KPI snapshot yet"))
    }
}
