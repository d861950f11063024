import Foundation

/// SQL text with bound parameters, built by string interpolation:
///
///     let q: PGQuery = "SELECT * FROM tickets WHERE id = \(id) AND priority > \(level)"
///     // q.sql   == "SELECT * FROM tickets WHERE id = $1 AND priority > $2"
///     // q.binds == [id.pgValue, level.pgValue]
///
/// Every interpolated value becomes a `$n` placeholder; its value never enters the SQL text,
/// so quotes or `'; DROP TABLE x; --` in a value stay a value. The only way to splice text
/// is `\(unsafeRaw:)`, for identifiers the caller has validated.
///
/// Queries compose without losing their parameters: `q.append(" AND x = \(y)")` or `q1 + q2`
/// renumber the placeholders of the appended part.
public struct PGQuery: ExpressibleByStringInterpolation, Sendable, CustomStringConvertible {
    /// SQL text pieces and parameter values, in order; placeholders are numbered when read.
    enum Fragment: Sendable {
        case sql(String)
        case bind(PGValue)
    }

    private(set) var fragments: [Fragment] = []

    /// The SQL text with `$1`, `$2`, … placeholders.
    public var sql: String {
        var text = ""
        var number = 0
        for fragment in fragments {
            switch fragment {
            case .sql(let part): text += part
            case .bind:
                number += 1
                text += "$\(number)"
            }
        }
        return text
    }

    /// The bound values, `binds[0]` for `$1`.
    public var binds: [PGValue] {
        fragments.compactMap { if case .bind(let value) = $0 { value } else { nil } }
    }

    /// Shows the SQL only, never the bound values (they may be personal data).
    public var description: String { sql }

    // MARK: Building

    public init(stringLiteral value: String) {
        fragments = [.sql(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        fragments = stringInterpolation.fragments
    }

    /// Appends another query; its placeholders are renumbered after this query's.
    public mutating func append(_ other: PGQuery) {
        fragments.append(contentsOf: other.fragments)
    }

    /// The two queries one after the other (no separator is added).
    public static func + (lhs: PGQuery, rhs: PGQuery) -> PGQuery {
        var result = lhs
        result.append(rhs)
        return result
    }

    public static func += (lhs: inout PGQuery, rhs: PGQuery) {
        lhs.append(rhs)
    }

    /// The queries joined with `separator` (e.g. `" AND "`); empty for no parts.
    public static func joined(_ parts: [PGQuery], separator: PGQuery) -> PGQuery {
        var result: PGQuery = ""
        for (index, part) in parts.enumerated() {
            if index > 0 { result.append(separator) }
            result.append(part)
        }
        return result
    }

    // MARK: Interpolation

    /// Collects literal SQL and bound values while a query literal is built.
    public struct StringInterpolation: StringInterpolationProtocol {
        var fragments: [Fragment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            fragments.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { fragments.append(.sql(literal)) }
        }

        /// Binds the value as the next `$n` parameter.
        public mutating func appendInterpolation<T: PGEncodable>(_ value: T) {
            fragments.append(.bind(value.pgValue))
        }

        /// Binds the value, or SQL NULL for nil, as the next `$n` parameter.
        public mutating func appendInterpolation<T: PGEncodable>(_ value: T?) {
            fragments.append(.bind(value?.pgValue ?? .null))
        }

        /// Binds bytes as a bytea parameter (`\(bytes: someBytes)`).
        public mutating func appendInterpolation(bytes: [UInt8]) {
            fragments.append(.bind(PGValue(text: PGBytes.hex(bytes), type: PGType.bytea)))
        }

        /// Binds optional bytes as a bytea parameter, nil as NULL.
        public mutating func appendInterpolation(bytes: [UInt8]?) {
            if let bytes { appendInterpolation(bytes: bytes) } else { fragments.append(.bind(.null)) }
        }

        /// Splices another query in place, its parameters renumbered: `"… WHERE \(fragment: filter)"`.
        /// (Labelled so that a string literal in `\("…")` is always bound, never spliced.)
        public mutating func appendInterpolation(fragment query: PGQuery) {
            fragments.append(contentsOf: query.fragments)
        }

        /// DANGEROUS: splices `text` into the SQL verbatim. Only for identifiers (table or
        /// column names) that the caller has validated against a fixed list or a strict
        /// pattern; never for anything that came from outside the program.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            fragments.append(.sql(text))
        }
    }
}
