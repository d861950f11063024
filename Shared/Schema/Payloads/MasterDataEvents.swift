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
    /// Addition: certificates held (electrical, gas, refrigerant, height-work, …), at most 100.
    public var certifications: [Certification]?
    /// Addition: the authorised service provider they work for; nil for the brand's own staff.
    public var providerId: String?

    public init(
        technicianId: String,
        name: String,
        skills: [String],
        region: String,
        location: GeoPoint,
        dailyCapacity: Int,
        active: Bool,
        certifications: [Certification]? = nil,
        providerId: String? = nil
    ) {
        self.technicianId = technicianId
        self.name = name
        self.skills = skills
        self.region = region
        self.location = location
        self.dailyCapacity = dailyCapacity
        self.active = active
        self.certifications = certifications
        self.providerId = providerId
    }

    public var messageKey: String { technicianId }

    /// A certificate, valid through its `expiresOn` day (in the region's time zone).
    public struct Certification: Codable, Sendable, Hashable {
        /// electrical, gas, refrigerant, height-work, … (open vocabulary, configuration).
        public var type: String
        /// The last valid day, "YYYY-MM-DD".
        public var expiresOn: String

        public init(type: String, expiresOn: String) {
            self.type = type
            self.expiresOn = expiresOn
        }

        /// True when the certificate is still valid on `day` ("YYYY-MM-DD", the visit day
        /// in the region's time zone): valid through `expiresOn` inclusive.
        public func isValid(onDay day: String) -> Bool {
            CalendarDate.isValid(expiresOn) && CalendarDate.isValid(day) && day <= expiresOn
        }
    }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(technicianId, "technicianId")
        checks.maxLength(name, SchemaLimits.maxNameLength, "name")
        checks.maxCount(skills.count, SchemaLimits.maxListCount, "skills")
        for (index, skill) in skills.prefix(SchemaLimits.maxListCount).enumerated() {
            checks.oneOf(skill, ProductCategory.self, "skills[\(index)]")
        }
        checks.maxLength(region, SchemaLimits.maxNameLength, "region")
        checks.within(dailyCapacity, SchemaLimits.dailyCapacity, "dailyCapacity")
        checks.location(location, "location")
        if let certifications {
            checks.maxCount(certifications.count, SchemaLimits.maxListCount, "certifications")
            for (index, certification) in certifications.prefix(SchemaLimits.maxListCount).enumerated() {
                checks.name(certification.type, "certifications[\(index)].type")
                checks.calendarDate(certification.expiresOn, "certifications[\(index)].expiresOn")
            }
        }
        checks.identifier(providerId, "providerId")
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
        checks.identifier(partNumber, "partNumber")
        checks.maxLength(name, SchemaLimits.maxNameLength, "name")
        checks.amount(unitPrice, "unitPrice", cents: false)
        checks.currency(currency, "currency")
        checks.within(leadTimeDays, SchemaLimits.leadTimeDays, "leadTimeDays")
        if let reorderPoint { checks.within(reorderPoint, SchemaLimits.stockLevel, "reorderPoint") }
        checks.optionalName(supplier, "supplier")
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
        checks.identifier(warehouseId, "warehouseId")
        checks.maxLength(region, SchemaLimits.maxNameLength, "region")
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
        checks.identifier(partNumber, "partNumber")
        checks.identifier(warehouseId, "warehouseId")
        checks.within(quantity, SchemaLimits.quantity, "quantity")
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
        checks.identifier(partNumber, "partNumber")
        checks.identifier(warehouseId, "warehouseId")
        checks.within(countedQuantity, SchemaLimits.stockLevel, "countedQuantity")
        return checks.errors
    }
}
