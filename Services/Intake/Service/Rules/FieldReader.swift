import Schema

/// Reads typed fields from a JSON object and collects a `FieldError` for each problem.
struct FieldReader {
    private(set) var errors: [FieldError] = []

    mutating func fail(_ field: String, _ code: RejectionCode, _ message: String) {
        errors.append(FieldError(field: field, code: code.rawValue, message: message))
    }

    /// The member, or nil after recording `required` (absent or null).
    private mutating func member(_ object: JSONValue, _ field: String, key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else {
            fail(field, .required, "is required")
            return nil
        }
        return value
    }

    mutating func object(_ parent: JSONValue, _ field: String) -> JSONValue? {
        guard let value = member(parent, field, key: field) else { return nil }
        guard value.objectValue != nil else {
            fail(field, .invalidFormat, "must be an object")
            return nil
        }
        return value
    }

    /// A non-empty string of at most `maxLength` characters.
    mutating func text(_ parent: JSONValue, _ field: String, key: String, maxLength: Int) -> String? {
        guard let value = member(parent, field, key: key) else { return nil }
        return checkedText(value, field, maxLength: maxLength)
    }

    /// Like `text`, but absent, null or empty is fine (nil).
    mutating func optionalText(_ parent: JSONValue, _ field: String, key: String, maxLength: Int) -> String? {
        guard let value = parent[key], !value.isNull else { return nil }
        if let text = value.stringValue, text.trimmingCharactersInSet().isEmpty { return nil }
        return checkedText(value, field, maxLength: maxLength)
    }

    private mutating func checkedText(_ value: JSONValue, _ field: String, maxLength: Int) -> String? {
        guard let raw = value.stringValue else {
            fail(field, .invalidFormat, "must be a string")
            return nil
        }
        let text = raw.trimmingCharactersInSet()
        guard !text.isEmpty else {
            fail(field, .required, "must not be empty")
            return nil
        }
        guard text.count <= maxLength else {
            fail(field, .tooLong, "must be at most \(maxLength) characters")
            return nil
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            fail(field, .invalidFormat, "must not contain control characters")
            return nil
        }
        return text
    }

    /// An identifier: 1–`maxLength` characters of letters, digits and . _ : - (any script's letters).
    mutating func identifier(_ parent: JSONValue, _ field: String, key: String? = nil, maxLength: Int) -> String? {
        guard let text = text(parent, field, key: key ?? field, maxLength: maxLength) else { return nil }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._:-/#".unicodeScalars.contains(scalar)
        }
        guard allowed else {
            fail(field, .invalidFormat, "may contain only letters, digits and . _ : - / #")
            return nil
        }
        return text
    }

    /// A value of a closed vocabulary.
    mutating func vocabulary<V: RawRepresentable & CaseIterable>(_ parent: JSONValue, _ field: String, key: String? = nil) -> V?
    where V.RawValue == String {
        guard let value = member(parent, field, key: key ?? field) else { return nil }
        guard let text = value.stringValue else {
            fail(field, .invalidFormat, "must be a string")
            return nil
        }
        guard let known = V(rawValue: text) else {
            let choices = V.allCases.map(\.rawValue).joined(separator: ", ")
            fail(field, .unknownValue, "must be one of: \(choices)")
            return nil
        }
        return known
    }

    /// `{lat, lon}` in range.
    mutating func location(_ parent: JSONValue, _ field: String, key: String) -> GeoPoint? {
        guard let value = member(parent, field, key: key) else { return nil }
        guard value.objectValue != nil else {
            fail(field, .invalidFormat, "must be an object with lat and lon")
            return nil
        }
        let lat = coordinate(value, "\(field).lat", key: "lat", limit: 90)
        let lon = coordinate(value, "\(field).lon", key: "lon", limit: 180)
        guard let lat, let lon else { return nil }
        return GeoPoint(lat: lat, lon: lon)
    }

    private mutating func coordinate(_ parent: JSONValue, _ field: String, key: String, limit: Double) -> Double? {
        guard let value = member(parent, field, key: key) else { return nil }
        guard let number = value.doubleValue, number.isFinite else {
            fail(field, .invalidFormat, "must be a number")
            return nil
        }
        guard abs(number) <= limit else {
            fail(field, .outOfRange, "must be between -\(Int(limit)) and \(Int(limit))")
            return nil
        }
        return number
    }

    /// A YYYY-MM-DD day not after `today` and not more than `maxAgeYears` before it.
    mutating func purchaseDate(_ parent: JSONValue, _ field: String, key: String, today: CalendarDay,
                               maxAgeYears: Int) -> CalendarDay? {
        guard let value = member(parent, field, key: key) else { return nil }
        guard let text = value.stringValue, let day = CalendarDay(text) else {
            fail(field, .invalidFormat, "must be a calendar date YYYY-MM-DD")
            return nil
        }
        guard day <= today else {
            fail(field, .inFuture, "must not be after today (\(today))")
            return nil
        }
        guard day >= today.adding(months: -12 * maxAgeYears) else {
            fail(field, .tooOld, "must be within the last \(maxAgeYears) years")
            return nil
        }
        return day
    }

    /// The description: 1–`maxCharacters` characters (white space alone is too short).
    mutating func description(_ parent: JSONValue, maxCharacters: Int) -> String? {
        let field = "description"
        guard let value = member(parent, field, key: field) else { return nil }
        guard let text = value.stringValue else {
            fail(field, .invalidFormat, "must be a string")
            return nil
        }
        guard !text.trimmingCharactersInSet().isEmpty else {
            fail(field, .tooShort, "must have at least 1 character")
            return nil
        }
        guard text.count <= maxCharacters else {
            fail(field, .tooLong, "must be at most \(maxCharacters) characters")
            return nil
        }
        // Line breaks and tabs are text; NUL (which PostgreSQL cannot store) and the other
        // control characters are not.
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !"\t\n\r".unicodeScalars.contains($0) }) else {
            fail(field, .invalidFormat, "must not contain control characters other than tabs and line breaks")
            return nil
        }
        return text
    }
}
