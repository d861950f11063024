/// The standard keyword tables of the fault classifier, per fault class, in simplified
/// Chinese and lower-case English (traditional Chinese and upper case are normalised
/// away before matching). Hardware symptoms are in `FaultVocabulary+Hardware.swift`.
public enum FaultVocabulary {
    // MARK: User damage

    /// The customer, a child, a pet or a third party broke it, or liquid got in.
    public static let userDamage = [
        // Dropped, hit, stepped on, scratched, pried, burnt, poured in
        "摔", "掉地上", "掉在地上", "掉到地上", "跌落", "砸", "撞坏", "撞到", "撞了", "被撞", "撞掉", "撞裂", "撞凹",
        "磕", "踩坏", "踩碎", "踩裂", "踢坏", "踢碎", "踢球", "打碎", "打破", "弄坏", "弄断", "弄破", "压坏", "坐坏",
        "坐塌", "当滑板", "打裂", "划了", "碰掉", "推下去", "推倒", "掉下去", "戳破", "戳坏", "戳穿", "铲冰", "拿刀",
        "敲裂", "敲碎", "敲坏", "剪破", "剪坏", "剪了", "塞了", "刮花", "刮坏", "刮伤", "擦掉", "擦花", "擦坏",
        "钢丝球", "溅到", "溅在", "油漆溅", "搬沙发", "尿了", "撒尿", "撑破", "撑坏", "塞进去", "烤变形", "烤坏",
        "烤化", "火太大", "撬", "压出", "搬动", "猫砂", "倒进", "扔进", "冲进去",
        // Children, pets, family, foreign objects, misuse, self-repair, moving furniture
        "咬坏", "咬破", "咬断", "咬了", "啃坏", "抓坏", "抓破", "抓烂", "抓花", "乱划", "乱画", "划花", "涂鸦",
        "孩子把", "小孩把", "孩子用", "小孩用", "孩子拿", "小孩拿", "被孩子", "被小孩", "熊孩子", "孩子站", "小孩站",
        "老人把", "家人把", "老公把", "老婆把", "我爸把", "我妈把", "小朋友把", "小朋友往", "孩子往", "小孩往",
        "小孩玩", "我家猫", "我家狗", "家里的猫", "家里的狗", "猫把", "狗把", "被猫", "被狗", "啃得", "啃了", "咬得",
        "倒多了", "放多了", "加多了", "放太多", "加太多", "倒太多", "倒进去", "硬币", "异物", "忘了掏", "口袋里的",
        "人为", "使用不当", "误操作", "不小心", "烫坏", "烫了个", "冻裂", "冻坏", "自己拆", "自行拆", "私自拆",
        "自己修", "自行维修", "搬家具", "搬东西", "搬柜子", "拖着走",
        // Liquid, then English
        "进水", "泡水", "浸水", "淋雨", "泡了水", "被水泡", "泡坏", "泡变形", "泡胀", "泼了", "泼到", "泼在", "洒了",
        "洒到", "洒在", "打翻", "碰倒", "鱼缸", "dropped", "knocked over", "knocked it", "knocked off", "spilled",
        "spilt", "spill", "water damage", "liquid damage", "hit by", "kicked", "stepped on", "chewed", "bitten",
        "scratched by", "my kid", "my son", "my daughter", "the kids", "our kid", "my dog", "my cat", "our dog",
        "our cat", "climbed on", "accidentally", "accident", "misuse", "smashed", "sat on", "fell off the table",
        "opened it myself", "flooded", "foreign object",
    ]

    // MARK: Installation

    /// A request to install, relocate or assemble, or a fault blamed on the fitting.
    public static let installation = [
        "安装", "装好", "装歪", "装反", "装错", "没装好", "装的时候", "装得", "漏装", "少装", "组装", "移机", "拆装",
        "拆机", "打孔", "开孔", "固定不牢", "没固定好", "没有固定", "不牢固", "上门装", "挂墙", "膨胀螺丝", "调平",
        "打胶", "没接好", "接错", "接反", "铺的时候", "铺得", "铺贴", "铺装", "铺设", "贴砖", "贴得", "美缝",
        "伸缩缝", "留缝", "运输螺栓", "运输螺丝", "坡度", "新装的", "刚装的", "刚装好", "找平", "铺地板", "铺好",
        "贴的", "师傅贴", "师傅铺", "师傅装", "量错", "测量错", "没装", "装完", "铺完", "贴完", "没铺满", "没贴好",
        "没铺好", "没对准", "需要装", "要装", "想装", "帮我装", "装一台", "装一下", "挪到", "移到", "安装不当",
        "尺寸不符", "尺寸不对", "才能装", "装不进", "没包好", "保温棉没", "install", "installation", "installed",
        "installing", "installer", "mounting", "mounted", "mount", "badly fitted", "poorly fitted", "fitted wrong",
        "not fitted", "assembly", "assemble", "assembled", "relocate", "relocation", "level it", "expansion gap",
        "applied badly", "badly applied", "badly laid", "laid badly", "drilled",
    ]

    // MARK: Software

    /// Firmware, app, program, crash, settings, voice.
    public static let software = [
        "死机", "当机", "卡死", "卡顿", "很卡", "闪退", "固件", "韧体", "升级失败", "更新失败", "升级后", "更新后",
        "升级以后", "更新以后", "升级完", "更新完", "系统崩溃", "系统错误", "系统故障", "系统升级", "软件",
        "程序错乱", "程序乱", "程序出错", "重启", "报错", "错误提示", "提示错误", "乱码", "设置丢失", "丢失",
        "数据没了", "恢复出厂", "重新建图", "无法唤醒", "不能唤醒", "唤醒不了", "语音助手", "识别错误", "听不懂",
        "乱说", "自己说话", "自言自语", "听错", "答非所问", "误唤醒", "识别成", "乱了", "logo", "开机画面",
        "开机界面", "卡在界面", "自己切换", "自动切换", "乱切", "nobody asked", "talks by itself",
        "talking by itself", "answers on its own", "时间不对", "时间显示不对", "自己开机", "自动开机", "crash",
        "crashes", "crashed", "crashing", "freezes", "freezing up", "keeps freezing", "frozen screen", "firmware",
        "software", "after the update", "after an update", "after the latest update", "latest update",
        "since the update", "after updating", "firmware update", "software update", "system update", "update failed",
        "failed to update", "upgrade", "bug", "glitch", "reboot", "restarts", "restarting", "resetting", "boot loop",
        "error message", "app keeps", "factory reset", "voice assistant", "settings lost", "lost the map",
    ]

    /// Software functions: a fault when they fail ("唤醒没反应", "定时不准", "模式都没了").
    public static let softwareFunctions = [
        "唤醒", "语音识别", "定时", "倒计时", "分区", "功能", "模式", "设置", "地图", "升级", "更新", "系统", "数据",
        "闹钟", "播报", "wake", "wakes", "alarm", "timer", "schedule", "update", "updates", "settings",
    ]

    // MARK: Network

    /// Wi-Fi, Bluetooth, pairing, offline.
    public static let network = [
        "wifi", "wi-fi", "无线网", "网络", "网路", "连网", "联网", "断网", "断线", "掉线", "离线", "配网", "蓝牙",
        "信号", "路由器", "热点", "连不上", "连接不上", "连接失败", "连接超时", "无法连接", "连接断开", "连接不稳定",
        "连不了", "连线", "断开连接", "断开", "掉网", "不在线", "未连接", "not online", "配对", "绑定失败", "远程",
        "没网", "没有网", "搜不到设备", "找不到设备", "wireless", "network", "offline", "disconnect", "disconnects",
        "disconnected", "disconnecting", "wifi connection", "lost connection", "no connection", "connection lost",
        "connection drops", "connect", "connecting", "bluetooth", "pairing", "internet", "router", "signal",
        "hotspot", "remote app",
    ]

    /// Network functions: a fault when they fail ("won't pair").
    public static let networkFunctions = ["连接", "pair", "paired", "sync", "syncing"]

    // MARK: Context

    /// "卡顿", "卡死", "很卡" are software on a screen or a speaker, hardware on a part
    /// that slides or turns.
    public static let contextRules = [
        FaultContextRule(keywords: ["卡顿", "卡死", "很卡"],
                         contextWords: ["推拉", "拉门", "移门", "柜门", "房门", "门扇", "窗", "抽屉", "滑轨", "轨道",
                                        "滑轮", "合页", "铰链", "锁芯", "钥匙", "把手", "轮子", "滚刷",
                                        "door", "drawer", "window", "slider", "track", "roller", "hinge", "key"],
                         category: .hardware),
        // Rain getting in through a window is a leak, not liquid damage.
        FaultContextRule(keywords: ["进水", "泡水", "浸水", "淋雨"],
                         contextWords: ["窗", "下雨", "暴雨", "雨天", "rain", "window"], category: .hardware),
    ]

    // MARK: Neutral phrases

    /// Phrases that hold a keyword but point at nothing.
    public static let neutralPhrases = [
        "热水器", "重启也没用", "重启了也", "重启过", "影响", "响应", "音响", "防跌落", "防撞", "油烟味", "不锈钢",
        "物流", "物流到", "说明书", "安装说明", "缝纫", "wall-mounted", "wall mounted", "wall mount", "restarted it",
        "tried restarting", "去年安装", "前年安装", "年前安装", "安装日期", "安装时间", "安装一年", "装了一年",
        "装了两年", "装了好几年", "installed last year", "保修卡", "烟灶联动",
        // Range-hood smoke is the cooking smoke it should pull out, not a fire.
        "any smoke out", "the smoke out", "up the smoke", "smoke out of the kitchen", "cooking smoke",
        "smoke from cooking", "smoke when cooking", "smoke while cooking", "炒菜的烟", "做饭的烟",
    ]

    // MARK: Safety hazards

    /// Fire, smoke, sparks, burning smell, electric leakage or shock, gas, explosion,
    /// carbon monoxide.
    public static let hazards = [
        "冒烟", "冒*烟", "黑烟", "白烟", "青烟", "浓烟", "烟雾", "烟味", "起火", "着火", "失火", "火花", "冒火",
        "火星", "明火", "烧起来", "焦味", "烧焦", "糊味", "烧糊", "焦糊", "漏电", "触电", "电人", "被电", "电了一下",
        "麻手", "手麻", "手发麻", "发麻", "麻麻的", "电了我", "电我", "外壳带电", "外壳有电", "龙头带电", "水带电",
        "插座打火", "插头打火", "开关打火", "线路打火", "电线打火", "燃气泄漏", "燃气泄露", "燃气味", "燃气漏",
        "漏燃气", "煤气味", "煤气泄漏", "煤气泄露", "煤气漏", "漏煤气", "天然气味", "天然气泄漏", "天然气泄露",
        "瓦斯味", "瓦斯外泄", "瓦斯漏", "漏瓦斯", "漏气", "窜火", "火窜", "蹿火", "火蹿", "喷火", "火*窜出",
        "火*蹿出", "爆燃", "爆炸", "自爆", "炸裂", "炸了", "短路", "一氧化碳", "smoke", "smoking", "smoky", "fire",
        "flames", "caught fire", "spark", "sparks", "sparking", "burning smell", "smell of burning", "burnt smell",
        "burnt", "burning plastic", "scorch", "scorched", "electric shock", "shocked", "got a shock", "tingle",
        "tingling", "electrocut", "gas leak", "leaking gas", "smell gas", "smell of gas", "gas smell",
        "smells like gas", "smells of gas", "explode", "exploded", "explosion", "short circuit", "carbon monoxide",
        "melted", "melting",
    ]
}
