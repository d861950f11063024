import Foundation
import Postgres

/// SQL of `part_prices`: dispatch's own copy of the catalogue prices (`part.upserted` on
/// `aftersales.stock`). At most one read and one write per batch.
enum PriceStore {
    /// The prices of these part numbers (unknown ones absent).
    static func prices(of partNumbers: [String], on db: PGConnection) throws -> [String: PartPrice] {
        guard !partNumbers.isEmpty else { return [:] }
        let rows = try db.query("""
            SELECT part_number, unit_price, currency FROM part_prices WHERE part_number = ANY(\(partNumbers.sorted())::text[])
            """)
        var prices: [String: PartPrice] = [:]
        for row in rows {
            prices[try row.get("part_number")] = PartPrice(unitPrice: try row.get("unit_price"), currency: try row.get("currency"))
        }
        return prices
    }

    /// Inserts or replaces the prices with one statement (part-number order).
    static func upsert(_ prices: [String: PartPrice], now: Date, on db: PGConnection) throws {
        guard !prices.isEmpty else { return }
        let rows = prices.sorted { $0.key < $1.key }
        try db.execute("""
            INSERT INTO part_prices (part_number, unit_price, currency, updated_at)
            SELECT u.part_number, u.unit_price, u.currency, \(now)
              FROM unnest(\(rows.map(\.key))::text[], \(rows.map(\.value.unitPrice))::float8[],
                          \(rows.map(\.value.currency))::text[]) AS u (part_number, unit_price, currency)
            ON CONFLICT (part_number) DO UPDATE
               SET unit_price = EXCLUDED.unit_price, currency = EXCLUDED.currency, updated_at = EXCLUDED.updated_at
            """)
    }
}
