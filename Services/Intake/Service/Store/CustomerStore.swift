import Foundation
import Postgres

/// The customer store: the platform's only place for customer PII (name, phone, address).
/// Append-only versions per customer id; `customer_current` is the current view.
/// Never log what is read or written here.
public enum CustomerStore {
    /// Records the customer details of a batch's new tickets, in order, with one statement:
    /// a customer's details add a version unless they equal the version before them — the
    /// previous one in the batch, or for the first in the batch the latest stored version when
    /// it is not erased (a customer who gives their details again after an erasure is stored
    /// again, as they now asked for service).
    ///
    /// INSERTs of fresh primary keys only, never an UPDATE: no lock another instance could
    /// wait for, so concurrent instances serving one customer cannot deadlock here.
    public static func record(_ customers: [ValidatedRequest.Customer], now: Date, on db: PGConnection) throws {
        let versions = CustomerVersions.changes(customers)
        guard !versions.isEmpty else { return }
        let ids: [String] = versions.map(\.customer.id)
        let names: [String] = versions.map(\.customer.name)
        let phones: [String] = versions.map(\.customer.phone.normalized)
        let addresses: [String] = versions.map(\.customer.address)
        let regions: [String] = versions.map(\.customer.region)
        let lats: [Double] = versions.map(\.customer.location.lat)
        let lons: [Double] = versions.map(\.customer.location.lon)
        let firsts: [Bool] = versions.map(\.isFirstInBatch)
        try db.execute("""
            INSERT INTO customers (customer_id, name, phone, address, region, lat, lon, recorded_at)
            SELECT i.customer_id, i.name, i.phone, i.address, i.region, i.lat, i.lon, \(now)
            FROM unnest(\(ids)::text[], \(names)::text[], \(phones)::text[], \(addresses)::text[], \(regions)::text[],
                        \(lats)::double precision[], \(lons)::double precision[], \(firsts)::boolean[])
                 WITH ORDINALITY AS i (customer_id, name, phone, address, region, lat, lon, is_first, position)
            WHERE NOT (i.is_first AND EXISTS (
                SELECT 1 FROM (
                    SELECT name, phone, address, region, lat, lon, erased_at FROM customers c
                    WHERE c.customer_id = i.customer_id ORDER BY version DESC LIMIT 1
                ) latest
                WHERE latest.erased_at IS NULL
                  AND (latest.name, latest.phone, latest.address, latest.region, latest.lat, latest.lon)
                      IS NOT DISTINCT FROM (i.name, i.phone, i.address, i.region, i.lat, i.lon)))
            ORDER BY i.position
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
