/// Collects field errors for a payload's `validate()`; small, chainable checks with
/// the contract's stable codes.
public struct FieldChecks: Sendable {
    /// The problems found so far, in the order the checks ran.
    public private(set) var errors: [FieldError] = []

    public init() {}

    /// Records an arbitrary problem.
    public mutating func add(_ field: String, _ code: String, _ message: String) {
        errors.append(FieldError(field: field, code: code, message: message))
    }

    /// `required` when the text is empty or only whitespace.
    public mutating func nonEmpty(_ value: String, _ field: String) {
        if value.allSatisfy(\.isWhitespace) { add(field, "required", "\(field) must not be empty") }
    }

    /// `unknown-value` when the text is not a raw value of `E`.
    public mutating func oneOf<E: RawRepresentable & CaseIterable>(_ value: String, _ type: E.Type, _ field: String)
    where E.RawValue == String {
        if E(rawValue: value) == nil {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            add(field, "unknown-value", "\(field) must be one of \(allowed)")
        }
    }

    /// `out-of-range` on `<field>.lat` / `<field>.lon` outside ±90 / ±180.
    public mutating func location(_ point: GeoPoint, _ field: String) {
        if !(point.lat.isFinite && (-90...90).contains(point.lat)) {
            add("\(field).lat", "out-of-range", "\(field).lat must be between -90 and 90")
        }
        if !(point.lon.isFinite && (-180...180).contains(point.lon)) {
            add("\(field).lon", "out-of-range", "\(field).lon must be between -180 and 180")
        }
    }

    /// `out-of-range` when the value is below `minimum`.
    public mutating func atLeast(_ value: Int, _ minimum: Int, _ field: String) {
        if value < minimum { add(field, "out-of-range", "\(field) must be at least \(minimum)") }
    }

    /// `out-of-range` when the value is below `minimum` or not finite.
    public mutating func atLeast(_ value: Double, _ minimum: Double, _ field: String) {
        if !value.isFinite || value < minimum {
            add(field, "out-of-range", "\(field) must be a finite number of at least \(minimum)")
        }
    }

    /// `out-of-range` outside the closed range.
    public mutating func within(_ value: Int, _ range: ClosedRange<Int>, _ field: String) {
        if !range.contains(value) {
            add(field, "out-of-range", "\(field) must be between \(range.lowerBound) and \(range.upperBound)")
        }
    }

    /// `invalid-format` unless the text is a valid calendar date "YYYY-MM-DD".
    public mutating func calendarDate(_ value: String, _ field: String) {
        if !CalendarDate.isValid(value) { add(field, "invalid-format", "\(field) must be a date YYYY-MM-DD") }
    }

    /// Each line: non-empty `partNumber`, `quantity` 1…100,000, at most 100 lines
    /// (`<field>[i].partNumber`, …); the same as `boundedPartLines`.
    public mutating func partLines(_ lines: [PartLine], _ field: String) {
        boundedPartLines(lines, field)
    }

    /// `invalid-format` unless the text is three ASCII letters (ISO 4217 style).
    public mutating func currency(_ value: String, _ field: String) {
        let ok = value.utf8.count == 3 && value.utf8.allSatisfy { (65...90).contains($0) || (97...122).contains($0) }
        if !ok { add(field, "invalid-format", "\(field) must be a three-letter currency code") }
    }
}
