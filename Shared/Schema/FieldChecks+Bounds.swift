/// Bounded-input checks (`SchemaLimits`) used by every payload's `validate()`.
extension FieldChecks {
    /// `too-long` when the text has more than `maximum` Unicode scalars.
    public mutating func maxLength(_ value: String, _ maximum: Int, _ field: String) {
        // Scalars are never fewer than UTF-8 bytes / 4: skip the count for short text.
        guard value.utf8.count > maximum else { return }
        if value.unicodeScalars.count > maximum {
            add(field, "too-long", "\(field) must be at most \(maximum) characters")
        }
    }

    /// A required id: not blank (`required`), at most 200 characters (`too-long`).
    public mutating func identifier(_ value: String, _ field: String) {
        nonEmpty(value, field)
        maxLength(value, SchemaLimits.maxIdentifierLength, field)
    }

    /// An optional id: when present, as `identifier`.
    public mutating func identifier(_ value: String?, _ field: String) {
        if let value { identifier(value, field) }
    }

    /// A required short label (name, region, model): not blank, at most 200 characters.
    public mutating func name(_ value: String, _ field: String) {
        nonEmpty(value, field)
        maxLength(value, SchemaLimits.maxNameLength, field)
    }

    /// An optional short label: at most 200 characters (may be empty).
    public mutating func optionalName(_ value: String?, _ field: String) {
        if let value { maxLength(value, SchemaLimits.maxNameLength, field) }
    }

    /// Required free text (reason, finding, resolution): not blank, at most 2,000 characters.
    public mutating func text(_ value: String, _ field: String) {
        nonEmpty(value, field)
        maxLength(value, SchemaLimits.maxTextLength, field)
    }

    /// Free text that may be empty or absent: at most 2,000 characters.
    public mutating func optionalText(_ value: String?, _ field: String) {
        if let value { maxLength(value, SchemaLimits.maxTextLength, field) }
    }

    /// `too-long` when a list has more than `maximum` entries.
    public mutating func maxCount(_ count: Int, _ maximum: Int, _ field: String) {
        if count > maximum { add(field, "too-long", "\(field) must have at most \(maximum) entries") }
    }

    /// `out-of-range` unless the number is finite and inside the closed range.
    public mutating func within(_ value: Double, _ range: ClosedRange<Double>, _ field: String) {
        if !(value.isFinite && range.contains(value)) {
            add(field, "out-of-range", "\(field) must be a finite number between \(range.lowerBound) and \(range.upperBound)")
        }
    }

    /// An amount of money: finite, 0…10,000,000 (`out-of-range`) and, when `cents` is set,
    /// at most two decimal places (`invalid-format`, DESIGN.md: amounts are rounded to cents).
    public mutating func amount(_ value: Double, _ field: String, cents: Bool = true) {
        guard value.isFinite, SchemaLimits.amount.contains(value) else {
            add(field, "out-of-range", "\(field) must be an amount between 0 and 10000000")
            return
        }
        if cents, !Money.isRounded(value) {
            add(field, "invalid-format", "\(field) must have at most two decimal places")
        }
    }

    /// `invalid-format` unless the text is a month "YYYY-MM" (month 01…12).
    public mutating func calendarMonth(_ value: String, _ field: String) {
        let bytes = Array(value.utf8)
        let digits = bytes.count == 7 && bytes[4] == UInt8(ascii: "-")
            && bytes.enumerated().allSatisfy { $0.offset == 4 || (48...57).contains($0.element) }
        let month = digits ? Int(bytes[5] - 48) * 10 + Int(bytes[6] - 48) : 0
        if !(digits && (1...12).contains(month)) {
            add(field, "invalid-format", "\(field) must be a month YYYY-MM")
        }
    }

    /// A parts list: at most 100 lines (`too-long`); each line a part number
    /// (`<field>[i].partNumber`), a quantity 1…100,000 and, when present, a warehouse id.
    public mutating func boundedPartLines(_ lines: [PartLine], _ field: String) {
        maxCount(lines.count, SchemaLimits.maxListCount, field)
        for (index, line) in lines.prefix(SchemaLimits.maxListCount).enumerated() {
            identifier(line.partNumber, "\(field)[\(index)].partNumber")
            within(line.quantity, SchemaLimits.quantity, "\(field)[\(index)].quantity")
            identifier(line.warehouseId, "\(field)[\(index)].warehouseId")
        }
    }

    /// A list of short strings: at most 100 entries, each not blank and at most `maximum` characters.
    public mutating func labels(_ values: [String], _ field: String, maximum: Int = SchemaLimits.maxNameLength) {
        maxCount(values.count, SchemaLimits.maxListCount, field)
        for (index, value) in values.prefix(SchemaLimits.maxListCount).enumerated() {
            nonEmpty(value, "\(field)[\(index)]")
            maxLength(value, maximum, "\(field)[\(index)]")
        }
    }
}
