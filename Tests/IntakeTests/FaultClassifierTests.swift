import Schema
import XCTest
@testable import IntakeService

/// The fault classifier's mechanics: negation, containment, precedence, function words,
/// fault codes, context and normalisation. The labelled test set and its precision and
/// recall are in `FaultClassifierAccuracyTests`.
final class FaultClassifierTests: XCTestCase {
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
