import Foundation

/// Dispatch asks inventory to reserve parts for a ticket.
public struct PartsRequested: EventPayload, Hashable {
    public static let eventType = EventType.partsRequested
    public static let topic = Topic.parts

    /// The ticket this is about.
    public var ticketId: String
    /// Who needs them.
    public var technicianId: String
    /// Where they are needed.
    public var region: String
    /// Where they are needed.
    public var location: GeoPoint
    public var lines: [PartLine]

    public init(
        ticketId: String,
        technicianId: String,
        region: String,
        location: GeoPoint,
        lines: [PartLine]
    ) {
        self.ticketId = ticketId
        self.technicianId = technicianId
        self.region = region
        self.location = location
        self.lines = lines
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(technicianId, "technicianId")
        checks.maxLength(region, SchemaLimits.maxNameLength, "region")
        checks.location(location, "location")
        checks.boundedPartLines(lines, "lines")
        return checks.errors
    }
}

/// Parts set aside in warehouses.
public struct PartsReserved: EventPayload, Hashable {
    public static let eventType = EventType.partsReserved
    public static let topic = Topic.parts

    /// The ticket this is about.
    public var ticketId: String
    /// With `warehouseId`.
    public var lines: [PartLine]

    public init(ticketId: String, lines: [PartLine]) {
        self.ticketId = ticketId
        self.lines = lines
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.boundedPartLines(lines, "lines")
        return checks.errors
    }
}

/// Parts not on hand, ordered from the supplier.
public struct PartsBackordered: EventPayload, Hashable {
    public static let eventType = EventType.partsBackordered
    public static let topic = Topic.parts

    /// The ticket this is about.
    public var ticketId: String
    /// With `warehouseId`.
    public var lines: [PartLine]
    /// When the supplier should deliver.
    public var expectedBy: Date

    public init(ticketId: String, lines: [PartLine], expectedBy: Date) {
        self.ticketId = ticketId
        self.lines = lines
        self.expectedBy = expectedBy
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.boundedPartLines(lines, "lines")
        return checks.errors
    }
}

/// Reserved parts were used.
public struct PartsConsumed: EventPayload, Hashable {
    public static let eventType = EventType.partsConsumed
    public static let topic = Topic.parts

    /// The ticket this is about.
    public var ticketId: String
    public var lines: [PartLine]

    public init(ticketId: String, lines: [PartLine]) {
        self.ticketId = ticketId
        self.lines = lines
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.boundedPartLines(lines, "lines")
        return checks.errors
    }
}

/// Reserved parts go back to stock.
public struct PartsReleased: EventPayload, Hashable {
    public static let eventType = EventType.partsReleased
    public static let topic = Topic.parts

    /// The ticket this is about.
    public var ticketId: String
    public var lines: [PartLine]

    public init(ticketId: String, lines: [PartLine]) {
        self.ticketId = ticketId
        self.lines = lines
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.boundedPartLines(lines, "lines")
        return checks.errors
    }
}

/// Available stock fell below the reorder point.
public struct StockLow: EventPayload, Hashable {
    public static let eventType = EventType.stockLow
    public static let topic = Topic.inventory

    public var partNumber: String
    public var warehouseId: String
    /// On hand minus reserved.
    public var available: Int
    public var reorderPoint: Int

    public init(partNumber: String, warehouseId: String, available: Int, reorderPoint: Int) {
        self.partNumber = partNumber
        self.warehouseId = warehouseId
        self.available = available
        self.reorderPoint = reorderPoint
    }

    public var messageKey: String { partNumber }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(partNumber, "partNumber")
        checks.identifier(warehouseId, "warehouseId")
        let level = SchemaLimits.stockLevel.upperBound
        checks.within(available, -level...level, "available")
        checks.within(reorderPoint, SchemaLimits.stockLevel, "reorderPoint")
        return checks.errors
    }
}

/// Inventory suggests ordering more of a part.
public struct ReorderSuggested: EventPayload, Hashable {
    public static let eventType = EventType.reorderSuggested
    public static let topic = Topic.inventory

    public var partNumber: String
    public var warehouseId: String
    /// Units to order.
    public var quantity: Int
    public var reason: String

    public init(partNumber: String, warehouseId: String, quantity: Int, reason: String) {
        self.partNumber = partNumber
        self.warehouseId = warehouseId
        self.quantity = quantity
        self.reason = reason
    }

    public var messageKey: String { partNumber }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(partNumber, "partNumber")
        checks.identifier(warehouseId, "warehouseId")
        checks.within(quantity, 1...SchemaLimits.stockLevel.upperBound, "quantity")
        checks.maxLength(reason, SchemaLimits.maxTextLength, "reason")
        return checks.errors
    }
}
