import Foundation

/// A Swift value that can be bound as a query parameter (interpolated into a `PGQuery`).
///
/// Conforming: String, Int, Int32, Int64, Double, Decimal, Bool, Date (timestamptz), UUID,
/// Data (bytea), `PGJSON`, arrays of `PGArrayElement` ([String], [Int], …) and Optionals of
/// any of these (nil is SQL NULL). Byte arrays bind with `\(bytes: [UInt8])`.
public protocol PGEncodable {
    /// The value as a bound parameter.
    var pgValue: PGValue { get }
}

// MARK: - Scalars

extension String: PGEncodable {
    public var pgValue: PGValue { .text(self) }
}

extension Int: PGEncodable {
    public var pgValue: PGValue { .text(String(self)) }
}

extension Int32: PGEncodable {
    public var pgValue: PGValue { .text(String(self)) }
}

extension Int64: PGEncodable {
    public var pgValue: PGValue { .text(String(self)) }
}

extension Double: PGEncodable {
    /// NaN and infinities use PostgreSQL's spellings.
    public var pgValue: PGValue {
        if isNaN { return .text("NaN") }
        if isInfinite { return .text(self > 0 ? "Infinity" : "-Infinity") }
        return .text("\(self)")
    }
}

extension Decimal: PGEncodable {
    public var pgValue: PGValue { .text(NSDecimalNumber(decimal: self).stringValue) }
}

extension Bool: PGEncodable {
    public var pgValue: PGValue { .text(self ? "true" : "false", type: PGType.bool) }
}

extension Date: PGEncodable {
    /// RFC 3339 in UTC with microseconds, typed timestamptz.
    public var pgValue: PGValue { .text(PGTimestamp.format(self), type: PGType.timestamptz) }
}

extension UUID: PGEncodable {
    public var pgValue: PGValue { .text(uuidString.lowercased()) }
}

extension Data: PGEncodable {
    /// bytea in hex input format (`\x0a1b…`).
    public var pgValue: PGValue { .text(PGBytes.hex(self), type: PGType.bytea) }
}

// MARK: - Optionals and arrays

extension Optional: PGEncodable where Wrapped: PGEncodable {
    /// nil is SQL NULL.
    public var pgValue: PGValue {
        switch self {
        case .none: return .null
        case .some(let value): return value.pgValue
        }
    }
}

extension Array: PGEncodable where Element: PGArrayElement {
    /// A one-dimensional array literal, every element quoted and escaped: `{"a","b \"c\""}`.
    /// Optional elements that are nil are written as NULL.
    public var pgValue: PGValue { .text(PGArrayText.format(nullable: map(\.pgArrayElementTextOrNull))) }
}

/// PGValue is itself bindable, for callers that build values by hand.
extension PGValue: PGEncodable {
    public var pgValue: PGValue { self }
}
