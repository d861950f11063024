import Foundation
import Postgres

/// SQL of the append-only, per-event fact tables: `parts_facts` (fill rate) and
/// `stream_facts` (rejections and dead letters, counted). Keyed by event id.
enum EventFactStore {
    /// Appends parts answers with one statement.
    static func insert(_ parts: [PartsFact], on db: PGConnection) throws {
        guard !parts.isEmpty else { return }
        try db.execute("""
            INSERT INTO parts_facts (event_id, ticket_id, reserved, backordered, at)
            SELECT * FROM unnest(\(parts.map(\.eventId))::text[], \(parts.map(\.ticketId))::text[],
                                 \(parts.map(\.reserved))::int[], \(parts.map(\.backordered))::int[],
                                 \(parts.map(\.at))::timestamptz[])
            ON CONFLICT (event_id) DO NOTHING
            """)
    }

    /// Appends counted events with one statement.
    static func insert(_ counted: [CountedFact], on db: PGConnection) throws {
        guard !counted.isEmpty else { return }
        try db.execute("""
            INSERT INTO stream_facts (event_id, event_type, at)
            SELECT * FROM unnest(\(counted.map(\.eventId))::text[], \(counted.map(\.eventType))::text[],
                                 \(counted.map(\.at))::timestamptz[])
            ON CONFLICT (event_id) DO NOTHING
            """)
    }
}
