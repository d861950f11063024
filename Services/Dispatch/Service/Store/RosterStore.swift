import Foundation
import Postgres
import Schema

/// A technician as read from the database, with their load counters on the service days
/// being planned.
struct TechnicianRecord: Sendable {
    var profile: TechnicianProfile
    /// Service day → tickets counted against it.
    var loads: [String: Int]
}

/// SQL of the roster: `technicians` (one row each) and `technician_skills` (one row per skill,
/// filed under the grid cell of the technician's home, active technicians only) — the index
/// the candidate search reads.
enum RosterStore {
    // MARK: Reading

    /// The columns every technician read returns (`x` is `technicians`), with the load
    /// counters of `days` (pass the days as `$days`).
    static func profileColumns(days: [String]) -> PGQuery {
        """
        x.technician_id, x.skills, x.region, x.lat, x.lon, x.daily_capacity, x.active,
        x.certifications::text AS certifications,
        ARRAY(SELECT l.service_day::text FROM technician_day_load l
               WHERE l.technician_id = x.technician_id AND l.service_day = ANY(\(days)::date[])
               ORDER BY l.service_day) AS load_days,
        ARRAY(SELECT l.load FROM technician_day_load l
               WHERE l.technician_id = x.technician_id AND l.service_day = ANY(\(days)::date[])
               ORDER BY l.service_day) AS load_counts
        """
    }

    static func decodeRecord(_ row: PGRow) throws -> TechnicianRecord {
        let days: [String] = try row.get("load_days")
        let counts: [Int] = try row.get("load_counts")
        var loads: [String: Int] = [:]
        for (day, count) in zip(days, counts) { loads[day] = max(0, count) }
        let profile = TechnicianProfile(
            technicianId: try row.get("technician_id"), skills: Set(try row.get("skills", as: [String].self)),
            region: try row.get("region"), location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")),
            dailyCapacity: try row.get("daily_capacity"), active: try row.get("active"),
            certificates: CertificateSet(validThrough: try StoreJSON.decode([String: String].self, try row.get("certifications"))))
        return TechnicianRecord(profile: profile, loads: loads)
    }

    /// The technicians with these ids (those that exist), with their loads on `days`.
    static func technicians(ids: [String], days: [String], on db: PGConnection) throws -> [TechnicianRecord] {
        guard !ids.isEmpty else { return [] }
        let rows = try db.query("SELECT \(fragment: profileColumns(days: days)) FROM technicians x WHERE x.technician_id = ANY(\(ids)::text[])")
        return try rows.map(decodeRecord)
    }

    // MARK: Writing

    /// Writes the latest roster data of each technician with one statement per table, and
    /// re-files their skills under their (new) home cell; inactive technicians leave the index.
    static func upsert(_ technicians: [TechnicianUpserted], grid: GeoGrid, now: Date, on db: PGConnection) throws {
        guard !technicians.isEmpty else { return }
        let rows = technicians.sorted { $0.technicianId < $1.technicianId }
        let ids = rows.map(\.technicianId)
        let skills = try rows.map { try StoreJSON.encode($0.skills) }
        let certificates = try rows.map { try StoreJSON.encode(CertificateSet($0.certifications).validThrough) }
        try db.execute("""
            INSERT INTO technicians (technician_id, name, skills, region, lat, lon, daily_capacity, active, cell,
                                     certifications, updated_at)
            SELECT u.id, u.name, ARRAY(SELECT jsonb_array_elements_text(u.skills::jsonb)), u.region, u.lat, u.lon,
                   u.capacity, u.active, u.cell, u.certificates::jsonb, \(now)
              FROM unnest(\(ids)::text[], \(rows.map(\.name))::text[], \(skills)::text[], \(rows.map(\.region))::text[],
                          \(rows.map(\.location.lat))::float8[], \(rows.map(\.location.lon))::float8[],
                          \(rows.map(\.dailyCapacity))::int[], \(rows.map(\.active))::boolean[],
                          \(rows.map { grid.cell(of: $0.location) })::int8[], \(certificates)::text[])
                   AS u (id, name, skills, region, lat, lon, capacity, active, cell, certificates)
            ON CONFLICT (technician_id) DO UPDATE SET
                name = EXCLUDED.name, skills = EXCLUDED.skills, region = EXCLUDED.region, lat = EXCLUDED.lat,
                lon = EXCLUDED.lon, daily_capacity = EXCLUDED.daily_capacity, active = EXCLUDED.active,
                cell = EXCLUDED.cell, certifications = EXCLUDED.certifications, updated_at = EXCLUDED.updated_at
            """)
        try db.execute("DELETE FROM technician_skills WHERE technician_id = ANY(\(ids)::text[])")
        try fileSkills(rows.filter(\.active).map {
            SkillEntry(technicianId: $0.technicianId, skills: $0.skills, region: $0.region, location: $0.location,
                       capacity: $0.dailyCapacity, certificates: CertificateSet($0.certifications))
        }, grid: grid, on: db)
    }

    /// One technician's entry in the skills index.
    struct SkillEntry {
        var technicianId: String
        var skills: [String]
        var region: String
        var location: GeoPoint
        var capacity: Int
        var certificates: CertificateSet
    }

    private static func fileSkills(_ entries: [SkillEntry], grid: GeoGrid, on db: PGConnection) throws {
        var skills: [String] = [], cells: [Int64] = [], ids: [String] = [], regions: [String] = []
        var lats: [Double] = [], lons: [Double] = [], capacities: [Int] = [], certificates: [String] = []
        for entry in entries {
            let cell = grid.cell(of: entry.location)
            for skill in Set(entry.skills).sorted() {
                skills.append(skill)
                cells.append(cell)
                ids.append(entry.technicianId)
                regions.append(entry.region)
                lats.append(entry.location.lat)
                lons.append(entry.location.lon)
                capacities.append(entry.capacity)
                certificates.append(try StoreJSON.encode(entry.certificates.indexEntries))
            }
        }
        guard !ids.isEmpty else { return }
        try db.execute("""
            INSERT INTO technician_skills (skill, cell, technician_id, region, lat, lon, capacity, certificates)
            SELECT u.skill, u.cell, u.id, u.region, u.lat, u.lon, u.capacity,
                   ARRAY(SELECT jsonb_array_elements_text(u.certificates::jsonb))
              FROM unnest(\(skills)::text[], \(cells)::int8[], \(ids)::text[], \(regions)::text[],
                          \(lats)::float8[], \(lons)::float8[], \(capacities)::int[], \(certificates)::text[])
                   AS u (skill, cell, id, region, lat, lon, capacity, certificates)
            ON CONFLICT DO NOTHING
            """)
    }

    /// After the load counters were written: technicians whose counter on their current
    /// service day reached capacity are marked full until that day ends (`until`); the others
    /// touched (`until` nil: a ticket left them) are unmarked. Computed from the counters in
    /// the database, so two instances writing one after the other leave the right mark.
    static func markCapacity(_ marks: [(technicianId: String, day: String, until: Date?)], on db: PGConnection) throws {
        guard !marks.isEmpty else { return }
        let sorted = marks.sorted { $0.technicianId < $1.technicianId }
        try db.execute("""
            UPDATE technician_skills s
               SET full_until = CASE WHEN coalesce(l.load, 0) >= s.capacity THEN u.until END
              FROM unnest(\(sorted.map(\.technicianId))::text[], \(sorted.map(\.day))::text[],
                          \(sorted.map(\.until))::timestamptz[]) AS u (id, day, until)
              LEFT JOIN technician_day_load l ON l.technician_id = u.id AND l.service_day = u.day::date
             WHERE s.technician_id = u.id AND s.full_until IS DISTINCT FROM
                   (CASE WHEN coalesce(l.load, 0) >= s.capacity THEN u.until END)
            """)
    }

    // MARK: The grid

    /// At start-up: when the grid's cell size changed (or was never set), files every active
    /// technician again under the new cells. Locks the grid row, so two instances starting
    /// together rebuild once.
    static func ensureGrid(_ grid: GeoGrid, on db: PGConnection) throws {
        let current: Double = try db.query("SELECT cell_km FROM dispatch_grid WHERE id = 1 FOR UPDATE").first?.get("cell_km") ?? 0
        guard current != grid.cellKm else { return }
        let rows = try db.query("""
            SELECT technician_id, skills, region, lat, lon, daily_capacity, certifications::text AS certifications
              FROM technicians WHERE active
            """)
        let entries = try rows.map { row in
            SkillEntry(technicianId: try row.get("technician_id"), skills: try row.get("skills"), region: try row.get("region"),
                       location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")),
                       capacity: try row.get("daily_capacity"),
                       certificates: CertificateSet(validThrough: try StoreJSON.decode([String: String].self,
                                                                                       try row.get("certifications"))))
        }
        try db.execute("DELETE FROM technician_skills")
        for chunk in stride(from: 0, to: entries.count, by: 5_000) {
            try fileSkills(Array(entries[chunk..<min(entries.count, chunk + 5_000)]), grid: grid, on: db)
        }
        let ids = entries.map(\.technicianId)
        let cells = entries.map { grid.cell(of: $0.location) }
        try db.execute("""
            UPDATE technicians t SET cell = u.cell FROM unnest(\(ids)::text[], \(cells)::int8[]) AS u (id, cell)
             WHERE t.technician_id = u.id
            """)
        try db.execute("UPDATE dispatch_grid SET cell_km = \(grid.cellKm)::float8 WHERE id = 1")
    }
}
