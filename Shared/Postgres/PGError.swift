/// A failed PostgreSQL operation: a server error (with its SQLSTATE), a lost connection,
/// or a value that could not be decoded.
///
/// The message never contains bound parameter values: only the server's primary message
/// (with quoted values of data errors redacted), never its DETAIL, and the SQL with `$n`.
public struct PGError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE (`23505`), nil for client-side errors.
    public var sqlState: String?
    /// What went wrong, safe to log.
    public var message: String
    /// The constraint a violation refers to, when the server names one.
    public var constraint: String?
    /// The SQL being run (placeholders only, at most 200 characters), when known.
    public var query: String?
    /// Set when the connection was found broken (status bad) at the time of the error.
    var connectionLost: Bool

    public init(message: String, sqlState: String? = nil, constraint: String? = nil,
                query: String? = nil, connectionLost: Bool = false) {
        self.message = message
        self.sqlState = sqlState
        self.constraint = constraint
        self.query = query.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
        self.connectionLost = connectionLost
    }

    /// The connection is gone or unusable: reconnect and retry (SQLSTATE class 08,
    /// admin/crash shutdown 57P01–57P03, or libpq reports the connection bad).
    public var isConnectionFailure: Bool {
        if connectionLost { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    /// A serialization failure or deadlock: retry the transaction (40001, 40P01).
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// A unique constraint was violated (23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    public var description: String {
        var text = "PostgreSQL error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let constraint { text += " (constraint \(constraint))" }
        if let query { text += " [query: \(query)]" }
        return text
    }

    /// Server messages of data exceptions (class 22) quote the offending input, e.g.
    /// `invalid input syntax for type integer: "abc"`; that input may be personal data.
    static func redacted(_ message: String, sqlState: String?) -> String {
        guard sqlState?.hasPrefix("22") == true, let colonQuote = message.range(of: ": \"") else { return message }
        return message[..<colonQuote.lowerBound] + ": <redacted>"
    }
}
