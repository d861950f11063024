import Foundation

/// Technician master data from the roster system (create or replace).
public struct TechnicianUpserted: EventPayload, Hashable {
    public static let eventType = EventType.technicianUpserted
    public static let topic = Topic.roster

    /// The technician.
    public var technicianId: String
    /// Display name.
    public var name: String
    /// `ProductCategory` raw values the technician may repair.
    public var skills: [String]
    /// Home region.
    public var region: String
    /// Home base.
    public var location: GeoPoint
    /// Jobs per day.
    public var dailyCapacity: Int
    /// Whether dispatch may assign them.
    public var active: Bool

    public init(
        technicianId: String,
        name: String,
        skills: [String],
        region: String,
        location: GeoPoint,
        dailyCapacity: Int,
        active: Bool
    ) {
        self.technicianId = technicianId
        self.name = name
        self.skills = skills
        self.region = region
        self.location = location
        self.dailyCapacity = dailyCapacity
        self.active = active
    }

    public var messageKey: String { technicianId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.nonEmpty(technicianId, "technicianId")
        for (index, skill) in skills.enumerated() { checks.oneOf(skill, ProductCategory.self, "skills[\(index)]") }
        checks.atLeast(dailyCapacity, 0, "dailyCapacity")
        checks.location(location, "location")
        return checks.errors
    }

    /// The valid skills as vocabulary values (unknown ones dropped).
    public var skillCategories: [ProductCategory] { skills.compactMap(ProductCategory.init(rawValue:)) }
}

/// A spare part in the catalogue (create or replace).
public struct PartUpserted: EventPayload, Hashable {
    public static let eventType = EventType.partUpserted
    public static let topic = Topic.stock

    /// The part.
    public var partNumber: String
    /// Description.
    public var name: String
    /// Price per unit.
    public var unitPrice: Double
    /// Three-letter currency code.
    public var currency: String
    /// Supplier lead time in days.
    public var leadTimeDays: Int
    /// Stock level that triggers `stock.low`.
    public var reorderPoint: Int?
    /// Supplier name.
    public var supplier: String?

    public init(
        partNumber: String,
        name: String,
        unitPrice: Double,
        currency: String,
        leadTimeDays: Int,
        reorderPoint: Int? = nil,
        supplier: String? = nil
    ) {
        self.partNumber = partNumber
        self.name = name
        self.unitPrice = unitPrice
        self.currency = currency
        self.leadTimeDays = leadTimeDays
        self.reorderPoint = reorderPoint
        self.supplier = supplier
    }

    public var messageKey: String { partNumber }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.nonEmpty(partNumber, "partNumber")
        checks.atLeast(unitPrice, 0, "unitPrice")
        checks.currency(currency, "currency")
        checks.atLeast(leadTimeDays, 0, "leadTimeDays")
        if let reorderPoint { checks.atLeast(reorderPoint, 0, "reorderPoint") }
        return checks.errors
    }
}

/// A warehouse (create or replace). Keyed by `warehouseId`: it has no part number.
public struct WarehouseUpserted: EventPayload, Hashable {
    public static let eventType = EventType.warehouseUpserted
    public static let topic = Topic.stock

    /// The warehouse.
    public var warehouseId: String
    /// Region served.
    public var region: String
    /// Where it is.
    public var location: GeoPoint

    public init(warehouseId: String, region: String, location: GeoPoint) {
        self.warehouseId = warehouseId
        self.region = region
        self.location = location
    }

    public var messageKey: String { warehouseId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.nonEmpty(warehouseId, "warehouseId")
        checks.location(location, "location")
        return checks.errors
    }
}

/// Goods received into a warehouse.
public struct StockReceived: EventPayload, Hashable {
    public static let eventType = EventType.stockReceived
    public static let topic = Topic.stock

    /// The part.
    public var partNumber: String
    /// Where it arrived.
    public var warehouseId: String
    /// Units received (≥ 1).
    public var quantity: Int

    public init(partNumber: String, warehouseId: String, quantity: Int) {
        self.partNumber = partNumber
        self.warehouseId = warehouseId
        self.quantity = quantity
    }

    public var messageKey: String { partNumber }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.nonEmpty(partNumber, "partNumber")
        checks.nonEmpty(warehouseId, "warehouseId")
        checks.atLeast(quantity, 1, "quantity")
        return checks.errors
    }
}

/// A physical count: sets on-hand stock.
public struct StockCounted: EventPayload, Hashable {
    public static let eventType = EventType.stockCounted
    public static let topic = Topic.stock

    /// The part.
    public var partNumber: String
    /// Where it was counted.
    public var warehouseId: String
    /// Units on hand (≥ 0).
    public var countedQuantity: Int

    public init(partNumber: String, warehouseId: String, countedQuantity: Int) {
        self.partNumber = partNumber
        self.warehouseId = warehouseId
        self.countedQuantity = countedQuantity
    }

    public var messageKey: String { partNumber }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.nonEmpty(partNumber, "partNumber")
        checks.nonEmpty(warehouseId, "warehouseId")
        checks.atLeast(countedQuantity, 0, "countedQuantity")
        return checks.errors
    }
}
