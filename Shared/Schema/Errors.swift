/// Why bytes could not be read as an envelope: not JSON, not an object, a missing or
/// malformed envelope field. The reason is a sentence safe to log (it never quotes `data`).
public struct EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String { "invalid envelope: \(reason)" }
}

/// Why an envelope's `data` is not a valid payload: one `FieldError` per problem found.
public struct ValidationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(errors: [FieldError]) { self.errors = errors }

    public var description: String {
        "validation failed: " + errors.map(\.description).joined(separator: "; ")
    }
}
