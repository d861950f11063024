import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// The remote-first window (DESIGN.md "Remote-first resolution") through the real batch
/// processor and timer scheduler on PostgreSQL (`DispatchHarness`, manual clock): who is held,
/// the contact centre's answers, the window's end, and what is refused.
final class DispatchRemoteWindowTests: XCTestCase {
    private typealias H = DispatchHarness
    private let window: TimeInterval = 30 * 60

    /// A normal ticket with a network fault and remote guidance, respond deadline in 24 h.
    private func remoteTicket(_ id: String, _ h: DispatchHarness, priority: Priority = .normal, hazard: Bool = false,
                              guidance: Bool = true, respondIn: TimeInterval = 86_400) -> TicketOpened {
        var ticket = H.ticket(id, priority: priority)
        ticket.fault = .init(category: .network, safetyHazard: hazard)
        ticket.sla = .init(respondBy: h.now.addingTimeInterval(respondIn), onSiteBy: h.now.addingTimeInterval(2 * 86_400),
                           resolveBy: h.now.addingTimeInterval(3 * 86_400))
        if guidance {
            ticket.remoteGuidance = .init(playbookId: "connected-appliance-network@1", steps: ["Restart the router."])
        }
        return ticket
    }

    private func harness(_ label: String, minutes: Double = 30) throws -> DispatchHarness {
        let h = try DispatchHarness(label, settings: DispatchSettings(remoteWindow: RemoteWindowSettings(windowSeconds: minutes * 60)))
        try h.deliver(H.technician("A", km: 1))
        return h
    }

    private func remoteTimers(_ h: DispatchHarness) throws -> [String] {
        try h.harness.pendingTimers(kind: RemoteWindow.timerKind)
    }

    /// The ticket's state and remote-window columns.
    private func row(_ h: DispatchHarness, _ id: String) throws -> (state: String, remote: String, until: Date?, technician: String?) {
        let row = try XCTUnwrap(try h.db.query("""
            SELECT state, remote_window, remote_until, technician_id FROM tickets WHERE ticket_id = \(id)
            """).first)
        return (try row.get("state"), try row.get("remote_window"), try row.get("remote_until"), try row.get("technician_id"))
    }

    private func reason(_ delivery: DispatchHarness.Delivery, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard case .deadLetter(let reason) = delivery.result else {
            XCTFail("not dead-lettered: \(delivery.result)", file: file, line: line)
            return ""
        }
        return reason
    }

    // MARK: Held, then resolved remotely

    func testAnEligibleTicketIsHeldWithoutAnOffer() throws {
        let h = try harness("remotehold")
        let opened = try h.deliver(remoteTicket("TK-1", h))
        XCTAssertEqual(opened.result, .applied)
        XCTAssertEqual(opened.emitted.types, [], "no ticket.assigned while the contact centre tries")
        XCTAssertEqual(try remoteTimers(h), ["TK-1"])
        XCTAssertEqual(try h.pendingTimers(), [], "no acceptance timer")
        let stored = try row(h, "TK-1")
        XCTAssertEqual(stored.state, "held-for-remote")
        XCTAssertEqual(stored.remote, "holding")
        XCTAssertEqual(stored.until, h.now.addingTimeInterval(window))
        XCTAssertNil(stored.technician)
        let load: Int = try XCTUnwrap(try h.db.query("SELECT coalesce(sum(load), 0)::bigint AS n FROM technician_day_load")
            .first?.get("n"))
        XCTAssertEqual(load, 0, "a held ticket uses nobody's capacity")
        // The same ticket again is ignored (no second timer, no offer).
        XCTAssertEqual(try h.deliver(remoteTicket("TK-1", h)).emitted.types, [])
    }

    func testRemoteResolvedCompletesWithoutATechnicianThenFollowsTheCompletedPath() throws {
        let h = try harness("remoteresolved")
        try h.deliver(remoteTicket("TK-1", h))
        h.now = h.now.addingTimeInterval(600)
        let resolved = try h.deliver(RemoteResolved(ticketId: "TK-1", agentId: "AG-1", resolution: "router restarted"))
        XCTAssertEqual(resolved.result, .applied)
        XCTAssertEqual(resolved.emitted.types, ["ticket.completed", "ticket.invoiced"])
        let invoice = try XCTUnwrap(resolved.emitted.payload(TicketInvoiced.self))
        XCTAssertFalse(invoice.chargeable, "a remote resolution charges nothing")
        XCTAssertEqual(invoice.total, 0)
        XCTAssertTrue(invoice.lines.isEmpty, "no call-out, no labour, no parts")
        let completed = try XCTUnwrap(resolved.emitted.payload(TicketCompleted.self))
        XCTAssertEqual(completed, TicketCompleted(ticketId: "TK-1", technicianId: nil, resolved: true, firstTimeFix: true,
                                                  partsUsed: [], resolvedRemotely: true, visit: nil))
        XCTAssertNil(resolved.emitted.first?.data["technicianId"]?.stringValue, "no technician on the wire")
        XCTAssertEqual(resolved.emitted.first?.correlationId, "corr")
        XCTAssertEqual(try remoteTimers(h), [], "the window's timer is cancelled")
        let stored = try row(h, "TK-1")
        XCTAssertEqual(stored.state, "completed")
        XCTAssertEqual(stored.remote, "resolved-remotely")
        // The window's end passes: nothing happens.
        XCTAssertEqual(try h.harness.advance(by: window).types, [])
        // Surveys close it like any completed ticket.
        let scores = SurveyScores(attitude: 5, efficiency: 5, quality: 5)
        let closed = try h.deliver(SurveyCompleted(ticketId: "TK-1", surveyId: "S", scores: scores, average: 5, satisfied: true))
        XCTAssertEqual(closed.emitted.payload(TicketClosed.self)?.reason, "survey-satisfied")
    }

    func testAComplaintAfterARemoteResolutionSendsATechnician() throws {
        let h = try harness("remotereopen")
        try h.deliver(remoteTicket("TK-1", h))
        try h.deliver(RemoteResolved(ticketId: "TK-1", agentId: "AG-1", resolution: "app re-paired"))
        let reopened = try h.deliver(ComplaintOpened(ticketId: "TK-1", complaintId: "CP-1", severity: .high,
                                                     reason: "still offline"))
        XCTAssertEqual(reopened.emitted.types, ["ticket.reopened", "ticket.assigned"])
        XCTAssertEqual(reopened.emitted.payload(TicketAssigned.self)?.technicianId, "A")
        XCTAssertEqual(reopened.emitted.payload(TicketAssigned.self)?.attempt, 1)
    }

    func testTheSameRemoteResolvedTwiceIsANoOpAndLaterAnswersAreIgnoredOrRefused() throws {
        let h = try harness("remotereplay")
        try h.deliver(remoteTicket("TK-1", h))
        let answer = h.envelope(RemoteResolved(ticketId: "TK-1", agentId: "AG-1", resolution: "router restarted"))
        XCTAssertEqual(try h.deliver(batch: [answer]).emitted.types, ["ticket.completed", "ticket.invoiced"])
        let replay = try h.deliver(batch: [answer])
        XCTAssertEqual(replay.result, .ignored)
        XCTAssertEqual(replay.emitted.types, [], "a redelivery emits nothing")
        // Another agent's resolution of the same ticket: already resolved, ignored.
        let second = try h.deliver(RemoteResolved(ticketId: "TK-1", agentId: "AG-2", resolution: "again"))
        XCTAssertEqual(second.result, .ignored)
        XCTAssertEqual(second.emitted.types, [])
        // A failure after the resolution contradicts it.
        let failed = try h.deliver(RemoteFailed(ticketId: "TK-1", agentId: "AG-2", reason: "no"))
        XCTAssertEqual(reason(failed), "state: ticket TK-1: remote.failed after the ticket was resolved remotely")
        XCTAssertEqual(try h.harness.allEmitted().payloads(TicketCompleted.self).count, 1)
    }

    // MARK: Released: dispatched as usual

    func testRemoteFailedDispatchesAsUsual() throws {
        let h = try harness("remotefailed")
        try h.deliver(remoteTicket("TK-1", h))
        let failed = try h.deliver(RemoteFailed(ticketId: "TK-1", agentId: "AG-1", reason: "the module is dead"))
        XCTAssertEqual(failed.result, .applied)
        XCTAssertEqual(failed.emitted.types, ["ticket.assigned"])
        let assigned = try XCTUnwrap(failed.emitted.payload(TicketAssigned.self))
        XCTAssertEqual(assigned.technicianId, "A")
        XCTAssertEqual(assigned.attempt, 1)
        XCTAssertEqual(try remoteTimers(h), [], "the window's timer is cancelled")
        XCTAssertEqual(try h.pendingTimers(), ["TK-1#1"], "the offer's acceptance timer")
        XCTAssertEqual(try row(h, "TK-1").remote, "released")
        // The usual field flow follows.
        XCTAssertEqual(try h.deliver(AssignmentAccepted(ticketId: "TK-1", technicianId: "A")).emitted.types, ["ticket.accepted"])
        // Too late for the contact centre.
        let late = try h.deliver(RemoteResolved(ticketId: "TK-1", agentId: "AG-1", resolution: "it works now"))
        XCTAssertEqual(reason(late),
                       "state: ticket TK-1: remote.resolved after the remote window ended: the ticket is already being dispatched")
        XCTAssertEqual(try h.deliver(RemoteFailed(ticketId: "TK-1", agentId: "AG-1", reason: "again")).result, .ignored)
    }

    func testTheWindowsEndDispatchesAsUsual() throws {
        let h = try harness("remotetimeout")
        try h.deliver(remoteTicket("TK-1", h))
        XCTAssertEqual(try h.harness.advance(by: window - 1).types, [], "still within the window")
        let fired = try h.harness.advance(by: 1)
        XCTAssertEqual(fired.types, ["ticket.assigned"])
        XCTAssertEqual(fired.payload(TicketAssigned.self)?.technicianId, "A")
        XCTAssertEqual(fired.first?.correlationId, "corr", "the story keeps the ticket's correlation id")
        XCTAssertEqual(try remoteTimers(h), [])
        XCTAssertEqual(try h.pendingTimers(), ["TK-1#1"])
        let stored = try row(h, "TK-1")
        XCTAssertEqual(stored.state, "assigned")
        XCTAssertEqual(stored.remote, "released")
        XCTAssertEqual(stored.technician, "A")
        let late = try h.deliver(RemoteResolved(ticketId: "TK-1", agentId: "AG-1", resolution: "it works now"))
        XCTAssertTrue(reason(late).contains("after the remote window ended"))
    }

    func testTheWindowsEndWithNobodyAvailableIsUnassignable() throws {
        let h = try DispatchHarness("remotenobody")
        try h.deliver(remoteTicket("TK-1", h))
        let fired = try h.harness.advance(by: window)
        XCTAssertEqual(fired.types, ["ticket.unassignable"])
        XCTAssertEqual(fired.payload(TicketUnassignable.self)?.reason, "no-skill")
    }

    // MARK: Not held

    func testEmergenciesAndSafetyHazardsAreDispatchedAtOnce() throws {
        let h = try harness("remoteemergency")
        try h.deliver(H.technician("B", km: 2))
        let emergency = try h.deliver(remoteTicket("TK-E", h, priority: .emergency))
        XCTAssertEqual(emergency.emitted.types, ["ticket.assigned"])
        let hazard = try h.deliver(remoteTicket("TK-H", h, hazard: true))
        XCTAssertEqual(hazard.emitted.types, ["ticket.assigned"])
        let plain = try h.deliver(remoteTicket("TK-P", h, guidance: false))
        XCTAssertEqual(plain.emitted.types, ["ticket.assigned"])
        XCTAssertEqual(try remoteTimers(h), [])
        XCTAssertEqual(try row(h, "TK-E").remote, "not-held")
        let refused = try h.deliver(RemoteResolved(ticketId: "TK-E", agentId: "AG-1", resolution: "x"))
        XCTAssertEqual(reason(refused), "state: ticket TK-E: the ticket was not held for remote guidance")
    }

    func testAWindowOfZeroHoldsNothing() throws {
        let h = try harness("remoteoff", minutes: 0)
        XCTAssertEqual(try h.deliver(remoteTicket("TK-1", h)).emitted.types, ["ticket.assigned"])
        XCTAssertEqual(try remoteTimers(h), [])
        XCTAssertEqual(try row(h, "TK-1").remote, "not-held")
    }

    func testTheWindowRunsFromTheOpeningAndNeverPastTheRespondDeadline() throws {
        let h = try harness("remoteclock")
        // Opened 31 minutes ago (a backlog): the window is over, dispatched at once.
        let late = h.harness.envelope(remoteTicket("TK-OLD", h), occurredAt: h.now.addingTimeInterval(-(window + 60)))
        XCTAssertEqual(try h.deliver(batch: [late]).emitted.types, ["ticket.assigned"])
        // Opened 10 minutes ago: held for the 20 minutes left.
        let recent = h.harness.envelope(remoteTicket("TK-RECENT", h), occurredAt: h.now.addingTimeInterval(-600))
        XCTAssertEqual(try h.deliver(batch: [recent]).emitted.types, [])
        XCTAssertEqual(try row(h, "TK-RECENT").until, h.now.addingTimeInterval(window - 600))
        // A respond deadline in 5 minutes caps the window.
        try h.deliver(remoteTicket("TK-SOON", h, respondIn: 300))
        XCTAssertEqual(try row(h, "TK-SOON").until, h.now.addingTimeInterval(300))
        // A claimed opening in the future does not stretch the hold.
        let future = h.harness.envelope(remoteTicket("TK-FUTURE", h), occurredAt: h.now.addingTimeInterval(86_400))
        try h.deliver(batch: [future])
        XCTAssertEqual(try row(h, "TK-FUTURE").until, h.now.addingTimeInterval(window))
        XCTAssertEqual(try h.harness.advance(by: 300).types, ["ticket.assigned"])
    }

    // MARK: Refused and cancelled

    func testAnswersForUnknownTicketsAreDeadLettered() throws {
        let h = try harness("remoteunknown")
        XCTAssertEqual(reason(try h.deliver(RemoteResolved(ticketId: "TK-X", agentId: "AG-1", resolution: "x"))),
                       "ticketId: unknown ticket TK-X")
        XCTAssertEqual(reason(try h.deliver(RemoteFailed(ticketId: "TK-X", agentId: "AG-1", reason: "x"))),
                       "ticketId: unknown ticket TK-X")
        // An invalid payload names the field.
        let invalid = h.harness.envelope(RemoteResolved(ticketId: "TK-X", agentId: "", resolution: "x"))
        XCTAssertTrue(reason(try h.deliver(batch: [invalid])).contains("agentId"))
    }

    func testFieldEventsWhileHeldAreRefused() throws {
        let h = try harness("remotefield")
        try h.deliver(remoteTicket("TK-1", h))
        let accepted = try h.deliver(AssignmentAccepted(ticketId: "TK-1", technicianId: "A"))
        XCTAssertEqual(reason(accepted), "state: ticket TK-1: assignment.accepted is not allowed while the ticket is held-for-remote")
        XCTAssertEqual(try row(h, "TK-1").remote, "holding")
    }

    func testCancellingAHeldTicketEndsItsWindow() throws {
        let h = try harness("remotecancel")
        try h.deliver(remoteTicket("TK-1", h))
        let cancelled = try h.deliver(TicketCancelled(ticketId: "TK-1", reason: "customer fixed it"))
        XCTAssertEqual(cancelled.result, .applied)
        XCTAssertEqual(try remoteTimers(h), [])
        XCTAssertEqual(try row(h, "TK-1").state, "cancelled")
        let late = try h.deliver(RemoteResolved(ticketId: "TK-1", agentId: "AG-1", resolution: "x"))
        XCTAssertEqual(reason(late), "state: ticket TK-1: remote.resolved is not allowed while the ticket is cancelled")
        XCTAssertEqual(try h.harness.advance(by: window).types, [])
    }

    // MARK: Batches

    func testOpeningAndAnswerInOneBatch() throws {
        let h = try harness("remotebatch")
        let batch = [
            h.envelope(remoteTicket("TK-1", h)), h.envelope(remoteTicket("TK-2", h)), h.envelope(remoteTicket("TK-3", h)),
            h.envelope(RemoteResolved(ticketId: "TK-1", agentId: "AG-1", resolution: "restarted")),
            h.envelope(RemoteFailed(ticketId: "TK-2", agentId: "AG-1", reason: "no luck")),
        ]
        let delivery = try h.deliver(batch: batch)
        XCTAssertEqual(delivery.outcome.applied, 5)
        XCTAssertEqual(delivery.emitted.types, ["ticket.completed", "ticket.invoiced", "ticket.assigned"])
        XCTAssertEqual(delivery.emitted.payload(TicketCompleted.self)?.ticketId, "TK-1")
        XCTAssertEqual(delivery.emitted.payload(TicketAssigned.self)?.ticketId, "TK-2")
        XCTAssertEqual(try remoteTimers(h), ["TK-3"])
        XCTAssertEqual(try h.pendingTimers(), ["TK-2#1"])
    }

    func testStatementsPerBatchDoNotGrowWithHeldTicketsOrAnswers() throws {
        let h = try DispatchHarness("remotestatements")
        try h.deliver(H.technician("BIG", km: 1, capacity: 1_000))
        func openings(_ range: Range<Int>, _ prefix: String) -> [Envelope] {
            range.map { h.envelope(remoteTicket("\(prefix)-\($0)", h)) }
        }
        let fewHeld = try h.statements { try h.deliver(batch: openings(0..<2, "S")) }
        let manyHeld = try h.statements { try h.deliver(batch: openings(0..<200, "L")) }
        XCTAssertEqual(manyHeld, fewHeld, "holding 200 tickets costs what holding 2 costs")
        XCTAssertEqual(try remoteTimers(h).count, 202)
        func answers(_ range: Range<Int>, _ prefix: String) -> [Envelope] {
            range.map { i -> Envelope in
                i % 2 == 0 ? h.envelope(RemoteResolved(ticketId: "\(prefix)-\(i)", agentId: "AG", resolution: "fixed"))
                    : h.envelope(RemoteFailed(ticketId: "\(prefix)-\(i)", agentId: "AG", reason: "no"))
            }
        }
        let fewAnswers = try h.statements { try h.deliver(batch: answers(0..<2, "S")) }
        let manyAnswers = try h.statements { try h.deliver(batch: answers(0..<200, "L")) }
        XCTAssertEqual(manyAnswers, fewAnswers, "200 answers (half resolved, half dispatched) cost what 2 cost")
        XCTAssertEqual(try remoteTimers(h), [])
        let emitted = try h.harness.allEmitted()
        XCTAssertEqual(emitted.payloads(TicketCompleted.self).count, 101)
        XCTAssertEqual(emitted.payloads(TicketAssigned.self).count, 101)
        print("statements per batch: held ticket.opened ×2 \(fewHeld), ×200 \(manyHeld); remote answers ×2 \(fewAnswers), ×200 \(manyAnswers)")
    }

    // MARK: Settings

    func testTheWindowSetting() throws {
        var config = testServiceConfig(service: "dispatch", databaseURL: "postgres://unused", topicPrefix: "")
        XCTAssertEqual(try DispatchSettings(config: config).remoteWindow.windowSeconds, 1_800)
        config.settings[RemoteWindowSettings.windowVariable] = "5"
        XCTAssertEqual(try DispatchSettings(config: config).remoteWindow.windowSeconds, 300)
        config.settings[RemoteWindowSettings.windowVariable] = "0"
        XCTAssertEqual(try DispatchSettings(config: config).remoteWindow.windowSeconds, 0)
        config.settings[RemoteWindowSettings.windowVariable] = "soon"
        XCTAssertThrowsError(try DispatchSettings(config: config)) { error in
            XCTAssertTrue("\(error)".contains(RemoteWindowSettings.windowVariable), "\(error)")
        }
    }
}
