/// Hardware symptoms and functions: every physical fault of a product, by theme.
extension FaultVocabulary {
    /// Hardware symptom keywords (negatable: "没有漏水" is not a leak).
    public static let hardware = leaks + wear + doorsAndLocks + display + drainage + heatingAndCooling + odour
        + noiseAndVibration + powerAndParts + surfaces + english

    /// Water, air and oil getting out.
    static let leaks = [
        "漏水", "渗水", "滴水", "漏", "渗", "冒水", "溢水", "溢出", "水渍", "湿了", "积水", "存水", "漏风", "漏雨",
        "漏油", "滴油", "门漏气", "封条漏气", "胶条漏气", "密封圈漏气", "门封漏气", "气压棒漏气", "气杆漏气",
        "气弹簧漏气", "起雾", "进水汽", "滴", "流出", "往外流", "淌水", "漏到", "流到", "一滩", "一直在流", "一直流",
        "停不下", "水珠", "淌", "喷水", "喷出", "水印", "灌进来",
    ]

    /// Wear and ageing.
    static let wear = [
        "老化", "磨损", "磨坏", "磨白", "磨花", "磨平", "磨破", "褪色", "掉色", "发黄", "泛黄", "变黄", "氧化",
        "发黑", "塌陷", "下陷", "凹陷", "变硬", "硬化", "开胶", "脱胶", "起泡", "起球", "掉毛", "掉皮", "脱皮",
        "开线", "没弹性", "失去弹性", "下沉", "下垂", "变形", "走形", "腐蚀", "生锈", "锈迹", "锈蚀", "锈", "不耐用",
        "寿命短", "返碱", "泛碱", "起砂", "凹", "塌", "磨没", "磨掉", "打滑", "鼓起", "弯了", "弯曲",
    ]

    /// Doors, lids, drawers, hinges, locks.
    static let doorsAndLocks = [
        "关不上", "关不严", "关不紧", "合不上", "打不开", "开不了门", "推不动", "拉不动", "推不开", "拉不开",
        "拉不出", "推拉不顺", "不顺畅", "卡住", "脱轨", "掉轨", "摩擦", "刮地", "蹭", "挪位", "弹不回", "回不来",
        "缝", "旋钮", "歪", "胶圈", "悬空", "喇叭", "破了", "震得", "就灭", "灭了", "熄灭", "开不了", "就有问题",
        "调不上", "调不了", "调不动", "上不去", "吹热风", "进水口", "出水口", "接头", "弹开", "门歪", "门缝", "有缝",
        "缝隙", "缝越来越大", "离缝", "不齐", "锁不上", "锁不了", "反锁", "假锁", "拧不动", "转不动", "缩不回",
        "误报警", "报警", "密封条", "密封圈", "门封", "胶条", "封条", "铰链", "合页", "把手", "拉手", "门把", "锁芯",
        "锁舌", "锁体", "锁扣", "滑轨", "导轨", "滑轮", "阻尼", "门吸", "气压棒", "支架", "螺丝", "五金",
    ]

    /// Screens, lamps, buttons.
    static let display = [
        "不亮", "黑屏", "花屏", "白屏", "黑了", "屏幕花", "看不清", "忽明忽暗", "时亮时不亮", "不显示", "显示不全",
        "缺笔画", "闪烁", "一闪一闪", "闪", "灯泡", "按键", "按钮", "触屏", "触摸", "失灵", "不灵", "没反应",
        "没有反应", "不感应", "感应不",
    ]

    /// Drains, pipes, toilets.
    static let drainage = [
        "不排水", "排水慢", "排不出", "排水不畅", "下水慢", "下水不畅", "下不去", "不下水", "堵", "堵塞了", "返水",
        "返臭", "返味", "反味", "倒灌", "冲不干净", "冲不下去", "不出水", "出水小", "水压", "不进水", "进水慢",
        "进水阀", "进水管",
    ]

    /// Heating, cooling, ignition, freezing.
    static let heatingAndCooling = [
        "不制冷", "制冷效果差", "制冷差", "不太制冷", "不凉", "不冷", "不够冷", "不够凉", "不制热", "制热差",
        "不加热", "加热慢", "不热", "不够热", "没有热水", "没热水", "不出热水", "温水", "忽冷忽热", "时冷时热",
        "温度上不去", "温度高", "不出热风", "不出冷风", "不出风", "打不着火", "点不着火", "打不着", "点不着",
        "不打火", "熄火", "火力小", "火很小", "回火", "结冰", "结霜", "不结冰", "化了", "不冰", "都软了", "融化",
        "融了", "融晒", "吹冷风", "吹的是冷风", "制热*冷风", "制冷*热风", "煮不熟", "夹生", "发烫", "烫手", "过热",
        "缺氟", "频繁启动", "停机", "自动关机", "自己关机",
    ]

    /// Odours (a burning smell is a hazard instead).
    static let odour = [
        "异味", "怪味", "臭", "霉味", "味道大", "味道很大", "味道重", "味道很重", "一股味", "有味道", "甲醛",
        "油漆味", "刺鼻", "熏眼睛", "难闻", "腥味", "发霉", "霉斑", "长霉",
    ]

    /// Noise and vibration.
    static let noiseAndVibration = [
        "异响", "噪音", "噪声", "响声", "声音大", "声音很大", "声音特别大", "怪声", "异音", "杂音", "破音",
        "没有声音", "没声音", "嗡嗡", "咔咔", "咔哒", "咔嚓", "咯吱", "吱吱", "吱呀", "咯噔", "哐哐", "砰砰", "嘎吱",
        "咯咯", "沙沙", "滋滋", "嗞嗞", "啪啪", "咚咚", "响", "声音", "叫声", "尖叫", "电流声", "刺耳", "吵", "震动",
        "振动", "抖动", "抖得", "晃", "跳来跳去", "走位", "共振", "转圈", "打转",
    ]

    /// Power, batteries and named parts.
    static let powerAndParts = [
        "坏了", "坏掉", "坏的", "损坏", "故障", "不工作", "不启动", "开不了机", "不开机", "无法开机", "不能开机",
        "不通电", "没电", "冇电", "不能用", "用不了", "没法用", "不管用", "掉下楼梯", "好几秒", "很久才", "半天才",
        "跳闸", "跳电", "断电", "耗电", "掉电", "电量低", "低电量", "不充电", "充不上电", "充不进电", "不回充",
        "不转", "不动了", "不吸", "吸力小", "吸力弱", "不排烟", "吸烟效果差", "吸不走", "吸不干净", "洗不干净",
        "不出冰", "电机", "压缩机", "主板", "电池", "传感器", "雷达", "风机", "水泵", "排水泵", "保险丝", "鼓包",
        "接触不良", "断了", "断裂", "折断", "裂", "碎了", "松动", "松了", "松脱", "不稳", "摇晃", "脱落", "掉了",
        "掉下来", "停了", "跑出来", "吸不到", "按了没用", "高低差", "落差", "不平", "不准", "不均匀", "色差", "缺角",
        "崩边", "斑点", "白点", "黑点", "白斑", "黑斑", "擦不掉", "满屋", "一屋", "一屋烟味", "满屋烟味",
        "满屋子烟味",
    ]

    /// Surfaces: floors, tiles, panels, wallpaper.
    static let surfaces = [
        "掉漆", "起皮", "起鼓", "起拱", "翘起", "翘边", "起翘", "拱起", "空鼓", "划痕", "划伤", "破损", "砖炸裂",
        "接缝", "踢脚线",
    ]

    /// English hardware symptoms.
    static let english = [
        "leak", "leakage", "leaky", "drip", "dripping", "seep", "seeps", "seeping", "pooling", "puddle",
        "standing water", "water comes in", "water coming in", "noise", "noisy", "loud", "rattle", "rattling",
        "squeak", "squeaks", "squeaking", "creak", "creaking", "clicking", "grinding", "buzzing", "humming", "hums",
        "banging", "knocking", "thumping", "whining", "crackling", "hissing", "beeping", "vibration", "vibrates",
        "vibrating", "shaking", "shakes", "wobbly", "wobble", "broken", "not cooling", "not cold", "doesn't cool",
        "not heating", "no hot water", "lukewarm", "warm air", "won't turn on", "wont turn on", "doesn't turn on",
        "does not turn on", "not turning on", "won't start", "not working", "stopped working", "doesn't work",
        "does not work", "doesn't come on", "won't come on", "no power", "dead", "dies", "crack", "cracked",
        "chipped", "loose", "stuck", "jammed", "seized", "sticks", "sticking", "clogged", "blocked", "rust", "rusty",
        "mould", "mold", "mildew", "musty", "smell", "smells", "stink", "stinks", "odour", "odor", "peeling",
        "flaking", "lifting", "cupping", "buckling", "warped", "bulging", "sagged", "sagging", "sags", "worn",
        "wearing off", "aged", "perished", "brittle", "faded", "fading", "discoloured", "discolored", "hollow", "gap",
        "gaps", "flicker", "flickering", "blinking", "not draining", "won't drain", "not spinning", "faulty",
        "defective", "defect", "hinge", "handle", "latch", "roller", "rollers", "runner", "gasket", "motor",
        "compressor", "battery", "won't charge", "not charging", "no suction", "weak suction", "scratch", "frost",
        "won't lock", "won't close", "won't open", "tripped", "trips the", "breaker", "overheat", "hot to the touch",
        "burnt out", "burned out", "keeps running", "draft", "draught", "condensation", "separating", "coming apart",
        "come apart", "joints", "splitting", "split", "scalding", "freezing water", "ice cold", "too hot", "too cold",
        "no cold air", "stops mid", "stops halfway", "stopped halfway", "flashes", "flashing", "keeps going out",
        "goes out", "hot to touch", "running constantly", "runs constantly", "constantly running", "never stops",
        "beeps", "cuts out", "cutting out", "blinks", "red light", "bled", "bleeding", "colour ran", "color ran",
        "stain", "stains", "fell off", "come off", "came off", "coming off", "come away", "came away", "coming away",
        "pilot light", "ice keeps", "ice build", "ice forming", "iced up", "icing up", "turned yellow", "yellowed",
        "yellowing", "crumbling", "crumbles",
    ]

    /// Hardware functions: a fault when they fail ("无法制冷", "加热很慢", "won't drain").
    public static let hardwareFunctions = [
        "制冷", "制热", "加热", "热水", "出水", "出热水", "出冷风", "出热风", "出风", "排水", "下水", "排烟", "吸烟",
        "脱水", "甩干", "烘干", "启动", "开机", "关机", "通电", "充电", "回充", "吸力", "吸尘", "点火", "打火",
        "显示", "制冰", "出冰", "冷冻", "冷藏", "冻", "保温", "冲水", "密封", "锁门", "上锁", "开锁", "解锁", "开门",
        "关门", "识别", "感应", "运转", "工作", "隔音", "控制", "遥控", "弹起", "回弹", "伸出", "弹出", "cool",
        "cools", "cooling", "heat", "heats", "heating", "heat up", "drain", "drains", "draining", "spin", "spins",
        "spinning", "charge", "charges", "charging", "start", "starts", "turn on", "turns on", "switch on",
        "power on", "ignite", "ignites", "lock", "locks", "locking", "unlock", "unlocks", "open", "opens", "close",
        "closes", "closing", "flush", "flushes", "flushing", "dispense", "fill", "fills", "filling", "dry", "dries",
        "drying", "dock", "docks", "docking", "suck", "sucks", "suction", "freezing", "pull", "pulls", "freeze",
        "recognise", "recognize", "recognises", "recognizes", "retract", "retracts", "engage", "engages", "seal",
        "seals", "cold air", "hot air", "respond", "responds", "light up", "lights up",
    ]
}
