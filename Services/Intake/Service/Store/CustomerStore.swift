import Foundation
import Postgres

/// The customer store: the platform's only place for customer PII (name, phone, address).
/// Append-only versions per customer id; `customer_current` is the current view.
/// Never log what is read or written here.
public enum CustomerStore {
    /// Upserts a customer by id: records a new version unless the latest version holds
    /// the same details and is not erased (a customer who gives their details again after
    /// an erasure is stored again, as they now asked for service).
    ///
    /// One INSERT of a fresh primary key, never an UPDATE: it takes no lock another
    /// instance could wait for, so concurrent instances cannot deadlock here.
    public static func upsert(_ customer: ValidatedRequest.Customer, now: Date, on db: PGConnection) throws {
        try db.execute("""
            INSERT INTO customers (customer_id, name, phone, address, region, lat, lon, recorded_at)
            SELECT \(customer.id), \(customer.name), \(customer.phone.normalized), \(customer.address),
                   \(customer.region), \(customer.location.lat)::double precision,
                   \(customer.location.lon)::double precision, \(now)
            WHERE NOT EXISTS (
                SELECT 1 FROM (
                    SELECT name, phone, address, region, lat, lon, erased_at FROM customers
                    WHERE customer_id = \(customer.id) ORDER BY version DESC LIMIT 1
                ) latest
                WHERE latest.erased_at IS NULL
                  AND (latest.name, latest.phone, latest.address, latest.region, latest.lat, latest.lon)
                      IS NOT DISTINCT FROM (\(customer.name), \(customer.phone.normalized), \(customer.address),
                                            \(customer.region), \(customer.location.lat)::double precision,
                                            \(customer.location.lon)::double precision))
            """)
    }

    /// The text that replaces erased personal data.
    public static let erasedMarker = "[erased]"

    /// Anonymises one customer: name, phone and address replaced in every version,
    /// location rounded to about 1 km (0.01°) there and in their tickets. Tickets and their
    /// history stay. Returns false for an unknown customer.
    @discardableResult
    public static func erase(customerId: String, now: Date, on db: PGConnection) throws -> Bool {
        let changed = try db.execute("""
            UPDATE customers SET name = \(erasedMarker), phone = \(erasedMarker), address = \(erasedMarker),
                   lat = round(lat::numeric, 2)::double precision, lon = round(lon::numeric, 2)::double precision,
                   erased_at = \(now)
            WHERE customer_id = \(customerId)
            """)
        try db.execute("""
            UPDATE tickets SET lat = round(lat::numeric, 2)::double precision, lon = round(lon::numeric, 2)::double precision
            WHERE customer_id = \(customerId)
            """)
        return changed > 0
    }
}
