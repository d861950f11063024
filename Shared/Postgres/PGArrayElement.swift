import Foundation

/// A type that can be an element of a one-dimensional PostgreSQL array (`text[]`, `int8[]`, …)
/// bound as a parameter or decoded from a column. NULL elements are not supported.
public protocol PGArrayElement: PGEncodable, PGDecodable {
    /// The element's text, before array quoting.
    var pgArrayElementText: String { get }
}

extension PGArrayElement {
    public var pgArrayElementText: String { pgValue.text ?? "" }
}

extension String: PGArrayElement {}
extension Int: PGArrayElement {}
extension Int32: PGArrayElement {}
extension Int64: PGArrayElement {}
extension Double: PGArrayElement {}
extension UUID: PGArrayElement {}
