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
    /// The longest pattern, in scalars (bounds the search for enclosing keywords).
    private let longestPattern: Int

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
        let suffixes = rules.englishSuffixes.map { TextNormalizer.normalize($0) }
        self.suffixes = suffixes
        self.longestPattern = (patterns.map(\.scalars.count).max() ?? 0) + (suffixes.map(\.count).max() ?? 0)
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
        var keywordsByStart: [Int: [Match]] = [:]
        for match in keywordMatches { keywordsByStart[match.start, default: []].append(match) }
        let keywords = keywordMatches.filter { match in
            !(max(0, match.start - longestPattern)...match.start).contains { start in
                keywordsByStart[start]?.contains { $0.length > match.length && $0.end >= match.end } ?? false
            }
        }
        let covered = coverage(of: keywords + matches.filter { $0.role == .exception }, length: text.count)
        let negators = matches.filter { match in
            match.role == .negator && !(match.start..<match.end).contains { covered[$0] }
        }
        let nearestNegatorEnd = nearestEnds(of: negators, length: text.count)
        let breakCounts = prefixCounts(of: clauseBreaks(in: text, matches: matches), length: text.count)
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
            if negatable && isNegated(keyword, nearestNegatorEnd: nearestNegatorEnd, breakCounts: breakCounts, units: units) {
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

    /// Positions where a clause ends: punctuation, a full stop not between digits, or the
    /// start of a clause-break word.
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
        return positions
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

    private func isNegated(_ keyword: Match, nearestNegatorEnd: [Int], breakCounts: [Int], units: [Int]) -> Bool {
        let negatorEnd = nearestNegatorEnd[keyword.start]
        guard negatorEnd > 0 else { return false }
        // A clause break between the negator and the keyword stops the negation.
        if breakCounts[keyword.start] - breakCounts[negatorEnd] > 0 { return false }
        let gap = units[keyword.start] - units[negatorEnd - 1] - 1
        return gap <= rules.negationWindow
    }

    /// For each position p (0…length), the largest end ≤ p of a negator; 0 when none.
    private func nearestEnds(of negators: [Match], length: Int) -> [Int] {
        var ends = [Int](repeating: 0, count: length + 1)
        for negator in negators { ends[negator.end] = max(ends[negator.end], negator.end) }
        for position in ends.indices.dropFirst() { ends[position] = max(ends[position], ends[position - 1]) }
        return ends
    }

    /// For each position p (0…length), how many clause breaks lie before p.
    private func prefixCounts(of positions: [Int], length: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: length + 1)
        for position in positions where position < length { counts[position + 1] += 1 }
        for position in counts.indices.dropFirst() { counts[position] += counts[position - 1] }
        return counts
    }

    /// Which positions lie inside one of `matches`.
    private func coverage(of matches: [Match], length: Int) -> [Bool] {
        var covered = [Bool](repeating: false, count: length)
        for match in matches { for position in match.start..<match.end { covered[position] = true } }
        return covered
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
    }
}
