import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// The field flow as technician apps really send it (DESIGN.md "Additions"), through the
/// runtime's batch processor on PostgreSQL: visits, failed visits and holds, returns, parts
/// holds, certificates, deactivation.
final class DispatchFieldFlowHandlerTests: XCTestCase {
    private typealias H = DispatchHarness
    private let part = [PartLine(partNumber: "P-1", quantity: 2)]

    private func accepted(_ h: DispatchHarness, _ id: String, tech: String, category: ProductCategory = .refrigerator) throws {
        XCTAssertEqual(try h.deliver(H.ticket(id, category: category)).emitted.payload(TicketAssigned.self)?.technicianId, tech)
        XCTAssertEqual(try h.deliver(AssignmentAccepted(ticketId: id, technicianId: tech)).emitted.types, ["ticket.accepted"])
    }

    private func reason(_ delivery: DispatchHarness.Delivery, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard case .deadLetter(let reason) = delivery.result else {
            XCTFail("applied: \(delivery.emitted.types)", file: file, line: line)
            return ""
        }
        return reason
    }

    // MARK: Visits

    func testStartStraightAfterAcceptanceIsTheFirstVisit() throws {
        let h = try DispatchHarness("ffstart")
        try h.deliver(H.technician("A", km: 1))
        try accepted(h, "T1", tech: "A")
        let onSite = try h.deliver(VisitStarted(ticketId: "T1", technicianId: "A"))
        XCTAssertEqual(onSite.emitted.types, ["ticket.on-site"])
        XCTAssertEqual(onSite.emitted.payload(TicketOnSite.self)?.visit, 1)
        try h.deliver(DiagnosisReported(ticketId: "T1", technicianId: "A", finding: "seal", parts: []))
        let done = try h.deliver(WorkCompleted(ticketId: "T1", technicianId: "A", resolved: true, partsUsed: []))
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.firstTimeFix, true)
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.visit, 1)
        // Completion before any visit still dead-letters.
        try accepted(h, "T2", tech: "A")
        XCTAssertTrue(reason(try h.deliver(WorkCompleted(ticketId: "T2", technicianId: "A", resolved: true, partsUsed: [])))
            .contains("work.completed is not allowed while the ticket is accepted"))
    }

    func testARescheduleKeepsTheVisitNumberAndCountsWhoMovedIt() throws {
        let h = try DispatchHarness("ffresched")
        try h.deliver(H.technician("A", km: 1))
        try accepted(h, "T1", tech: "A")
        let first = try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: h.now.addingTimeInterval(3_600)))
        XCTAssertEqual(first.emitted.payload(TicketScheduled.self)?.visit, 1)
        let moved = try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: h.now.addingTimeInterval(86_400),
                                                 requestedBy: "customer"))
        XCTAssertEqual(moved.emitted.types, ["ticket.scheduled"])
        XCTAssertEqual(moved.emitted.payload(TicketScheduled.self)?.visit, 1, "a reschedule before the visit is still visit 1")
        let row = try h.db.query("SELECT reschedules, rescheduled_by FROM tickets WHERE ticket_id = 'T1'").first!
        XCTAssertEqual(try row.get("reschedules", as: Int.self), 1)
        XCTAssertEqual(try row.get("rescheduled_by", as: String?.self), "customer")
        XCTAssertEqual(try h.deliver(VisitStarted(ticketId: "T1", technicianId: "A")).emitted.payload(TicketOnSite.self)?.visit, 1)
        let done = try h.deliver(WorkCompleted(ticketId: "T1", technicianId: "A", resolved: true, partsUsed: []))
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.firstTimeFix, true)
        // An invalid requestedBy is refused by validation.
        try accepted(h, "T2", tech: "A")
        XCTAssertTrue(reason(try h.deliver(VisitScheduled(ticketId: "T2", technicianId: "A", scheduledFor: h.now,
                                                          requestedBy: "landlord"))).contains("requestedBy"))
    }

    func testAFailedVisitHoldsTheTicketUntilTheNextVisit() throws {
        let h = try DispatchHarness("fffail")
        try h.deliver(H.technician("A", km: 1))
        try accepted(h, "T1", tech: "A")
        try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: h.now))
        let failed = try h.deliver(VisitFailed(ticketId: "T1", technicianId: "A", reason: .customerAbsent))
        XCTAssertEqual(failed.emitted.types, ["ticket.visit-failed", "ticket.on-hold"])
        let visitFailed = try XCTUnwrap(failed.emitted.payload(TicketVisitFailed.self))
        XCTAssertEqual([visitFailed.technicianId, visitFailed.reason.rawValue, "\(visitFailed.visit)"], ["A", "customer-absent", "1"])
        let hold = try XCTUnwrap(failed.emitted.payload(TicketOnHold.self))
        XCTAssertEqual(hold.reason, .customerUnreachable)
        XCTAssertEqual(hold.since, h.now)
        // Nothing to diagnose or complete while nobody is there.
        XCTAssertTrue(reason(try h.deliver(WorkCompleted(ticketId: "T1", technicianId: "A", resolved: true, partsUsed: [])))
            .contains("visit-failed"))
        h.now = h.now.addingTimeInterval(7_200)
        let again = try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: h.now.addingTimeInterval(3_600)))
        XCTAssertEqual(again.emitted.types, ["ticket.resumed", "ticket.scheduled"])
        XCTAssertEqual(again.emitted.payload(TicketResumed.self)?.heldSeconds, 7_200)
        XCTAssertEqual(again.emitted.payload(TicketResumed.self)?.reason, "visit-scheduled")
        XCTAssertEqual(again.emitted.payload(TicketScheduled.self)?.visit, 2)
        XCTAssertEqual(try h.deliver(VisitStarted(ticketId: "T1", technicianId: "A")).emitted.payload(TicketOnSite.self)?.visit, 2)
        let done = try h.deliver(WorkCompleted(ticketId: "T1", technicianId: "A", resolved: true, partsUsed: []))
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.firstTimeFix, false, "a second visit was needed")
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.visit, 2)
    }

    func testOtherFailureReasonsAreCustomerRequestedAndTheNextArrivalResumes() throws {
        let h = try DispatchHarness("fffail2")
        try h.deliver(H.technician("A", km: 1))
        try accepted(h, "T1", tech: "A")
        // The technician went without booking: that was visit 1.
        let failed = try h.deliver(VisitFailed(ticketId: "T1", technicianId: "A", reason: .wrongAddress))
        XCTAssertEqual(failed.emitted.payload(TicketVisitFailed.self)?.visit, 1)
        XCTAssertEqual(failed.emitted.payload(TicketOnHold.self)?.reason, .customerRequested)
        h.now = h.now.addingTimeInterval(60)
        let started = try h.deliver(VisitStarted(ticketId: "T1", technicianId: "A"))
        XCTAssertEqual(started.emitted.types, ["ticket.resumed", "ticket.on-site"])
        XCTAssertEqual(started.emitted.payload(TicketResumed.self)?.reason, "visit-started")
        XCTAssertEqual(started.emitted.payload(TicketOnSite.self)?.visit, 2)
        // On site a visit can still fail (unsafe site); then a second failure is visit 3's.
        let unsafe = try h.deliver(VisitFailed(ticketId: "T1", technicianId: "A", reason: .unsafeSite))
        XCTAssertEqual(unsafe.emitted.payload(TicketVisitFailed.self)?.visit, 2)
        XCTAssertTrue(reason(try h.deliver(VisitFailed(ticketId: "T1", technicianId: "A", reason: .noAccess)))
            .contains("visit.failed is not allowed while the ticket is visit-failed"))
        // Refused before acceptance, after a diagnosis, and with an unknown reason.
        try h.deliver(H.technician("B", km: 2, skills: ["washing-machine"]))
        XCTAssertEqual(try h.deliver(H.ticket("T2", category: .washingMachine)).emitted.payload(TicketAssigned.self)?.technicianId,
                       "B")
        XCTAssertTrue(reason(try h.deliver(VisitFailed(ticketId: "T2", technicianId: "B", reason: .noAccess)))
            .contains("while the ticket is assigned"))
        XCTAssertTrue(reason(try h.deliver(VisitFailed(ticketId: "T2", technicianId: "B", reason: "stuck-in-traffic")))
            .contains("reason"))
        try h.deliver(AssignmentAccepted(ticketId: "T2", technicianId: "B"))
        try h.deliver(VisitStarted(ticketId: "T2", technicianId: "B"))
        try h.deliver(DiagnosisReported(ticketId: "T2", technicianId: "B", finding: "x", parts: []))
        XCTAssertTrue(reason(try h.deliver(VisitFailed(ticketId: "T2", technicianId: "B", reason: .noAccess)))
            .contains("while the ticket is diagnosed"))
    }

    func testCancellingOrClosingAHeldTicketEndsTheHold() throws {
        let h = try DispatchHarness("ffcancel")
        try h.deliver(H.technician("A", km: 1))
        try accepted(h, "T1", tech: "A")
        try h.deliver(VisitFailed(ticketId: "T1", technicianId: "A", reason: .customerAbsent))
        h.now = h.now.addingTimeInterval(30)
        let cancelled = try h.deliver(TicketCancelled(ticketId: "T1", reason: "customer"))
        XCTAssertEqual(cancelled.emitted.types, ["ticket.resumed"])
        XCTAssertEqual(cancelled.emitted.payload(TicketResumed.self)?.reason, "cancelled")
        XCTAssertEqual(cancelled.emitted.payload(TicketResumed.self)?.heldSeconds, 30)
    }

    // MARK: Returns

    func testAReturnedTicketGoesToTheNextCandidateNeverTheSameOne() throws {
        let h = try DispatchHarness("ffreturn")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(H.technician("B", km: 2))
        try accepted(h, "T1", tech: "A")
        try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: h.now))
        XCTAssertTrue(reason(try h.deliver(AssignmentReturned(ticketId: "T1", technicianId: "B", reason: "not mine")))
            .contains("technicianId: B is not the technician"))
        let returned = try h.deliver(AssignmentReturned(ticketId: "T1", technicianId: "A", reason: "van broke down"))
        XCTAssertEqual(returned.emitted.types, ["ticket.assigned"])
        let offer = try XCTUnwrap(returned.emitted.payload(TicketAssigned.self))
        XCTAssertEqual([offer.technicianId, "\(offer.attempt)"], ["B", "2"])
        XCTAssertEqual(try h.pendingTimers(), ["T1#2"])
        // B's load now holds T1; A's no longer does.
        let loads = try h.db.query("SELECT technician_id, load FROM technician_day_load ORDER BY 1")
            .map { "\(try $0.get("technician_id", as: String.self))=\(try $0.get("load", as: Int.self))" }
        XCTAssertEqual(loads, ["A=0", "B=1"])
        try h.deliver(AssignmentAccepted(ticketId: "T1", technicianId: "B"))
        XCTAssertEqual(try h.deliver(VisitStarted(ticketId: "T1", technicianId: "B")).emitted.payload(TicketOnSite.self)?.visit, 2,
                       "the new technician's visit is the next one")
        XCTAssertTrue(reason(try h.deliver(AssignmentReturned(ticketId: "T1", technicianId: "B", reason: "x")))
            .contains("assignment.returned is not allowed while the ticket is on-site"))
        // With nobody else left the ticket is unassignable, and A is never offered it again.
        try accepted(h, "T2", tech: "A")
        try h.deliver(AssignmentReturned(ticketId: "T2", technicianId: "A", reason: "x"))  // → B
        try h.deliver(AssignmentAccepted(ticketId: "T2", technicianId: "B"))
        let last = try h.deliver(AssignmentReturned(ticketId: "T2", technicianId: "B", reason: "x"))
        XCTAssertEqual(last.emitted.payload(TicketUnassignable.self)?.reason, "candidates-exhausted")
        XCTAssertTrue(reason(try h.deliver(AssignmentReturned(ticketId: "T2", technicianId: "A", reason: "x")))
            .contains("unassignable"))
    }

    // MARK: Parts

    func testWaitingForPartsHoldsUntilEveryBackorderedLineIsReserved() throws {
        let h = try DispatchHarness("ffparts")
        try h.deliver(H.technician("A", km: 1))
        try accepted(h, "T1", tech: "A")
        try h.deliver(VisitStarted(ticketId: "T1", technicianId: "A"))
        let lines = [PartLine(partNumber: "P-1", quantity: 2), PartLine(partNumber: "P-2", quantity: 1)]
        try h.deliver(DiagnosisReported(ticketId: "T1", technicianId: "A", finding: "pump", parts: lines))
        let waiting = try h.deliver(PartsBackordered(ticketId: "T1", lines: lines, expectedBy: h.now.addingTimeInterval(86_400)))
        XCTAssertEqual(waiting.emitted.types, ["ticket.waiting-parts", "ticket.on-hold"])
        XCTAssertEqual(waiting.emitted.payload(TicketOnHold.self)?.reason, .waitingParts)
        h.now = h.now.addingTimeInterval(3_600)
        let some = try h.deliver(PartsReserved(ticketId: "T1", lines: [PartLine(partNumber: "P-1", quantity: 2, warehouseId: "W")]))
        XCTAssertEqual(some.emitted.types, [], "P-2 still awaited")
        h.now = h.now.addingTimeInterval(3_600)
        let all = try h.deliver(PartsReserved(ticketId: "T1", lines: [PartLine(partNumber: "P-2", quantity: 1, warehouseId: "W")]))
        XCTAssertEqual(all.emitted.types, ["ticket.resumed", "ticket.scheduled"])
        XCTAssertEqual(all.emitted.payload(TicketResumed.self)?.reason, "parts-reserved")
        XCTAssertEqual(all.emitted.payload(TicketResumed.self)?.heldSeconds, 7_200)
        XCTAssertEqual(all.emitted.payload(TicketScheduled.self)?.visit, 2)
        // The technician moves the booked return visit: still visit 2.
        XCTAssertEqual(try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: h.now))
            .emitted.payload(TicketScheduled.self)?.visit, 2)
        XCTAssertEqual(try h.deliver(VisitStarted(ticketId: "T1", technicianId: "A")).emitted.payload(TicketOnSite.self)?.visit, 2)
        let done = try h.deliver(WorkCompleted(ticketId: "T1", technicianId: "A", resolved: true, partsUsed: lines))
        XCTAssertEqual(done.emitted.payload(TicketCompleted.self)?.firstTimeFix, false)
    }

    func testTheNextVisitEndsAPartsHoldWhenItComesFirst() throws {
        let h = try DispatchHarness("ffparts2")
        try h.deliver(H.technician("A", km: 1))
        try accepted(h, "T1", tech: "A")
        try h.deliver(VisitStarted(ticketId: "T1", technicianId: "A"))
        try h.deliver(DiagnosisReported(ticketId: "T1", technicianId: "A", finding: "pump", parts: part))
        try h.deliver(PartsBackordered(ticketId: "T1", lines: part, expectedBy: h.now.addingTimeInterval(86_400)))
        h.now = h.now.addingTimeInterval(600)
        // The technician found the part elsewhere and comes back.
        let back = try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "A", scheduledFor: h.now))
        XCTAssertEqual(back.emitted.types, ["ticket.resumed", "ticket.scheduled"])
        XCTAssertEqual(back.emitted.payload(TicketScheduled.self)?.visit, 2)
        // The late reservation is recorded only.
        XCTAssertEqual(try h.deliver(PartsReserved(ticketId: "T1", lines: part)).emitted.types, [])
    }

    // MARK: Certificates

    private func gasTechnician(_ id: String, km: Double, until: String?, active: Bool = true) -> TechnicianUpserted {
        var technician = H.technician(id, km: km, skills: ["kitchen-appliance"], active: active)
        technician.certifications = until.map { [TechnicianUpserted.Certification(type: "gas", expiresOn: $0)] }
        return technician
    }

    func testOnlyTechniciansCertifiedOnTheVisitDayAreAssigned() throws {
        let h = try DispatchHarness("ffcert", now: Timestamp.parse("2026-11-22T15:00:00Z")!)  // 23:00 in Shanghai
        try h.deliver(gasTechnician("NONE", km: 1, until: nil))
        try h.deliver(gasTechnician("OLD", km: 2, until: "2026-11-21"))
        try h.deliver(gasTechnician("TODAY", km: 3, until: "2026-11-22"))
        let first = try h.deliver(H.ticket("T1", category: .kitchenAppliance))
        XCTAssertEqual(first.emitted.payload(TicketAssigned.self)?.technicianId, "TODAY", "valid through its expiry day")
        try h.deliver(TicketCancelled(ticketId: "T1", reason: "x"))
        h.now = Timestamp.parse("2026-11-22T16:00:00Z")!  // the 23rd in Shanghai
        let later = try h.deliver(H.ticket("T2", category: .kitchenAppliance))
        XCTAssertEqual(later.emitted.payload(TicketUnassignable.self)?.reason, "no-certified-technician")
        // A refrigerator needs no certificate.
        try h.deliver(H.technician("FRIDGE", km: 4))
        XCTAssertEqual(try h.deliver(H.ticket("T3")).emitted.payload(TicketAssigned.self)?.technicianId, "FRIDGE")
    }

    func testAVisitOnADayTheCertificateNoLongerCoversIsRefused() throws {
        let h = try DispatchHarness("ffcert2", now: Timestamp.parse("2026-11-22T02:00:00Z")!)
        try h.deliver(gasTechnician("G", km: 1, until: "2026-11-23"))
        try accepted(h, "T1", tech: "G", category: .kitchenAppliance)
        let tooLate = try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "G",
                                                   scheduledFor: Timestamp.parse("2026-11-23T16:30:00Z")!))  // the 24th
        let refusal = reason(tooLate)
        XCTAssertTrue(refusal.contains("gas") && refusal.contains("2026-11-24") && refusal.contains("valid through 2026-11-23"),
                      refusal)
        let inTime = try h.deliver(VisitScheduled(ticketId: "T1", technicianId: "G",
                                                  scheduledFor: Timestamp.parse("2026-11-23T10:00:00Z")!))
        XCTAssertEqual(inTime.emitted.types, ["ticket.scheduled"])
        h.now = Timestamp.parse("2026-11-24T01:00:00Z")!
        XCTAssertTrue(reason(try h.deliver(VisitStarted(ticketId: "T1", technicianId: "G"))).contains("2026-11-24"))
        // A renewed certificate lets the visit go ahead.
        try h.deliver(gasTechnician("G", km: 1, until: "2027-11-23"))
        XCTAssertEqual(try h.deliver(VisitStarted(ticketId: "T1", technicianId: "G")).emitted.types, ["ticket.on-site"])
    }

    // MARK: Deactivation

    func testDeactivatingATechnicianReassignsTheirTicketsNotYetWorkedOn() throws {
        let h = try DispatchHarness("ffdeact")
        try h.deliver(H.technician("A", km: 1, capacity: 10))
        try h.deliver(H.technician("B", km: 5, capacity: 10))
        XCTAssertEqual(try h.deliver(H.ticket("OFFERED")).emitted.payload(TicketAssigned.self)?.technicianId, "A")
        try accepted(h, "ACCEPTED", tech: "A")
        try accepted(h, "BOOKED", tech: "A")
        try h.deliver(VisitScheduled(ticketId: "BOOKED", technicianId: "A", scheduledFor: h.now))
        try accepted(h, "ONSITE", tech: "A")
        try h.deliver(VisitStarted(ticketId: "ONSITE", technicianId: "A"))
        try accepted(h, "DONE", tech: "A")
        try h.deliver(VisitStarted(ticketId: "DONE", technicianId: "A"))
        try h.deliver(WorkCompleted(ticketId: "DONE", technicianId: "A", resolved: true, partsUsed: []))
        let deactivated = try h.deliver(H.technician("A", km: 1, capacity: 10, active: false))
        let offers = deactivated.emitted.payloads(TicketAssigned.self)
        XCTAssertEqual(offers.map(\.ticketId), ["ACCEPTED", "BOOKED", "OFFERED"])
        XCTAssertTrue(offers.allSatisfy { $0.technicianId == "B" && $0.attempt == 2 })
        XCTAssertEqual(try h.pendingTimers(), ["ACCEPTED#2", "BOOKED#2", "OFFERED#2"], "A's offer timer is gone")
        let onSite = try h.db.query("SELECT technician_id FROM tickets WHERE ticket_id = 'ONSITE'").first!
        XCTAssertEqual(try onSite.get("technician_id", as: String.self), "A", "work under way stays")
        // Deactivating B too leaves nobody: unassignable.
        let none = try h.deliver(H.technician("B", km: 5, capacity: 10, active: false))
        XCTAssertEqual(none.emitted.payloads(TicketUnassignable.self).map(\.reason), Array(repeating: "candidates-exhausted", count: 3))
    }

    // MARK: Attempts after a reopen

    func testAttemptsKeepCountingAfterAReopen() throws {
        let h = try DispatchHarness("ffattempt")
        try h.deliver(H.technician("A", km: 1))
        try h.deliver(H.technician("B", km: 2))
        try h.deliver(H.ticket("T1"))
        try h.deliver(AssignmentDeclined(ticketId: "T1", technicianId: "A", reason: "busy"))  // attempt 2 → B
        try h.deliver(AssignmentAccepted(ticketId: "T1", technicianId: "B"))
        try h.deliver(VisitStarted(ticketId: "T1", technicianId: "B"))
        try h.deliver(WorkCompleted(ticketId: "T1", technicianId: "B", resolved: true, partsUsed: []))
        let reopened = try h.deliver(ComplaintOpened(ticketId: "T1", complaintId: "C", severity: .normal, reason: "again"))
        let offer = try XCTUnwrap(reopened.emitted.payload(TicketAssigned.self))
        XCTAssertEqual([offer.technicianId, "\(offer.attempt)"], ["A", "3"],
                       "the reopen's offer is attempt 3; A, who declined before the reopen, may take it again")
        try h.deliver(AssignmentAccepted(ticketId: "T1", technicianId: "A"))
        XCTAssertEqual(try h.deliver(VisitStarted(ticketId: "T1", technicianId: "A")).emitted.payload(TicketOnSite.self)?.visit, 2)
    }
}
