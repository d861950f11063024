import Foundation
import Postgres
import Schema

/// A stored ticket as intake's rules need it: the status (cancellation rules), the cancel
/// reason (a resent cancellation), and the serial number, category and completion time
/// (repeat failures).
public struct TicketRecord: Sendable, Equatable {
    /// A ticket's status as intake keeps it.
    public enum Status: String, Sendable {
        case open, reopened, completed, closed, cancelled
    }

    public var ticketId: String
    public var requestId: String
    public var status: Status
    public var cancelReason: String?
    public var cancelledAt: Date?
    public var completedAt: Date?
    public var serialNumber: String?
    public var category: String
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
    /// The remote-first playbook offered on `ticket.opened` (`PlaybookMatcher`); not stored.
    public var remoteGuidance: TicketOpened.RemoteGuidance?
    /// `open`, or `cancelled` when a cancellation followed in the same batch.
    public var status: TicketRecord.Status = .open
    public var cancelledAt: Date?
    public var cancelReason: String?
}

/// A completed ticket of a serial number and category (for repeat failures).
public struct PastRepair: Sendable, Equatable {
    public var ticketId: String
    public var serialNumber: String
    public var category: String
    public var completedAt: Date
}

/// The tickets table and the ticket number sequence; every method is one statement,
/// whatever the number of tickets.
public enum TicketStore {
    // MARK: Reading

    /// The tickets `ticketIds`, locked for the rest of the transaction (in id order).
    public static func load(_ ticketIds: [String], on db: PGConnection) throws -> [String: TicketRecord] {
        guard !ticketIds.isEmpty else { return [:] }
        var records: [String: TicketRecord] = [:]
        for row in try db.query("""
            SELECT ticket_id, request_id, status, cancel_reason, cancelled_at, completed_at, serial_number, category
            FROM tickets WHERE ticket_id = ANY(\(ticketIds)::text[]) ORDER BY ticket_id FOR UPDATE
            """) {
            let record = TicketRecord(ticketId: try row.get("ticket_id"), requestId: try row.get("request_id"),
                                      status: TicketRecord.Status(rawValue: try row.get("status")) ?? .open,
                                      cancelReason: try row.get("cancel_reason"), cancelledAt: try row.get("cancelled_at"),
                                      completedAt: try row.get("completed_at"), serialNumber: try row.get("serial_number"),
                                      category: try row.get("category"))
            records[record.ticketId] = record
        }
        return records
    }

    /// Every completed ticket of the given (serial number, category) pairs.
    public static func repairs(of products: [(serialNumber: String, category: String)], on db: PGConnection)
        throws -> [PastRepair] {
        guard !products.isEmpty else { return [] }
        let serials: [String] = products.map(\.serialNumber)
        let categories: [String] = products.map(\.category)
        return try db.query("""
            SELECT t.ticket_id, t.serial_number, t.category, t.completed_at
            FROM tickets t
            JOIN (SELECT DISTINCT * FROM unnest(\(serials)::text[], \(categories)::text[])) AS p (serial_number, category)
              ON t.serial_number = p.serial_number AND t.category = p.category
            WHERE t.completed_at IS NOT NULL
            """).map { row in
            PastRepair(ticketId: try row.get("ticket_id"), serialNumber: try row.get("serial_number"),
                       category: try row.get("category"), completedAt: try row.get("completed_at"))
        }
    }

    // MARK: Numbering

    /// Allocates `count` ticket ids on business day `day`: "AS-" + day + "-" + the next
    /// values of `ticket_number_seq`, in increasing order. `nextval` is atomic and outside
    /// the transaction, so two instances never get the same number and never wait for each
    /// other (a rolled-back batch leaves a gap, which is harmless).
    public static func allocateTicketIds(_ count: Int, day: CalendarDay, on db: PGConnection) throws -> [String] {
        guard count > 0 else { return [] }
        let numbers: [Int] = try db.query("""
            SELECT nextval('ticket_number_seq')::bigint AS n FROM generate_series(1, \(count)::int)
            """).map { try $0.get("n") }
        return numbers.sorted().map { TicketNumbering.ticketId(day: day, number: $0) }
    }

    // MARK: Writing

    /// Inserts new tickets with one statement.
    public static func insert(_ tickets: [NewTicket], on db: PGConnection) throws {
        guard !tickets.isEmpty else { return }
        let requests = tickets.map(\.request)
        let ids: [String] = tickets.map(\.ticketId)
        let requestIds: [String] = requests.map(\.requestId)
        let customerIds: [String] = requests.map(\.customer.id)
        let kinds: [String] = requests.map(\.kind.rawValue)
        let channels: [String] = requests.map(\.channel.rawValue)
        let regions: [String] = requests.map(\.customer.region)
        let lats: [Double] = requests.map(\.customer.location.lat)
        let lons: [Double] = requests.map(\.customer.location.lon)
        let skus: [String] = requests.map(\.product.sku)
        let categories: [String] = requests.map(\.product.category.rawValue)
        let models: [String] = requests.map(\.product.model)
        let serials: [String?] = requests.map(\.product.serialNumber)
        let purchased: [String] = requests.map(\.product.purchaseDate.description)
        let descriptions: [String] = tickets.map(\.description)
        let warranties: [String] = tickets.map(\.warranty.status.rawValue)
        let expiries: [String?] = tickets.map { $0.warranty.expiresOn?.description }
        let faults: [String] = tickets.map(\.fault.category.rawValue)
        let hazards: [Bool] = tickets.map(\.fault.safetyHazard)
        let priorities: [String] = tickets.map(\.priority.rawValue)
        let respondBy: [Date] = tickets.map(\.sla.respondBy)
        let onSiteBy: [Date] = tickets.map(\.sla.onSiteBy)
        let resolveBy: [Date] = tickets.map(\.sla.resolveBy)
        let repeats: [String?] = tickets.map(\.repeatOf)
        let statuses: [String] = tickets.map(\.status.rawValue)
        let openedAt: [Date] = tickets.map(\.openedAt)
        let cancelledAt: [Date?] = tickets.map(\.cancelledAt)
        let cancelReasons: [String?] = tickets.map(\.cancelReason)
        try db.execute("""
            INSERT INTO tickets (ticket_id, request_id, customer_id, kind, channel, region, lat, lon, sku, category, model,
                                 serial_number, purchase_date, description, warranty_status, warranty_expires_on,
                                 fault_category, safety_hazard, priority, respond_by, on_site_by, resolve_by, repeat_of,
                                 status, opened_at, cancelled_at, cancel_reason)
            SELECT * FROM unnest(
                \(ids)::text[], \(requestIds)::text[], \(customerIds)::text[], \(kinds)::text[], \(channels)::text[],
                \(regions)::text[], \(lats)::double precision[], \(lons)::double precision[], \(skus)::text[],
                \(categories)::text[], \(models)::text[], \(serials)::text[], \(purchased)::date[], \(descriptions)::text[],
                \(warranties)::text[], \(expiries)::date[], \(faults)::text[], \(hazards)::boolean[], \(priorities)::text[],
                \(respondBy)::timestamptz[], \(onSiteBy)::timestamptz[], \(resolveBy)::timestamptz[], \(repeats)::text[],
                \(statuses)::text[], \(openedAt)::timestamptz[], \(cancelledAt)::timestamptz[], \(cancelReasons)::text[])
            """)
    }

    /// Writes the new state of stored tickets (status, completion, cancellation) with one statement.
    public static func update(_ tickets: [TicketRecord], on db: PGConnection) throws {
        guard !tickets.isEmpty else { return }
        let ids: [String] = tickets.map(\.ticketId)
        let statuses: [String] = tickets.map(\.status.rawValue)
        let completedAt: [Date?] = tickets.map(\.completedAt)
        let cancelledAt: [Date?] = tickets.map(\.cancelledAt)
        let reasons: [String?] = tickets.map(\.cancelReason)
        try db.execute("""
            UPDATE tickets t
            SET status = u.status, completed_at = u.completed_at, cancelled_at = u.cancelled_at,
                cancel_reason = u.cancel_reason
            FROM unnest(\(ids)::text[], \(statuses)::text[], \(completedAt)::timestamptz[], \(cancelledAt)::timestamptz[],
                        \(reasons)::text[]) AS u (ticket_id, status, completed_at, cancelled_at, cancel_reason)
            WHERE t.ticket_id = u.ticket_id
            """)
    }

    // MARK: Retention

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
