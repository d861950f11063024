import Foundation
import OperatorTool
import Schema
import XCTest

final class RenderingTests: XCTestCase {
    private func envelope(_ type: String, _ data: JSONValue, at seconds: TimeInterval = 0, correlation: String? = nil) -> Envelope {
        Envelope(id: UUID().uuidString, type: type, occurredAt: Date(timeIntervalSince1970: 1_795_852_800 + seconds),
                 source: "test", correlationId: correlation, causationId: nil, data: data)
    }

    func testRequestLinesNeverShowPII() {
        let line = EventLineRenderer(color: false).render(envelope("request.submitted", [
            "requestId": "R-1", "channel": "hotline", "kind": "repair",
            "customer": ["id": "C-1", "name": "王伟", "phone": "13800138000", "address": "上海市浦东新区世纪大道1号", "region": "shanghai"],
            "product": ["category": "refrigerator", "model": "RF-100"],
        ]), key: "R-1")
        XCTAssertTrue(line.contains("request.submitted"))
        XCTAssertTrue(line.contains("category=refrigerator"))
        XCTAssertTrue(line.contains("region=shanghai"))
        XCTAssertFalse(line.contains("王伟"))
        XCTAssertFalse(line.contains("13800138000"))
        XCTAssertFalse(line.contains("世纪大道"))
    }

    func testTicketOpenedLineShowsTheFieldsThatMatter() {
        let line = EventLineRenderer(color: false).render(envelope("ticket.opened", [
            "ticketId": "AS-1", "priority": "emergency", "fault": ["category": "hardware", "safetyHazard": true],
            "warranty": ["status": "in-warranty"], "region": "beijing",
        ]), key: nil)
        XCTAssertTrue(line.contains("AS-1"))
        XCTAssertTrue(line.contains("priority=emergency"))
        XCTAssertTrue(line.contains("hazard=true"))
        XCTAssertTrue(line.contains("warranty=in-warranty"))
    }

    func testColourOnlyWhenAsked() {
        let event = envelope("request.rejected", ["requestId": "R-2", "reasons": [["field": "customer.phone", "code": "invalid-format", "message": "x"]]])
        XCTAssertFalse(EventLineRenderer(color: false).render(event, key: "R-2").contains("\u{1B}["))
        let coloured = EventLineRenderer(color: true).render(event, key: "R-2")
        XCTAssertTrue(coloured.contains("\u{1B}[31m"))
        XCTAssertTrue(coloured.contains("customer.phone:invalid-format"))
    }

    func testWatchFilter() {
        let opened = envelope("ticket.opened", ["ticketId": "AS-1"])
        let alert = envelope("alert.raised", ["alertId": "A1", "subject": "AS-1"])
        let other = envelope("ticket.opened", ["ticketId": "AS-2"])
        let byTicket = WatchFilter(ticketIds: ["AS-1"], types: [], sources: [])
        XCTAssertTrue(byTicket.matches(opened, key: "AS-1"))
        XCTAssertTrue(byTicket.matches(alert, key: "AS-1"))
        XCTAssertFalse(byTicket.matches(other, key: "AS-2"))
        let byType = WatchFilter(ticketIds: [], types: ["alert.*"], sources: [])
        XCTAssertTrue(byType.matches(alert, key: nil))
        XCTAssertFalse(byType.matches(opened, key: nil))
        XCTAssertFalse(WatchFilter(ticketIds: [], types: [], sources: ["intake"]).matches(opened, key: nil))
    }

    func testTimelineMeasuresEachDeadline() {
        let base = Date(timeIntervalSince1970: 1_795_852_800)
        let events = [
            envelope("request.submitted", ["requestId": "R-9"], at: -5, correlation: "R-9"),
            envelope("ticket.opened", ["ticketId": "AS-9", "requestId": "R-9", "sla": [
                "respondBy": .string(Timestamp.format(base.addingTimeInterval(3600))),
                "onSiteBy": .string(Timestamp.format(base.addingTimeInterval(4 * 3600))),
                "resolveBy": .string(Timestamp.format(base.addingTimeInterval(24 * 3600)))]]),
            envelope("ticket.accepted", ["ticketId": "AS-9", "technicianId": "T1"], at: 600),
            envelope("ticket.on-site", ["ticketId": "AS-9", "technicianId": "T1"], at: 5 * 3600),
            envelope("ticket.opened", ["ticketId": "AS-10", "requestId": "R-10"]),
        ]
        let timeline = TicketTimeline(ticketId: "AS-9", envelopes: events.shuffled())
        XCTAssertEqual(timeline.events.map(\.type), ["request.submitted", "ticket.opened", "ticket.accepted", "ticket.on-site"])
        let text = timeline.render(now: base.addingTimeInterval(30 * 3600), renderer: EventLineRenderer(color: false))
        XCTAssertTrue(text.contains("respond  met in 10m (deadline 1h 0m, 50m to spare)"), text)
        XCTAssertTrue(text.contains("on-site  met in 5h 0m, late by 1h 0m"), text)
        XCTAssertTrue(text.contains("resolve  BREACHED by 6h 0m"), text)
    }

    func testAlertBoardKeepsOneRowPerAlert() {
        let board = AlertBoard(envelopes: [
            envelope("alert.raised", ["alertId": "A1", "rule": "sla-at-risk", "severity": "warning", "subject": "AS-1", "message": "80%"], at: 0),
            envelope("alert.raised", ["alertId": "A2", "rule": "safety-hazard", "severity": "critical", "subject": "AS-2", "message": "smoke"], at: 1),
            envelope("alert.escalated", ["alertId": "A1", "rule": "sla-breached", "severity": "critical", "subject": "AS-1", "message": "150%"], at: 2),
            envelope("alert.resolved", ["alertId": "A2", "rule": "safety-hazard", "severity": "critical", "subject": "AS-2", "message": "ok"], at: 3),
        ])
        XCTAssertEqual(board.list(all: false).map(\.alertId), ["A1"])
        XCTAssertEqual(board.list(all: false).first?.severity, "critical")
        XCTAssertEqual(board.list(all: true).map(\.alertId), ["A1", "A2"])
    }

    func testKPIBoardUsesTheLatestSnapshotPerWindow() {
        let board = KPIBoard(envelopes: [
            envelope("kpi.snapshot", ["window": "today", "figures": ["tickets.opened": 3]], at: 0),
            envelope("kpi.snapshot", ["window": "today", "figures": ["tickets.opened": 5, "csat": 0.8]], at: 60),
            envelope("kpi.snapshot", ["window": "last-hour", "figures": ["tickets.opened": 2]], at: 60),
        ])
        XCTAssertEqual(board.windows, ["last-hour", "today"])
        XCTAssertEqual(board.figures["tickets.opened"]?["today"], 5)
        let text = board.render()
        XCTAssertTrue(text.contains("csat"))
        XCTAssertTrue(text.contains("0.80"))
    }

    func testComplaintBoardFollowsTheLifecycle() {
        let board = ComplaintBoard(envelopes: [
            envelope("complaint.opened", ["complaintId": "C1", "ticketId": "AS-1", "severity": "high", "reason": "score 1"], at: 0),
            envelope("complaint.opened", ["complaintId": "C2", "ticketId": "AS-2", "severity": "normal", "reason": "not resolved"], at: 1),
            envelope("complaint.investigating", ["complaintId": "C1", "ticketId": "AS-1"], at: 2),
            envelope("complaint.resolved", ["complaintId": "C2", "ticketId": "AS-2", "resolution": "revisited"], at: 3),
        ])
        XCTAssertEqual(board.rows["C1"]?.status, "investigating")
        XCTAssertEqual(board.rows["C2"]?.status, "resolved")
        XCTAssertFalse(board.render(all: false).contains("C2"))
        XCTAssertTrue(board.render(all: true).contains("revisited"))
    }

    func testElapsedFormatting() {
        XCTAssertEqual(TicketTimeline.formatElapsed(42), "42s")
        XCTAssertEqual(TicketTimeline.formatElapsed(303), "5m 3s")
        XCTAssertEqual(TicketTimeline.formatElapsed(7500), "2h 5m")
        XCTAssertEqual(TicketTimeline.formatElapsed(273_600), "3d 4h")
    }
}
