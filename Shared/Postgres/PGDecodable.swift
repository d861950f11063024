import Foundation

/// A Swift value that can be read from a column in PostgreSQL's text result format.
///
/// Conforming: String, Int, Int32, Int64, Double, Decimal, Bool, Date (timestamptz, timestamp,
/// date), UUID, Data (bytea), `PGJSON`, arrays of `PGArrayElement` and Optionals of these.
/// Reading NULL into a non-optional type is a `PGError` naming the column.
public protocol PGDecodable {
    /// Parses the column's text; `type` is the column's type OID. Throws `PGDecodingError`
    /// (which `PGRow` turns into a `PGError` naming the column, without the value).
    init(pgText: String, type: Oid) throws
    /// The value for SQL NULL; the default throws (only Optionals accept NULL).
    init(pgNullOfType type: Oid) throws
}

/// Why a column's text could not be decoded; carries no value (it may be personal data).
public struct PGDecodingError: Error, Sendable, CustomStringConvertible {
    /// The Swift type asked for.
    public var swiftType: String
    /// The column's type OID.
    public var type: Oid
    /// True when the column was NULL and the Swift type is not optional.
    public var wasNull: Bool

    public init(_ swiftType: Any.Type, type: Oid, wasNull: Bool = false) {
        self.swiftType = String(describing: swiftType)
        self.type = type
        self.wasNull = wasNull
    }

    public var description: String {
        wasNull ? "NULL cannot be decoded as non-optional \(swiftType)"
            : "a value of type oid \(type) cannot be decoded as \(swiftType)"
    }
}

extension PGDecodable {
    public init(pgNullOfType type: Oid) throws {
        throw PGDecodingError(Self.self, type: type, wasNull: true)
    }
}

// MARK: - Scalars

extension String: PGDecodable {
    /// Any column's text as is (jsonb gives its raw JSON text).
    public init(pgText: String, type: Oid) throws { self = pgText }
}

extension Int: PGDecodable {
    public init(pgText: String, type: Oid) throws {
        guard let value = Int(pgText) else { throw PGDecodingError(Int.self, type: type) }
        self = value
    }
}

extension Int32: PGDecodable {
    public init(pgText: String, type: Oid) throws {
        guard let value = Int32(pgText) else { throw PGDecodingError(Int32.self, type: type) }
        self = value
    }
}

extension Int64: PGDecodable {
    public init(pgText: String, type: Oid) throws {
        guard let value = Int64(pgText) else { throw PGDecodingError(Int64.self, type: type) }
        self = value
    }
}

extension Double: PGDecodable {
    /// float4/float8/numeric/integers; `NaN`, `Infinity`, `-Infinity` included.
    public init(pgText: String, type: Oid) throws {
        switch pgText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(pgText) else { throw PGDecodingError(Double.self, type: type) }
            self = value
        }
    }
}

extension Decimal: PGDecodable {
    /// numeric without loss of precision (NaN and infinities are rejected).
    public init(pgText: String, type: Oid) throws {
        guard let value = Decimal(string: pgText, locale: Locale(identifier: "en_US_POSIX")),
              !value.isNaN else { throw PGDecodingError(Decimal.self, type: type) }
        self = value
    }
}

extension Bool: PGDecodable {
    /// `t`/`f` (PostgreSQL's output) and `true`/`false`.
    public init(pgText: String, type: Oid) throws {
        switch pgText {
        case "t", "true", "TRUE", "1": self = true
        case "f", "false", "FALSE", "0": self = false
        default: throw PGDecodingError(Bool.self, type: type)
        }
    }
}

extension Date: PGDecodable {
    /// timestamptz (any offset, fractional seconds), timestamp (taken as UTC), date (midnight UTC).
    public init(pgText: String, type: Oid) throws {
        guard let value = PGTimestamp.parse(pgText) else { throw PGDecodingError(Date.self, type: type) }
        self = value
    }
}

extension UUID: PGDecodable {
    public init(pgText: String, type: Oid) throws {
        guard let value = UUID(uuidString: pgText) else { throw PGDecodingError(UUID.self, type: type) }
        self = value
    }
}

extension Data: PGDecodable {
    /// bytea hex output (`\x…`).
    public init(pgText: String, type: Oid) throws {
        guard let value = PGBytes.parseHex(pgText) else { throw PGDecodingError(Data.self, type: type) }
        self = value
    }
}

// MARK: - Optionals and arrays

extension Optional: PGDecodable where Wrapped: PGDecodable {
    public init(pgText: String, type: Oid) throws { self = try Wrapped(pgText: pgText, type: type) }
    /// NULL is nil.
    public init(pgNullOfType type: Oid) throws { self = nil }
}

extension Array: PGDecodable where Element: PGArrayElement {
    /// One-dimensional array output (`{a,b,"c d"}`); NULL elements are an error.
    public init(pgText: String, type: Oid) throws {
        let texts: [String?]
        do { texts = try PGArrayText.parse(pgText) } catch { throw PGDecodingError(Self.self, type: type) }
        self = try texts.map { text in
            guard let text else { throw PGDecodingError(Element.self, type: type, wasNull: true) }
            return try Element(pgText: text, type: 0)
        }
    }
}
