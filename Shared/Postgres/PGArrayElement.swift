import Foundation

/// A type that can be an element of a one-dimensional PostgreSQL array (`text[]`, `int8[]`, …)
/// bound as a parameter or decoded from a column. Arrays of optionals (`[String?]`, …) bind
/// nil elements as NULL, for set-based writes with `unnest` over nullable columns.
public protocol PGArrayElement: PGEncodable, PGDecodable {
    /// The element's text, before array quoting.
    var pgArrayElementText: String { get }
    /// The element's text, or nil for a NULL element (only optionals are ever NULL).
    var pgArrayElementTextOrNull: String? { get }
}

extension PGArrayElement {
    public var pgArrayElementText: String { pgValue.text ?? "" }
    public var pgArrayElementTextOrNull: String? { pgArrayElementText }
}

extension String: PGArrayElement {}
extension Int: PGArrayElement {}
extension Int32: PGArrayElement {}
extension Int64: PGArrayElement {}
extension Double: PGArrayElement {}
extension UUID: PGArrayElement {}
extension Bool: PGArrayElement {}
extension Date: PGArrayElement {}
extension Decimal: PGArrayElement {}

extension Optional: PGArrayElement where Wrapped: PGArrayElement {
    public var pgArrayElementText: String { self?.pgArrayElementText ?? "" }
    public var pgArrayElementTextOrNull: String? { self?.pgArrayElementText }
}
