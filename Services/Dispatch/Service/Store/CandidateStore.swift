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

    /// The cells as a PostgreSQL array literal (`{1,2,3}`), bound as text and cast.
    var cellsLiteral: String { "{" + (cells ?? []).map(String.init).joined(separator: ",") + "}" }
}

/// What the nearest-first search found for one ticket.
struct NearestCandidates: Sendable {
    /// Technician ids, nearest first.
    var ids: [String]
    /// The distance (km, as PostgreSQL computed it) of the last one read.
    var boundaryKm: Double
}

/// The candidate searches, each one statement for every ticket of a batch. They read the
/// skills index (`technician_skills`, btree on `(skill, cell)` and `(skill, region)`), never
/// the whole roster, and return each technician with their load counters.
enum CandidateStore {
    /// The haversine distance (km) between the ticket `t` and the skills-index row `s`, as
    /// `GeoPoint.distanceKm` computes it.
    private static let distanceSQL: PGQuery = """
        2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(s.lat - t.lat) / 2), 2)
            + cos(radians(t.lat)) * cos(radians(s.lat)) * power(sin(radians(s.lon - t.lon) / 2), 2))))
        """

    /// For each site, the `limit` nearest skilled active technicians in its cells.
    static func nearest(_ sites: [SearchSite], limit: Int, days: [String], on db: PGConnection) throws
        -> (candidates: [String: NearestCandidates], records: [TechnicianRecord]) {
        guard !sites.isEmpty else { return ([:], []) }
        let rows = try db.query("""
            SELECT t.ticket_id, n.distance, \(fragment: RosterStore.profileColumns(days: days))
              FROM unnest(\(sites.map(\.ticketId))::text[], \(sites.map(\.category))::text[],
                          \(sites.map(\.location.lat))::float8[], \(sites.map(\.location.lon))::float8[],
                          \(sites.map(\.cellsLiteral))::text[]) AS t (ticket_id, skill, lat, lon, cells)
             CROSS JOIN LATERAL (
                   SELECT s.technician_id, \(fragment: distanceSQL) AS distance
                     FROM technician_skills s
                    WHERE s.skill = t.skill AND s.cell = ANY(t.cells::int8[])
                    ORDER BY distance, s.technician_id
                    LIMIT \(limit)::int) n
              JOIN technicians x ON x.technician_id = n.technician_id
             ORDER BY t.ticket_id, n.distance, n.technician_id
            """)
        var candidates: [String: NearestCandidates] = [:]
        var records: [String: TechnicianRecord] = [:]
        for site in sites { candidates[site.ticketId] = NearestCandidates(ids: [], boundaryKm: 0) }
        for row in rows {
            let ticketId: String = try row.get("ticket_id")
            let record = try RosterStore.decodeRecord(row)
            records[record.profile.technicianId] = record
            candidates[ticketId]?.ids.append(record.profile.technicianId)
            candidates[ticketId]?.boundaryKm = try row.get("distance")
        }
        return (candidates, Array(records.values))
    }

    /// For each site, every skilled active technician of its region or in its cells.
    static func complete(_ sites: [SearchSite], days: [String], on db: PGConnection) throws
        -> (candidates: [String: [String]], records: [TechnicianRecord]) {
        guard !sites.isEmpty else { return ([:], []) }
        let rows = try db.query("""
            SELECT t.ticket_id, \(fragment: RosterStore.profileColumns(days: days))
              FROM unnest(\(sites.map(\.ticketId))::text[], \(sites.map(\.category))::text[],
                          \(sites.map(\.region))::text[], \(sites.map(\.cellsLiteral))::text[])
                   AS t (ticket_id, skill, region, cells)
             CROSS JOIN LATERAL (
                   SELECT s.technician_id FROM technician_skills s WHERE s.skill = t.skill AND s.region = t.region
                   UNION
                   SELECT s.technician_id FROM technician_skills s
                    WHERE s.skill = t.skill AND s.cell = ANY(t.cells::int8[])) n
              JOIN technicians x ON x.technician_id = n.technician_id
            """)
        var candidates: [String: [String]] = [:]
        var records: [String: TechnicianRecord] = [:]
        for site in sites { candidates[site.ticketId] = [] }
        for row in rows {
            let ticketId: String = try row.get("ticket_id")
            let record = try RosterStore.decodeRecord(row)
            records[record.profile.technicianId] = record
            candidates[ticketId]?.append(record.profile.technicianId)
        }
        return (candidates, Array(records.values))
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
