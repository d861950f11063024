import Foundation
import Schema

/// A warehouse's stock of one part, as the planner sees it.
public struct WarehouseStock: Sendable, Equatable {
    public var warehouseId: String
    public var region: String
    public var location: GeoPoint
    public var available: Int

    public init(warehouseId: String, region: String, location: GeoPoint, available: Int) {
        self.warehouseId = warehouseId
        self.region = region
        self.location = location
        self.available = available
    }
}

/// How one requested line is met: what each warehouse reserves, and what is backordered
/// (from `backorderWarehouse`, the first warehouse in the preference order).
public struct ReservationPlan: Sendable, Equatable {
    public var reserved: [PartLine]
    public var backordered: Int
    public var backorderWarehouse: String?
}

/// Reserves from the technician's region first (nearest warehouse first), then from the
/// nearest other warehouses; never more than a warehouse has available; the rest is
/// backordered. Pure.
public enum ReservationPlanner {
    /// Warehouses in preference order for a request at `location` in `region`.
    public static func preference(_ warehouses: [WarehouseStock], region: String, location: GeoPoint) -> [WarehouseStock] {
        warehouses.sorted { a, b in
            let aLocal = a.region == region, bLocal = b.region == region
            if aLocal != bLocal { return aLocal }
            let da = a.location.distanceKm(to: location), db = b.location.distanceKm(to: location)
            if abs(da - db) > 1e-9 { return da < db }
            return a.warehouseId < b.warehouseId
        }
    }

    public static func plan(partNumber: String, quantity: Int, warehouses: [WarehouseStock], region: String,
                            location: GeoPoint) -> ReservationPlan {
        let ordered = preference(warehouses, region: region, location: location)
        var remaining = quantity
        var reserved: [PartLine] = []
        for warehouse in ordered where remaining > 0 && warehouse.available > 0 {
            let take = min(remaining, warehouse.available)
            reserved.append(PartLine(partNumber: partNumber, quantity: take, warehouseId: warehouse.warehouseId))
            remaining -= take
        }
        return ReservationPlan(reserved: reserved, backordered: remaining, backorderWarehouse: ordered.first?.warehouseId)
    }
}
