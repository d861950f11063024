import Foundation

// MARK: - Closed vocabularies of the topic contract (DESIGN.md)
//
// Every enum's raw value is the exact string on the wire. Consumers must treat an
// unknown raw value as a validation failure with a field-level reason, never a crash.

/// Where a request came from.
public enum Channel: String, Codable, Sendable, CaseIterable {
    case hotline, web, app, wechat, store, erp, crm
}

/// What the customer asks for.
public enum RequestKind: String, Codable, Sendable, CaseIterable {
    case repair, installation, maintenance, complaint
}

/// Product categories the platform serves; a technician's skills are a set of these.
public enum ProductCategory: String, Codable, Sendable, CaseIterable {
    case furniture
    case doorsWindows = "doors-windows"
    case flooring
    case tiles
    case sanitaryWare = "sanitary-ware"
    case kitchenAppliance = "kitchen-appliance"
    case washingMachine = "washing-machine"
    case refrigerator
    case airConditioner = "air-conditioner"
    case waterHeater = "water-heater"
    case rangeHood = "range-hood"
    case robotVacuum = "robot-vacuum"
    case smartLock = "smart-lock"
    case smartSpeaker = "smart-speaker"
    case homeDecor = "home-decor"
}

/// Warranty standing of a ticket's product.
public enum WarrantyStatus: String, Codable, Sendable, CaseIterable {
    case inWarranty = "in-warranty"
    case outOfWarranty = "out-of-warranty"
    case repairWarranty = "repair-warranty"
    case unknown
}

/// Fault class derived from the customer's description.
public enum FaultCategory: String, Codable, Sendable, CaseIterable {
    case hardware, software, network
    case userDamage = "user-damage"
    case installation, unknown
}

/// Ticket priority; drives the SLA deadlines.
public enum Priority: String, Codable, Sendable, CaseIterable, Comparable {
    case emergency, high, normal, low

    /// Lower rank is more urgent.
    public var rank: Int {
        switch self {
        case .emergency: 0
        case .high: 1
        case .normal: 2
        case .low: 3
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}

/// Severity of an alert.
public enum AlertSeverity: String, Codable, Sendable, CaseIterable {
    case info, warning, critical
}

/// Severity of a customer complaint.
public enum ComplaintSeverity: String, Codable, Sendable, CaseIterable {
    case critical, high, normal
}

/// Why dispatch could not find a technician.
public enum UnassignableReason: String, Codable, Sendable, CaseIterable {
    case noSkill = "no-skill"
    case outOfRange = "out-of-range"
    /// Reachable technicians exist, none holds the certificates the work needs, valid on the
    /// visit day (DESIGN.md "Additions (December 2026)", certifications).
    case noCertifiedTechnician = "no-certified-technician"
    case noCapacity = "no-capacity"
    case candidatesExhausted = "candidates-exhausted"
}

/// A point on the earth in decimal degrees (WGS 84).
public struct GeoPoint: Codable, Sendable, Hashable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Great-circle distance in kilometres (haversine, mean earth radius 6,371.0088 km).
    public func distanceKm(to other: GeoPoint) -> Double {
        let radius = 6371.0088
        let toRadians = Double.pi / 180
        let dLat = (other.lat - lat) * toRadians
        let dLon = (other.lon - lon) * toRadians
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(lat * toRadians) * cos(other.lat * toRadians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * radius * asin(min(1, sqrt(a)))
    }

    /// True when latitude is within ±90 and longitude within ±180.
    public var isInRange: Bool {
        lat.isFinite && lon.isFinite && (-90...90).contains(lat) && (-180...180).contains(lon)
    }
}

/// One line of a parts list: a part number and a quantity; `warehouseId` is set on
/// reservations and backorders.
public struct PartLine: Codable, Sendable, Hashable {
    public var partNumber: String
    public var quantity: Int
    public var warehouseId: String?

    public init(partNumber: String, quantity: Int, warehouseId: String? = nil) {
        self.partNumber = partNumber
        self.quantity = quantity
        self.warehouseId = warehouseId
    }
}

/// A field-level reason why a message was rejected: which field, a stable machine code
/// (`required`, `invalid-format`, `out-of-range`, `unknown-value`, `too-long`, …) and a
/// sentence for people.
public struct FieldError: Codable, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var code: String
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { "\(field): \(code) (\(message))" }
}
