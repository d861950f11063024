import Schema
import XCTest

/// One labelled customer description of the fault-classification test set.
struct LabelledDescription: Sendable {
    /// The product category the description is about (nil: no product named).
    let product: ProductCategory?
    let text: String
    let category: FaultCategory
    let hazard: Bool
}

/// The fault-classification test set: realistic descriptions as customers type them into
/// the hotline, the app or WeChat, per product category, labelled by hand.
///
/// Each section is a table, one description a line: `class | hazard | text`, where class
/// is a `FaultCategory` raw value and hazard is `hazard` or `-`. Lines starting with `#`
/// are comments. Labelling rules (docs/services/intake.md "Fault classification"):
/// - a cause the customer states wins: `user-damage` (they, a child, a pet or a third
///   party broke it, liquid got in) or `installation` (a request to install, relocate or
///   assemble, or a fault blamed on the fitting);
/// - otherwise the symptom: `software` (firmware, app, program, crash, settings),
///   `network` (Wi-Fi, Bluetooth, offline), `hardware` (every physical symptom: leaks,
///   noise, wear, heating, display, odour, a hazard);
/// - `unknown`: no fault described (questions, orders, maintenance);
/// - hazard: fire, smoke, sparks, a burning smell, electric leakage or shock, gas,
///   explosion or shattering glass, carbon monoxide.
enum FaultCorpus {
    /// Every section, in product order.
    static let sections: [(product: ProductCategory?, table: String)] = [
        (.refrigerator, refrigerator), (.washingMachine, washingMachine), (.kitchenAppliance, kitchenAppliance),
        (.airConditioner, airConditioner), (.waterHeater, waterHeater), (.rangeHood, rangeHood),
        (.robotVacuum, robotVacuum), (.smartLock, smartLock), (.smartSpeaker, smartSpeaker), (.homeDecor, homeDecor),
        (.furniture, furniture), (.doorsWindows, doorsWindows), (.flooring, flooring), (.tiles, tiles),
        (.sanitaryWare, sanitaryWare), (nil, general), (nil, inquiries),
    ]

    /// The whole test set (the held-out part included); a malformed line fails the calling test.
    static func all(file: StaticString = #filePath, line: UInt = #line) -> [LabelledDescription] {
        let parsed = (sections + heldOutSections + secondHeldOutSections + thirdHeldOutSections).map { parse($0.table, product: $0.product) }
        for malformed in parsed.flatMap(\.malformed) {
            XCTFail("malformed test-set line: \(malformed)", file: file, line: line)
        }
        return parsed.flatMap(\.rows)
    }

    /// Parses one section table into its rows and the lines that are not rows.
    static func parse(_ table: String, product: ProductCategory?) -> (rows: [LabelledDescription], malformed: [String]) {
        var rows: [LabelledDescription] = []
        var malformed: [String] = []
        for raw in table.split(separator: "\n") {
            let row = raw.trimmingCharacters(in: .whitespaces)
            if row.isEmpty || row.hasPrefix("#") { continue }
            let fields = row.split(separator: "|", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, let category = FaultCategory(rawValue: fields[0]),
                  fields[1] == "hazard" || fields[1] == "-", !fields[2].isEmpty else {
                malformed.append(row)
                continue
            }
            rows.append(LabelledDescription(product: product, text: fields[2], category: category,
                                            hazard: fields[1] == "hazard"))
        }
        return (rows, malformed)
    }

    // MARK: No product named

    static let general = """
    unknown      | -      | 请尽快联系我
    unknown      | -      | Please call me back about my order
    unknown      | -      | 师傅什么时候能上门？已经等了三天了
    hardware     | hazard | 无缘无故冒烟，吓死了
    hardware     | hazard | 是不是漏电了？摸着外壳麻手
    hardware     | hazard | 没有冒烟，但是有焦味
    hardware     | -      | 没有摔过，突然开不了机
    hardware     | -      | 不是人为损坏，屏幕自己裂了
    installation | -      | 安裝師傅把牆打壞了，需要重新安裝
    hardware     | hazard | 插頭冒煙，有燒焦的味道
    hardware     | -      | It stopped working without any sparks or burning smell
    hardware     | hazard | Sparks from the socket when the dryer starts
    hardware     | hazard | No smoke 但是有焦味
    hardware     | -      | 没有 smoke，just 不制冷
    hardware     | hazard | 插座附近有火花，然后跳闸了
    """

    /// Messages without a fault (scheduling, billing, thanks, questions), written after the
    /// third held-out part and run once before any rule changed: they measure how often the
    /// single-character symptoms (漏, 响, 缝…) raise a false alarm.
    static let inquiries = """
    unknown      | -      | 师傅下午几点到？我三点以后才在家
    unknown      | -      | 上次师傅修得很好，谢谢你们
    unknown      | -      | 我想改一下预约地址，换到公司
    unknown      | -      | 发票抬头写错了，能重新开一张吗
    unknown      | -      | 请问延保怎么买，多少钱
    unknown      | -      | 维修费用能不能便宜一点
    unknown      | -      | 你们的响应速度太慢了，打了三次电话
    unknown      | -      | 师傅来了说要收上门费，之前没说过
    unknown      | -      | 我想买一个同款的遥控器
    unknown      | -      | 能不能帮我查一下订单物流到哪了
    unknown      | -      | 麻烦派个女师傅，家里只有我一个人
    unknown      | -      | 我需要安装说明书的电子版
    unknown      | -      | 上次换的零件还在保修期内吗
    unknown      | -      | 请帮我取消明天的预约，谢谢
    unknown      | -      | 师傅工作很认真，给五星好评
    unknown      | -      | 我家的地址是幸福路12号3单元，门口有个缝纫店
    unknown      | -      | 想咨询一下净水器滤芯多久换一次
    unknown      | -      | 周末可以上门吗，工作日没时间
    unknown      | -      | Can I reschedule the visit to next Monday?
    unknown      | -      | Do you sell replacement filters for this model?
    unknown      | -      | Thanks, the technician was great
    unknown      | -      | What is covered by the extended warranty?
    unknown      | -      | 我在网上下的单，想确认一下有没有安排师傅
    unknown      | -      | 请问积分可以抵扣维修费吗
    unknown      | -      | 能不能开个保修证明，物业要
    """
}
