import Foundation

/// Adds to a payload's inferred shape the bounds its `validate()` enforces, measured on
/// `validate()` itself rather than copied from it, so the schema cannot drift from the
/// checks: starting from a sample payload, one member at a time is changed and the field
/// errors reported *at that member* are compared with the sample's.
///
/// - text: `too-long` past some length → `maxLength` (found by bisection); `required`
///   for "" → `minLength: 1`; `unknown-value` listing exactly a `ContractVocabulary`'s
///   values → `enum`; `invalid-format` cleared by a date, a month, a currency code or a
///   SHA-256 → that `pattern`;
/// - numbers: `out-of-range` → `minimum` / `maximum` (bisection); a non-finite number
///   refused → plain `number`, else the strings "NaN", "Infinity", "-Infinity" are allowed;
/// - lists and maps: `too-long` past some count → `maxItems` / `maxProperties`.
///
/// Every bound is one the validator enforces, so an event `validate()` accepts always
/// matches the schema (checks spanning several members are not expressed).
enum SchemaBounds {
    /// The shape of `P` with the bounds its `validate()` enforces.
    static func bounded<P: EventPayload>(_ shape: SchemaNode, for type: P.Type) -> SchemaNode {
        let probe = Probe<P>(root: sample(shape))
        return probe.bound(shape, at: [])
    }

    // MARK: Samples

    /// A value of the shape: every optional member present, one element per list.
    static func sample(_ node: SchemaNode) -> JSONValue {
        switch node.kind {
        case .string: "x"
        case .integer, .number: 1
        case .boolean: true
        case .dateTime: "2026-01-02T03:04:05Z"
        case .enumeration(let values): .string(values.first ?? "")
        case .any: .object([:])
        case .object(let properties):
            .object(Dictionary(properties.map { ($0.name, sample($0.schema)) }, uniquingKeysWith: { first, _ in first }))
        case .array(let element): .array([sample(element)])
        case .dictionary(let value): .object(["k": sample(value)])
        }
    }

    /// Formats a text member may be checked for: a candidate value and the pattern (and
    /// `format`) describing every value of that form.
    static let formats: [(candidate: String, pattern: String, format: String?)] = [
        ("2026-01-02", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "date"),
        ("2026-11", "^[0-9]{4}-(0[1-9]|1[0-2])$", nil),
        ("CNY", "^[A-Za-z]{3}$", nil),
        (String(repeating: "0a", count: 32), "^[0-9a-f]{64}$", nil),
    ]
}

/// One step of a path into a payload.
private enum Step {
    case member(String)
    case element
    case value

    /// How `validate()` names a field at this path: `a.b`, `lines[0].quantity`, `details.k`.
    static func fieldName(_ path: [Step]) -> String {
        var name = ""
        for step in path {
            switch step {
            case .member(let key): name += name.isEmpty ? key : ".\(key)"
            case .element: name += "[0]"
            case .value: name += name.isEmpty ? "k" : ".k"
            }
        }
        return name
    }
}

private struct Probe<P: EventPayload> {
    let root: JSONValue

    // MARK: Running validate()

    /// The field errors `validate()` (or decoding) reports at `field` when the value at
    /// `path` is `value`.
    func errors(_ path: [Step], _ value: JSONValue, at field: String) -> [FieldError] {
        let data = Self.replacing(root, path[...], with: value)
        let problems: [FieldError]
        do {
            problems = try JSONValueCoder.decode(P.self, from: data).validate()
        } catch let error as DecodingError {
            problems = [DecodingErrorMapper.fieldError(error)]
        } catch {
            problems = [FieldError(field: "data", code: "invalid-format", message: "\(error)")]
        }
        return problems.filter { $0.field == field }
    }

    static func replacing(_ value: JSONValue, _ path: ArraySlice<Step>, with replacement: JSONValue) -> JSONValue {
        guard let step = path.first else { return replacement }
        switch (step, value) {
        case (.member(let key), .object(var members)):
            members[key] = replacing(members[key] ?? .null, path.dropFirst(), with: replacement)
            return .object(members)
        case (.element, .array(var elements)) where !elements.isEmpty:
            elements[0] = replacing(elements[0], path.dropFirst(), with: replacement)
            return .array(elements)
        case (.value, .object(var members)):
            members["k"] = replacing(members["k"] ?? .null, path.dropFirst(), with: replacement)
            return .object(members)
        default:
            return value
        }
    }

    static func value(at path: ArraySlice<Step>, in value: JSONValue) -> JSONValue {
        guard let step = path.first else { return value }
        switch (step, value) {
        case (.member(let key), .object(let members)): return Self.value(at: path.dropFirst(), in: members[key] ?? .null)
        case (.element, .array(let elements)) where !elements.isEmpty: return Self.value(at: path.dropFirst(), in: elements[0])
        case (.value, .object(let members)): return Self.value(at: path.dropFirst(), in: members["k"] ?? .null)
        default: return .null
        }
    }

    // MARK: Bounds

    func bound(_ node: SchemaNode, at path: [Step]) -> SchemaNode {
        var node = node
        let field = Step.fieldName(path)
        let base = Self.value(at: path[...], in: root)
        let baseCodes = Set(errors(path, base, at: field).map(\.code))
        /// True when `value` makes `validate()` report `code` at the field and the sample did not.
        func introduces(_ code: String, _ value: JSONValue) -> Bool {
            !baseCodes.contains(code) && errors(path, value, at: field).contains { $0.code == code }
        }
        switch node.kind {
        case .string where !path.isEmpty:
            let text = { (count: Int) in JSONValue.string(String(repeating: "x", count: count)) }
            node.maxLength = limit([256, 4_096, 100_000]) { !introduces("too-long", text($0)) }
            if introduces("required", "") { node.minLength = 1 }
            if baseCodes.contains("unknown-value") { node.allowed = vocabulary(path, field) }
            if baseCodes.contains("invalid-format"),
               let format = SchemaBounds.formats.first(where: { candidate in
                   !errors(path, .string(candidate.candidate), at: field).contains { $0.code == "invalid-format" }
               }) {
                node.pattern = format.pattern
                node.format = format.format
            }
        case .integer:
            let ok = { (number: Int) in !errors(path, .number(Double(number)), at: field).contains { $0.code == "out-of-range" } }
            let extreme = 1 << 53
            if ok(1) {
                if !ok(extreme) { node.maximum = Double(edge(good: 1, bad: extreme, ok)) }
                if !ok(-extreme) { node.minimum = Double(edge(good: 1, bad: -extreme, ok)) }
            }
        case .number:
            let ok = { (number: Double) in !errors(path, .number(number), at: field).contains { $0.code == "out-of-range" } }
            if ok(1) {
                // The usual limits first (one check each), bisection otherwise.
                let usual: [Double] = [0, 1, 5, 90, 180, SchemaLimits.amount.upperBound, -90, -180]
                if !ok(1e300) {
                    node.maximum = usual.first { ok($0) && !ok($0.nextUp) } ?? edge(good: 1, bad: 1e300, ok)
                }
                if !ok(-1e300) {
                    node.minimum = usual.first { ok($0) && !ok($0.nextDown) } ?? edge(good: 1, bad: -1e300, ok)
                }
            }
            node.allowsNonFinite = errors(path, "NaN", at: field).isEmpty && errors(path, "Infinity", at: field).isEmpty
                && errors(path, "-Infinity", at: field).isEmpty
        case .object(let properties):
            node.kind = .object(properties.map { property in
                var property = property
                property.schema = bound(property.schema, at: path + [.member(property.name)])
                return property
            })
        case .array(let element):
            let copies = { (count: Int) in JSONValue.array(Array(repeating: SchemaBounds.sample(element), count: count)) }
            node.maxItems = limit([128, 2_048, 20_000]) { !introduces("too-long", copies($0)) }
            node.kind = .array(bound(element, at: path + [.element]))
        case .dictionary(let value):
            let entries = { (count: Int) in
                JSONValue.object(Dictionary(uniqueKeysWithValues: (0..<count).map { ("k\($0)", SchemaBounds.sample(value)) }))
            }
            node.maxProperties = limit([128, 2_048, 20_000]) { !introduces("too-long", entries($0)) }
            node.kind = .dictionary(bound(value, at: path + [.value]))
        default:
            break
        }
        return node
    }

    /// The values an `unknown-value` message lists, when they are exactly one vocabulary's.
    private func vocabulary(_ path: [Step], _ field: String) -> [String]? {
        let base = Self.value(at: path[...], in: root)
        guard let message = errors(path, base, at: field).first(where: { $0.code == "unknown-value" })?.message,
              let range = message.range(of: "one of ") else { return nil }
        let listed = message[range.upperBound...].components(separatedBy: ", ")
        return ContractVocabularies.valueSets.first { Set($0) == Set(listed) }
    }

    /// The largest count `accepts` (nil when it accepts the last candidate): the first
    /// refused candidate, then bisection from the one before it (or 1).
    private func limit(_ candidates: [Int], _ accepts: (Int) -> Bool) -> Int? {
        guard let refused = candidates.firstIndex(where: { !accepts($0) }) else { return nil }
        return edge(good: refused == 0 ? 1 : candidates[refused - 1], bad: candidates[refused], accepts)
    }

    /// The accepted value nearest `bad` when `good` is accepted and `bad` is not and
    /// acceptance changes once between them (bisection; either direction).
    private func edge(good: Int, bad: Int, _ accepts: (Int) -> Bool) -> Int {
        var good = good
        var bad = bad
        while abs(bad - good) > 1 {
            let middle = good + (bad - good) / 2
            if accepts(middle) { good = middle } else { bad = middle }
        }
        return good
    }

    /// As `edge` for doubles: bisects the magnitude first (geometric mean), then linearly,
    /// down to adjacent doubles.
    private func edge(good: Double, bad: Double, _ accepts: (Double) -> Bool) -> Double {
        var good = good
        var bad = bad
        for _ in 0..<4_000 {
            let (small, large) = (min(abs(good), abs(bad)), max(abs(good), abs(bad)))
            let middle = good * bad > 0 && large / small > 4
                ? (good < 0 ? -1 : 1) * (small * large).squareRoot()
                : good + (bad - good) / 2
            if middle == good || middle == bad { break }
            if accepts(middle) { good = middle } else { bad = middle }
        }
        return good
    }
}
