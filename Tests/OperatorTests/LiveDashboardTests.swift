import Foundation
import OperatorTool
import Schema
import XCTest

/// `aftersales dashboard --stream` (the live view of `make run`): the summary's numbers from a
/// fixed list of events, the terminal screen (ANSI redraw, cut to the terminal) and the piped
/// output (plain, not one escape code).
final class LiveDashboardTests: XCTestCase {
    private let base = Date(timeIntervalSince1970: 1_795_852_800)   // 2026-11-28T08:00:00Z

    private func envelope(_ type: EventType, _ data: JSONValue, at seconds: TimeInterval = 0) -> Envelope {
        Envelope(id: UUID().uuidString, type: type.rawValue, occurredAt: base.addingTimeInterval(seconds), source: "test",
                 correlationId: nil, causationId: nil, data: data)
    }

    /// A small day: three tickets, one emergency with a breach, money, the December detours.
    private func events() -> [Envelope] {
        var list: [Envelope] = []
        for (index, id) in ["AS-1", "AS-2", "AS-3"].enumerated() {
            list.append(envelope(.ticketOpened, ["ticketId": .string(id), "priority": index == 0 ? "emergency" : "normal"], at: Double(index)))
        }
        list += [
            envelope(.technicianUpserted, ["technicianId": "T-1", "region": "shanghai"]),
            envelope(.ticketAssigned, ["ticketId": "AS-1", "technicianId": "T-1"], at: 5),
            envelope(.ticketAssigned, ["ticketId": "AS-2", "technicianId": "T-2"], at: 5),
            envelope(.ticketUnassignable, ["ticketId": "AS-3", "reason": "no-certified-technician"], at: 6),
            envelope(.assignmentReturned, ["ticketId": "AS-2", "technicianId": "T-2", "reason": "van broke down"], at: 7),
            envelope(.visitScheduled, ["ticketId": "AS-1", "technicianId": "T-1", "scheduledFor": "2026-11-28T02:00:00Z"], at: 8),
            envelope(.visitScheduled, ["ticketId": "AS-1", "technicianId": "T-1", "scheduledFor": "2026-11-28T04:00:00Z",
                                       "requestedBy": "customer"], at: 9),
            envelope(.ticketVisitFailed, ["ticketId": "AS-1", "technicianId": "T-1", "reason": "customer-absent", "visit": 1], at: 10),
            envelope(.ticketOnHold, ["ticketId": "AS-1", "reason": "customer-unreachable", "since": "2026-11-28T00:00:10Z"], at: 10),
            envelope(.ticketResumed, ["ticketId": "AS-1", "reason": "customer-unreachable", "heldSeconds": 5], at: 15),
            envelope(.remoteFailed, ["ticketId": "AS-2", "agentId": "CC-1", "reason": "no luck"], at: 11),
            envelope(.ticketQuoted, ["ticketId": "AS-1"], at: 12),
            envelope(.quoteApproved, ["ticketId": "AS-1"], at: 13),
            envelope(.workCompleted, ["ticketId": "AS-1", "partsUsed": [["partNumber": "P-1", "quantity": 1]],
                                      "evidence": ["signature": ["signedBy": "customer"]]], at: 19),   // no serials
            envelope(.ticketCompleted, ["ticketId": "AS-1", "technicianId": "T-1", "resolved": true], at: 20),
            envelope(.ticketInvoiced, ["ticketId": "AS-1", "invoiceId": "INV-1", "chargeable": true, "total": 120.5, "currency": "CNY"], at: 21),
            envelope(.ticketInvoiced, ["ticketId": "AS-2", "invoiceId": "INV-2", "chargeable": false, "total": 0, "currency": "CNY"], at: 21),
            envelope(.ticketPaid, ["ticketId": "AS-1", "invoiceId": "INV-1", "amount": 100, "currency": "CNY"], at: 22),
            envelope(.auditRecorded, ["ticketId": "AS-1", "auditId": "AU-1", "passed": false], at: 23),
            envelope(.auditRecorded, ["ticketId": "AS-2", "auditId": "AU-2", "passed": true], at: 23),
            envelope(.alertRaised, ["alertId": "A-1", "rule": "sla-breached", "severity": "critical", "subject": "AS-1:onSiteBy"], at: 24),
            envelope(.alertRaised, ["alertId": "A-2", "rule": "sla-at-risk", "severity": "warning", "subject": "AS-2:onSiteBy"], at: 24),
            envelope(.alertRaised, ["alertId": "A-3", "rule": "sla-at-risk", "severity": "warning", "subject": "AS-3:onSiteBy"], at: 24),
            envelope(.alertResolved, ["alertId": "A-3"], at: 25),
            envelope(.compensationGranted, ["ticketId": "AS-1", "customerId": "C-1", "kind": "voucher", "amount": 200, "reason": "on-site-breached"], at: 25),
            envelope(.kpiSnapshot, ["window": "today", "figures": ["tickets.opened": 3, "sla.onsite.compliance": 0.5, "ftf.rate": 0]], at: 26),
            envelope(.kpiSnapshot, ["window": "today", "dimension": "region", "figures": ["tickets.opened": 99]], at: 27),
            envelope(.settlementStatement, ["providerId": "SP-1", "period": "2026-11"], at: 28),
            envelope(.messageDeadLettered, ["service": "dispatch", "reason": "work.completed before acceptance"], at: 29),
        ]
        return list
    }

    private func board(note: String? = nil) -> LiveDashboard {
        var board = LiveDashboard(note: note)
        for event in events() { board.apply(event, key: event.data["ticketId"]?.stringValue) }
        return board
    }

    private func summaryLine(_ lines: [String], _ title: String) throws -> String {
        try XCTUnwrap(lines.first { $0.hasPrefix(title + " ") }, "no \(title) line in\n\(lines.joined(separator: "\n"))")
    }

    func testSummaryNumbersFromAFixedEventList() throws {
        let lines = board(note: "operator console: http://127.0.0.1:8080/").summary(now: base.addingTimeInterval(30))
        XCTAssertEqual(lines[0], "AfterSales live — 2026-11-28T08:00:30.000Z")
        XCTAssertEqual(lines[1], "operator console: http://127.0.0.1:8080/")
        XCTAssertEqual(try summaryLine(lines, "tickets"),
                       "tickets       opened 3, assigned 2, on site 0, completed 1, closed 0, cancelled 0, unassignable 1, rejected requests 0")
        XCTAssertEqual(try summaryLine(lines, "field"),
                       "field         rescheduled 1, visits failed 1, returned 1, on hold 1, resumed 1, waiting parts 0, "
                       + "no certified technician 1, evidence missing 1")
        XCTAssertEqual(try summaryLine(lines, "remote"), "remote        resolved 0, failed 1   audits 2 (failed 1)")
        XCTAssertEqual(try summaryLine(lines, "money"),
                       "money         quotes 1, approved 1, declined 0, invoices 2, chargeable 1  (CNY 120.50)   paid 1 (CNY 100.00)")
        XCTAssertEqual(try summaryLine(lines, "service"), "service       compensations 1, statements 1, surveys 0, complaints 0")
        XCTAssertEqual(try summaryLine(lines, "alerts"), "alerts        critical 1, warning 1, info 0 open   raised 3, resolved 1")
        XCTAssertEqual(try summaryLine(lines, "KPIs"),
                       "KPIs          today at 08:00:26: opened 3, SLA on-site 50 %, first-time fix 0 %", "the network-wide snapshot, not the cut")
        XCTAssertEqual(try summaryLine(lines, "dead"), "dead letters  1   last: dispatch: work.completed before acceptance")
    }

    func testEmptySummarySaysSo() throws {
        let lines = LiveDashboard().summary(now: base)
        XCTAssertEqual(try summaryLine(lines, "KPIs"), "KPIs          no snapshot yet")
        XCTAssertEqual(try summaryLine(lines, "dead"), "dead letters  0")
        XCTAssertEqual(try summaryLine(lines, "money"),
                       "money         quotes 0, approved 0, declined 0, invoices 0, chargeable 0  (0)   paid 0 (0)")
    }

    /// Piped (`make run | tee log`): the block and the event lines carry no escape code.
    func testPipedOutputHasNoEscapeCodes() {
        let board = board(note: "console: http://127.0.0.1:8080/")
        let block = board.plainBlock(now: base)
        XCTAssertFalse(block.contains("\u{1B}"), block)
        XCTAssertTrue(block.hasPrefix(String(repeating: "-", count: 78) + "\nAfterSales live"))
        for event in events() where LiveDashboard.shows(event) {
            let line = board.line(event, key: event.data["ticketId"]?.stringValue)
            XCTAssertFalse(line.contains("\u{1B}"), line)
            XCTAssertTrue(line.contains(event.type), line)
        }
    }

    /// The event lines leave out the seeded roster and catalogue and the KPI snapshots.
    func testQuietTypesGetNoLine() {
        XCTAssertFalse(LiveDashboard.shows(envelope(.technicianUpserted, ["technicianId": "T-1"])))
        XCTAssertFalse(LiveDashboard.shows(envelope(.kpiSnapshot, ["window": "today"])))
        XCTAssertTrue(LiveDashboard.shows(envelope(.compensationGranted, ["ticketId": "AS-1"])))
        XCTAssertFalse(board().recent.contains { $0.type == EventType.technicianUpserted.rawValue })
    }

    /// On a terminal: home + clear, the summary, then the newest events that fit in the rows.
    func testTerminalScreenRedrawsAndFitsTheTerminal() {
        let board = board()
        let screen = board.screen(now: base, height: 20, width: 60, color: true)
        XCTAssertTrue(screen.hasPrefix("\u{1B}[H\u{1B}[2J"))
        let rows = screen.dropFirst("\u{1B}[H\u{1B}[2J".count).components(separatedBy: "\n")
        XCTAssertEqual(rows.count, 19, "one row left for the cursor")
        XCTAssertTrue(rows.contains("recent events (Ctrl-C stops everything)"))
        XCTAssertTrue(rows.last?.contains("message.dead-lettered") ?? false, "the newest event last: \(rows.last ?? "")")
        let plainRows = rows.map { $0.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression) }
        XCTAssertTrue(plainRows.allSatisfy { $0.count <= 60 }, plainRows.filter { $0.count > 60 }.joined(separator: "\n"))
        XCTAssertFalse(rows.contains { $0.contains("kpi.snapshot") })
    }

    func testKeptLinesAreBounded() {
        var board = LiveDashboard(keptLines: 5)
        for index in 0..<20 { board.apply(envelope(.ticketOpened, ["ticketId": .string("AS-\(index)")], at: Double(index)), key: nil) }
        XCTAssertEqual(board.recent.count, 5)
        XCTAssertEqual(board.recent.last?.data["ticketId"]?.stringValue, "AS-19")
        XCTAssertEqual(board.count(.ticketOpened), 20, "the counts keep everything")
    }

    func testStreamOptionsParse() throws {
        XCTAssertEqual(try OperatorCommand.parse(["dashboard", "--stream", "--refresh", "3", "--note", "console: http://127.0.0.1:8080/"]),
                       .dashboard(DashboardOptions(refreshSeconds: 3, stream: true, note: "console: http://127.0.0.1:8080/")))
        XCTAssertEqual(try OperatorCommand.parse(["dashboard"]), .dashboard(DashboardOptions()))
    }
}
