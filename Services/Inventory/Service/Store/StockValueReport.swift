import Foundation
import Postgres

/// Stock value per warehouse from the `stock_value` view (`inventory stock-value`).
public enum StockValueReport {
    public static func render(on db: PGConnection) throws -> String {
        var lines = ["WAREHOUSE        PARTS  UNITS  VALUE"]
        for row in try db.query("""
            SELECT warehouse_id, count(*)::bigint AS parts, sum(on_hand)::bigint AS units,
                   sum(value)::double precision AS value, min(currency) AS currency
            FROM stock_value GROUP BY warehouse_id ORDER BY warehouse_id
            """) {
            let warehouse: String = try row.get("warehouse_id")
            let parts: Int = try row.get("parts")
            let units: Int = try row.get("units")
            let value: Double = try row.get("value")
            let currency: String = try row.get("currency")
            lines.append(warehouse.padding(toLength: 16, withPad: " ", startingAt: 0)
                         + String(format: " %5d  %5d  %.2f ", parts, units, value) + currency)
        }
        return lines.joined(separator: "\n")
    }
}
