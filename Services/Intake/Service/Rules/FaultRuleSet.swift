import Schema

/// One row of the fault table: the keywords that point at a fault category.
///
/// `negatable` says whether a negation in front of a keyword cancels it ("没有漏水",
/// "no noise"). Network and installation keywords are not negatable: "没有信号" or
/// "no wifi" describe the fault itself, and "没装好" is an installation fault.
public struct FaultKeywordRule: Sendable, Hashable {
    public var category: FaultCategory
    public var negatable: Bool
    public var keywords: [String]

    public init(_ category: FaultCategory, negatable: Bool, _ keywords: [String]) {
        self.category = category
        self.negatable = negatable
        self.keywords = keywords
    }
}

/// Words for what a product should do ("制冷", "加热", "排水", "drain", "charge"): they
/// point at `category` only when the function fails, that is when a negator or a
/// failure word stands before them ("不能制冷", "无法开机", "won't drain") or a failure
/// word follows them ("加热很慢", "吸力变小", "制冷效果很差", "charging fails").
public struct FaultFunctionRule: Sendable, Hashable {
    public var category: FaultCategory
    public var words: [String]

    public init(_ category: FaultCategory, _ words: [String]) {
        self.category = category
        self.words = words
    }
}

/// A keyword whose class depends on what the description is about: "卡顿" is a software
/// symptom of a speaker but a hardware one of a sliding door. When any `contextWords`
/// occurs anywhere in the description, the `keywords` (which must be keywords of some
/// `FaultKeywordRule`) count as `category` instead of their own class.
public struct FaultContextRule: Sendable, Hashable {
    public var keywords: [String]
    public var contextWords: [String]
    public var category: FaultCategory

    public init(keywords: [String], contextWords: [String], category: FaultCategory) {
        self.keywords = keywords
        self.contextWords = contextWords
        self.category = category
    }
}

/// The complete, data-only rule set of the fault classifier. Everything here is a table:
/// change a table to change the behaviour; `FaultClassifier` holds no vocabulary.
///
/// Keywords are written in simplified Chinese and lower-case English; the text is
/// normalised first (traditional → simplified, full-width → ASCII, lower case), so 漏電,
/// 冒煙, 燒焦, 觸電, 連不上 and "WiFi" match too. An English keyword matches at the start
/// of a word and may carry one of `englishSuffixes` ("leak" matches "leaking"). A keyword
/// written with a `*` ("冒*烟") matches its two parts with at most `gapWindow` units
/// and no punctuation between them ("冒了一股白烟").
/// The standard tables live in the `FaultVocabulary` files beside this one.
public struct FaultRuleSet: Sendable {
    /// Keyword rows per category.
    public var categoryRules: [FaultKeywordRule]
    /// Function words that point at a category when the function fails.
    public var functionRules: [FaultFunctionRule]
    /// Keywords whose class changes with the object described.
    public var contextRules: [FaultContextRule]
    /// Words that describe a safety hazard (always negatable).
    public var hazardKeywords: [String]
    /// The class a hazard points at by itself ("热水器漏电" is a hardware fault).
    public var hazardCategory: FaultCategory
    /// When a hazard counts, the class is the first of these that matched (the hazard
    /// counting as `hazardCategory`): a stated cause still wins ("安装不当导致漏电"), a
    /// software or network symptom does not ("升级后冒烟" is hardware).
    public var hazardPrecedence: [FaultCategory]
    /// Phrases that contain a keyword but point at nothing ("热水器" contains the function
    /// "热水", "重启也没用" the symptom "重启", "wall-mounted" the keyword "mounted"): like
    /// every longer keyword they cancel the keywords inside them.
    public var neutralPhrases: [String]
    /// Fault codes on a display ("E1", "F0", "E21"): one of these letters, then one to
    /// `faultCodeMaxDigits` digits, as a word of its own. They point at `faultCodeCategory`.
    public var faultCodeLetters: String
    public var faultCodeMaxDigits: Int
    public var faultCodeCategory: FaultCategory
    /// Words that negate a keyword that follows within `negationWindow` units.
    public var negators: [String]
    /// Phrases that contain a negator but do not negate ("无法" = cannot, "不停" = non-stop,
    /// "无线" = wireless, "not sure"): a negator inside one of them is ignored.
    public var negatorExceptions: [String]
    /// Words before a function word that make it a failure, besides the negators
    /// ("无法", "不能", "can't", "unable to", "stopped").
    public var failureWordsBefore: [String]
    /// Words after a function word that make it a failure ("不了", "失败", "很慢", "变小",
    /// "不灵", "fails", "weak").
    public var failureWordsAfter: [String]
    /// How many units may stand between a function word and a failure word after it
    /// ("制冷效果很差": 3).
    public var failureWindow: Int
    /// Words that end a clause: a negation never reaches across them ("没有冒烟，但是有焦味").
    public var clauseBreakWords: [String]
    /// Punctuation that ends a clause.
    public var clauseBreakCharacters: Set<Character>
    /// How many units may stand in the `*` of a gapped keyword.
    public var gapWindow: Int
    /// How many units (a Chinese character or an English word) may stand between a
    /// negator and the keyword it negates ("没有闻到焦味": 2, "no sign of smoke": 2).
    public var negationWindow: Int
    /// When several categories match, the first in this list wins: the cause before the
    /// symptom (user damage and installation explain a hardware symptom, a software
    /// failure explains a network one), hardware last among the specific classes.
    public var precedence: [FaultCategory]
    /// Endings an English keyword may carry.
    public var englishSuffixes: [String]
    /// Traditional → simplified pairs ("頭头風风…", one pair per two characters) for the
    /// characters of these tables that `TraditionalChinese` does not cover; applied to the
    /// description and to the tables after `TextNormalizer`.
    public var traditionalVariants: String

    public init(categoryRules: [FaultKeywordRule], functionRules: [FaultFunctionRule] = [],
                contextRules: [FaultContextRule] = [], hazardKeywords: [String],
                hazardCategory: FaultCategory = .hardware,
                hazardPrecedence: [FaultCategory] = [.userDamage, .installation, .hardware],
                neutralPhrases: [String] = [], faultCodeLetters: String = "", faultCodeMaxDigits: Int = 3,
                faultCodeCategory: FaultCategory = .hardware, negators: [String], negatorExceptions: [String],
                failureWordsBefore: [String] = [], failureWordsAfter: [String] = [], failureWindow: Int = 3,
                clauseBreakWords: [String], clauseBreakCharacters: Set<Character>, gapWindow: Int = 3,
                negationWindow: Int,
                precedence: [FaultCategory], englishSuffixes: [String], traditionalVariants: String = "") {
        self.categoryRules = categoryRules
        self.functionRules = functionRules
        self.contextRules = contextRules
        self.hazardKeywords = hazardKeywords
        self.hazardCategory = hazardCategory
        self.hazardPrecedence = hazardPrecedence
        self.neutralPhrases = neutralPhrases
        self.faultCodeLetters = faultCodeLetters
        self.faultCodeMaxDigits = faultCodeMaxDigits
        self.faultCodeCategory = faultCodeCategory
        self.negators = negators
        self.negatorExceptions = negatorExceptions
        self.failureWordsBefore = failureWordsBefore
        self.failureWordsAfter = failureWordsAfter
        self.failureWindow = failureWindow
        self.clauseBreakWords = clauseBreakWords
        self.clauseBreakCharacters = clauseBreakCharacters
        self.gapWindow = gapWindow
        self.negationWindow = negationWindow
        self.precedence = precedence
        self.englishSuffixes = englishSuffixes
        self.traditionalVariants = traditionalVariants
    }
}

// MARK: - The standard tables

extension FaultRuleSet {
    /// The platform's default rules (DESIGN.md "Fault classes"), measured on the test set
    /// in `Tests/IntakeTests/FaultCorpus*.swift` (docs/services/intake.md).
    public static let standard = FaultRuleSet(
        categoryRules: [
            FaultKeywordRule(.userDamage, negatable: true, FaultVocabulary.userDamage),
            FaultKeywordRule(.installation, negatable: false, FaultVocabulary.installation),
            FaultKeywordRule(.software, negatable: true, FaultVocabulary.software),
            FaultKeywordRule(.network, negatable: false, FaultVocabulary.network),
            FaultKeywordRule(.hardware, negatable: true, FaultVocabulary.hardware),
        ],
        functionRules: [
            FaultFunctionRule(.software, FaultVocabulary.softwareFunctions),
            FaultFunctionRule(.network, FaultVocabulary.networkFunctions),
            FaultFunctionRule(.hardware, FaultVocabulary.hardwareFunctions),
        ],
        contextRules: FaultVocabulary.contextRules,
        hazardKeywords: FaultVocabulary.hazards,
        hazardCategory: .hardware,
        hazardPrecedence: [.userDamage, .installation, .hardware],
        neutralPhrases: FaultVocabulary.neutralPhrases,
        faultCodeLetters: "efhp",
        faultCodeMaxDigits: 3,
        faultCodeCategory: .hardware,
        negators: FaultGrammarWords.negators,
        negatorExceptions: FaultGrammarWords.negatorExceptions,
        failureWordsBefore: FaultGrammarWords.failureWordsBefore,
        failureWordsAfter: FaultGrammarWords.failureWordsAfter,
        failureWindow: 3,
        clauseBreakWords: FaultGrammarWords.clauseBreakWords,
        clauseBreakCharacters: FaultGrammarWords.clauseBreakCharacters,
        gapWindow: 3,
        negationWindow: 3,
        precedence: [.userDamage, .installation, .software, .network, .hardware],
        englishSuffixes: ["s", "es", "ed", "d", "ing", "y"],
        traditionalVariants: FaultTraditionalVariants.pairs
    )
}
