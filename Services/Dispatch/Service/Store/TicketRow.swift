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
    var state: TicketState
    var technicianId: String?
    var distanceKm: Double?
    /// Offers made so far (the `attempt` of the last `ticket.assigned`).
    var attempt: Int
    /// Technicians offered the ticket since it was last (re)opened.
    var tried: [String]
    var visits: Int
    var waitedForParts: Bool
    var reopened: Bool
    var quoteApproved: Bool
    var requestedParts: [PartLine]
    var reservedParts: [PartLine]
    var reason: String?
    /// The service day (`YYYY-MM-DD`, the technician's region's zone) of the current offer.
    var assignedOn: String?
    var openedAt: Date

    var site: TicketSite {
        TicketSite(category: category, region: region, location: location, emergency: priority == Priority.emergency.rawValue)
    }

    /// The technician-day whose capacity this ticket uses, if any: an active state with a
    /// technician and an assignment day.
    var loadSlot: LoadSlot? {
        guard state.holdsCapacity, let technicianId, let assignedOn else { return nil }
        return LoadSlot(technicianId: technicianId, day: assignedOn)
    }

    /// A new ticket as `ticket.opened` describes it, before any offer.
    init(opened t: TicketOpened, now: Date) {
        ticketId = t.ticketId
        region = t.region
        location = t.location
        category = t.product.category.rawValue
        priority = t.priority.rawValue
        warrantyStatus = t.warranty.status.rawValue
        state = .unassignable
        technicianId = nil
        distanceKm = nil
        attempt = 0
        tried = []
        visits = 0
        waitedForParts = false
        reopened = false
        quoteApproved = false
        requestedParts = []
        reservedParts = []
        reason = nil
        assignedOn = nil
        openedAt = now
    }

    init(ticketId: String, region: String, location: GeoPoint, category: String, priority: String, warrantyStatus: String,
         state: TicketState, technicianId: String?, distanceKm: Double?, attempt: Int, tried: [String], visits: Int,
         waitedForParts: Bool, reopened: Bool, quoteApproved: Bool, requestedParts: [PartLine], reservedParts: [PartLine],
         reason: String?, assignedOn: String?, openedAt: Date) {
        self.ticketId = ticketId
        self.region = region
        self.location = location
        self.category = category
        self.priority = priority
        self.warrantyStatus = warrantyStatus
        self.state = state
        self.technicianId = technicianId
        self.distanceKm = distanceKm
        self.attempt = attempt
        self.tried = tried
        self.visits = visits
        self.waitedForParts = waitedForParts
        self.reopened = reopened
        self.quoteApproved = quoteApproved
        self.requestedParts = requestedParts
        self.reservedParts = reservedParts
        self.reason = reason
        self.assignedOn = assignedOn
        self.openedAt = openedAt
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
