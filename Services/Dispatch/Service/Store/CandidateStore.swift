import Foundation
import Postgres
import Schema

/// Where and what a ticket's candidate search looks for.
struct SearchSite: Sendable, Hashable {
    var ticketId: String
    var category: String
    var region: String
    var location: GeoPoint
    /// The grid cells within the search radius, or nil near the poles (region only).
    var cells: [Int64]?
    /// Certificate types the work needs, and the day they must be valid on.
    var requiredCertificates: [String] = []
    var visitDay: String = ""

    /// The cells as a PostgreSQL array literal (`{1,2,3}`), bound as text and cast.
    var cellsLiteral: String { "{" + (cells ?? []).map(String.init).joined(separator: ",") + "}" }

    /// The required types as a PostgreSQL array literal (types are `[a-z0-9-]`, see
    /// `CertificationRequirements`), bound as text and cast.
    var requiredLiteral: String { "{" + requiredCertificates.sorted().joined(separator: ",") + "}" }
}

/// What the nearest-first search found for one ticket.
struct NearestCandidates: Sendable {
    /// Technician ids, nearest first.
    var ids: [String]
    /// The distance (km, as PostgreSQL computed it) of the last one read.
    var boundaryKm: Double
}

/// The candidate searches, each one statement for every ticket of a batch. They read the
/// skills index (`technician_skills`, btree on `(skill, cell)` covering the home location and
/// the full mark, and on `(skill, region)`), never the whole roster, and return each candidate
/// with their load counters.
enum CandidateStore {
    /// The haversine distance (km) between the ticket `t` and the skills-index row `s`, as
    /// `GeoPoint.distanceKm` computes it.
    private static let distanceSQL: PGQuery = """
        2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(s.lat - t.lat) / 2), 2)
            + cos(radians(t.lat)) * cos(radians(s.lat)) * power(sin(radians(s.lon - t.lon) / 2), 2))))
        """

    /// What a candidate row carries besides the ids: read from the skills index itself (it
    /// holds only active technicians, with their region, home and capacity) plus the load
    /// counters of `days` — no join to the roster.
    private static let indexColumns: PGQuery = """
        s.technician_id, s.region, s.lat, s.lon, s.capacity, s.certificates, l.service_day::text AS load_day, l.load
        """

    /// The load counters of the index row `s` on `days`: one row per counter found (none: no row).
    ///
    /// A lateral lookup per candidate row (the OFFSET 0 fence keeps the planner from flattening
    /// it into a plain join): a few primary-key probes for the few candidates, whatever the
    /// counters' statistics say — planned as a join, a stale estimate of one counter row made
    /// it a nested loop over every counter for every candidate (~40 ms per batch).
    private static func countersJoin(days: [String]) -> PGQuery {
        """
        LEFT JOIN LATERAL (SELECT c.service_day, c.load FROM technician_day_load c
                            WHERE c.technician_id = s.technician_id AND c.service_day = ANY(\(days)::date[])
                           OFFSET 0) l ON true
        """
    }

    /// A candidate row as a profile: the skill searched for is the one it is known to have.
    private static func decodeCandidate(_ row: PGRow, skill: String) throws -> TechnicianRecord {
        var loads: [String: Int] = [:]
        if let day: String = try row.get("load_day"), let load: Int = try row.get("load") { loads[day] = max(0, load) }
        let profile = TechnicianProfile(
            technicianId: try row.get("technician_id"), skills: [skill], region: try row.get("region"),
            location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")), dailyCapacity: try row.get("capacity"),
            active: true, certificates: CertificateSet(indexEntries: try row.get("certificates")))
        return TechnicianRecord(profile: profile, loads: loads)
    }

    /// For each site, the `limit` nearest skilled active technicians in its cells that were
    /// not full at `now` (a full technician is marked until their service day ends) and hold
    /// every certificate the site needs, valid on its visit day.
    static func nearest(_ sites: [SearchSite], limit: Int, now: Date, days: [String], on db: PGConnection) throws
        -> (candidates: [String: NearestCandidates], records: [TechnicianRecord]) {
        guard !sites.isEmpty else { return ([:], []) }
        let rows = try db.query("""
            SELECT t.ticket_id, t.skill, s.distance, \(fragment: indexColumns)
              FROM unnest(\(sites.map(\.ticketId))::text[], \(sites.map(\.category))::text[],
                          \(sites.map(\.location.lat))::float8[], \(sites.map(\.location.lon))::float8[],
                          \(sites.map(\.cellsLiteral))::text[], \(sites.map(\.requiredLiteral))::text[],
                          \(sites.map(\.visitDay))::text[]) AS t (ticket_id, skill, lat, lon, cells, required, day)
             CROSS JOIN LATERAL (
                   -- Nearest first, then the certificate check on the sorted rows: the
                   -- OFFSET 0 fence keeps the check above the sort, so LIMIT stops it after
                   -- `limit` passing rows instead of checking every technician in the cells
                   -- (the sorted order is kept: no second sort).
                   SELECT * FROM (
                       SELECT s.technician_id, s.region, s.lat, s.lon, s.capacity, s.certificates,
                              \(fragment: distanceSQL) AS distance
                         FROM technician_skills s
                        WHERE s.skill = t.skill AND s.cell = ANY(t.cells::int8[])
                          AND (s.full_until IS NULL OR s.full_until <= \(now))
                        ORDER BY distance, s.technician_id
                       OFFSET 0) s
                    WHERE t.required = '{}' OR NOT EXISTS (
                              SELECT 1 FROM unnest(t.required::text[]) AS r (type)
                               WHERE NOT EXISTS (SELECT 1 FROM unnest(s.certificates) AS c (entry)
                                                  WHERE split_part(c.entry, '|', 1) = r.type
                                                    AND split_part(c.entry, '|', 2) >= t.day))
                    ORDER BY distance, technician_id
                    LIMIT \(limit)::int) s
             \(fragment: countersJoin(days: days))
            """)
        var found: [String: [String: Double]] = [:]
        var records: [String: TechnicianRecord] = [:]
        for row in rows {
            let ticketId: String = try row.get("ticket_id")
            let record = try decodeCandidate(row, skill: try row.get("skill"))
            found[ticketId, default: [:]][record.profile.technicianId] = try row.get("distance")
            merge(record, into: &records)
        }
        var candidates: [String: NearestCandidates] = [:]
        for site in sites {
            let list = (found[site.ticketId] ?? [:]).map { (id: $0.key, distance: $0.value) }
                .sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }
            candidates[site.ticketId] = NearestCandidates(ids: list.map(\.id), boundaryKm: list.last?.distance ?? 0)
        }
        return (candidates, Array(records.values))
    }

    /// One record per technician: the counters of several days arrive as several rows, and
    /// the skills searched for accumulate.
    private static func merge(_ record: TechnicianRecord, into records: inout [String: TechnicianRecord]) {
        let id = record.profile.technicianId
        guard var known = records[id] else {
            records[id] = record
            return
        }
        known.loads.merge(record.loads) { _, new in new }
        known.profile.skills.formUnion(record.profile.skills)
        records[id] = known
    }

    /// For each site, every skilled active technician of its region or in its cells, full or not.
    static func complete(_ sites: [SearchSite], days: [String], on db: PGConnection) throws
        -> (candidates: [String: [String]], records: [TechnicianRecord]) {
        guard !sites.isEmpty else { return ([:], []) }
        let rows = try db.query("""
            SELECT t.ticket_id, t.skill, \(fragment: indexColumns)
              FROM unnest(\(sites.map(\.ticketId))::text[], \(sites.map(\.category))::text[],
                          \(sites.map(\.region))::text[], \(sites.map(\.cellsLiteral))::text[])
                   AS t (ticket_id, skill, region, cells)
             CROSS JOIN LATERAL (
                   SELECT s.technician_id, s.region, s.lat, s.lon, s.capacity, s.certificates FROM technician_skills s
                    WHERE s.skill = t.skill AND s.region = t.region
                   UNION
                   SELECT s.technician_id, s.region, s.lat, s.lon, s.capacity, s.certificates FROM technician_skills s
                    WHERE s.skill = t.skill AND s.cell = ANY(t.cells::int8[])) s
             \(fragment: countersJoin(days: days))
            """)
        var found: [String: Set<String>] = [:]
        var records: [String: TechnicianRecord] = [:]
        for site in sites { found[site.ticketId] = [] }
        for row in rows {
            let ticketId: String = try row.get("ticket_id")
            let record = try decodeCandidate(row, skill: try row.get("skill"))
            found[ticketId, default: []].insert(record.profile.technicianId)
            merge(record, into: &records)
        }
        return (found.mapValues { $0.sorted() }, Array(records.values))
    }

    /// Which of `categories` some active technician outside `excluded` has as a skill.
    static func skilledCategories(_ categories: [String], excluding excluded: [String], on db: PGConnection) throws
        -> Set<String> {
        guard !categories.isEmpty else { return [] }
        let rows = try db.query("""
            SELECT c.skill FROM unnest(\(categories)::text[]) AS c (skill)
             WHERE EXISTS (SELECT 1 FROM technician_skills s
                            WHERE s.skill = c.skill AND s.technician_id <> ALL(\(excluded)::text[]))
            """)
        return Set(try rows.map { try $0.get("skill", as: String.self) })
    }
}
