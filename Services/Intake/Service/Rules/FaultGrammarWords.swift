/// The standard grammar tables of the fault classifier: negators, the phrases that look
/// like negators but are not, failure words around a function word, clause breaks.
/// Simplified Chinese (plus the Cantonese 唔 and 冇) and lower-case English.
public enum FaultGrammarWords {
    /// Words that cancel a negatable keyword after them ("没有漏电", "no smoke").
    public static let negators = [
        "没有", "沒有", "没", "无", "不", "未", "非", "别", "并无", "唔", "冇", "no", "not", "without", "never",
        "none", "nor", "doesn't", "didn't", "don't", "isn't", "wasn't", "hasn't", "haven't", "aren't", "weren't",
        "can't", "cannot", "won't", "couldn't", "wouldn't",
    ]

    /// Phrases holding a negator that negate nothing.
    public static let negatorExceptions = [
        "无法", "不能", "不了", "不停", "不断", "不久", "不到", "不小心", "不知道", "不知", "不时", "不锈", "无线",
        "不过", "不行", "不一会", "不少", "不但", "不仅", "不管", "非常", "没多久", "没过多久", "没几天", "没用",
        "没有用", "没法", "没办法", "不对劲", "不正常", "别的", "别人", "特别", "区别", "无论", "无缘无故", "无故",
        "是不是", "会不会", "有没有", "能不能", "要不要", "不一样", "差不多", "不得不", "不然", "没想到",
        // 不 + an adjective describes a bad state ("安装不当导致漏电", "接触不良冒火花").
        "不当", "不良", "不足", "不好", "不稳", "不均", "不准", "不齐", "不住", "不对", "不灵", "can not",
        "could not", "not only", "not sure", "no idea", "no matter", "no longer", "not long", "never mind",
        "no warning", "no reason", "not normal", "not right",
    ]

    /// Before a function word, besides the negators: it fails ("无法制冷", "can't charge").
    public static let failureWordsBefore = [
        "无法", "不能", "没法", "没办法", "不太", "不怎么", "难以", "停止", "不再", "can't", "cannot", "can not",
        "could not", "won't", "wont", "unable to", "fails to", "failed to", "stopped", "no longer", "hardly",
        "barely", "never", "refuses to", "refused to",
    ]

    /// After a function word: it fails ("加热很慢", "吸力变小", "charging fails").
    public static let failureWordsAfter = [
        "不了", "不起来", "不出来", "不上", "不动", "失败", "失灵", "失效", "不灵", "不准", "不稳定", "不好", "不行",
        "不够", "不足", "不均匀", "不正常", "不生效", "不管用", "没用", "不响", "异常", "有问题", "出问题", "故障",
        "慢", "差", "弱", "变小", "不走", "没响", "很小", "太小", "没反应", "没有反应", "没了", "消失", "时好时坏",
        "断断续续", "fails", "failed", "failure", "stopped", "weak", "weaker", "slow", "slowly", "poor", "poorly",
        "problem", "problems", "issue", "issues", "erratic", "intermittent", "unreliable", "not working",
        "doesn't work",
    ]

    /// Words that end a clause.
    public static let clauseBreakWords = [
        "但", "但是", "可是", "不过", "却", "而且", "然后", "后来", "结果", "还有", "并且", "同时", "只是", "就是",
        "but", "however", "though", "although", "then", "yet", "also", "while", "and",
    ]

    /// Punctuation that ends a clause.
    public static let clauseBreakCharacters: Set<Character> = [
        ",", "，", "。", ";", "；", "!", "！", "?", "？", "、", ":", "：", "(", ")", "（", "）", "…", "~", "～", "\n",
        "/",
    ]
}
