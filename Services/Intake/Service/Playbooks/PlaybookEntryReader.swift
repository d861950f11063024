import Schema

/// Reads one entry of the `playbooks` array, recording a problem for each field that is
/// wrong (see `PlaybookLoader` for the rules).
struct PlaybookEntryReader {
    let index: Int
    /// The entry's id, once read (even when other fields are wrong), for messages and duplicates.
    private(set) var id: String?
    private(set) var problems: [PlaybookDataError.Problem] = []

    init(index: Int) { self.index = index }

    mutating func fail(_ field: String?, _ message: String) {
        problems.append(.init(index: index, playbookId: id, field: field, message: message))
    }

    /// The playbook, or nil when a field could not be read (`problems` says why).
    mutating func read(_ entry: JSONValue) -> Playbook? {
        guard let members = entry.objectValue else {
            fail(nil, "must be an object with id, version, categories, faultClasses and steps")
            return nil
        }
        id = readId(members["id"])
        for key in members.keys.sorted() where !PlaybookLoader.entryMembers.contains(key) {
            fail(key, "unknown member (expected \(PlaybookLoader.entryMembers.sorted().joined(separator: ", ")))")
        }
        let version = PlaybookLoader.wholeNumber(members["version"], field: "version", problems: &problems,
                                                 index: index, playbookId: id)
        let categories = names(members["categories"], field: "categories", of: ProductCategory.self, required: true)
        let faultClasses = names(members["faultClasses"], field: "faultClasses", of: FaultCategory.self, required: true)
        let priorities = names(members["priorities"], field: "priorities", of: Priority.self, required: false)
        if priorities?.contains(.emergency) == true {
            fail("priorities", "must not include emergency: emergencies never wait for remote guidance")
        }
        if let notes = members["notes"], notes.stringValue == nil { fail("notes", "must be a string") }
        let steps = readSteps(members["steps"])
        guard let id, let version, let categories, let faultClasses, let steps else { return nil }
        return Playbook(id: id, version: version, categories: Set(categories), faultClasses: Set(faultClasses),
                        priorities: priorities.map { Set($0) } ?? Playbook.allowedPriorities, steps: steps)
    }

    // MARK: Fields

    private mutating func readId(_ value: JSONValue?) -> String? {
        guard let value, !value.isNull else {
            fail("id", "is required")
            return nil
        }
        guard let text = value.stringValue, Self.isIdentifier(text) else {
            fail("id", "must be 1–\(PlaybookLoader.maxIdLength) characters of a-z, 0-9, '-', '_' or '.', "
                + "starting with a letter or digit")
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= PlaybookLoader.maxIdLength else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool { (97...122).contains(byte) || (48...57).contains(byte) }
        return alphanumeric(first) && bytes.allSatisfy { alphanumeric($0) || $0 == 45 || $0 == 95 || $0 == 46 }
    }

    /// A non-empty list of distinct vocabulary names; nil when absent (and not required) or wrong.
    private mutating func names<Name: RawRepresentable & CaseIterable>(
        _ value: JSONValue?, field: String, of _: Name.Type, required: Bool) -> [Name]? where Name.RawValue == String {
        guard let value, !value.isNull else {
            if required { fail(field, "is required (a non-empty array)") }
            return nil
        }
        guard let items = value.arrayValue, !items.isEmpty else {
            fail(field, "must be a non-empty array")
            return nil
        }
        let known = Name.allCases.map(\.rawValue)
        var result: [Name] = []
        var seen = Set<String>()
        var valid = true
        for (position, item) in items.enumerated() {
            guard let text = item.stringValue else {
                fail("\(field)[\(position)]", "must be a string")
                valid = false
                continue
            }
            guard let name = Name(rawValue: text) else {
                fail("\(field)[\(position)]", "unknown value \"\(text)\" (known: \(known.joined(separator: ", ")))")
                valid = false
                continue
            }
            if !seen.insert(text).inserted {
                fail("\(field)[\(position)]", "\"\(text)\" is listed twice")
                valid = false
            }
            result.append(name)
        }
        return valid ? result : nil
    }

    private mutating func readSteps(_ value: JSONValue?) -> [PlaybookStep]? {
        guard let value, !value.isNull else {
            fail("steps", "is required (a non-empty array of {\"zh\", \"en\"})")
            return nil
        }
        guard let items = value.arrayValue, !items.isEmpty else {
            fail("steps", "must be a non-empty array of {\"zh\", \"en\"}")
            return nil
        }
        guard items.count <= SchemaLimits.maxListCount else {
            fail("steps", "must have at most \(SchemaLimits.maxListCount) steps, not \(items.count)")
            return nil
        }
        var steps: [PlaybookStep] = []
        for (position, item) in items.enumerated() {
            let field = "steps[\(position)]"
            guard let members = item.objectValue else {
                fail(field, "must be an object {\"zh\": …, \"en\": …}")
                continue
            }
            for key in members.keys.sorted() where key != "zh" && key != "en" {
                fail("\(field).\(key)", "unknown member (expected zh, en)")
            }
            let zh = stepText(members["zh"], field: "\(field).zh", language: .chinese)
            let en = stepText(members["en"], field: "\(field).en", language: .english)
            if let zh, let en { steps.append(PlaybookStep(zh: zh, en: en)) }
        }
        return steps.count == items.count ? steps : nil
    }

    private mutating func stepText(_ value: JSONValue?, field: String, language: GuidanceLanguage) -> String? {
        guard let value, !value.isNull else {
            fail(field, "is required")
            return nil
        }
        guard let text = value.stringValue else {
            fail(field, "must be a string")
            return nil
        }
        guard !text.trimmingCharactersInSet().isEmpty else {
            fail(field, "must not be blank")
            return nil
        }
        guard text.unicodeScalars.count <= SchemaLimits.maxTextLength else {
            fail(field, "must be at most \(SchemaLimits.maxTextLength) characters")
            return nil
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            fail(field, "must not contain control characters (tabs, line breaks, NUL …)")
            return nil
        }
        let chinese = GuidanceLanguageRule.language(of: text) == .chinese
        switch language {
        case .chinese where !chinese:
            fail(field, "must be Chinese text (no Chinese character found)")
            return nil
        case .english where chinese:
            fail(field, "must be English text (it contains Chinese characters)")
            return nil
        default:
            return text
        }
    }
}
