import Schema

/// One remote-guidance playbook of intake's knowledge base (DESIGN.md, Remote-first
/// resolution): the steps a contact-centre agent walks a customer through before a
/// technician is sent, for the product categories and fault classes it covers.
///
/// Loaded and checked by `PlaybookLoader`; matched by `PlaybookMatcher`.
public struct Playbook: Sendable, Equatable {
    /// Stable name, lower-case letters, digits, `-`, `_`, `.` (e.g. `smart-speaker-network`).
    public var id: String
    /// Edition of this playbook, ≥ 1; raised whenever its steps change.
    public var version: Int
    public var categories: Set<ProductCategory>
    public var faultClasses: Set<FaultCategory>
    /// Priorities it may be offered for; never `emergency` (emergencies never wait).
    public var priorities: Set<Priority>
    /// In order, each in Chinese and English.
    public var steps: [PlaybookStep]

    /// Every priority but `emergency`: the default when a playbook names none.
    public static let allowedPriorities: Set<Priority> = Set(Priority.allCases).subtracting([.emergency])

    public init(id: String, version: Int, categories: Set<ProductCategory>, faultClasses: Set<FaultCategory>,
                priorities: Set<Priority> = Playbook.allowedPriorities, steps: [PlaybookStep]) {
        self.id = id
        self.version = version
        self.categories = categories
        self.faultClasses = faultClasses
        self.priorities = priorities
        self.steps = steps
    }

    /// The `playbookId` on `ticket.opened`: id and edition, `smart-speaker-network@1`, so a
    /// ticket records exactly which steps it was given.
    public var versionedId: String { "\(id)@\(version)" }

    /// The steps in one language.
    public func steps(in language: GuidanceLanguage) -> [String] {
        steps.map { $0.text(in: language) }
    }
}

/// One step of a playbook, in both languages the contact centre serves.
public struct PlaybookStep: Sendable, Equatable {
    /// Simplified Chinese.
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func text(in language: GuidanceLanguage) -> String {
        switch language {
        case .chinese: zh
        case .english: en
        }
    }
}

/// The language remote guidance is given in.
public enum GuidanceLanguage: String, Sendable, CaseIterable {
    case chinese = "zh"
    case english = "en"
}
