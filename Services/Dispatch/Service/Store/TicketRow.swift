import Foundation
import Schema

/// One ticket's row in dispatch's own database: its site and what the state machine,
/// the ranking and the load counters need.
struct TicketRow: Sendable, Hashable {
    var ticketId: String
    var region: String
    var location: GeoPoint
    var category: String
    var priority: String
    var warrantyStatus: String
    /// `FaultCategory` raw value from `ticket.opened` (nil for tickets stored before migration 4).
    var faultClass: String?
    var state: TicketState
    var technicianId: String?
    var distanceKm: Double?
    /// Offers made so far (the `attempt` of the last `ticket.assigned`).
    var attempt: Int
    /// Technicians offered the ticket since it was last (re)opened.
    var tried: [String]
    /// Which visit is current (`VisitProgress`).
    var visit: VisitProgress
    /// Times the current or an earlier visit was moved before it started, and who moved it last.
    var reschedules: Int
    var rescheduledBy: String?
    var waitedForParts: Bool
    var reopened: Bool
    var quoteApproved: Bool
    /// The quote's status and amounts and the invoice counter (`TicketMoney`, migration 6).
    var money: TicketMoney
    var requestedParts: [PartLine]
    var reservedParts: [PartLine]
    /// Backordered lines not reserved yet (a waiting-parts hold ends when none are left).
    var backorderedParts: [PartLine]
    /// The hold the ticket is on, if any.
    var hold: TicketHold?
    var reason: String?
    /// The service day (`YYYY-MM-DD`, the technician's region's zone) of the current offer.
    var assignedOn: String?
    var openedAt: Date
    /// Where the ticket stands in the remote-first window, and when a held ticket's window ends.
    var remoteWindow: RemoteWindowState = .notHeld
    var remoteUntil: Date?

    var isEmergency: Bool { priority == Priority.emergency.rawValue }

    /// The technician-day whose capacity this ticket uses, if any: an active state with a
    /// technician and an assignment day.
    var loadSlot: LoadSlot? {
        guard state.holdsCapacity, let technicianId, let assignedOn else { return nil }
        return LoadSlot(technicianId: technicianId, day: assignedOn)
    }
}

extension TicketRow {
    /// A new ticket as `ticket.opened` describes it, before any offer.
    init(opened t: TicketOpened, now: Date) {
        ticketId = t.ticketId
        region = t.region
        location = t.location
        category = t.product.category.rawValue
        priority = t.priority.rawValue
        warrantyStatus = t.warranty.status.rawValue
        faultClass = t.fault.category.rawValue
        state = .unassignable
        technicianId = nil
        distanceKm = nil
        attempt = 0
        tried = []
        visit = VisitProgress()
        reschedules = 0
        rescheduledBy = nil
        waitedForParts = false
        reopened = false
        quoteApproved = false
        money = TicketMoney()
        requestedParts = []
        reservedParts = []
        backorderedParts = []
        hold = nil
        reason = nil
        assignedOn = nil
        openedAt = now
        remoteWindow = .notHeld
        remoteUntil = nil
    }
}

/// One technician on one service day: the key of a load counter.
struct LoadSlot: Sendable, Hashable, Comparable {
    var technicianId: String
    /// `YYYY-MM-DD`.
    var day: String

    static func < (a: LoadSlot, b: LoadSlot) -> Bool {
        (a.technicianId, a.day) < (b.technicianId, b.day)
    }
}
