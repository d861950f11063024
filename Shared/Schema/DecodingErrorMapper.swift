/// Turns a `DecodingError` into a `FieldError` at the dotted path of the field
/// (`customer.location.lat`, `parts[0].quantity`).
///
/// Codes: `required` for a missing key or null value, `invalid-type` for a value of the
/// wrong JSON type, `invalid-format` for a value of the right type that cannot be read
/// (an unknown enum value, a malformed timestamp).
public enum DecodingErrorMapper {
    /// The field error for one decoding error.
    public static func fieldError(_ error: DecodingError) -> FieldError {
        switch error {
        case .keyNotFound(let key, let context):
            let path = dottedPath(context.codingPath + [key])
            return FieldError(field: path, code: "required", message: "\(path) is required")
        case .valueNotFound(_, let context):
            let path = dottedPath(context.codingPath)
            return FieldError(field: path, code: "required", message: "\(path) must not be null")
        case .typeMismatch(let type, let context):
            let path = dottedPath(context.codingPath)
            return FieldError(
                field: path, code: "invalid-type", message: "\(path) must be \(jsonTypeName(type))")
        case .dataCorrupted(let context):
            let path = dottedPath(context.codingPath)
            return FieldError(field: path, code: "invalid-format", message: "\(path): \(context.debugDescription)")
        @unknown default:
            return FieldError(field: "data", code: "invalid-format", message: "\(error)")
        }
    }

    /// "a.b[2].c" for a coding path; "data" for the payload itself (empty path).
    public static func dottedPath(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "data" }
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}
