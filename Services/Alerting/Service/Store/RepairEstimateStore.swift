import Foundation
import Postgres

/// SQL of `repair_estimates`: one learned typical repair time per product category.
enum RepairEstimateStore {
    /// The estimates of `categories` that have one.
    static func load(_ categories: [String], on db: PGConnection) throws -> [String: RepairTimeEstimate] {
        guard !categories.isEmpty else { return [:] }
        var estimates: [String: RepairTimeEstimate] = [:]
        for row in try db.query("""
            SELECT category, samples, seconds FROM repair_estimates WHERE category = ANY(\(categories)::text[]) ORDER BY category FOR UPDATE
            """) {
            estimates[try row.get("category")] = RepairTimeEstimate(samples: try row.get("samples"), seconds: try row.get("seconds"))
        }
        return estimates
    }

    /// Writes the changed estimates, one statement.
    static func upsert(_ estimates: [(category: String, estimate: RepairTimeEstimate)], on db: PGConnection) throws {
        guard !estimates.isEmpty else { return }
        try db.execute("""
            INSERT INTO repair_estimates (category, samples, seconds)
            SELECT * FROM unnest(\(estimates.map(\.category))::text[], \(estimates.map(\.estimate.samples))::integer[],
                                 \(estimates.map(\.estimate.seconds))::double precision[])
            ON CONFLICT (category) DO UPDATE SET samples = EXCLUDED.samples, seconds = EXCLUDED.seconds
            """)
    }
}
