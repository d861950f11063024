import Foundation
import Postgres
import Schema

/// SQL of the `tickets` table: one read and one write per batch, whatever its size.
enum TicketStore {
    /// The tickets with these ids, plus (when `openOf` is not empty) every ticket those
    /// technicians hold in one of `openStates`, locked in ticket-id order (the batch owns
    /// them until it commits).
    static func load(ticketIds: [String], openOf technicianIds: [String] = [], openStates: [TicketState] = [],
                     on db: PGConnection) throws -> [String: TicketRow] {
        guard !ticketIds.isEmpty || !technicianIds.isEmpty else { return [:] }
        // Each branch uses its own index (primary key; `tickets_technician`).
        var wanted: PGQuery = "SELECT ticket_id FROM tickets WHERE ticket_id = ANY(\(ticketIds)::text[])"
        if !technicianIds.isEmpty {
            wanted += """
                 UNION ALL SELECT ticket_id FROM tickets
                 WHERE technician_id = ANY(\(technicianIds)::text[]) AND state = ANY(\(openStates.map(\.rawValue))::text[])
                """
        }
        let rows = try db.query("""
            SELECT ticket_id, region, lat, lon, category, priority, warranty_status, fault_class, state, technician_id,
                   distance_km, attempt, tried::text AS tried, visits, visit_started, visit_ended, reschedules,
                   rescheduled_by, waited_for_parts, reopened, quote_approved, requested_parts::text AS requested_parts,
                   reserved_parts::text AS reserved_parts, backordered_parts::text AS backordered_parts, hold_reason,
                   hold_since, reason, assigned_on::text AS assigned_on, opened_at, quote_status, quote_labour,
                   quote_parts, quote_currency, invoices, remote_window, remote_until
              FROM tickets
             WHERE ticket_id IN (\(fragment: wanted))
             ORDER BY ticket_id
               FOR UPDATE
            """)
        var tickets: [String: TicketRow] = [:]
        for row in rows {
            let ticket = try decode(row)
            tickets[ticket.ticketId] = ticket
        }
        return tickets
    }

    private static func decode(_ row: PGRow) throws -> TicketRow {
        let stateText: String = try row.get("state")
        guard let state = TicketState(rawValue: stateText) else {
            throw PGError(message: "tickets.state holds an unknown state")
        }
        var hold: TicketHold?
        if let reason: String = try row.get("hold_reason"), let since: Date = try row.get("hold_since") {
            guard let holdReason = HoldReason(rawValue: reason) else {
                throw PGError(message: "tickets.hold_reason holds an unknown reason")
            }
            hold = TicketHold(reason: holdReason, since: since)
        }
        let remoteText: String = try row.get("remote_window")
        guard let remoteWindow = RemoteWindowState(rawValue: remoteText) else {
            throw PGError(message: "tickets.remote_window holds an unknown state")
        }
        return TicketRow(
            ticketId: try row.get("ticket_id"), region: try row.get("region"),
            location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")),
            category: try row.get("category"), priority: try row.get("priority"),
            warrantyStatus: try row.get("warranty_status"), faultClass: try row.get("fault_class"), state: state,
            technicianId: try row.get("technician_id"), distanceKm: try row.get("distance_km"),
            attempt: try row.get("attempt"), tried: try StoreJSON.decode([String].self, try row.get("tried")),
            visit: VisitProgress(number: try row.get("visits"), started: try row.get("visit_started"),
                                 ended: try row.get("visit_ended")),
            reschedules: try row.get("reschedules"), rescheduledBy: try row.get("rescheduled_by"),
            waitedForParts: try row.get("waited_for_parts"), reopened: try row.get("reopened"),
            quoteApproved: try row.get("quote_approved"), money: try decodeMoney(row),
            requestedParts: try StoreJSON.decode([PartLine].self, try row.get("requested_parts")),
            reservedParts: try StoreJSON.decode([PartLine].self, try row.get("reserved_parts")),
            backorderedParts: try StoreJSON.decode([PartLine].self, try row.get("backordered_parts")),
            hold: hold, reason: try row.get("reason"), assignedOn: try row.get("assigned_on"),
            openedAt: try row.get("opened_at"),
            remoteWindow: remoteWindow, remoteUntil: try row.get("remote_until"))
    }

    /// The quote and invoice counter columns (migration 6).
    private static func decodeMoney(_ row: PGRow) throws -> TicketMoney {
        let statusText: String = try row.get("quote_status")
        guard let status = QuoteStatus(rawValue: statusText) else {
            throw PGError(message: "tickets.quote_status holds an unknown status")
        }
        var quoted: DiagnosisReported.Quote?
        if let labour: Double = try row.get("quote_labour"), let parts: Double = try row.get("quote_parts"),
           let currency: String = try row.get("quote_currency") {
            quoted = DiagnosisReported.Quote(labour: labour, parts: parts, currency: currency)
        }
        return TicketMoney(quote: status, quoted: quoted, invoices: try row.get("invoices"))
    }

    /// Inserts or rewrites `tickets` with one statement (ticket-id order).
    static func write(_ tickets: [TicketRow], now: Date, on db: PGConnection) throws {
        guard !tickets.isEmpty else { return }
        let rows = tickets.sorted { $0.ticketId < $1.ticketId }
        let ids = rows.map(\.ticketId), regions = rows.map(\.region)
        let lats = rows.map(\.location.lat), lons = rows.map(\.location.lon)
        let categories = rows.map(\.category), priorities = rows.map(\.priority), warranties = rows.map(\.warrantyStatus)
        let states = rows.map(\.state.rawValue), technicians = rows.map(\.technicianId), distances = rows.map(\.distanceKm)
        let attempts = rows.map(\.attempt), visits = rows.map(\.visit.number)
        let started = rows.map(\.visit.started), ended = rows.map(\.visit.ended)
        let reschedules = rows.map(\.reschedules), rescheduledBy = rows.map(\.rescheduledBy)
        let faults = rows.map(\.faultClass)
        let tried = try rows.map { try StoreJSON.encode($0.tried) }
        let waited = rows.map(\.waitedForParts), reopened = rows.map(\.reopened), approved = rows.map(\.quoteApproved)
        let requested = try rows.map { try StoreJSON.encode($0.requestedParts) }
        let reserved = try rows.map { try StoreJSON.encode($0.reservedParts) }
        let backordered = try rows.map { try StoreJSON.encode($0.backorderedParts) }
        let holdReasons = rows.map { $0.hold?.reason.rawValue }, holdSince = rows.map { $0.hold?.since }
        let reasons = rows.map(\.reason), assignedOn = rows.map(\.assignedOn), openedAt = rows.map(\.openedAt)
        let quoteStatus = rows.map(\.money.quote.rawValue), quoteLabour = rows.map { $0.money.quoted?.labour }
        let quoteParts = rows.map { $0.money.quoted?.parts }, quoteCurrency = rows.map { $0.money.quoted?.currency }
        let invoices = rows.map(\.money.invoices)
        let remoteWindows = rows.map(\.remoteWindow.rawValue), remoteUntil = rows.map(\.remoteUntil)
        try db.execute("""
            INSERT INTO tickets (ticket_id, region, lat, lon, category, priority, warranty_status, fault_class, state,
                                 technician_id, distance_km, attempt, tried, visits, visit_started, visit_ended,
                                 reschedules, rescheduled_by, waited_for_parts, reopened, quote_approved,
                                 requested_parts, reserved_parts, backordered_parts, hold_reason, hold_since, reason,
                                 assigned_on, opened_at, quote_status, quote_labour, quote_parts, quote_currency,
                                 invoices, updated_at, remote_window, remote_until)
            SELECT u.ticket_id, u.region, u.lat, u.lon, u.category, u.priority, u.warranty_status, u.fault_class, u.state,
                   u.technician_id, u.distance_km, u.attempt, u.tried::jsonb, u.visits, u.visit_started, u.visit_ended,
                   u.reschedules, u.rescheduled_by, u.waited, u.reopened, u.approved, u.requested::jsonb,
                   u.reserved::jsonb, u.backordered::jsonb, u.hold_reason, u.hold_since, u.reason, u.assigned_on::date,
                   u.opened_at, u.quote_status, u.quote_labour, u.quote_parts, u.quote_currency, u.invoices, \(now),
                   u.remote_window, u.remote_until
              FROM unnest(\(ids)::text[], \(regions)::text[], \(lats)::float8[], \(lons)::float8[], \(categories)::text[],
                          \(priorities)::text[], \(warranties)::text[], \(faults)::text[], \(states)::text[],
                          \(technicians)::text[], \(distances)::float8[], \(attempts)::int[], \(tried)::text[],
                          \(visits)::int[], \(started)::boolean[], \(ended)::boolean[], \(reschedules)::int[],
                          \(rescheduledBy)::text[], \(waited)::boolean[], \(reopened)::boolean[], \(approved)::boolean[],
                          \(requested)::text[], \(reserved)::text[], \(backordered)::text[], \(holdReasons)::text[],
                          \(holdSince)::timestamptz[], \(reasons)::text[], \(assignedOn)::text[],
                          \(openedAt)::timestamptz[], \(quoteStatus)::text[], \(quoteLabour)::float8[],
                          \(quoteParts)::float8[], \(quoteCurrency)::text[], \(invoices)::int[],
                          \(remoteWindows)::text[], \(remoteUntil)::timestamptz[])
                   AS u (ticket_id, region, lat, lon, category, priority, warranty_status, fault_class, state,
                         technician_id, distance_km, attempt, tried, visits, visit_started, visit_ended, reschedules,
                         rescheduled_by, waited, reopened, approved, requested, reserved, backordered, hold_reason,
                         hold_since, reason, assigned_on, opened_at, quote_status, quote_labour, quote_parts,
                         quote_currency, invoices, remote_window, remote_until)
            ON CONFLICT (ticket_id) DO UPDATE SET
                state = EXCLUDED.state, technician_id = EXCLUDED.technician_id, distance_km = EXCLUDED.distance_km,
                attempt = EXCLUDED.attempt, tried = EXCLUDED.tried, visits = EXCLUDED.visits,
                visit_started = EXCLUDED.visit_started, visit_ended = EXCLUDED.visit_ended,
                reschedules = EXCLUDED.reschedules, rescheduled_by = EXCLUDED.rescheduled_by,
                waited_for_parts = EXCLUDED.waited_for_parts, reopened = EXCLUDED.reopened,
                quote_approved = EXCLUDED.quote_approved, requested_parts = EXCLUDED.requested_parts,
                reserved_parts = EXCLUDED.reserved_parts, backordered_parts = EXCLUDED.backordered_parts,
                hold_reason = EXCLUDED.hold_reason, hold_since = EXCLUDED.hold_since, reason = EXCLUDED.reason,
                assigned_on = EXCLUDED.assigned_on, quote_status = EXCLUDED.quote_status,
                quote_labour = EXCLUDED.quote_labour, quote_parts = EXCLUDED.quote_parts,
                quote_currency = EXCLUDED.quote_currency, invoices = EXCLUDED.invoices, updated_at = EXCLUDED.updated_at,
                remote_window = EXCLUDED.remote_window, remote_until = EXCLUDED.remote_until
            """)
    }
}

/// JSON text for jsonb columns (sorted keys: equal values, equal text).
enum StoreJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String { try PGJSON(value).text }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try PGJSON(text: text).decode(T.self)
    }
}
