import Foundation
import Postgres

/// SQL of `technician_day_load`: one counter per technician and service day, the number of
/// their tickets in an active state offered on that day. Exact under several instances:
/// a counter is only ever raised by a transaction that holds the technician's row lock and
/// read the counter after taking it (`lock`), so nobody is pushed over capacity.
enum LoadStore {
    /// Locks the technicians' rows in id order (held until the batch commits), then reads
    /// their counters on `days` afresh. Returns technician → day → load; ids that do not exist
    /// (technicians created by this very batch) are absent.
    static func lock(_ technicianIds: [String], days: [String], on db: PGConnection) throws -> (locked: Set<String>, loads: [LoadSlot: Int]) {
        guard !technicianIds.isEmpty else { return ([], [:]) }
        let ids = technicianIds.sorted()
        let locked = try db.query("""
            SELECT technician_id FROM technicians WHERE technician_id = ANY(\(ids)::text[])
             ORDER BY technician_id FOR UPDATE
            """)
        // A new statement: it sees every counter committed before the locks were granted.
        let rows = try db.query("""
            SELECT technician_id, service_day::text AS day, load FROM technician_day_load
             WHERE technician_id = ANY(\(ids)::text[]) AND service_day = ANY(\(days)::date[])
            """)
        var loads: [LoadSlot: Int] = [:]
        for row in rows {
            loads[LoadSlot(technicianId: try row.get("technician_id"), day: try row.get("day"))] = max(0, try row.get("load"))
        }
        return (Set(try locked.map { try $0.get("technician_id", as: String.self) }), loads)
    }

    /// Adds the deltas to the counters (creating missing ones), in (technician, day) order,
    /// with one statement. A counter never goes below zero.
    static func apply(_ deltas: [LoadSlot: Int], on db: PGConnection) throws {
        let changes = deltas.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        guard !changes.isEmpty else { return }
        try db.execute("""
            INSERT INTO technician_day_load (technician_id, service_day, load)
            SELECT u.id, u.day::date, u.delta
              FROM unnest(\(changes.map(\.key.technicianId))::text[], \(changes.map(\.key.day))::text[],
                          \(changes.map(\.value))::int[]) WITH ORDINALITY AS u (id, day, delta, position)
             ORDER BY u.position
            ON CONFLICT (technician_id, service_day) DO UPDATE
               SET load = GREATEST(0, technician_day_load.load + EXCLUDED.load)
            """)
    }

    /// Drops counters of days before `day` (`YYYY-MM-DD`): no offer is planned on them any more.
    static func prune(before day: String, on db: PGConnection) throws {
        try db.execute("DELETE FROM technician_day_load WHERE service_day < \(day)::date")
    }
}
