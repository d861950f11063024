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

/// The complete, data-only rule set of the fault classifier. Everything here is a table:
/// change a table to change the behaviour; `FaultClassifier` holds no vocabulary.
///
/// Keywords are written in simplified Chinese and lower-case English; the text is
/// normalised first (traditional → simplified, full-width → ASCII, lower case), so 漏電,
/// 冒煙, 燒焦, 觸電, 連不上 and "WiFi" match too. An English keyword matches at the start
/// of a word and may carry one of `englishSuffixes` ("leak" matches "leaking").
public struct FaultRuleSet: Sendable {
    /// Keyword rows per category.
    public var categoryRules: [FaultKeywordRule]
    /// Words that describe a safety hazard (always negatable).
    public var hazardKeywords: [String]
    /// Words that negate a keyword that follows within `negationWindow` units.
    public var negators: [String]
    /// Phrases that contain a negator but do not negate ("无法" = cannot, "不停" = non-stop,
    /// "无线" = wireless, "not sure"): a negator inside one of them is ignored.
    public var negatorExceptions: [String]
    /// Words that end a clause: a negation never reaches across them ("没有冒烟，但是有焦味").
    public var clauseBreakWords: [String]
    /// Punctuation that ends a clause.
    public var clauseBreakCharacters: Set<Character>
    /// How many units (a Chinese character or an English word) may stand between a
    /// negator and the keyword it negates ("没有闻到焦味": 2, "no sign of smoke": 2).
    public var negationWindow: Int
    /// When several categories match, the first in this list wins: the cause before the
    /// symptom (user damage and installation explain a hardware symptom, a software
    /// failure explains a network one), hardware last among the specific classes.
    public var precedence: [FaultCategory]
    /// Endings an English keyword may carry.
    public var englishSuffixes: [String]

    public init(categoryRules: [FaultKeywordRule], hazardKeywords: [String], negators: [String],
                negatorExceptions: [String], clauseBreakWords: [String], clauseBreakCharacters: Set<Character>,
                negationWindow: Int, precedence: [FaultCategory], englishSuffixes: [String]) {
        self.categoryRules = categoryRules
        self.hazardKeywords = hazardKeywords
        self.negators = negators
        self.negatorExceptions = negatorExceptions
        self.clauseBreakWords = clauseBreakWords
        self.clauseBreakCharacters = clauseBreakCharacters
        self.negationWindow = negationWindow
        self.precedence = precedence
        self.englishSuffixes = englishSuffixes
    }
}

// MARK: - The standard tables

extension FaultRuleSet {
    /// The platform's default rules (DESIGN.md "Fault classes").
    public static let standard = FaultRuleSet(
        categoryRules: [
            FaultKeywordRule(.userDamage, negatable: true, [
                "摔", "掉地上", "掉在地上", "掉到地上", "跌落", "进水", "泡水", "浸水", "淋雨", "人为", "砸", "撞坏", "撞到",
                "撞了", "被撞", "磕碰", "磕坏", "磕了", "踩坏", "踩碎", "踩裂", "咬坏", "咬破", "咬断", "咬了", "啃坏", "抓坏",
                "烫坏", "泼了", "泼到", "泼在", "洒了", "洒到", "洒在", "打翻", "碰倒", "弄坏", "弄断", "使用不当", "误操作",
                "自己拆", "自行拆", "私自拆", "宠物",
                "dropped", "knocked over", "spilled", "spilt", "spill", "water damage", "liquid damage", "hit by",
                "kicked", "stepped on", "chewed", "bitten", "my dog", "my cat", "our dog", "our cat", "the dog", "the cat",
                "accidentally", "accident", "misuse", "smashed", "sat on", "fell off the table", "opened it myself",
            ]),
            FaultKeywordRule(.installation, negatable: false, [
                "安装", "装好", "装歪", "装反", "装错", "移机", "拆装", "拆机", "打孔", "固定不牢", "没固定好", "不牢固",
                "上门装", "挂墙", "调平",
                "install", "installation", "installed", "installing", "installer", "mounting", "mounted", "mount",
                "fitting", "fitted", "assembly", "assemble", "assembled", "relocate", "relocation", "level it",
            ]),
            FaultKeywordRule(.software, negatable: true, [
                "死机", "卡死", "卡顿", "闪退", "固件", "升级失败", "更新失败", "升级后", "更新后", "系统崩溃", "系统错误",
                "系统故障", "系统升级", "软件", "程序错乱", "程序乱了", "程序出错", "重启", "报错", "错误提示", "乱码",
                "设置丢失", "恢复出厂", "无法唤醒", "不能唤醒", "唤醒不了", "语音助手", "识别错误",
                "crash", "crashes", "crashed", "crashing", "freezes", "freezing up", "keeps freezing", "firmware",
                "software", "update", "upgrade", "bug", "glitch", "reboot", "restarts", "restarting", "boot loop",
                "error message", "app keeps", "factory reset", "voice assistant",
            ]),
            FaultKeywordRule(.network, negatable: false, [
                "wifi", "wi-fi", "无线网", "网络", "连不上", "连接不上", "连接失败", "连不了", "联网", "断网", "掉线", "离线",
                "配网", "蓝牙", "信号", "路由器", "热点", "绑定失败", "远程控制", "没网",
                "wireless", "network", "offline", "disconnect", "disconnects", "disconnected", "disconnecting",
                "connection", "connect", "connecting", "bluetooth", "pairing", "internet", "router", "signal",
                "hotspot", "remote app",
            ]),
            FaultKeywordRule(.hardware, negatable: true, [
                "漏水", "渗水", "滴水", "不制冷", "制冷效果差", "制冷差", "不太制冷", "不凉", "不冷", "不制热", "制热差",
                "不加热", "不热", "没有热水", "没热水", "不出水", "出水小", "不排水", "排水慢", "不脱水", "不进水", "进水慢",
                "进水阀", "不转", "异响", "噪音", "噪声", "响声", "声音大", "嗡嗡", "震动", "振动", "抖动", "坏了", "坏掉",
                "损坏", "故障", "失灵", "不工作", "不启动", "开不了机", "不开机", "无法开机", "不能开机", "不通电", "没电",
                "没反应", "没有反应", "不亮", "不显示", "黑屏", "断裂", "开裂", "裂缝", "裂了", "松动", "晃动", "变形",
                "脱落", "掉漆", "起皮", "起鼓", "翘起", "翘边", "鼓包", "卡住", "堵塞", "堵了", "生锈", "锈迹", "锈蚀",
                "发霉", "霉斑", "异味", "结冰", "结霜", "不吸", "吸力小", "吸力弱", "不排烟", "吸烟效果差", "打不着火",
                "点不着火", "打不着", "关不上", "关不严", "打不开", "锁不上", "合页", "铰链", "把手", "电机", "压缩机",
                "主板", "电池", "不充电", "充不上电", "跳闸", "漏风", "密封条", "破损", "划痕", "空鼓", "不出热风",
                "不出冷风", "不回充", "不动了", "门漏气", "密封条漏气", "门封漏气",
                "leak", "leakage", "leaky", "drip", "dripping", "noise", "noisy", "rattle", "rattling", "squeak",
                "squeaks", "squeaking", "grinding", "buzzing", "humming", "vibration", "vibrates", "vibrating", "broken",
                "not cooling", "not cold", "doesn't cool", "not heating", "no hot water", "won't turn on",
                "wont turn on", "doesn't turn on", "does not turn on", "not turning on", "won't start", "not working",
                "stopped working", "doesn't work", "does not work", "no power", "dead", "crack", "cracked", "loose",
                "wobbly", "wobble", "stuck", "jammed", "clogged", "blocked", "rust", "rusty", "mould", "mold", "peeling",
                "warped", "bulging", "not draining", "won't drain", "not spinning", "faulty", "defective", "defect",
                "hinge", "handle", "motor", "compressor", "battery", "won't charge", "not charging", "no suction",
                "weak suction", "scratch", "frost", "won't lock", "won't close", "won't open", "tripped", "trips the",
            ]),
        ],
        hazardKeywords: [
            "冒烟", "起火", "着火", "失火", "火花", "冒火", "火星", "焦味", "烧焦", "糊味", "烧糊", "漏电", "触电", "电人",
            "被电", "麻手", "燃气泄漏", "燃气味", "燃气漏", "煤气味", "煤气泄漏", "煤气漏", "天然气味",
            "天然气泄漏", "漏气", "爆炸", "自爆", "炸裂", "短路", "一氧化碳",
            "smoke", "smoking", "smoky", "fire", "caught fire", "spark", "sparks", "sparking", "burning smell",
            "smell of burning", "burnt smell", "burnt", "burning plastic", "scorch", "scorched", "electric shock",
            "shocked", "electrocut", "gas leak", "leaking gas", "smell gas", "smell of gas", "gas smell",
            "smells like gas", "explode", "exploded", "explosion", "short circuit", "carbon monoxide", "melted",
        ],
        negators: [
            "没有", "沒有", "没", "无", "不", "未", "非", "别", "并无",
            "no", "not", "without", "never", "none", "nor", "doesn't", "didn't", "don't", "isn't", "wasn't", "hasn't",
            "haven't", "aren't", "weren't",
        ],
        negatorExceptions: [
            "无法", "不能", "不了", "不停", "不断", "不久", "不到", "不小心", "不知道", "不知", "不时", "不锈", "无线",
            "不过", "不行", "不一会", "不少", "不但", "不仅", "不管", "非常", "没多久", "没过多久", "没几天", "没用",
            "没有用", "没法", "没办法", "不对劲", "不正常", "别的", "别人", "特别", "区别", "无论", "无缘无故",
            "无故", "是不是", "会不会", "有没有", "能不能", "要不要",
            "can not", "could not", "not only", "not sure", "no idea", "no matter", "no longer", "not long",
            "never mind", "no warning", "no reason", "not normal", "not right",
        ],
        clauseBreakWords: [
            "但", "但是", "可是", "不过", "却", "而且", "然后", "后来", "结果", "还有", "并且", "同时", "只是",
            "but", "however", "though", "although", "then", "yet", "also", "while", "and",
        ],
        clauseBreakCharacters: [",", "，", "。", ";", "；", "!", "！", "?", "？", "、", ":", "：", "(", ")", "（", "）",
                                "…", "~", "～", "\n", "/"],
        negationWindow: 3,
        precedence: [.userDamage, .installation, .software, .network, .hardware],
        englishSuffixes: ["s", "es", "ed", "d", "ing", "y"]
    )
}
