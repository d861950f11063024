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
    /// The class keywords and failing function words that counted (for diagnostics).
    public var matchedTerms: [String]

    public init(category: FaultCategory, safetyHazard: Bool, matchedCategories: [FaultCategory] = [],
                hazardTerms: [String] = [], negatedTerms: [String] = [], matchedTerms: [String] = []) {
        self.category = category
        self.safetyHazard = safetyHazard
        self.matchedCategories = matchedCategories
        self.hazardTerms = hazardTerms
        self.negatedTerms = negatedTerms
        self.matchedTerms = matchedTerms
    }
}

/// Derives the fault class and the safety-hazard flag from a customer's description in
/// simplified Chinese, traditional Chinese, English or a mix of them. Pure and
/// table-driven: all vocabulary lives in a `FaultRuleSet`.
///
/// How a description is read:
/// 1. Normalise (traditional → simplified, full-width → ASCII, lower case).
/// 2. Find every keyword, function word, neutral phrase, fault code, negator, failure
///    word, exception phrase, context word and clause break. A keyword inside a longer
///    keyword is dropped ("进水" inside "不进水", "着火" inside "打不着火", "热水" inside
///    the neutral "热水器").
/// 3. A negatable keyword is cancelled when a negator ends at most `negationWindow` units
///    before it in the same clause ("没有漏电", "no smoke", "没有闻到焦味"). A negator that
///    is part of a keyword ("不制冷", "连不上") or of an exception phrase ("无法", "不停",
///    "不小心", "无线", "not sure") negates nothing.
/// 4. A function word counts only when it fails: a negator or a failure word before it
///    within `negationWindow` units, or a failure word after it within `failureWindow`
///    units, in the same clause ("不能制冷", "加热很慢", "won't drain").
/// 5. Hazard: any hazard keyword left. Class: the first of `precedence` among the classes
///    left, `unknown` when none; with a hazard, the first of `hazardPrecedence` (the
///    hazard counting as `hazardCategory`).
///
/// Every step is a pass over the text or over the matches: time is linear in the length
/// of the description (times the few patterns that share a first character).
public struct FaultClassifier: Sendable {
    public let rules: FaultRuleSet
    private let patterns: [Pattern]
    private let patternsByFirstScalar: [UInt32: [Int]]
    private let suffixes: [[UInt32]]
    private let variants: [UInt32: UInt32]
    private let breakScalars: Set<UInt32>
    private let faultCodeLetters: Set<UInt32>
    /// The pattern index standing for a fault code match.
    private let faultCodePattern: Int

    public init(rules: FaultRuleSet = .standard) {
        self.rules = rules
        var variants: [UInt32: UInt32] = [:]
        let pairs = Array(rules.traditionalVariants.unicodeScalars)
        for index in stride(from: 0, to: pairs.count - 1, by: 2) where pairs[index] != pairs[index + 1] {
            variants[pairs[index].value] = pairs[index + 1].value
        }
        self.variants = variants
        func normalize(_ word: String) -> [UInt32] {
            var scalars = TextNormalizer.normalize(word)
            Self.fold(&scalars, variants)
            return scalars
        }

        var patterns: [Pattern] = []
        func add(_ words: [String], _ role: Role, allowSuffix: Bool, context: Int? = nil) {
            for word in words {
                let parts = word.split(separator: "*", maxSplits: 1).map { normalize(String($0)) }
                guard let head = parts.first, !head.isEmpty else { continue }
                let tail = parts.count > 1 ? parts[1] : []
                patterns.append(Pattern(scalars: head, tail: tail, text: word, role: role,
                                        allowSuffix: allowSuffix && tail.isEmpty, context: context))
            }
        }
        var contextOfKeyword: [String: Int] = [:]
        for (index, rule) in rules.contextRules.enumerated() {
            for keyword in rule.keywords { contextOfKeyword[keyword] = index }
            add(rule.contextWords, .contextWord(index), allowSuffix: true)
        }
        for rule in rules.categoryRules {
            for keyword in rule.keywords {
                add([keyword], .symptom(rule.category, negatable: rule.negatable), allowSuffix: true,
                    context: contextOfKeyword[keyword])
            }
        }
        for rule in rules.functionRules { add(rule.words, .function(rule.category), allowSuffix: true) }
        add(rules.hazardKeywords, .hazard, allowSuffix: true)
        add(rules.neutralPhrases, .neutral, allowSuffix: true)
        add(rules.negators, .negator, allowSuffix: false)
        add(rules.negatorExceptions, .exception, allowSuffix: false)
        add(rules.failureWordsBefore, .failureBefore, allowSuffix: true)
        add(rules.failureWordsAfter, .failureAfter, allowSuffix: true)
        add(rules.clauseBreakWords, .clauseBreak, allowSuffix: false)
        faultCodePattern = patterns.count
        patterns.append(Pattern(scalars: [0], tail: [], text: "fault code", role: .symptom(rules.faultCodeCategory, negatable: true),
                                allowSuffix: false, context: nil))

        // Longest first, so that matches at one position come out longest first.
        var index: [UInt32: [Int]] = [:]
        for (position, pattern) in patterns.enumerated() where position != faultCodePattern {
            index[pattern.scalars[0], default: []].append(position)
        }
        for key in index.keys { index[key]!.sort { patterns[$0].scalars.count > patterns[$1].scalars.count } }
        self.patterns = patterns
        self.patternsByFirstScalar = index
        self.suffixes = rules.englishSuffixes.map { normalize($0) }
        self.breakScalars = Set(rules.clauseBreakCharacters.flatMap { $0.unicodeScalars.map(\.value) })
        self.faultCodeLetters = Set(rules.faultCodeLetters.lowercased().unicodeScalars.map(\.value))
    }

    /// The shared classifier with the standard tables.
    public static let standard = FaultClassifier()

    // MARK: Classification

    /// Classifies one description.
    public func classify(_ description: String) -> FaultAssessment {
        var text = TextNormalizer.normalize(description)
        Self.fold(&text, variants)
        let length = text.count
        let units = unitIndices(of: text)
        let matches = findMatches(in: text, units: units)

        // Keywords (and failure words) inside a longer keyword do not count.
        var keywords: [Match] = []
        var failuresBefore: [Match] = []
        var failuresAfter: [Match] = []
        var negatorCandidates: [Match] = []
        var exceptions: [Match] = []
        var breaks: [Int] = []
        var contexts = Set<Int>()
        var maxEndBefore = -1
        var groupStart = -1
        var groupMaxEnd = -1
        var pendingMaxEnd = -1
        for (position, match) in matches.enumerated() {
            if match.start != groupStart {
                maxEndBefore = max(maxEndBefore, pendingMaxEnd)
                groupStart = match.start
                groupMaxEnd = -1
                var next = position
                while next < matches.count && matches[next].start == groupStart {
                    if patterns[matches[next].pattern].role.isKeyword { groupMaxEnd = max(groupMaxEnd, matches[next].end) }
                    next += 1
                }
                pendingMaxEnd = groupMaxEnd
            }
            let inside = maxEndBefore >= match.end || groupMaxEnd > match.end
            switch patterns[match.pattern].role {
            case .symptom, .function, .hazard, .neutral: if !inside { keywords.append(match) }
            case .failureBefore: if !inside { failuresBefore.append(match) }
            case .failureAfter: if !inside { failuresAfter.append(match) }
            case .negator: negatorCandidates.append(match)
            case .exception: exceptions.append(match)
            case .clauseBreak: breaks.append(match.start)
            case .contextWord(let rule): contexts.insert(rule)
            }
        }

        // A negator inside a keyword or an exception phrase negates nothing.
        var covered = [Int](repeating: 0, count: length + 1)
        for match in keywords + exceptions {
            covered[match.start] += 1
            covered[match.end] -= 1
        }
        var depth = 0
        for position in 0..<length {
            depth += covered[position]
            covered[position] = depth > 0 ? 1 : 0
        }
        let negators = negatorCandidates.filter { negator in !(negator.start..<negator.end).contains { covered[$0] != 0 } }
        let nearestNegatorEnd = nearestEnds(of: negators, length: length)
        let nearestFailureEnd = nearestEnds(of: negators + failuresBefore, length: length)
        let nextFailureStart = nextStarts(of: failuresAfter, length: length)
        breaks += clauseBreakPositions(in: text)
        let breakCounts = prefixCounts(of: breaks, length: length)

        var categories = Set<FaultCategory>()
        var hazardTerms: [String] = []
        var negatedTerms: [String] = []
        var matchedTerms: [String] = []
        for keyword in keywords {
            let pattern = patterns[keyword.pattern]
            let term = keyword.pattern == faultCodePattern ? String(decoding: text[keyword.start..<keyword.end]) : pattern.text
            switch pattern.role {
            case .symptom(let category, let negatable):
                if negatable && isBefore(keyword, nearestEnd: nearestNegatorEnd, breakCounts: breakCounts, units: units) {
                    negatedTerms.append(term)
                } else {
                    let context = pattern.context.flatMap { contexts.contains($0) ? rules.contextRules[$0].category : nil }
                    categories.insert(context ?? category)
                    matchedTerms.append(term)
                }
            case .hazard:
                if isBefore(keyword, nearestEnd: nearestNegatorEnd, breakCounts: breakCounts, units: units) {
                    negatedTerms.append(term)
                } else {
                    hazardTerms.append(term)
                }
            case .function(let category):
                if isBefore(keyword, nearestEnd: nearestFailureEnd, breakCounts: breakCounts, units: units)
                    || isAfter(keyword, nextStart: nextFailureStart, breakCounts: breakCounts, units: units) {
                    categories.insert(category)
                    matchedTerms.append(term)
                }
            default: break
            }
        }
        let ordered = rules.precedence.filter(categories.contains)
        let category: FaultCategory
        if hazardTerms.isEmpty {
            category = ordered.first ?? .unknown
        } else {
            categories.insert(rules.hazardCategory)
            category = rules.hazardPrecedence.first(where: categories.contains) ?? rules.hazardCategory
        }
        return FaultAssessment(category: category, safetyHazard: !hazardTerms.isEmpty,
                               matchedCategories: rules.precedence.filter(categories.contains),
                               hazardTerms: hazardTerms, negatedTerms: negatedTerms, matchedTerms: matchedTerms)
    }

    // MARK: Matching

    /// Every pattern occurrence, by start, longest first at each start.
    private func findMatches(in text: [UInt32], units: [Int]) -> [Match] {
        var matches: [Match] = []
        for start in text.indices {
            let value = text[start]
            let wordStart = start == 0 || !TextNormalizer.isWordCharacter(text[start - 1])
            // Inside an English word nothing starts (every pattern that begins with a
            // letter or digit must begin at a word start).
            if !wordStart && TextNormalizer.isWordCharacter(value) { continue }
            if wordStart, faultCodeLetters.contains(value), let end = faultCodeEnd(in: text, at: start) {
                matches.append(Match(start: start, end: end, pattern: faultCodePattern))
            }
            guard let candidates = patternsByFirstScalar[value] else { continue }
            for candidate in candidates {
                let pattern = patterns[candidate]
                guard var end = matchEnd(of: pattern, in: text, at: start) else { continue }
                if !pattern.tail.isEmpty {
                    guard let tailEnd = gapTailEnd(of: pattern, in: text, after: end, units: units) else { continue }
                    end = tailEnd
                }
                matches.append(Match(start: start, end: end, pattern: candidate))
            }
        }
        return matches
    }

    /// Where `pattern` found at `start` ends (after an allowed English suffix), or nil.
    private func matchEnd(of pattern: Pattern, in text: [UInt32], at start: Int) -> Int? {
        let scalars = pattern.scalars
        let length = scalars.count
        guard start + length <= text.count else { return nil }
        var offset = 1
        while offset < length {
            if text[start + offset] != scalars[offset] { return nil }
            offset += 1
        }
        let end = start + length
        guard TextNormalizer.isWordCharacter(scalars[length - 1]), end < text.count,
              TextNormalizer.isWordCharacter(text[end]) else { return end }
        // The keyword runs on into a longer word: allowed only with a listed suffix.
        guard pattern.allowSuffix else { return nil }
        var wordEnd = end
        while wordEnd < text.count && TextNormalizer.isWordCharacter(text[wordEnd]) { wordEnd += 1 }
        let tail = text[end..<wordEnd]
        return suffixes.contains { $0.elementsEqual(tail) } ? wordEnd : nil
    }

    /// Where the tail of a gapped keyword ends, when it starts at most `gapWindow` units
    /// after `headEnd` in the same clause; nil otherwise.
    private func gapTailEnd(of pattern: Pattern, in text: [UInt32], after headEnd: Int, units: [Int]) -> Int? {
        let tail = pattern.tail
        var position = headEnd
        let lastUnit = units[headEnd - 1] + rules.gapWindow + 1
        while position + tail.count <= text.count, units[position] <= lastUnit, position - headEnd < 64 {
            if breakScalars.contains(text[position]) { return nil }
            if text[position] == tail[0], text[position..<(position + tail.count)].elementsEqual(tail) {
                return position + tail.count
            }
            position += 1
        }
        return nil
    }

    /// The end of a fault code ("e1", "f0", "e21") starting at `start`, or nil.
    private func faultCodeEnd(in text: [UInt32], at start: Int) -> Int? {
        var end = start + 1
        while end < text.count, (48...57).contains(text[end]), end - start <= rules.faultCodeMaxDigits { end += 1 }
        guard end > start + 1, end - start - 1 <= rules.faultCodeMaxDigits else { return nil }
        if end < text.count && TextNormalizer.isWordCharacter(text[end]) { return nil }
        return end
    }

    // MARK: Negation and failure

    /// Positions where a clause ends: punctuation, or a full stop not between digits.
    private func clauseBreakPositions(in text: [UInt32]) -> [Int] {
        var positions: [Int] = []
        for (position, value) in text.enumerated() {
            if breakScalars.contains(value) {
                positions.append(position)
            } else if value == 0x2E {  // "." except in 2.4 GHz
                let digitBefore = position > 0 && (48...57).contains(text[position - 1])
                let digitAfter = position + 1 < text.count && (48...57).contains(text[position + 1])
                if !(digitBefore && digitAfter) { positions.append(position) }
            }
        }
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

    /// Whether a marker (negator or failure word) ends at most `negationWindow` units
    /// before `keyword`, in the same clause.
    private func isBefore(_ keyword: Match, nearestEnd: [Int], breakCounts: [Int], units: [Int]) -> Bool {
        let markerEnd = nearestEnd[keyword.start]
        guard markerEnd > 0 else { return false }
        if breakCounts[keyword.start] - breakCounts[markerEnd] > 0 { return false }
        return units[keyword.start] - units[markerEnd - 1] - 1 <= rules.negationWindow
    }

    /// Whether a failure word starts at most `failureWindow` units after `keyword`, in
    /// the same clause.
    private func isAfter(_ keyword: Match, nextStart: [Int], breakCounts: [Int], units: [Int]) -> Bool {
        let markerStart = nextStart[keyword.end]
        guard markerStart < units.count, keyword.end > 0 else { return false }
        if breakCounts[markerStart] - breakCounts[keyword.end] > 0 { return false }
        return units[markerStart] - units[keyword.end - 1] - 1 <= rules.failureWindow
    }

    /// For each position p (0…length), the largest end ≤ p of a marker; 0 when none.
    private func nearestEnds(of markers: [Match], length: Int) -> [Int] {
        var ends = [Int](repeating: 0, count: length + 1)
        for marker in markers { ends[marker.end] = max(ends[marker.end], marker.end) }
        for position in ends.indices.dropFirst() { ends[position] = max(ends[position], ends[position - 1]) }
        return ends
    }

    /// For each position p (0…length), the smallest start ≥ p of a marker; `length` when none.
    private func nextStarts(of markers: [Match], length: Int) -> [Int] {
        var starts = [Int](repeating: length, count: length + 1)
        for marker in markers { starts[marker.start] = min(starts[marker.start], marker.start) }
        for position in stride(from: length - 1, through: 0, by: -1) { starts[position] = min(starts[position], starts[position + 1]) }
        return starts
    }

    /// For each position p (0…length), how many clause breaks lie before p.
    private func prefixCounts(of positions: [Int], length: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: length + 1)
        for position in positions where position < length { counts[position + 1] += 1 }
        for position in counts.indices.dropFirst() { counts[position] += counts[position - 1] }
        return counts
    }

    /// Applies the rule set's extra traditional → simplified pairs.
    private static func fold(_ text: inout [UInt32], _ variants: [UInt32: UInt32]) {
        guard !variants.isEmpty else { return }
        for index in text.indices where text[index] >= 0x3400 {
            if let simplified = variants[text[index]] { text[index] = simplified }
        }
    }

    // MARK: Types

    fileprivate enum Role: Hashable, Sendable {
        case symptom(FaultCategory, negatable: Bool)
        case function(FaultCategory)
        case hazard, neutral, negator, exception, failureBefore, failureAfter, clauseBreak
        case contextWord(Int)

        /// Keywords take part in "a keyword inside a longer keyword is dropped".
        var isKeyword: Bool {
            switch self {
            case .symptom, .function, .hazard, .neutral: true
            default: false
            }
        }
    }

    private struct Pattern: Sendable {
        let scalars: [UInt32]
        /// The part after the `*` of a gapped keyword (empty for a plain one).
        let tail: [UInt32]
        let text: String
        let role: Role
        let allowSuffix: Bool
        /// The context rule that may change this keyword's class.
        let context: Int?
    }

    private struct Match {
        let start: Int
        let end: Int
        let pattern: Int
    }
}

private extension String {
    /// A string from normalised scalars (for the fault code a diagnostic reports).
    init(decoding scalars: ArraySlice<UInt32>) {
        var view = String.UnicodeScalarView()
        for value in scalars { if let scalar = Unicode.Scalar(value) { view.append(scalar) } }
        self = String(view)
    }
}
