import Foundation
import Postgres
import Schema

/// A ticket row as intake keeps it.
public struct TicketRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case open, reopened, completed, closed, cancelled
    }

    public var ticketId: String
    public var requestId: String
    public var status: Status
    public var cancelReason: String?
}

/// Everything a new ticket row holds.
public struct NewTicket: Sendable {
    public var ticketId: String
    public var request: ValidatedRequest
    public var description: String
    public var warranty: WarrantyDecision
    public var fault: FaultAssessment
    public var priority: Priority
    public var sla: SLADeadlines
    public var repeatOf: String?
    public var openedAt: Date
}

/// The tickets table and the ticket number sequence.
public enum TicketStore {
    /// Allocates the next ticket id on business day `day`: "AS-" + day + "-" + the next
    /// value of `ticket_number_seq`. `nextval` is atomic and outside the transaction, so two
    /// instances never get the same number and never wait for each other (a rolled-back
    /// batch leaves a gap, which is harmless).
    public static func allocateTicketId(day: CalendarDay, on db: PGConnection) throws -> String {
        let number: Int = try db.query("SELECT nextval('ticket_number_seq')::bigint AS n").first?.get("n") ?? 0
        return TicketNumbering.ticketId(day: day, number: number)
    }

    public static func insert(_ ticket: NewTicket, on db: PGConnection) throws {
        let request = ticket.request
        try db.execute("""
            INSERT INTO tickets (ticket_id, request_id, customer_id, kind, channel, region, lat, lon, sku, category, model,
                                 serial_number, purchase_date, description, warranty_status, warranty_expires_on,
                                 fault_category, safety_hazard, priority, respond_by, on_site_by, resolve_by, repeat_of,
                                 status, opened_at)
            VALUES (\(ticket.ticketId), \(request.requestId), \(request.customer.id), \(request.kind.rawValue),
                    \(request.channel.rawValue), \(request.customer.region), \(request.customer.location.lat),
                    \(request.customer.location.lon), \(request.product.sku), \(request.product.category.rawValue),
                    \(request.product.model), \(request.product.serialNumber),
                    \(request.product.purchaseDate.description)::date, \(ticket.description),
                    \(ticket.warranty.status.rawValue), \(ticket.warranty.expiresOn?.description)::date,
                    \(ticket.fault.category.rawValue), \(ticket.fault.safetyHazard), \(ticket.priority.rawValue),
                    \(ticket.sla.respondBy), \(ticket.sla.onSiteBy), \(ticket.sla.resolveBy), \(ticket.repeatOf),
                    'open', \(ticket.openedAt))
            """)
    }

    /// The latest completed ticket of the same serial number and category, if any.
    public static func latestRepair(serialNumber: String, category: ProductCategory, on db: PGConnection)
        throws -> (ticketId: String, completedAt: Date)? {
        guard let row = try db.query("""
            SELECT ticket_id, completed_at FROM tickets
            WHERE serial_number = \(serialNumber) AND category = \(category.rawValue) AND completed_at IS NOT NULL
            ORDER BY completed_at DESC LIMIT 1
            """).first else { return nil }
        return (try row.get("ticket_id"), try row.get("completed_at"))
    }

    public static func find(ticketId: String, lock: Bool, on db: PGConnection) throws -> TicketRecord? {
        let locking: PGQuery = lock ? " FOR UPDATE" : ""
        guard let row = try db.query("""
            SELECT ticket_id, request_id, status, cancel_reason FROM tickets WHERE ticket_id = \(ticketId)
            """ + locking).first else { return nil }
        return TicketRecord(ticketId: try row.get("ticket_id"), requestId: try row.get("request_id"),
                            status: TicketRecord.Status(rawValue: try row.get("status")) ?? .open,
                            cancelReason: try row.get("cancel_reason"))
    }

    public static func cancel(ticketId: String, reason: String, now: Date, on db: PGConnection) throws {
        try db.execute("""
            UPDATE tickets SET status = 'cancelled', cancelled_at = \(now), cancel_reason = \(reason)
            WHERE ticket_id = \(ticketId)
            """)
    }

    /// Records a completion (from dispatch's `ticket.completed`); false for a ticket intake
    /// does not hold or one that was cancelled.
    public static func markCompleted(ticketId: String, at completedAt: Date, on db: PGConnection) throws -> Bool {
        try db.execute("""
            UPDATE tickets SET status = CASE WHEN status = 'closed' THEN 'closed' ELSE 'completed' END,
                   completed_at = \(completedAt)
            WHERE ticket_id = \(ticketId) AND status <> 'cancelled'
            """) > 0
    }

    /// Moves a ticket to `closed` or `reopened`; false when nothing changed.
    public static func setStatus(ticketId: String, to status: TicketRecord.Status, on db: PGConnection) throws -> Bool {
        try db.execute("""
            UPDATE tickets SET status = \(status.rawValue)
            WHERE ticket_id = \(ticketId) AND status <> 'cancelled' AND status <> \(status.rawValue)
            """) > 0
    }

    /// Deletes tickets whose warranty end and last activity are both before `cutoff`;
    /// returns how many.
    public static func deleteExpired(before cutoff: CalendarDay, utcOffsetSeconds: Int, on db: PGConnection) throws -> Int {
        let cutoffInstant = cutoff.startInstant(offsetSeconds: utcOffsetSeconds)
        return try db.execute("""
            DELETE FROM tickets
            WHERE coalesce(warranty_expires_on, purchase_date) < \(cutoff.description)::date
              AND greatest(opened_at, coalesce(completed_at, opened_at), coalesce(cancelled_at, opened_at)) < \(cutoffInstant)
            """)
    }
}
