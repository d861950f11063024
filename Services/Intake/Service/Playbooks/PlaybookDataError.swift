/// Why playbook data was refused, naming the file and, for each problem, the entry
/// (`playbooks[3] (id "smart-lock-network")`) and the field (`steps[1].en`). The service
/// turns it into a `ConfigError` at start-up (exit 2), so bad data never half-loads.
public struct PlaybookDataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// One thing wrong with the data.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Position in `playbooks`, nil for the file as a whole.
        public var index: Int?
        /// The entry's id, when it has a readable one.
        public var playbookId: String?
        /// Path inside the entry (or the file), e.g. `steps[1].en`; nil for the entry as a whole.
        public var field: String?
        public var message: String

        public init(index: Int? = nil, playbookId: String? = nil, field: String? = nil, message: String) {
            self.index = index
            self.playbookId = playbookId
            self.field = field
            self.message = message
        }

        /// `playbooks[3] (id "x")`, `playbooks[3]`, or nil for the file as a whole.
        public var entry: String? {
            guard let index else { return nil }
            return playbookId.map { "playbooks[\(index)] (id \"\($0)\")" } ?? "playbooks[\(index)]"
        }

        public var description: String {
            [entry, field, message].compactMap { $0 }.joined(separator: ": ")
        }
    }

    /// The file's path as given, or the name of the built-in data.
    public var source: String
    public var problems: [Problem]

    /// At most this many problems are spelled out in `description`.
    public static let problemsShown = 20

    public init(source: String, problems: [Problem]) {
        self.source = source
        self.problems = problems
    }

    public var description: String {
        let shown = problems.prefix(Self.problemsShown).map(\.description)
        let more = problems.count > shown.count ? ["… and \(problems.count - shown.count) more"] : []
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "playbook data \(source) is invalid (\(count)): " + (shown + more).joined(separator: "; ")
    }
}
