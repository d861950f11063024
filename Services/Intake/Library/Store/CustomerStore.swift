import Foundation
import Postgres

/// The customer store: the platform's only place for customer PII (name, phone, address).
/// Never log what is read or written here.
public enum CustomerStore {
    /// Inserts or updates a customer by id (a customer who gives their details again after
    /// an erasure is stored again, as they now asked for service).
    ///
    /// A returning customer whose details did not change is neither written nor locked:
    /// the batch transaction then holds no lock on the row, so two instances serving the
    /// same customer from different partitions cannot deadlock on it.
    public static func upsert(_ customer: ValidatedRequest.Customer, now: Date, on db: PGConnection) throws {
        let inserted = try db.execute("""
            INSERT INTO customers (customer_id, name, phone, address, region, lat, lon, first_seen_at, updated_at)
            VALUES (\(customer.id), \(customer.name), \(customer.phone.normalized), \(customer.address), \(customer.region),
                    \(customer.location.lat), \(customer.location.lon), \(now), \(now))
            ON CONFLICT (customer_id) DO NOTHING
            """)
        guard inserted == 0 else { return }
        try db.execute("""
            UPDATE customers SET
                name = \(customer.name), phone = \(customer.phone.normalized), address = \(customer.address),
                region = \(customer.region), lat = \(customer.location.lat), lon = \(customer.location.lon),
                updated_at = \(now), erased_at = NULL
            WHERE customer_id = \(customer.id)
              AND (erased_at IS NOT NULL
                   OR (name, phone, address, region, lat, lon) IS DISTINCT FROM
                      (\(customer.name), \(customer.phone.normalized), \(customer.address), \(customer.region),
                       \(customer.location.lat)::double precision, \(customer.location.lon)::double precision))
            """)
    }

    /// The text that replaces erased personal data.
    public static let erasedMarker = "[erased]"

    /// Anonymises one customer: name, phone and address replaced, location rounded to
    /// about 1 km (0.01°), in the customer row and in their tickets' locations. Tickets
    /// and their history stay. Returns false for an unknown customer.
    @discardableResult
    public static func erase(customerId: String, now: Date, on db: PGConnection) throws -> Bool {
        let changed = try db.execute("""
            UPDATE customers SET name = \(erasedMarker), phone = \(erasedMarker), address = \(erasedMarker),
                   lat = round(lat::numeric, 2)::double precision, lon = round(lon::numeric, 2)::double precision,
                   erased_at = \(now), updated_at = \(now)
            WHERE customer_id = \(customerId)
            """)
        try db.execute("""
            UPDATE tickets SET lat = round(lat::numeric, 2)::double precision, lon = round(lon::numeric, 2)::double precision
            WHERE customer_id = \(customerId)
            """)
        return changed > 0
    }
}
