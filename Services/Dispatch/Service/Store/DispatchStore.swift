import Foundation
import Postgres
import Schema

/// One ticket's row in dispatch's own database.
struct TicketRow: Sendable {
    var ticketId: String
    var region: String
    var location: GeoPoint
    var category: String
    var priority: String
    var warrantyStatus: String
    var state: TicketState
    var technicianId: String?
    var attempt: Int
    var tried: [String]
    var visits: Int
    var waitedForParts: Bool
    var reopened: Bool
    var requestedParts: [PartLine]

    var site: TicketSite {
        TicketSite(category: category, region: region, location: location, emergency: priority == Priority.emergency.rawValue)
    }
}

/// SQL of dispatch's tables (bound parameters only).
enum DispatchStore {
    static let activeStates: [String] = TicketState.active.map(\.rawValue)

    // MARK: Technicians

    static func upsertTechnician(_ t: TechnicianUpserted, now: Date, on db: PGConnection) throws {
        try db.execute("""
            INSERT INTO technicians (technician_id, name, skills, region, lat, lon, daily_capacity, active, updated_at)
            VALUES (\(t.technicianId), \(t.name), \(t.skills)::text[], \(t.region), \(t.location.lat)::float8,
                    \(t.location.lon)::float8, \(t.dailyCapacity)::int, \(t.active)::boolean, \(now))
            ON CONFLICT (technician_id) DO UPDATE SET
                name = EXCLUDED.name, skills = EXCLUDED.skills, region = EXCLUDED.region, lat = EXCLUDED.lat,
                lon = EXCLUDED.lon, daily_capacity = EXCLUDED.daily_capacity, active = EXCLUDED.active,
                updated_at = EXCLUDED.updated_at
            """)
    }

    // MARK: Service days

    /// The service day of a moment: its UTC calendar date as `YYYY-MM-DD`. A technician's
    /// daily load counts their active tickets whose assignment day is the day being planned.
    static func serviceDay(_ moment: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day], from: moment)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Active technicians with the skill, with their load on `day` (no locks).
    static func skilledTechnicians(category: String, day: String, on db: PGConnection) throws -> [TechnicianProfile] {
        let rows = try db.query("""
            SELECT t.technician_id, t.skills, t.region, t.lat, t.lon, t.daily_capacity, t.active,
                   (SELECT count(*) FROM tickets k
                     WHERE k.technician_id = t.technician_id AND k.state = ANY(\(activeStates)::text[])
                       AND k.assigned_on = \(day)::date)::int AS load
              FROM technicians t
             WHERE t.active AND \(category)::text = ANY(t.skills)
            """)
        return try rows.map { row in
            TechnicianProfile(
                technicianId: try row.get("technician_id"), skills: Set(try row.get("skills", as: [String].self)),
                region: try row.get("region"), location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")),
                dailyCapacity: try row.get("daily_capacity"), active: try row.get("active"), load: try row.get("load"))
        }
    }

    /// Locks the technician's row and returns their load on `day`, or nil when they are gone
    /// or inactive. The lock is held until the batch transaction commits.
    static func lockAndCountLoad(technicianId: String, day: String, on db: PGConnection) throws -> Int? {
        let locked = try db.query("SELECT active FROM technicians WHERE technician_id = \(technicianId) FOR UPDATE")
        guard let row = locked.first, try row.get("active", as: Bool.self) else { return nil }
        let rows = try db.query("""
            SELECT count(*)::int AS load FROM tickets
             WHERE technician_id = \(technicianId) AND state = ANY(\(activeStates)::text[])
               AND assigned_on = \(day)::date
            """)
        return try rows.first?.get("load") ?? 0
    }

    // MARK: Tickets

    /// Inserts a new ticket; false when it is already known.
    static func insertTicket(_ t: TicketOpened, now: Date, on db: PGConnection) throws -> Bool {
        try db.execute("""
            INSERT INTO tickets (ticket_id, region, lat, lon, category, priority, warranty_status, state, opened_at, updated_at)
            VALUES (\(t.ticketId), \(t.region), \(t.location.lat)::float8, \(t.location.lon)::float8,
                    \(t.product.category.rawValue), \(t.priority.rawValue), \(t.warranty.status.rawValue),
                    \(TicketState.unassignable.rawValue), \(now), \(now))
            ON CONFLICT (ticket_id) DO NOTHING
            """) == 1
    }

    static func find(ticketId: String, on db: PGConnection) throws -> TicketRow? {
        let rows = try db.query("""
            SELECT ticket_id, region, lat, lon, category, priority, warranty_status, state, technician_id, attempt,
                   tried, visits, waited_for_parts, reopened, requested_parts::text AS requested_parts
              FROM tickets WHERE ticket_id = \(ticketId) FOR UPDATE
            """)
        guard let row = rows.first else { return nil }
        let stateText: String = try row.get("state")
        let partsText: String = try row.get("requested_parts")
        return TicketRow(
            ticketId: try row.get("ticket_id"), region: try row.get("region"),
            location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")),
            category: try row.get("category"), priority: try row.get("priority"),
            warrantyStatus: try row.get("warranty_status"), state: TicketState(rawValue: stateText) ?? .unassignable,
            technicianId: try row.get("technician_id", as: String?.self), attempt: try row.get("attempt"),
            tried: try row.get("tried", as: [String].self), visits: try row.get("visits"),
            waitedForParts: try row.get("waited_for_parts"), reopened: try row.get("reopened"),
            requestedParts: (try? PGJSON(text: partsText).decode([PartLine].self)) ?? [])
    }

    /// Writes the mutable part of a ticket back.
    static func save(_ t: TicketRow, distanceKm: Double? = nil, assignedOn: String? = nil, reason: String? = nil, now: Date,
                     on db: PGConnection) throws {
        let parts = try PGJSON(t.requestedParts)
        try db.execute("""
            UPDATE tickets SET state = \(t.state.rawValue), technician_id = \(t.technicianId)::text,
                   distance_km = COALESCE(\(distanceKm)::float8, distance_km),
                   assigned_on = COALESCE(\(assignedOn)::date, assigned_on), attempt = \(t.attempt)::int,
                   tried = \(t.tried)::text[], visits = \(t.visits)::int, waited_for_parts = \(t.waitedForParts)::boolean,
                   reopened = \(t.reopened)::boolean, requested_parts = \(parts)::jsonb,
                   reason = COALESCE(\(reason)::text, reason), updated_at = \(now)
             WHERE ticket_id = \(t.ticketId)
            """)
    }

    static func recordQuoteApproved(ticketId: String, now: Date, on db: PGConnection) throws {
        try db.execute("UPDATE tickets SET quote_approved = true, updated_at = \(now) WHERE ticket_id = \(ticketId)")
    }

    static func recordReserved(ticketId: String, lines: [PartLine], now: Date, on db: PGConnection) throws {
        let json = try PGJSON(lines)
        try db.execute("""
            UPDATE tickets SET reserved_parts = reserved_parts || \(json)::jsonb, updated_at = \(now)
             WHERE ticket_id = \(ticketId)
            """)
    }
}
