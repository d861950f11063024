/// A PostgreSQL type object identifier (the `oid` of a row in `pg_type`).
public typealias Oid = UInt32

/// One bound parameter, in PostgreSQL's text format: `text == nil` is SQL NULL.
///
/// `type` is the parameter's type OID, or 0 to let the server infer the type from the
/// context it is used in (the default for strings, numbers, UUIDs and arrays). Booleans,
/// timestamps and byte strings carry their type so that PostgreSQL never guesses wrong.
public struct PGValue: Sendable, Hashable {
    /// The value in PostgreSQL's text input format, or nil for NULL.
    public var text: String?
    /// The parameter type OID; 0 means "infer from context".
    public var type: Oid

    public init(text: String?, type: Oid = 0) {
        self.text = text
        self.type = type
    }

    /// SQL NULL.
    public static let null = PGValue(text: nil)

    /// A value in text format whose type the server infers.
    public static func text(_ text: String, type: Oid = 0) -> PGValue { PGValue(text: text, type: type) }

    /// True for SQL NULL.
    public var isNull: Bool { text == nil }
}

/// OIDs of the built-in types this module encodes or decodes (from `pg_type.dat`).
public enum PGType {
    public static let bool: Oid = 16
    public static let bytea: Oid = 17
    public static let int8: Oid = 20
    public static let int2: Oid = 21
    public static let int4: Oid = 23
    public static let text: Oid = 25
    public static let json: Oid = 114
    public static let float4: Oid = 700
    public static let float8: Oid = 701
    public static let varchar: Oid = 1043
    public static let date: Oid = 1082
    public static let timestamp: Oid = 1114
    public static let timestamptz: Oid = 1184
    public static let numeric: Oid = 1700
    public static let uuid: Oid = 2950
    public static let jsonb: Oid = 3802
    public static let textArray: Oid = 1009
    public static let int8Array: Oid = 1016
}
