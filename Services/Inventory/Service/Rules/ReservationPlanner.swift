import Foundation
import Schema

/// One warehouse's stock of one part, as the planner sees it.
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

/// How one requested line is met: reserved lines (with `warehouseId`) and the backordered
/// remainder (0 when fully met), booked against `backorderWarehouse` (the most preferred one).
public struct ReservationPlan: Sendable, Equatable {
    public var partNumber: String
    public var reserved: [PartLine]
    public var backordered: Int
    public var backorderWarehouse: String?

    /// The backordered remainder as a line (nil when nothing is backordered).
    public var backorderLine: PartLine? {
        guard backordered > 0, let backorderWarehouse else { return nil }
        return PartLine(partNumber: partNumber, quantity: backordered, warehouseId: backorderWarehouse)
    }
}

/// Reserves from the ticket's region first (nearest warehouse in the region first), then
/// from the nearest other warehouses with stock; never more than a warehouse has
/// available; the rest is backordered. Pure.
public enum ReservationPlanner {
    /// Warehouses in preference order for a request at `location` in `region`
    /// (ties broken by warehouse id, so the order is deterministic).
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
        var remaining = max(0, quantity)
        var reserved: [PartLine] = []
        for warehouse in ordered where remaining > 0 && warehouse.available > 0 {
            let take = min(remaining, warehouse.available)
            reserved.append(PartLine(partNumber: partNumber, quantity: take, warehouseId: warehouse.warehouseId))
            remaining -= take
        }
        return ReservationPlan(partNumber: partNumber, reserved: reserved, backordered: remaining,
                               backorderWarehouse: ordered.first?.warehouseId)
    }
}
