import Schema

/// Intake's knowledge base of playbooks: one edition of the playbook data, indexed by
/// (product category, fault class). `PlaybookLoader` refuses data where two playbooks
/// claim the same pair, so at most one playbook answers each pair.
public struct PlaybookLibrary: Sendable, Equatable {
    /// Edition of the whole data file (its top-level `version`).
    public let version: Int
    /// In file order.
    public let playbooks: [Playbook]
    private let index: [Pair: Int]

    private struct Pair: Hashable, Sendable {
        var category: ProductCategory
        var faultClass: FaultCategory
    }

    /// A library of `playbooks`; when two claim one pair the first in order answers it
    /// (the loader never builds such a library).
    public init(version: Int, playbooks: [Playbook]) {
        self.version = version
        self.playbooks = playbooks
        var index: [Pair: Int] = [:]
        for (position, playbook) in playbooks.enumerated() {
            for category in playbook.categories {
                for faultClass in playbook.faultClasses {
                    let pair = Pair(category: category, faultClass: faultClass)
                    if index[pair] == nil { index[pair] = position }
                }
            }
        }
        self.index = index
    }

    /// A library without playbooks: no ticket gets remote guidance.
    public static let empty = PlaybookLibrary(version: 1, playbooks: [])

    /// The playbook for a category and fault class, if any.
    public func playbook(category: ProductCategory, faultClass: FaultCategory) -> Playbook? {
        index[Pair(category: category, faultClass: faultClass)].map { playbooks[$0] }
    }

    public static func == (lhs: PlaybookLibrary, rhs: PlaybookLibrary) -> Bool {
        lhs.version == rhs.version && lhs.playbooks == rhs.playbooks
    }
}
