import Foundation
import Schema
import ServiceRuntime

// MARK: - Visits and holds (DESIGN.md "Field flow as technician apps really send it")

extension BatchFold {
    /// `visit.scheduled`: books the next visit, or moves the booked one (a reschedule, with
    /// `requestedBy`); ends a hold. Refused when the technician's required certificates are not
    /// valid on the day booked.
    mutating func scheduled(_ p: VisitScheduled, _ cause: EventCause) -> HandlingResult {
        field(p.ticketId, technicianId: p.technicianId, .schedule,
              check: { fold, ticket in fold.certificateRefusal(ticket, visitAt: p.scheduledFor, trigger: .schedule) }) {
            fold, ticket in
            if ticket.visit.isReschedule {
                ticket.reschedules += 1
                ticket.rescheduledBy = p.requestedBy
            }
            fold.endHold(&ticket, .visitScheduled, cause)
            let visit = ticket.visit.schedule()
            fold.emit(TicketScheduled(ticketId: ticket.ticketId, technicianId: p.technicianId, visit: visit), cause)
        }
    }

    /// `visit.started`: the booked visit begins, or the next one does (scheduling is optional);
    /// ends a hold. Refused when the technician's required certificates are not valid today.
    mutating func started(_ p: VisitStarted, _ cause: EventCause) -> HandlingResult {
        field(p.ticketId, technicianId: p.technicianId, .start,
              check: { fold, ticket in fold.certificateRefusal(ticket, visitAt: fold.now, trigger: .start) }) { fold, ticket in
            fold.endHold(&ticket, .visitStarted, cause)
            let visit = ticket.visit.start()
            fold.emit(TicketOnSite(ticketId: ticket.ticketId, technicianId: p.technicianId, visit: visit), cause)
        }
    }

    /// `visit.failed`: the visit ends without work → `ticket.visit-failed` (its number) and
    /// `ticket.on-hold` (customer-absent → customer-unreachable; otherwise customer-requested).
    /// A visit that was not booked still counts: the technician went.
    mutating func failed(_ p: VisitFailed, _ cause: EventCause) -> HandlingResult {
        guard let reason = p.reasonValue else {
            return .deadLetter(reason: "reason: '\(p.reason)' is not a visit failure reason")
        }
        return field(p.ticketId, technicianId: p.technicianId, .fail) { fold, ticket in
            if ticket.visit.number == 0 || ticket.visit.ended { ticket.visit.bookNext() }
            let visit = ticket.visit.number
            ticket.visit.end()
            fold.emit(TicketVisitFailed(ticketId: ticket.ticketId, technicianId: p.technicianId, reason: reason, visit: visit),
                      cause)
            fold.beginHold(&ticket, reason.holdReason, cause)
        }
    }

    // MARK: Holds

    /// Puts the ticket on hold (`ticket.on-hold`, since now) unless it already is.
    mutating func beginHold(_ ticket: inout TicketRow, _ reason: HoldReason, _ cause: EventCause) {
        guard ticket.hold == nil else { return }
        ticket.hold = TicketHold(reason: reason, since: now)
        emit(TicketOnHold(ticketId: ticket.ticketId, reason: reason, since: now), cause)
    }

    /// Ends the ticket's hold, if any (`ticket.resumed` with the seconds it lasted).
    mutating func endHold(_ ticket: inout TicketRow, _ why: TicketHold.EndReason, _ cause: EventCause) {
        guard let hold = ticket.hold else { return }
        ticket.hold = nil
        emit(TicketResumed(ticketId: ticket.ticketId, reason: why.rawValue, heldSeconds: hold.heldSeconds(until: now)), cause)
    }

    // MARK: Certificates

    /// What the ticket's work needs (by category and fault class).
    func requiredCertificates(_ ticket: TicketRow) -> Set<String> {
        settings.certifications.required(category: ticket.category, faultClass: ticket.faultClass)
    }

    /// Why the assigned technician may not do a visit at `moment` (a required certificate
    /// missing or expired on that day in the ticket's region), or nil. When the technician's
    /// certificates were not read yet, asks for them and lets the event through this fold.
    mutating func certificateRefusal(_ ticket: TicketRow, visitAt moment: Date, trigger: TicketTrigger) -> String? {
        let required = requiredCertificates(ticket)
        guard !required.isEmpty, let technicianId = ticket.technicianId else { return nil }
        let certificates: CertificateSet
        if let technician = fullProfile(technicianId) {
            certificates = technician.certificates
        } else if pool.isFullyKnown(technicianId) {
            certificates = CertificateSet()  // not on the roster (any more): holds nothing
        } else {
            needs.lookups.insert(technicianId)
            return nil
        }
        let day = settings.serviceDay.day(region: ticket.region, at: moment)
        let missing = certificates.missing(required, on: day)
        guard !missing.isEmpty else { return nil }
        let held = missing.map { type in
            certificates.validThrough[type].map { "\(type) (valid through \($0))" } ?? "\(type) (not held)"
        }
        return "technicianId: \(technicianId) needs a valid \(missing.joined(separator: ", ")) certificate on the visit day "
            + "\(day) for ticket \(ticket.ticketId): \(held.joined(separator: ", ")); \(trigger.rawValue) not applied"
    }
}
