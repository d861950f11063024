import Foundation
import Postgres

/// SQL of `technician_providers`: each technician's authorised service provider as the
/// roster last said (`technician.upserted` `providerId`; no row or NULL: the brand's own staff).
enum TechnicianProviderStore {
    /// The recorded provider of each of `technicianIds` that has one.
    static func load(_ technicianIds: [String], on db: PGConnection) throws -> [String: String] {
        guard !technicianIds.isEmpty else { return [:] }
        var providers: [String: String] = [:]
        for row in try db.query("""
            SELECT technician_id, provider_id FROM technician_providers
            WHERE technician_id = ANY(\(technicianIds)::text[]) AND provider_id IS NOT NULL
            """) {
            providers[try row.get("technician_id")] = try row.get("provider_id")
        }
        return providers
    }

    /// Writes each technician's latest provider (nil: none) with one statement.
    static func upsert(_ changes: [(technicianId: String, providerId: String?)], on db: PGConnection) throws {
        guard !changes.isEmpty else { return }
        try db.execute("""
            INSERT INTO technician_providers (technician_id, provider_id)
            SELECT * FROM unnest(\(changes.map(\.technicianId))::text[], \(changes.map(\.providerId))::text[])
            ON CONFLICT (technician_id) DO UPDATE SET provider_id = EXCLUDED.provider_id
            """)
    }
}
