import Foundation

/// Where a consumption that was never reserved for the ticket is taken from. Pure.
///
/// `parts.consumed` carries no region, so the technician's region is inferred from the
/// ticket's own history (warehouses it reserved from or was backordered against). Only a
/// warehouse that has the whole remainder available qualifies; preference: the warehouse the
/// line names, then one in the ticket's regions, then the one with most available, then by id.
public enum ConsumptionSource {
    /// One warehouse's unreserved stock of the consumed part.
    public struct Candidate: Sendable, Equatable {
        public var warehouseId: String
        /// nil while the warehouse's `warehouse.upserted` has not arrived.
        public var region: String?
        public var available: Int

        public init(warehouseId: String, region: String?, available: Int) {
            self.warehouseId = warehouseId
            self.region = region
            self.available = available
        }
    }

    /// The warehouse to consume `quantity` from, or nil when none has it available.
    public static func choose(quantity: Int, candidates: [Candidate], namedWarehouse: String?,
                              ticketRegions: Set<String>) -> String? {
        func rank(_ c: Candidate) -> Int {
            if c.warehouseId == namedWarehouse { return 0 }
            if let region = c.region, ticketRegions.contains(region) { return 1 }
            return 2
        }
        return candidates.filter { $0.available >= quantity && quantity > 0 }
            .sorted { a, b in
                let ra = rank(a), rb = rank(b)
                if ra != rb { return ra < rb }
                if a.available != b.available { return a.available > b.available }
                return a.warehouseId < b.warehouseId
            }
            .first?.warehouseId
    }
}
