/// Finds text PostgreSQL cannot store: U+0000 (NUL) in any string or member name of a
/// payload. libpq would cut a `text` parameter at the NUL and `jsonb` rejects `\u0000`,
/// so such a payload is refused with a field error before any typed decoding, whatever
/// its event type (`Envelope.payload(as:)` runs this for every type).
public enum UnstorableText {
    /// At most this many errors are reported for one payload.
    public static let maxErrors = 20

    /// One `invalid-format` error per string holding U+0000, at its dotted path
    /// (`customer.name`, `lines[2].partNumber`; a member name at the path of its member).
    /// Walks iteratively, so depth costs no stack.
    public static func fieldErrors(in data: JSONValue) -> [FieldError] {
        guard contains(data) else { return [] }  // the common case: no paths built
        var errors: [FieldError] = []
        var pending: [(value: JSONValue, path: String)] = [(data, "")]
        while let (value, path) = pending.popLast(), errors.count < maxErrors {
            switch value {
            case .string(let text):
                if hasNul(text) { errors.append(error(path)) }
            case .array(let elements):
                for (index, element) in elements.enumerated().reversed() {
                    pending.append((element, "\(path)[\(index)]"))
                }
            case .object(let members):
                for key in members.keys.sorted().reversed() {
                    let memberPath = path.isEmpty ? key : "\(path).\(key)"
                    if hasNul(key) {
                        errors.append(error(path.isEmpty ? "data" : path, memberName: true))
                        continue
                    }
                    pending.append((members[key]!, memberPath))
                }
            case .null, .bool, .number:
                break
            }
        }
        return Array(errors.prefix(maxErrors))
    }

    /// True when any string or member name in the value contains U+0000.
    public static func contains(_ value: JSONValue) -> Bool {
        var pending: [JSONValue] = [value]
        while let next = pending.popLast() {
            switch next {
            case .string(let text):
                if hasNul(text) { return true }
            case .array(let elements):
                pending.append(contentsOf: elements)
            case .object(let members):
                for (key, member) in members {
                    if hasNul(key) { return true }
                    pending.append(member)
                }
            case .null, .bool, .number:
                break
            }
        }
        return false
    }

    /// True when the text contains U+0000.
    public static func hasNul(_ text: String) -> Bool { text.utf8.contains(0) }

    private static func error(_ path: String, memberName: Bool = false) -> FieldError {
        let field = path.isEmpty ? "data" : path
        let what = memberName ? "a member name of \(field)" : field
        return FieldError(field: field, code: "invalid-format", message: "\(what) must not contain U+0000 (NUL)")
    }
}
