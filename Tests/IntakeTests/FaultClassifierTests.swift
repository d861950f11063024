import Schema
import XCTest
@testable import IntakeService

/// The fault classifier's mechanics: negation, containment, precedence, function words,
/// fault codes, context and normalisation. The labelled test set and its precision and
/// recall are in `FaultClassifierAccuracyTests`.
final class FaultClassifierTests: XCTestCase {
    func testEveryHazardKeywordAloneIsAHazardAndNegatedIsNot() {
        let classifier = FaultClassifier.standard
        for pattern in FaultRuleSet.standard.hazardKeywords {
            let keyword = pattern.replacingOccurrences(of: "*", with: "了一股")
            let isEnglish = keyword.unicodeScalars.first.map { $0.isASCII } ?? false
            XCTAssertTrue(classifier.classify(keyword).safetyHazard, "\(keyword) alone")
            let negated = isEnglish ? "there is no \(keyword)" : "没有\(keyword)"
            XCTAssertFalse(classifier.classify(negated).safetyHazard, negated)
        }
    }

    // MARK: Hazards keep their class

    func testAHazardAlsoGetsItsFaultClass() {
        let classifier = FaultClassifier.standard
        func check(_ text: String, _ category: FaultCategory, hazard: Bool = true, line: UInt = #line) {
            let result = classifier.classify(text)
            XCTAssertEqual(result.category, category, text, line: line)
            XCTAssertEqual(result.safetyHazard, hazard, text, line: line)
        }
        check("热水器漏电", .hardware)
        check("冰箱后面冒烟", .hardware)
        check("I can smell gas in the kitchen", .hardware)
        check("安装不当导致漏电", .installation)
        check("进水以后漏电了", .userDamage)
        check("固件升级后插头冒烟", .hardware)
        check("路由器冒烟了", .hardware)
        check("接触不良，插座冒火花", .hardware)
        check("功率不足导致冒烟", .hardware)
        check("热水器没有漏电，就是不加热", .hardware, hazard: false)
        check("no smoke, just not cooling", .hardware, hazard: false)
        check("冇漏電，部冷氣唔凍", .hardware, hazard: false)
        XCTAssertEqual(classifier.classify("热水器漏电").matchedCategories, [.hardware])
    }

    func testGappedHazardKeywordsMatchWithinAClause() {
        let classifier = FaultClassifier.standard
        XCTAssertTrue(classifier.classify("一插电就冒了一股白烟").safetyHazard)
        XCTAssertTrue(classifier.classify("冒出好多烟").safetyHazard)
        XCTAssertFalse(classifier.classify("没有冒一点烟").safetyHazard, "negated")
        XCTAssertFalse(classifier.classify("冒了很久很久的烟").safetyHazard, "more than three units apart")
        XCTAssertFalse(classifier.classify("油烟从缝里冒出来，满屋子的烟").safetyHazard, "not in one clause")
    }

    // MARK: Function words

    func testAFunctionWordCountsOnlyWhenItFails() {
        let classifier = FaultClassifier.standard
        let cases: [(String, FaultCategory)] = [
            ("空调不能制冷", .hardware), ("冰箱无法制冷", .hardware), ("热水器加热很慢", .hardware),
            ("制冷效果很差", .hardware), ("扫地机吸力变小", .hardware), ("The washer won't drain", .hardware),
            ("it barely pulls any air", .hardware), ("音箱唤醒不了", .software), ("定时功能失效", .software),
            ("门锁无法连接", .network), ("the speaker won't pair", .network),
            ("空调制冷正常", .unknown), ("制冷没问题，就是快递很慢", .unknown), ("the drain is fine", .unknown),
            ("加热好了就叫我", .unknown),
        ]
        for (text, category) in cases {
            XCTAssertEqual(classifier.classify(text).category, category, text)
        }
    }

    func testFaultCodesPointAtHardware() {
        let classifier = FaultClassifier.standard
        XCTAssertEqual(classifier.classify("洗衣机显示E4").category, .hardware)
        XCTAssertEqual(classifier.classify("空调 F0，开不了").category, .hardware)
        XCTAssertEqual(classifier.classify("报e21").matchedTerms, ["e21"])
        XCTAssertEqual(classifier.classify("型号E1234的说明").category, .unknown, "four digits: a model, not a code")
        XCTAssertEqual(classifier.classify("5G的路由器在客厅").category, .network)
        XCTAssertEqual(classifier.classify("wifie1 name").category, .unknown, "neither wifi nor e1 inside a word")
    }

    // MARK: Context and neutral phrases

    func testContextWordsChangeAKeywordsClass() {
        let classifier = FaultClassifier.standard
        XCTAssertEqual(classifier.classify("音箱播放很卡").category, .software)
        XCTAssertEqual(classifier.classify("推拉门推起来很卡").category, .hardware)
        XCTAssertEqual(classifier.classify("抽屉卡死了").category, .hardware)
        XCTAssertEqual(classifier.classify("音箱进水了").category, .userDamage)
        XCTAssertEqual(classifier.classify("下雨窗户进水了").category, .hardware)
    }

    func testNeutralPhrasesCancelTheKeywordsInside() {
        let classifier = FaultClassifier.standard
        XCTAssertEqual(classifier.classify("热水器预约周六上门").category, .unknown, "热水 inside 热水器")
        XCTAssertEqual(classifier.classify("The wall-mounted AC is leaking").category, .hardware)
        XCTAssertEqual(classifier.classify("WiFi连不上，路由器重启也没用").category, .network)
        XCTAssertEqual(classifier.classify("不锈钢水槽很好用").category, .unknown)
        XCTAssertFalse(classifier.classify("The hood doesn't pull the smoke out").safetyHazard)
        XCTAssertEqual(classifier.classify("The hood doesn't pull the smoke out").category, .hardware)
    }

    func testEveryContextKeywordIsAClassKeyword() {
        let keywords = Set(FaultRuleSet.standard.categoryRules.flatMap(\.keywords))
        for rule in FaultRuleSet.standard.contextRules {
            for keyword in rule.keywords { XCTAssertTrue(keywords.contains(keyword), keyword) }
        }
    }

    // MARK: Containment

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

    func testTraditionalVariantsReachTheKeywords() {
        let classifier = FaultClassifier.standard
        XCTAssertEqual(classifier.classify("水龍頭鬆動").category, .hardware)
        XCTAssertEqual(classifier.classify("出風口一直滴水").category, .hardware)
        XCTAssertEqual(classifier.classify("雪櫃唔夠凍").category, .hardware)
        XCTAssertEqual(classifier.classify("音箱經常當機").category, .software)
        XCTAssertEqual(classifier.classify("燃氣熱水器點火時火竄出來").safetyHazard, true)
    }

    func testTraditionalVariantsDoNotClashWithTheSharedTable() {
        let shared = TraditionalChinese.simplified
        let scalars = Array(FaultRuleSet.standard.traditionalVariants.unicodeScalars)
        XCTAssertEqual(scalars.count % 2, 0)
        var variants: [Unicode.Scalar: Unicode.Scalar] = [:]
        for index in stride(from: 0, to: scalars.count, by: 2) {
            XCTAssertNil(variants[scalars[index]], "\(scalars[index]) listed twice")
            variants[scalars[index]] = scalars[index + 1]
        }
        let values = Set(shared.values).union(variants.values)
        for (traditional, simplified) in variants {
            XCTAssertNil(shared[traditional], "\(traditional) is already in TraditionalChinese")
            XCTAssertFalse(values.contains(traditional), "\(traditional)→\(simplified) maps a simplified character")
            XCTAssertNil(shared[simplified], "\(traditional)→\(simplified) maps onto a traditional character")
        }
    }

    func testALongKeywordDenseDescriptionIsClassifiedLikeItsParts() {
        let long = String(repeating: "洗衣机漏水，异响很大，The dryer is broken and noisy. ", count: 45)
        let result = FaultClassifier.standard.classify(long)
        XCTAssertEqual(result.category, .hardware)
        XCTAssertFalse(result.safetyHazard)
        let gapAtTheEnd = String(repeating: "冒", count: 1_999) + "烟"
        XCTAssertTrue(FaultClassifier.standard.classify(gapAtTheEnd).safetyHazard)
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
