import Foundation
@testable import OperatorTool
import Schema
import XCTest

/// The console's model: what it folds from envelopes, and the bounds on what it keeps.
final class ConsoleModelTests: XCTestCase {
    private typealias F = ConsoleFixtures

    func testTicketsOpenedPerMinuteCountEachTicketOnce() {
        var model = ConsoleModel()
        model.apply(F.opened("AS-1", at: 10))
        model.apply(F.opened("AS-2", at: 20))
        model.apply(F.opened("AS-3", at: 70))
        model.apply(F.opened("AS-1", at: 75))   // redelivered: not a new ticket
        let minute = ConsoleModel.minute(F.base)
        XCTAssertEqual(model.openedPerMinute[minute], 2)
        XCTAssertEqual(model.openedPerMinute[minute + 1], 1)
        XCTAssertEqual(model.ticketsOpened(lastMinutes: 60, now: F.base.addingTimeInterval(90)), 3)
        XCTAssertEqual(model.ticketsOpened(lastMinutes: 1, now: F.base.addingTimeInterval(90)), 1)
    }

    func testTimelineJoinsTheRequestMaskedAndEveryEventNamingTheTicket() throws {
        var model = ConsoleModel()
        model.apply(F.request("REQ-9"))
        model.apply(F.opened("AS-9", requestId: "REQ-9"))
        model.apply(F.envelope("ticket.assigned", ["ticketId": "AS-9", "technicianId": "T-1", "distanceKm": 2, "attempt": 1], at: 60))
        model.apply(F.alert(id: "A-1", subject: "AS-9:resolve", at: 90))
        model.apply(F.envelope("request.cancelled", ["requestId": "REQ-9", "reason": "customer changed mind"], at: 120))
        model.apply(F.opened("AS-10"))
        let timeline = try XCTUnwrap(model.timeline(ticketId: "AS-9"))
        XCTAssertEqual(timeline.events.map(\.type),
                       ["request.submitted", "ticket.opened", "ticket.assigned", "alert.raised", "request.cancelled"])
        XCTAssertEqual(timeline.deadlines.map(\.name), ["respond", "on-site", "resolve"])
        let request = String(decoding: timeline.events[0].encoded(), as: UTF8.self)
        for secret in ["王伟", "13800138000", "世纪大道"] { XCTAssertFalse(request.contains(secret), "the model keeps no \(secret)") }
        XCTAssertNil(model.timeline(ticketId: "AS-404"))
        XCTAssertEqual(model.searchTickets("as-").map(\.ticketId).sorted(), ["AS-10", "AS-9"])
    }

    func testARequestArrivingAfterItsTicketStillJoinsTheTimeline() throws {
        var model = ConsoleModel()
        model.apply(F.opened("AS-5", requestId: "REQ-5"))
        model.apply(F.request("REQ-5"))
        XCTAssertEqual(try XCTUnwrap(model.timeline(ticketId: "AS-5")).events.map(\.type), ["request.submitted", "ticket.opened"])
    }

    func testTicketsBeyondTheCapForgetTheLeastRecentlyTouched() {
        var limits = ConsoleModel.Limits()
        limits.maxTickets = 100
        limits.maxEventsPerTicket = 5
        var model = ConsoleModel(limits: limits)
        model.apply(F.request("REQ-AS-KEEP"))
        model.apply(F.opened("AS-KEEP"))
        for index in 0..<150 {
            model.apply(F.opened("AS-\(index)", at: Double(index)))
            if index % 10 == 0 { model.apply(F.envelope("ticket.accepted", ["ticketId": "AS-KEEP", "technicianId": "T"], at: Double(index))) }
        }
        XCTAssertLessThanOrEqual(model.tickets.count, 100)
        XCTAssertNotNil(model.tickets["AS-KEEP"], "recently touched")
        XCTAssertNil(model.tickets["AS-0"], "the least recently touched is forgotten")
        XCTAssertNotNil(model.tickets["AS-149"])
        let kept = model.tickets["AS-KEEP"]?.events ?? []
        XCTAssertEqual(kept.count, 5, "events per ticket are capped")
        XCTAssertEqual(kept.prefix(2).map(\.type), ["request.submitted", "ticket.opened"], "the request and the opening are kept")
    }

    func testSeriesKeepOnlyTheHistory() {
        var limits = ConsoleModel.Limits()
        limits.historyMinutes = 60
        var model = ConsoleModel(limits: limits)
        for minute in 0..<180 { model.apply(F.opened("AS-\(minute)", at: Double(minute) * 60)) }
        for minute in stride(from: 0, to: 180, by: 5) {
            model.apply(F.kpi(figures: ["csat": 0.9], at: Double(minute) * 60))
        }
        model.apply(F.opened("AS-FUTURE", at: 365 * 86_400))   // a clock far ahead
        model.prune(now: F.base.addingTimeInterval(180 * 60))
        XCTAssertLessThanOrEqual(model.openedPerMinute.count, 60)
        XCTAssertEqual(model.openedPerMinute.keys.min(), ConsoleModel.minute(F.base) + 121)
        XCTAssertLessThanOrEqual(model.kpiHistory.count, 12)
        XCTAssertNil(model.openedPerMinute[ConsoleModel.minute(F.base.addingTimeInterval(365 * 86_400))], "nothing beyond now survives pruning")
    }

    func testKPIsLatestPerWindowHistoryAndLeagueRounds() {
        var model = ConsoleModel()
        model.apply(F.kpi(figures: ["sla.resolve.compliance": 0.8, "ftf.rate": 0.7, "csat": 0.9], at: 0))
        model.apply(F.kpi(window: "today", figures: ["tickets.opened": 40], at: 0))
        model.apply(F.kpi(window: "today", figures: ["tickets.completed": 10, "sla.compliance": 0.9, "ftf.rate": 0.8, "csat": 0.9],
                          dimension: ["region": "shanghai"], at: 0))
        model.apply(F.kpi(window: "today", figures: ["tickets.completed": 12, "sla.compliance": 0.5, "ftf.rate": 0.5, "csat": 0.6],
                          dimension: ["region": "beijing"], at: 0))
        model.apply(F.kpi(window: "today", figures: ["tickets.completed": 3, "sla.compliance": 1, "ftf.rate": 1, "csat": 1],
                          dimension: ["providerId": "P-FAST"], at: 0))
        model.apply(F.kpi(figures: ["sla.resolve.compliance": 0.85], at: 60))
        model.apply(F.kpi(figures: ["sla.resolve.compliance": 0.1], at: 30))   // older than the latest: not the headline
        XCTAssertEqual(model.headlineKPIs?.figures["sla.resolve.compliance"], 0.85)
        XCTAssertEqual(model.kpiHistory.count, 2)
        XCTAssertEqual(model.leagueWindow, "today")
        XCTAssertEqual(model.league("region").map(\.value), ["shanghai", "beijing"], "best score first")
        XCTAssertEqual(model.league("providerId").map(\.value), ["P-FAST"])
        // The next round of `today` replaces the cuts: a region without completions drops out.
        model.apply(F.kpi(window: "today", figures: ["tickets.opened": 41], at: 120))
        model.apply(F.kpi(window: "today", figures: ["tickets.completed": 13, "sla.compliance": 0.6], dimension: ["region": "beijing"], at: 120))
        XCTAssertEqual(model.league("region").map(\.value), ["beijing"])
        XCTAssertEqual(model.league("region").first?.figures["tickets.completed"], 13)
    }

    func testAlertsOpenResolvedAndOutOfOrder() {
        var model = ConsoleModel()
        model.apply(F.alert(id: "A-1", severity: "warning", at: 0))
        model.apply(F.alert(id: "A-2", severity: "critical", at: 10))
        model.apply(F.alert("alert.escalated", id: "A-1", severity: "critical", message: "worse", at: 20))
        model.apply(F.alert(id: "A-3", severity: "info", at: 30))
        model.apply(F.alert("alert.resolved", id: "A-3", severity: "info", at: 40))
        model.apply(F.alert(id: "A-3", severity: "info", at: 35))   // late redelivery: the resolution stands
        XCTAssertEqual(model.openAlerts.map(\.alertId), ["A-1", "A-2"])
        XCTAssertEqual(model.openAlerts.first?.status, "escalated")
        XCTAssertEqual(model.openAlerts.first?.message, "worse")
        XCTAssertEqual(model.openAlertCounts, ["critical": 2])
    }

    func testResolvedAlertsAreBounded() {
        var limits = ConsoleModel.Limits()
        limits.maxResolvedAlerts = 10
        var model = ConsoleModel(limits: limits)
        model.apply(F.alert(id: "OPEN", at: 0))
        for index in 0..<100 {
            model.apply(F.alert(id: "A-\(index)", at: Double(index)))
            model.apply(F.alert("alert.resolved", id: "A-\(index)", at: Double(index) + 0.5))
        }
        XCTAssertLessThanOrEqual(model.alerts.count, 1 + 11)
        XCTAssertNotNil(model.alerts["OPEN"], "an open alert is never dropped for resolved ones")
    }

    func testComplaintsMoveForwardWhateverTheTopicOrder() {
        var model = ConsoleModel()
        model.apply(F.envelope("complaint.investigating", ["complaintId": "CMP-2", "ticketId": "AS-2", "operator": "li"], at: 5))
        model.apply(F.complaint("CMP-2", ticket: "AS-2", severity: "critical", at: 0))
        model.apply(F.complaint("CMP-1", ticket: "AS-1", severity: "normal", at: 1))
        model.apply(F.complaint("CMP-3", ticket: "AS-3", at: 2))
        model.apply(F.envelope("complaint.resolved", ["complaintId": "CMP-3", "ticketId": "AS-3", "resolution": "refund"], at: 3))
        XCTAssertEqual(model.complaintQueue.map(\.complaintId), ["CMP-2", "CMP-1"])
        XCTAssertEqual(model.complaints["CMP-2"]?.status, "investigating", "the opening arriving later does not reopen it")
        XCTAssertEqual(model.complaints["CMP-2"]?.severity, "critical", "but fills in its details")
        XCTAssertEqual(model.complaints["CMP-2"]?.investigator, "li")
        XCTAssertEqual(model.complaints["CMP-3"]?.resolution, "refund")
    }

    func testDeadLettersOnceEachBoundedAndMarkedReplayed() {
        var limits = ConsoleModel.Limits()
        limits.maxDeadLetters = 3
        var model = ConsoleModel(limits: limits)
        for index in 0..<5 { model.apply(F.deadLetter(id: "dl-\(index)-0000-0000", at: Double(index))) }
        model.apply(F.deadLetter(id: "dl-4-0000-0000", at: 4))   // the relay published it twice
        XCTAssertEqual(model.deadLetters.map(\.id), ["dl-2-0000-0000", "dl-3-0000-0000", "dl-4-0000-0000"])
        XCTAssertEqual(model.deadLettersSeen, 5)
        model.apply(F.envelope("ticket.assigned", ["ticketId": "AS-1", "technicianId": "T-1"], at: 9, id: "replay-1",
                               causationId: "dl-3-0000-0000"))
        XCTAssertEqual(model.replayed["dl-3-0000-0000"], "replay-1")
        XCTAssertTrue(model.isReplayed(model.deadLetters[1]))
        XCTAssertFalse(model.isReplayed(model.deadLetters[2]))
    }
}

/// Hostile producers cannot grow the model without bound.
final class ConsoleModelBoundsTests: XCTestCase {
    private typealias F = ConsoleFixtures

    func testInventedWindowsAndScatteredMinutesStayBounded() {
        var limits = ConsoleModel.Limits()
        limits.historyMinutes = 10
        var model = ConsoleModel(limits: limits)
        for index in 0..<500 {
            model.apply(F.kpi(window: "w-\(index)", figures: ["csat": 1], at: Double(index)))
            model.apply(F.kpi(figures: ["csat": 1], at: Double(index) * 3_600))
            model.apply(F.opened("AS-\(index)", at: Double(index) * 3_600))
        }
        XCTAssertLessThanOrEqual(model.latestKPIs.count, limits.maxWindows)
        XCTAssertLessThanOrEqual(model.kpiHistory.count, 4 * limits.historyMinutes)
        XCTAssertLessThanOrEqual(model.openedPerMinute.count, 4 * limits.historyMinutes)
        XCTAssertNotNil(model.latestKPIs["w-499"], "the newest window is kept")
    }
}

/// Cuts are grouped by publication (`generatedAt`) when snapshots carry it.
final class ConsoleKPIPublicationTests: XCTestCase {
    func testAPublicationIsItsGeneratedAt() {
        typealias F = ConsoleFixtures
        func snapshot(_ region: String?, generated: TimeInterval, at seconds: TimeInterval) -> Envelope {
            var envelope = F.kpi(window: "today", figures: ["tickets.completed": 5], dimension: region.map { ["region": $0] }, at: seconds)
            if case .object(var data) = envelope.data {
                data["generatedAt"] = .string(Timestamp.format(F.base.addingTimeInterval(generated)))
                envelope.data = .object(data)
            }
            return envelope
        }
        var model = ConsoleModel()
        model.apply(snapshot(nil, generated: 0, at: 0))
        model.apply(snapshot("shanghai", generated: 0, at: 0))
        model.apply(snapshot("beijing", generated: 0, at: 0))
        // The next publication, relayed late: its envelopes are dated seconds apart.
        model.apply(snapshot(nil, generated: 60, at: 65))
        model.apply(snapshot("beijing", generated: 60, at: 70))
        XCTAssertEqual(model.league("region").map(\.value), ["beijing"], "shanghai had no completion in the new publication")
        XCTAssertEqual(model.latestKPIs["today"]?.at, F.base.addingTimeInterval(60))
    }
}
