import Foundation

/// The bounds inventory holds every number and identifier to before it stores or computes
/// with it (issue 13: bounded input). They match Schema's field bounds, and protect the store
/// on their own: an out-of-range value is dead-lettered with a field reason, never left to
/// overflow an `integer` column, a `numeric(12, 2)` price or a date. Pure.
public enum InventoryLimits {
    /// Units on one line (requested, consumed, released) or in one receipt.
    public static let quantity = 1...100_000
    /// Units on hand in one warehouse, and a stock count or a reorder point.
    public static let stockLevel = 0...10_000_000
    /// Supplier lead time in days (a backorder's `expectedBy` is at most a year out).
    public static let leadTimeDays = 0...365
    /// Price per unit, in the currency's units.
    public static let unitPrice: ClosedRange<Double> = 0...10_000_000
    /// Lines of one parts list.
    public static let maxLines = 100
    /// Characters of a ticket id, part number or warehouse id.
    public static let maxIdentifierLength = 200

    /// Why `value` cannot be an identifier (empty, too long, control characters), or nil.
    public static func identifierProblem(_ value: String, _ field: String) -> String? {
        if value.isEmpty { return "\(field): must not be empty" }
        if value.unicodeScalars.count > maxIdentifierLength {
            return "\(field): must be at most \(maxIdentifierLength) characters (got \(value.unicodeScalars.count))"
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "\(field): must not contain control characters"
        }
        return nil
    }

    /// Why a stored label (name, currency, supplier, region) cannot be stored: longer than
    /// `maxIdentifierLength` or holding NUL (PostgreSQL text cannot), or nil.
    public static func labelProblem(_ value: String?, _ field: String) -> String? {
        guard let value else { return nil }
        if value.unicodeScalars.count > maxIdentifierLength {
            return "\(field): must be at most \(maxIdentifierLength) characters (got \(value.unicodeScalars.count))"
        }
        return value.unicodeScalars.contains("\u{0}") ? "\(field): must not contain NUL characters" : nil
    }

    /// Why `value` is outside `range`, or nil.
    public static func rangeProblem(_ value: Int, _ range: ClosedRange<Int>, _ field: String, of subject: String? = nil) -> String? {
        guard !range.contains(value) else { return nil }
        return "\(field): must be between \(range.lowerBound) and \(range.upperBound) (got \(value)\(subject.map { " for \($0)" } ?? ""))"
    }
}
