import Foundation
import Schema
import ServiceRuntime
import XCTest
@testable import DispatchService

/// The handler's decisions against a real database, without the broker.
final class DispatchHandlerTests: XCTestCase {
    private typealias H = DispatchHarness
    private let part = [PartLine(partNumber: "P-1", quantity: 2)]

    /// Opens `id` and brings it to on-site with technician `tech`.
    private func onSite(_ h: DispatchHarness, _ id: String, tech: String, warranty: WarrantyStatus = .inWarranty) throws {
        let opened = try h.deliver(H.ticket(id, warranty: warranty))
        XCTAssertEqual(opened.emitted.payload(TicketAssigned.self)?.technicianId, tech)
        XCTAssertEqual(try h.deliver(AssignmentAccepted(ticketId: id, technicianId: tech)).emitted.types, ["ticket.accepted"])
        XCTAssertEqual(try h.deliver(VisitScheduled(ticketId: id, technicianId: tech, scheduledFor: h.now)).emitted.types,
                       ["ticket.scheduled"])
        XCTAssertEqual(try h.deliver(VisitStarted(ticketId: id, technicianId: tech)).emitted.types, ["ticket.on-site"])
    }

    func testQuoteDeclinedClosesReleasesPartsAndFreesCapacity() throws {
        let h = try DispatchHarness("dispquote")
        try h.deliver(H.technician("A", km: 1, capacity: 1))
        try onSite(h, "TK-1", tech: "A", warranty: .outOfWarranty)
        // Out of warranty the diagnosis must carry a quote (`QuoteConsent.diagnosis`).
        let diagnosed = try h.deliver(DiagnosisReported(ticketId: "TK-1", technicianId: "A", finding: "pump", parts: part,
                                                        quote: .init(labour: 150, parts: 0, currency: "CNY")))
        XCTAssertEqual(diagnosed.emitted.types, ["ticket.diagnosed", "parts.requested", "ticket.quoted"])
        let requested = try XCTUnwrap(diagnosed.emitted.payload(PartsRequested.self))
        XCTAssertEqual(requested.region, "SH")
        XCTAssertEqual(requested.location, H.home)
        XCTAssertEqual(requested.lines, part)
        // A is full: a second ticket cannot be assigned.
        XCTAssertEqual(try h.deliver(H.ticket("TK-2")).emitted.payload(TicketUnassignable.self)?.reason, "no-capacity")
        let declined = try h.deliver(QuoteDeclined(ticketId: "TK-1"))
        XCTAssertEqual(declined.emitted.types, ["ticket.closed", "parts.released"])
        XCTAssertEqual(declined.emitted.payload(TicketClosed.self)?.reason, "quote-declined")
        XCTAssertEqual(declined.emitted.payload(PartsReleased.self)?.lines, part)
        XCTAssertEqual(try h.deliver(H.ticket("TK-3")).emitted.payload(TicketAssigned.self)?.technicianId, "A")
    }

    func testQuoteApprovedIsRecordedOnly() throws {
        let h = try DispatchHarness("dispapprove")
        try h.deliver(H.technician("A", km: 1))
        try onSite(h, "TK-1", tech: "A", warranty: .outOfWarranty)
        try h.deliver(DiagnosisReported(ticketId: "TK-1", technicianId: "A", finding: "pump", parts: [],
                                        quote: .init(labour: 150, parts: 0, currency: "CNY")))
        let approved = try h.deliver(QuoteApproved(ticketId: "TK-1"))
        XCTAssertEqual(approved.result, .applied)
        XCTAssertEqual(approved.emitted.types, [])
        let done = try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: []))
        XCTAssertEqual(done.emitted.types, ["ticket.completed", "ticket.invoiced"])
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.firstTimeFix, true)
        XCTAssertEqual(done.emitted.payload(TicketInvoiced.self)?.chargeable, true)
    }

    func testRepairWarrantyIsNotQuoted() throws {
        let h = try DispatchHarness("dispfree")
        try h.deliver(H.technician("A", km: 1))
        try onSite(h, "TK-1", tech: "A", warranty: .repairWarranty)
        let diagnosed = try h.deliver(DiagnosisReported(ticketId: "TK-1", technicianId: "A", finding: "x", parts: []))
        XCTAssertEqual(diagnosed.emitted.types, ["ticket.diagnosed"])
    }

    func testWaitingPartsThenReservedThenSecondVisitIsNoFirstTimeFix() throws {
        let h = try DispatchHarness("dispparts")
        try h.deliver(H.technician("A", km: 1))
        try onSite(h, "TK-1", tech: "A")
        try h.deliver(DiagnosisReported(ticketId: "TK-1", technicianId: "A", finding: "pump", parts: part))
        // A reservation outside waiting-parts is recorded only.
        let early = try h.deliver(PartsReserved(ticketId: "TK-1", lines: [PartLine(partNumber: "P-9", quantity: 1, warehouseId: "W")]))
        XCTAssertEqual(early.emitted.types, [])
        let waiting = try h.deliver(PartsBackordered(ticketId: "TK-1", lines: part, expectedBy: h.now.addingTimeInterval(86400)))
        XCTAssertEqual(waiting.emitted.types, ["ticket.waiting-parts", "ticket.on-hold"])
        XCTAssertEqual(waiting.emitted.payload(TicketWaitingParts.self)?.technicianId, "A")
        // Completing while waiting for parts is out of order.
        guard case .deadLetter(let reason) = try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true,
                                                                           partsUsed: part)).result else {
            return XCTFail("completion while waiting for parts was applied")
        }
        XCTAssertTrue(reason.contains("waiting-parts"), reason)
        let back = try h.deliver(PartsReserved(ticketId: "TK-1", lines: part))
        XCTAssertEqual(back.emitted.types, ["ticket.resumed", "ticket.scheduled"])
        XCTAssertEqual(back.emitted.payload(TicketScheduled.self)?.visit, 2, "dispatch books the return visit")
        XCTAssertEqual(try h.deliver(VisitStarted(ticketId: "TK-1", technicianId: "A")).emitted.types, ["ticket.on-site"])
        let done = try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: part))
        XCTAssertEqual(done.emitted.types, ["ticket.completed", "ticket.invoiced", "parts.consumed"])
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.firstTimeFix, false)
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.partsUsed, part)
        XCTAssertEqual(done.emitted.payload(PartsConsumed.self)?.lines, part)
    }

    func testCancellationFreesCapacityCancelsTimerAndReleasesParts() throws {
        let h = try DispatchHarness("dispcancel")
        try h.deliver(H.technician("A", km: 1, capacity: 1))
        try h.deliver(H.ticket("TK-1"))
        XCTAssertEqual(try h.pendingTimers(), ["TK-1#1"])
        XCTAssertEqual(try h.deliver(TicketCancelled(ticketId: "TK-1", reason: "customer")).emitted.types, [])
        XCTAssertEqual(try h.pendingTimers(), [])
        XCTAssertEqual(try h.deliver(H.ticket("TK-2")).emitted.payload(TicketAssigned.self)?.technicianId, "A")
        // With parts requested, cancelling releases them.
        try h.deliver(AssignmentAccepted(ticketId: "TK-2", technicianId: "A"))
        try h.deliver(VisitScheduled(ticketId: "TK-2", technicianId: "A", scheduledFor: h.now))
        try h.deliver(VisitStarted(ticketId: "TK-2", technicianId: "A"))
        try h.deliver(DiagnosisReported(ticketId: "TK-2", technicianId: "A", finding: "x", parts: part))
        let cancelled = try h.deliver(TicketCancelled(ticketId: "TK-2", reason: "customer"))
        XCTAssertEqual(cancelled.emitted.types, ["parts.released"])
        XCTAssertEqual(cancelled.emitted.payload(PartsReleased.self)?.lines, part)
        // Later field events for a cancelled ticket are refused; a repeated cancellation is ignored.
        guard case .deadLetter = try h.deliver(VisitStarted(ticketId: "TK-2", technicianId: "A")).result else {
            return XCTFail("field event on a cancelled ticket applied")
        }
        XCTAssertEqual(try h.deliver(TicketCancelled(ticketId: "TK-2", reason: "again")).result, .ignored)
    }

    func testDeclineThenTimeoutExhaustsCandidates() throws {
        let h = try DispatchHarness("dispexhaust")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(H.technician("B", km: 2))
        try h.deliver(H.technician("FAR", km: 200, skills: ["refrigerator"]))  // same region: eligible too
        try h.deliver(H.ticket("TK-1"))
        let second = try h.deliver(AssignmentDeclined(ticketId: "TK-1", technicianId: "A", reason: "busy"))
        let offer = try XCTUnwrap(second.emitted.payload(TicketAssigned.self))
        XCTAssertEqual([offer.technicianId, "\(offer.attempt)"], ["B", "2"])
        XCTAssertEqual(try h.pendingTimers(), ["TK-1#2"])
        // The old attempt's timeout must not fire any more; B's does.
        h.now = h.now.addingTimeInterval(901)
        let third = try h.fireDueTimers()
        XCTAssertEqual(third.payload(TicketAssigned.self)?.technicianId, "FAR")
        XCTAssertEqual(third.payload(TicketAssigned.self)?.attempt, 3)
        // A declined before: the last decline exhausts the candidates, A is not offered again.
        let last = try h.deliver(AssignmentDeclined(ticketId: "TK-1", technicianId: "FAR", reason: "too far"))
        XCTAssertEqual(last.emitted.types, ["ticket.unassignable"])
        XCTAssertEqual(last.emitted.payload(TicketUnassignable.self)?.reason, "candidates-exhausted")
        XCTAssertEqual(try h.pendingTimers(), [])
    }

    func testWrongTechnicianUnknownTicketAndOutOfOrderAreDeadLettered() throws {
        let h = try DispatchHarness("dispreject")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(H.technician("B", km: 2))
        try h.deliver(H.ticket("TK-1"))
        guard case .deadLetter(let wrong) = try h.deliver(AssignmentAccepted(ticketId: "TK-1", technicianId: "B")).result else {
            return XCTFail("acceptance by the wrong technician applied")
        }
        XCTAssertTrue(wrong.contains("technicianId") && wrong.contains("B"), wrong)
        guard case .deadLetter(let unknown) = try h.deliver(VisitStarted(ticketId: "TK-404", technicianId: "A")).result else {
            return XCTFail("unknown ticket applied")
        }
        XCTAssertTrue(unknown.contains("TK-404"), unknown)
        guard case .deadLetter(let order) = try h.deliver(QuoteApproved(ticketId: "TK-1")).result else {
            return XCTFail("quote approval before any quote applied")
        }
        XCTAssertTrue(order.contains("quote.approved") && order.contains("assigned"), order)
        // Nothing changed: A can still accept.
        XCTAssertEqual(try h.deliver(AssignmentAccepted(ticketId: "TK-1", technicianId: "A")).emitted.types, ["ticket.accepted"])
    }

    func testComplaintReopensWithAnotherTechnicianAndSurveysClose() throws {
        let h = try DispatchHarness("dispsurvey")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(H.technician("B", km: 2))
        try onSite(h, "TK-1", tech: "A")
        try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: []))
        let reopened = try h.deliver(ComplaintOpened(ticketId: "TK-1", complaintId: "CP-1", severity: .high, reason: "still leaking"))
        XCTAssertEqual(reopened.emitted.types, ["ticket.reopened", "ticket.assigned"])
        XCTAssertEqual(reopened.emitted.payload(TicketReopened.self)?.reason, "still leaking")
        XCTAssertEqual(reopened.emitted.payload(TicketAssigned.self)?.technicianId, "B")
        XCTAssertEqual(reopened.emitted.payload(TicketAssigned.self)?.attempt, 2)
        try h.deliver(AssignmentAccepted(ticketId: "TK-1", technicianId: "B"))
        try h.deliver(VisitScheduled(ticketId: "TK-1", technicianId: "B", scheduledFor: h.now))
        try h.deliver(VisitStarted(ticketId: "TK-1", technicianId: "B"))
        let done = try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "B", resolved: true, partsUsed: []))
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.firstTimeFix, false)  // reopened
        let scores = SurveyScores(attitude: 5, efficiency: 5, quality: 5)
        XCTAssertEqual(try h.deliver(SurveyCompleted(ticketId: "TK-1", surveyId: "S", scores: scores, average: 2, satisfied: false)).result,
                       .ignored)
        let closed = try h.deliver(SurveyCompleted(ticketId: "TK-1", surveyId: "S", scores: scores, average: 5, satisfied: true))
        XCTAssertEqual(closed.emitted.payload(TicketClosed.self)?.reason, "survey-satisfied")
        XCTAssertEqual(try h.deliver(SurveyExpired(ticketId: "TK-1", surveyId: "S")).result, .ignored)  // already closed
    }

    func testComplaintFallsBackToSameTechnicianAndExpiryCloses() throws {
        let h = try DispatchHarness("dispsole")
        try h.deliver(H.technician("A", km: 1))
        XCTAssertEqual(try h.deliver(SurveyExpired(ticketId: "TK-1", surveyId: "S")).result, .ignored)  // unknown: ignored
        try onSite(h, "TK-1", tech: "A")
        try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: false, partsUsed: []))
        let reopened = try h.deliver(ComplaintOpened(ticketId: "TK-1", complaintId: "CP-1", severity: .normal, reason: "unresolved"))
        XCTAssertEqual(reopened.emitted.payload(TicketAssigned.self)?.technicianId, "A")
        try h.deliver(AssignmentAccepted(ticketId: "TK-1", technicianId: "A"))
        try h.deliver(VisitScheduled(ticketId: "TK-1", technicianId: "A", scheduledFor: h.now))
        try h.deliver(VisitStarted(ticketId: "TK-1", technicianId: "A"))
        try h.deliver(WorkCompleted(ticketId: "TK-1", technicianId: "A", resolved: true, partsUsed: []))
        let expired = try h.deliver(SurveyExpired(ticketId: "TK-1", surveyId: "S"))
        XCTAssertEqual(expired.emitted.payload(TicketClosed.self)?.reason, "survey-expired")
    }

    func testOwnOutputsAndRepeatsAreIgnored() throws {
        let h = try DispatchHarness("dispignore")
        try h.deliver(H.technician("A", km: 1))
        XCTAssertEqual(try h.deliver(H.ticket("TK-1")).result, .applied)
        XCTAssertEqual(try h.deliver(H.ticket("TK-1")).result, .ignored)  // same ticket, another event id
        // Dispatch's own outputs are not even handled: skipped before any database work.
        let outputs: [any EventPayload] = [
            TicketAssigned(ticketId: "TK-1", technicianId: "A", distanceKm: 1, attempt: 1),
            PartsRequested(ticketId: "TK-1", technicianId: "A", region: "SH", location: H.home, lines: part),
            PartsConsumed(ticketId: "TK-1", lines: part), TicketClosed(ticketId: "TK-1", reason: "x"),
        ]
        for output in outputs {
            let delivery = try h.deliver(output)
            XCTAssertEqual(delivery.result, .ignored)
            XCTAssertEqual(delivery.outcome.skipped, 1, "\(type(of: output)) costs nothing")
            XCTAssertEqual(delivery.emitted.types, [])
        }
        let inbox: Int = try h.db.query("SELECT count(*)::bigint AS n FROM inbox").first!.get("n")
        XCTAssertEqual(inbox, 3, "only the roster update and the two ticket.opened reached the inbox")
        XCTAssertEqual(try h.pendingTimers(), ["TK-1#1"])
    }

    func testEmergencyOverCapacityAndInactiveRosterUpdate() throws {
        let h = try DispatchHarness("dispemerg")
        try h.deliver(H.technician("A", km: 1, capacity: 1))
        try h.deliver(H.ticket("TK-1"))
        XCTAssertEqual(try h.deliver(H.ticket("TK-2")).emitted.payload(TicketUnassignable.self)?.reason, "no-capacity")
        XCTAssertEqual(try h.deliver(H.ticket("TK-3", priority: .emergency)).emitted.payload(TicketAssigned.self)?.technicianId, "A")
        XCTAssertEqual(try h.deliver(H.ticket("TK-4", priority: .emergency)).emitted.payload(TicketUnassignable.self)?.reason,
                       "no-capacity")
        try h.deliver(H.technician("A", km: 1, capacity: 1, active: false))
        XCTAssertEqual(try h.deliver(H.ticket("TK-5")).emitted.payload(TicketUnassignable.self)?.reason, "no-skill")
    }

    func testDailyCapacityCountsOnlyTodaysAssignments() throws {
        // Region SH configured on UTC: the service day is the UTC date.
        let utc = DispatchSettings(serviceDay: ServiceDay(zones: ["SH": TimeZone(identifier: "UTC")!]))
        let h = try DispatchHarness("dispday", settings: utc)  // 2026-11-22T02:00Z
        try h.deliver(H.technician("A", km: 1, capacity: 1))
        try h.deliver(H.ticket("TK-1"))
        try h.deliver(AssignmentAccepted(ticketId: "TK-1", technicianId: "A"))
        // Later the same UTC day: A is full.
        h.now = Timestamp.parse("2026-11-22T23:59:00Z")!
        XCTAssertEqual(try h.deliver(H.ticket("TK-2")).emitted.payload(TicketUnassignable.self)?.reason, "no-capacity")
        // Next UTC day: yesterday's still-open ticket does not count against today's capacity.
        h.now = Timestamp.parse("2026-11-23T00:01:00Z")!
        XCTAssertEqual(try h.deliver(H.ticket("TK-3")).emitted.payload(TicketAssigned.self)?.technicianId, "A")
        XCTAssertEqual(try h.deliver(H.ticket("TK-4")).emitted.payload(TicketUnassignable.self)?.reason, "no-capacity")
        // Yesterday's ticket stays workable by A.
        XCTAssertEqual(try h.deliver(VisitScheduled(ticketId: "TK-1", technicianId: "A", scheduledFor: h.now)).emitted.types,
                       ["ticket.scheduled"])
    }
}
