import Schema

/// What the classifier found in a description.
public struct FaultAssessment: Sendable, Equatable {
    /// The winning fault class (`unknown` when no keyword matched).
    public var category: FaultCategory
    /// True when a safety-hazard keyword matched and was not negated.
    public var safetyHazard: Bool
    /// Every class that matched, in precedence order.
    public var matchedCategories: [FaultCategory]
    /// The hazard keywords that counted (normalised form).
    public var hazardTerms: [String]
    /// Keywords that matched but were cancelled by a negation.
    public var negatedTerms: [String]

    public init(category: FaultCategory, safetyHazard: Bool, matchedCategories: [FaultCategory] = [],
                hazardTerms: [String] = [], negatedTerms: [String] = []) {
        self.category = category
        self.safetyHazard = safetyHazard
        self.matchedCategories = matchedCategories
        self.hazardTerms = hazardTerms
        self.negatedTerms = negatedTerms
    }
}

/// Derives the fault class and the safety-hazard flag from a customer's description in
/// simplified Chinese, traditional Chinese, English or a mix of them. Pure and
/// table-driven: all vocabulary lives in a `FaultRuleSet`.
///
/// How a description is read:
/// 1. Normalise (traditional → simplified, full-width → ASCII, lower case).
/// 2. Find every keyword, negator, exception phrase and clause break. A keyword found
///    inside a longer keyword is dropped ("进水" inside "不进水", "着火" inside "打不着火").
/// 3. A negatable keyword is cancelled when a negator ends at most `negationWindow` units
///    before it in the same clause ("没有漏电", "no smoke", "没有闻到焦味"). A negator that
///    is part of a keyword ("不制冷", "连不上") or of an exception phrase ("无法", "不停",
///    "不小心", "无线", "not sure") negates nothing.
/// 4. Hazard: any hazard keyword left. Class: the first of `precedence` among the classes
///    left, `unknown` when none.
public struct FaultClassifier: Sendable {
    public let rules: FaultRuleSet
    private let patterns: [Pattern]
    private let patternsByFirstScalar: [UInt32: [Int]]
    private let suffixes: [[UInt32]]

    public init(rules: FaultRuleSet = .standard) {
        self.rules = rules
        var patterns: [Pattern] = []
        func add(_ words: [String], _ role: Role, allowSuffix: Bool) {
            for word in words {
                let scalars = TextNormalizer.normalize(word)
                guard !scalars.isEmpty else { continue }
                patterns.append(Pattern(scalars: scalars, text: word, role: role, allowSuffix: allowSuffix))
            }
        }
        for rule in rules.categoryRules {
            add(rule.keywords, .category(rule.category, negatable: rule.negatable), allowSuffix: true)
        }
        add(rules.hazardKeywords, .hazard, allowSuffix: true)
        add(rules.negators, .negator, allowSuffix: false)
        add(rules.negatorExceptions, .exception, allowSuffix: false)
        add(rules.clauseBreakWords, .clauseBreak, allowSuffix: false)
        var index: [UInt32: [Int]] = [:]
        for (position, pattern) in patterns.enumerated() {
            index[pattern.scalars[0], default: []].append(position)
        }
        self.patterns = patterns
        self.patternsByFirstScalar = index
        self.suffixes = rules.englishSuffixes.map { TextNormalizer.normalize($0) }
    }

    /// The shared classifier with the standard tables.
    public static let standard = FaultClassifier()

    // MARK: Classification

    /// Classifies one description. Runs in time linear in its length (times the few
    /// keywords that share a first character).
    public func classify(_ description: String) -> FaultAssessment {
        let text = TextNormalizer.normalize(description)
        let matches = findMatches(in: text)

        // Keywords inside longer keywords do not count.
        let keywordMatches = matches.filter(\.isKeyword)
        let keywords = keywordMatches.filter { match in
            !keywordMatches.contains { other in
                other.length > match.length && other.start <= match.start && other.end >= match.end
            }
        }
        let exceptions = matches.filter { $0.role == .exception }
        let negators = matches.filter { match in
            match.role == .negator
                && !keywords.contains { $0.overlaps(match) }
                && !exceptions.contains { $0.overlaps(match) }
        }
        let breaks = clauseBreaks(in: text, matches: matches)
        let units = unitIndices(of: text)

        var categories = Set<FaultCategory>()
        var hazardTerms: [String] = []
        var negatedTerms: [String] = []
        for keyword in keywords {
            let negatable: Bool
            switch keyword.role {
            case .category(_, let flag): negatable = flag
            default: negatable = true
            }
            if negatable && isNegated(keyword, negators: negators, breaks: breaks, units: units) {
                negatedTerms.append(keyword.text)
                continue
            }
            switch keyword.role {
            case .category(let category, _): categories.insert(category)
            case .hazard: hazardTerms.append(keyword.text)
            default: break
            }
        }
        let ordered = rules.precedence.filter(categories.contains)
        return FaultAssessment(category: ordered.first ?? .unknown, safetyHazard: !hazardTerms.isEmpty,
                               matchedCategories: ordered, hazardTerms: hazardTerms, negatedTerms: negatedTerms)
    }

    // MARK: Matching

    private func findMatches(in text: [UInt32]) -> [Match] {
        var matches: [Match] = []
        for start in text.indices {
            guard let candidates = patternsByFirstScalar[text[start]] else { continue }
            for candidate in candidates {
                let pattern = patterns[candidate]
                if let end = matchEnd(of: pattern, in: text, at: start) {
                    matches.append(Match(start: start, end: end, role: pattern.role, text: pattern.text))
                }
            }
        }
        return matches
    }

    /// Where `pattern` found at `start` ends (after an allowed English suffix), or nil.
    private func matchEnd(of pattern: Pattern, in text: [UInt32], at start: Int) -> Int? {
        let length = pattern.scalars.count
        guard start + length <= text.count else { return nil }
        for offset in 1..<max(length, 1) where text[start + offset] != pattern.scalars[offset] { return nil }
        let englishStart = TextNormalizer.isWordCharacter(pattern.scalars[0])
        if englishStart && start > 0 && TextNormalizer.isWordCharacter(text[start - 1]) { return nil }
        let end = start + length
        guard TextNormalizer.isWordCharacter(pattern.scalars[length - 1]), end < text.count,
              TextNormalizer.isWordCharacter(text[end]) else { return end }
        // The keyword runs on into a longer word: allowed only with a listed suffix.
        guard pattern.allowSuffix else { return nil }
        var wordEnd = end
        while wordEnd < text.count && TextNormalizer.isWordCharacter(text[wordEnd]) { wordEnd += 1 }
        let tail = Array(text[end..<wordEnd])
        return suffixes.contains(tail) ? wordEnd : nil
    }

    // MARK: Negation

    /// Positions where a clause ends: punctuation, a full stop not between digits, or a
    /// clause-break word.
    private func clauseBreaks(in text: [UInt32], matches: [Match]) -> [Int] {
        var positions: [Int] = []
        let breakScalars = Set(rules.clauseBreakCharacters.flatMap { $0.unicodeScalars.map(\.value) })
        for (position, value) in text.enumerated() {
            if breakScalars.contains(value) {
                positions.append(position)
            } else if value == 0x2E {  // "." except in 2.4 GHz
                let digitBefore = position > 0 && (48...57).contains(text[position - 1])
                let digitAfter = position + 1 < text.count && (48...57).contains(text[position + 1])
                if !(digitBefore && digitAfter) { positions.append(position) }
            }
        }
        positions += matches.filter { $0.role == .clauseBreak }.map(\.start)
        return positions.sorted()
    }

    /// For each position, the index of the unit it belongs to: an English word or number
    /// is one unit, every other character (a Chinese character, say) is a unit of its own,
    /// a space belongs to the unit before it.
    private func unitIndices(of text: [UInt32]) -> [Int] {
        var indices = [Int](repeating: 0, count: text.count)
        var unit = -1
        var inWord = false
        for (position, value) in text.enumerated() {
            let isWord = TextNormalizer.isWordCharacter(value)
                || (value == 0x27 && inWord && position + 1 < text.count && TextNormalizer.isLetter(text[position + 1]))
            if value == 0x20 {
                inWord = false
                indices[position] = max(unit, 0)
                continue
            }
            if !(isWord && inWord) { unit += 1 }
            inWord = isWord
            indices[position] = unit
        }
        return indices
    }

    private func isNegated(_ keyword: Match, negators: [Match], breaks: [Int], units: [Int]) -> Bool {
        guard let nearest = negators.filter({ $0.end <= keyword.start }).max(by: { $0.end < $1.end }) else {
            return false
        }
        if breaks.contains(where: { $0 >= nearest.end && $0 < keyword.start }) { return false }
        let gap = units[keyword.start] - units[nearest.end - 1] - 1
        return gap <= rules.negationWindow
    }

    // MARK: Types

    fileprivate enum Role: Hashable, Sendable {
        case category(FaultCategory, negatable: Bool)
        case hazard, negator, exception, clauseBreak
    }

    private struct Pattern: Sendable {
        let scalars: [UInt32]
        let text: String
        let role: Role
        let allowSuffix: Bool
    }

    private struct Match {
        let start: Int
        let end: Int
        let role: Role
        let text: String

        var length: Int { end - start }
        var isKeyword: Bool {
            switch role {
            case .category, .hazard: true
            default: false
            }
        }
        func overlaps(_ other: Match) -> Bool { start < other.end && other.start < end }
    }
}
