import Schema
import XCTest
@testable import IntakeService

/// The fault rule table over realistic customer descriptions: simplified and traditional
/// Chinese, English, mixed texts, negations, and texts where several classes match.
final class FaultClassifierTests: XCTestCase {
    private struct Case {
        let text: String
        let category: FaultCategory
        let hazard: Bool
        init(_ text: String, _ category: FaultCategory, hazard: Bool = false) {
            self.text = text
            self.category = category
            self.hazard = hazard
        }
    }

    private let cases: [Case] = [
        // MARK: Simplified Chinese, hardware
        Case("冰箱不制冷了，冷藏室温度很高", .hardware),
        Case("洗衣机脱水的时候异响很大，像是有东西在撞", .hardware),
        Case("热水器下面一直在滴水，地上都湿了", .hardware),
        Case("空调外机噪音特别大，晚上睡不着", .hardware),
        Case("油烟机吸力弱，做饭的时候满屋子油烟", .hardware),
        Case("马桶水箱一直漏水，冲完水停不下来", .hardware),
        Case("实木地板起鼓了，好几块翘起来", .hardware),
        Case("衣柜门的合页松动，门关不上", .hardware),
        Case("燃气灶打不着火，点了好几次都不行", .hardware),
        Case("买了不久就漏水，底部一直渗水", .hardware),
        Case("不锈钢水槽下面的管子堵塞了", .hardware),
        Case("洗衣机不进水，显示E1", .hardware),
        Case("冰箱门漏气，密封条变形了", .hardware),
        Case("瓷砖空鼓，踩上去有声音", .hardware),
        // MARK: Simplified Chinese, software / network / installation / user damage
        Case("扫地机器人升级固件以后一直死机", .software),
        Case("智能音箱经常自动重启，语音助手没反应", .software),
        Case("智能门锁连不上WiFi，App显示离线", .network),
        Case("扫地机配网失败，路由器是5G的", .network),
        Case("家里没网的时候音箱就用不了", .network),
        Case("热水器需要上门安装，预约周六", .installation),
        Case("空调安装后外机一直在漏水", .installation),
        Case("师傅装歪了，柜门合不上", .installation),
        Case("小孩不小心把音箱摔了，外壳裂了", .userDamage),
        Case("手机放上去的时候打翻了水杯，门锁进水后不亮了", .userDamage),
        Case("狗把扫地机的边刷咬坏了", .userDamage),
        Case("搬家的时候撞坏了柜子的一角", .userDamage),
        // MARK: Simplified Chinese, hazards
        Case("空调插头冒烟，还有焦味", .unknown, hazard: true),
        Case("热水器漏电，洗澡的时候被电了一下", .unknown, hazard: true),
        Case("厨房里有很重的燃气味，怀疑燃气灶漏气", .unknown, hazard: true),
        Case("洗衣机电机烧焦了，闻到糊味", .hardware, hazard: true),
        Case("浴室柜的镜子自爆了，玻璃碎了一地", .unknown, hazard: true),
        Case("插座附近有火花，然后跳闸了", .hardware, hazard: true),
        Case("无缘无故冒烟，吓死了", .unknown, hazard: true),
        Case("是不是漏电了？摸着外壳麻手", .unknown, hazard: true),
        // MARK: Negations (Chinese)
        Case("冰箱不制冷，没有漏电，也没有冒烟", .hardware),
        Case("没有闻到焦味，只是空调不制冷", .hardware),
        Case("空调不冒烟，就是不出冷风", .hardware),
        Case("没有摔过，突然开不了机", .hardware),
        Case("未发现漏电现象，热水器不加热", .hardware),
        Case("没有冒烟，但是有焦味", .unknown, hazard: true),
        Case("不是人为损坏，屏幕自己裂了", .hardware),
        Case("非人为损坏，门锁电池没电很快", .hardware),
        Case("没有漏水，WiFi也正常，就是一直卡顿", .software),
        // MARK: Traditional Chinese
        Case("冷氣不製冷，還有異響", .hardware),
        Case("熱水器漏電，洗澡時觸電了", .unknown, hazard: true),
        Case("插頭冒煙，有燒焦的味道", .unknown, hazard: true),
        Case("智能門鎖連不上網絡，一直離線", .network),
        Case("掃地機器人更新韌體後一直死機", .software),
        Case("沒有漏電，只是洗衣機脫水時噪音很大", .hardware),
        Case("安裝師傅把牆打壞了，需要重新安裝", .installation),
        Case("小孩把音箱摔壞了", .userDamage),
        // MARK: English
        Case("The fridge is not cooling and the compressor makes a loud noise", .hardware),
        Case("Washing machine leaking water from the bottom during the spin cycle", .hardware),
        Case("Smoke came out of the range hood and there is a burning smell", .unknown, hazard: true),
        Case("I got an electric shock when touching the water heater", .unknown, hazard: true),
        Case("Robot vacuum keeps disconnecting from WiFi and shows offline in the app", .network),
        Case("After the firmware update the speaker crashes every few minutes", .software),
        Case("Please install the new sliding door, it was delivered yesterday", .installation),
        Case("My dog chewed the power cable of the robot vacuum", .userDamage),
        Case("No smoke, no sparks, but the oven is not heating", .hardware),
        Case("There was no sign of smoke but the AC stopped working", .hardware),
        Case("It stopped working without any sparks or burning smell", .hardware),
        Case("I can smell gas near the water heater", .unknown, hazard: true),
        Case("Sparks from the socket when the dryer starts", .unknown, hazard: true),
        Case("The smart lock doesn't leak but the handle is loose", .hardware),
        Case("Cabinet door hinge broken, not sure why it leaks underneath", .hardware),
        Case("The tiles cracked after the installer mounted the shelf", .installation),
        Case("The washing machine fired up and then caught fire", .unknown, hazard: true),
        Case("no noise, no leak, the screen just freezes", .software),
        // MARK: Mixed language and full-width text
        Case("空调不制冷，remote app显示offline", .network),
        Case("WiFi连不上, router重启也没用", .software),
        Case("热水器有burning smell，请尽快处理", .unknown, hazard: true),
        Case("洗碗机 leaking，地板都泡了", .hardware),
        Case("ＷｉＦｉ断网，音箱掉线", .network),
        Case("No smoke 但是有焦味", .unknown, hazard: true),
        Case("没有 smoke，just 不制冷", .hardware),
        Case("门锁 firmware 升级失败，指纹识别不了", .software),
        Case("油烟机 rattling noise，而且不排烟", .hardware),
        // MARK: Nothing to go on
        Case("请尽快联系我", .unknown),
        Case("Please call me back about my order", .unknown),
    ]

    func testRealisticDescriptionsAreClassified() {
        XCTAssertGreaterThanOrEqual(cases.count, 60)
        let classifier = FaultClassifier.standard
        var failures: [String] = []
        for item in cases {
            let result = classifier.classify(item.text)
            if result.category != item.category || result.safetyHazard != item.hazard {
                failures.append("\(item.text) → \(result.category.rawValue), hazard \(result.safetyHazard) "
                    + "(expected \(item.category.rawValue), hazard \(item.hazard)); hazards \(result.hazardTerms), negated \(result.negatedTerms)")
            }
        }
        XCTAssertEqual(failures, [], failures.joined(separator: "\n"))
    }

    func testEveryHazardKeywordAloneIsAHazardAndNegatedIsNot() {
        let classifier = FaultClassifier.standard
        for keyword in FaultRuleSet.standard.hazardKeywords {
            let isEnglish = keyword.unicodeScalars.first.map { $0.isASCII } ?? false
            XCTAssertTrue(classifier.classify(keyword).safetyHazard, "\(keyword) alone")
            let negated = isEnglish ? "there is no \(keyword)" : "没有\(keyword)"
            XCTAssertFalse(classifier.classify(negated).safetyHazard, negated)
        }
    }

    func testKeywordInsideALongerKeywordDoesNotCount() {
        // 进水 (liquid ingress) inside 不进水 (washer does not fill); 着火 inside 打不着火.
        XCTAssertEqual(FaultClassifier.standard.classify("洗衣机不进水").category, .hardware)
        XCTAssertFalse(FaultClassifier.standard.classify("燃气灶打不着火").safetyHazard)
        XCTAssertFalse(FaultClassifier.standard.classify("冰箱门漏气").safetyHazard)
        XCTAssertTrue(FaultClassifier.standard.classify("热水器漏气").safetyHazard)
    }

    func testNegationDoesNotCrossAClause() {
        let classifier = FaultClassifier.standard
        XCTAssertTrue(classifier.classify("没有冒烟。有火花").safetyHazard)
        XCTAssertTrue(classifier.classify("no smoke, sparks everywhere").safetyHazard)
        XCTAssertTrue(classifier.classify("not cooling and smoke is coming out").safetyHazard)
        XCTAssertFalse(classifier.classify("no smoke or fire").safetyHazard)
    }

    func testNegationWindowIsLimited() {
        let classifier = FaultClassifier.standard
        // Three units between negator and keyword still negate; four do not.
        XCTAssertFalse(classifier.classify("没有任何的漏电").safetyHazard)
        XCTAssertTrue(classifier.classify("没有用几次插头就冒烟").safetyHazard)
        XCTAssertTrue(classifier.classify("不是很久以前开始冒烟").safetyHazard)
    }

    func testPrecedenceCauseBeforeSymptom() {
        let result = FaultClassifier.standard.classify("安装的时候摔了，现在漏水，WiFi也连不上，死机")
        XCTAssertEqual(result.matchedCategories, [.userDamage, .installation, .software, .network, .hardware])
        XCTAssertEqual(result.category, .userDamage)
    }

    func testEnglishKeywordsMatchWholeWordsWithSuffixes() {
        let classifier = FaultClassifier.standard
        XCTAssertEqual(classifier.classify("it keeps leaking").category, .hardware)
        XCTAssertEqual(classifier.classify("bleakness").category, .unknown)
        XCTAssertFalse(classifier.classify("the firmware is old").safetyHazard)
        XCTAssertFalse(classifier.classify("a handful of notes").safetyHazard)
        XCTAssertEqual(classifier.classify("WI-FI DISCONNECTS").category, .network)
    }

    func testTraditionalCharactersAreSimplified() {
        XCTAssertEqual(TextNormalizer.normalizedString("漏電 冒煙 燒焦 觸電 連不上 沒有"), "漏电 冒烟 烧焦 触电 连不上 没有")
        XCTAssertEqual(TextNormalizer.normalizedString("  ＷｉＦｉ　Ｏｆｆｌｉｎｅ  "), "wifi offline")
    }

    func testTraditionalTableIsConsistent() {
        let table = TraditionalChinese.simplified
        XCTAssertGreaterThan(table.count, 150)
        for (traditional, simplified) in table {
            XCTAssertNil(table[simplified], "\(traditional)→\(simplified) maps onto another traditional character")
        }
    }

    func testEmptyDescriptionIsUnknown() {
        XCTAssertEqual(FaultClassifier.standard.classify(""), FaultAssessment(category: .unknown, safetyHazard: false))
    }
}
