import Foundation
import Schema

/// Reads and checks playbook data (the JSON format of `Services/Intake/Playbooks/playbooks.json`):
///
/// ```
/// {"version": 1, "notes": "…",
///  "playbooks": [{"id": "smart-speaker-network", "version": 1,
///                 "categories": ["smart-speaker"], "faultClasses": ["network"],
///                 "priorities": ["high", "normal", "low"],          // optional; never "emergency"
///                 "steps": [{"zh": "…", "en": "…"}, …], "notes": "…"}]}
/// ```
///
/// Every problem is collected and reported at once (`PlaybookDataError`, naming the entry and
/// the field): unknown members, a missing or non-positive `version`, an id that is not
/// 1–100 of `a-z 0-9 - _ .` or is used twice, unknown or repeated categories, fault classes
/// or priorities, `emergency` among the priorities, no steps or more than 100, a blank step,
/// one longer than 2,000 characters or holding control characters, a `zh` text without
/// Chinese or an `en` text with Chinese, and two playbooks claiming one (category, fault
/// class). An empty `playbooks` list is valid: no ticket gets remote guidance. Pure.
public enum PlaybookLoader {
    /// Larger data is refused before it is parsed.
    public static let maxBytes = 4 * 1024 * 1024
    /// Leaves room for `@<version>` in the 200-character `playbookId`.
    public static let maxIdLength = 100
    static let maxVersion = 1_000_000

    static let fileMembers: Set<String> = ["version", "notes", "playbooks"]
    static let entryMembers: Set<String> = ["id", "version", "categories", "faultClasses", "priorities", "steps", "notes"]

    /// The library the data describes, or every problem found in it.
    public static func load(_ data: Data, source: String) throws(PlaybookDataError) -> PlaybookLibrary {
        func refuse(_ field: String?, _ message: String) -> PlaybookDataError {
            PlaybookDataError(source: source, problems: [.init(field: field, message: message)])
        }
        guard data.count <= maxBytes else { throw refuse(nil, "is larger than \(maxBytes) bytes") }
        let root: JSONValue
        do throws(JSONParser.Failure) {
            root = try JSONParser.parse(data, maxDepth: 16)
        } catch {
            throw refuse(nil, "is not valid JSON: \(error.problem) at \(position(of: error.offset, in: data))")
        }
        guard let members = root.objectValue else {
            throw refuse(nil, "must be a JSON object with \"version\" and \"playbooks\"")
        }
        var problems: [PlaybookDataError.Problem] = []
        for key in members.keys.sorted() where !fileMembers.contains(key) {
            problems.append(.init(field: key, message: "unknown member (expected version, playbooks, notes)"))
        }
        let version = wholeNumber(members["version"], field: "version", problems: &problems)
        if let notes = members["notes"], notes.stringValue == nil {
            problems.append(.init(field: "notes", message: "must be a string"))
        }
        guard let entries = members["playbooks"]?.arrayValue else {
            problems.append(.init(field: "playbooks", message: "is required: an array of playbooks"))
            throw PlaybookDataError(source: source, problems: problems)
        }

        var playbooks: [Playbook] = []
        var firstEntryOfId: [String: Int] = [:]
        var claims = Claims()
        for (index, entry) in entries.enumerated() {
            var reader = PlaybookEntryReader(index: index)
            let playbook = reader.read(entry)
            if let id = reader.id {
                if let first = firstEntryOfId[id] {
                    reader.fail("id", "is already the id of playbooks[\(first)]")
                } else {
                    firstEntryOfId[id] = index
                }
            }
            if let playbook, reader.problems.isEmpty {
                if let conflict = claims.claim(playbook, index: index) { reader.fail("categories", conflict) }
                playbooks.append(playbook)
            }
            problems += reader.problems
        }
        guard problems.isEmpty, let version else { throw PlaybookDataError(source: source, problems: problems) }
        return PlaybookLibrary(version: version, playbooks: playbooks)
    }

    // MARK: Helpers

    /// A whole number 1…1,000,000, or nil after recording why not.
    static func wholeNumber(_ value: JSONValue?, field: String, problems: inout [PlaybookDataError.Problem],
                            index: Int? = nil, playbookId: String? = nil) -> Int? {
        guard let value, !value.isNull else {
            problems.append(.init(index: index, playbookId: playbookId, field: field,
                                  message: "is required (a whole number ≥ 1)"))
            return nil
        }
        guard let number = value.intValue, (1...maxVersion).contains(number) else {
            problems.append(.init(index: index, playbookId: playbookId, field: field,
                                  message: "must be a whole number between 1 and \(maxVersion)"))
            return nil
        }
        return number
    }

    /// "line L, column C" of a byte offset (columns count bytes), for a person editing the file.
    static func position(of offset: Int, in data: Data) -> String {
        var line = 1
        var lineStart = 0
        for (position, byte) in data.prefix(offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        return "line \(line), column \(offset - lineStart + 1)"
    }

    /// Which playbook claimed each (category, fault class) pair so far.
    struct Claims {
        private var owners: [String: (index: Int, id: String)] = [:]

        /// Records the playbook's pairs; a message naming the pairs another playbook already has.
        mutating func claim(_ playbook: Playbook, index: Int) -> String? {
            var taken: [String] = []
            var owner: (index: Int, id: String)?
            for category in playbook.categories.sorted(by: { $0.rawValue < $1.rawValue }) {
                for faultClass in playbook.faultClasses.sorted(by: { $0.rawValue < $1.rawValue }) {
                    let pair = "(\(category.rawValue), \(faultClass.rawValue))"
                    if let existing = owners[pair] {
                        taken.append(pair)
                        owner = owner ?? existing
                    } else {
                        owners[pair] = (index, playbook.id)
                    }
                }
            }
            guard let owner else { return nil }
            return "\(taken.joined(separator: ", ")) already covered by playbooks[\(owner.index)] (id \"\(owner.id)\"): "
                + "one playbook per category and fault class"
        }
    }
}
