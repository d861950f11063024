import Schema
import XCTest
@testable import IntakeService

/// Measures the fault classifier on the labelled test set (`FaultCorpus`) and holds it to
/// floors: class accuracy, per-class precision and recall, and the hazard flag's.
/// Prints the per-class table (the one in docs/services/intake.md) and every miss.
final class FaultClassifierAccuracyTests: XCTestCase {
    /// The floors; a rule change that drops below one fails the build.
    private enum Floor {
        static let accuracy = 0.95
        static let exactAccuracy = 0.95
        static let precision = 0.90
        static let recall = 0.85
        static let hazardPrecision = 0.95
        static let hazardRecall = 1.0
        static let descriptions = 300
        static let perProduct = 15
    }

    func testTestSetCoversEveryProductCategoryAndClass() {
        let corpus = FaultCorpus.all()
        XCTAssertGreaterThanOrEqual(corpus.count, Floor.descriptions)
        for product in ProductCategory.allCases {
            let count = corpus.filter { $0.product == product }.count
            XCTAssertGreaterThanOrEqual(count, Floor.perProduct, "\(product.rawValue) has \(count) descriptions")
        }
        for category in FaultCategory.allCases {
            XCTAssertGreaterThanOrEqual(corpus.filter { $0.category == category }.count, 15, category.rawValue)
        }
        XCTAssertGreaterThanOrEqual(corpus.filter(\.hazard).count, 30)
        let texts = corpus.map(\.text)
        XCTAssertEqual(Set(texts).count, texts.count, "duplicate descriptions in the test set")
    }

    func testHeldOutPartsOnTheirOwn() {
        report(FaultCorpus.heldOutSections, name: "First held-out part")
        report(FaultCorpus.secondHeldOutSections, name: "Second held-out part")
        report(FaultCorpus.thirdHeldOutSections, name: "Third held-out part", minimum: 60)
    }

    private func report(_ sections: [(product: ProductCategory?, table: String)], name: String, minimum: Int = 90) {
        var report = ClassificationReport()
        for section in sections {
            for item in FaultCorpus.parse(section.table, product: section.product).rows {
                let result = FaultClassifier.standard.classify(item.text)
                report.add(expected: item.category, expectedHazard: item.hazard,
                           predicted: result.category, predictedHazard: result.safetyHazard)
                if result.category != item.category || result.safetyHazard != item.hazard {
                    print("held-out miss: [\(item.product?.rawValue ?? "-")] \(item.text) → \(result.category.rawValue)"
                        + "\(result.safetyHazard ? " hazard" : ""); terms \(result.matchedTerms), negated \(result.negatedTerms)")
                }
            }
        }
        print("\(name)\n\(report.table)")
        XCTAssertGreaterThanOrEqual(report.total, minimum, name)
        XCTAssertGreaterThanOrEqual(report.accuracy, Floor.accuracy, "class accuracy on the \(name)")
    }

    func testPrecisionAndRecallOnTheTestSet() {
        let classifier = FaultClassifier.standard
        var report = ClassificationReport()
        var misses: [String] = []
        for item in FaultCorpus.all() {
            let result = classifier.classify(item.text)
            report.add(expected: item.category, expectedHazard: item.hazard,
                       predicted: result.category, predictedHazard: result.safetyHazard)
            if result.category != item.category || result.safetyHazard != item.hazard {
                misses.append("[\(item.product?.rawValue ?? "-")] \(item.text) → \(result.category.rawValue)"
                    + "\(result.safetyHazard ? " hazard" : "") (expected \(item.category.rawValue)"
                    + "\(item.hazard ? " hazard" : "")); matched \(result.matchedCategories.map(\.rawValue)), "
                    + "hazards \(result.hazardTerms), negated \(result.negatedTerms)")
            }
        }
        print("Fault classification on the test set\n\(report.table)")
        print("Misses (\(misses.count)):\n" + misses.joined(separator: "\n"))

        XCTAssertGreaterThanOrEqual(report.accuracy, Floor.accuracy, "class accuracy")
        XCTAssertGreaterThanOrEqual(report.exactAccuracy, Floor.exactAccuracy, "class and hazard accuracy")
        for category in FaultCategory.allCases {
            let counts = report.counts(category)
            XCTAssertGreaterThanOrEqual(counts.precision, Floor.precision, "precision of \(category.rawValue)")
            XCTAssertGreaterThanOrEqual(counts.recall, Floor.recall, "recall of \(category.rawValue)")
        }
        XCTAssertGreaterThanOrEqual(report.hazard.precision, Floor.hazardPrecision, "hazard precision")
        XCTAssertGreaterThanOrEqual(report.hazard.recall, Floor.hazardRecall, "hazard recall")
    }

    func testReportComputesPrecisionAndRecall() {
        var report = ClassificationReport()
        report.add(expected: .hardware, expectedHazard: true, predicted: .hardware, predictedHazard: true)
        report.add(expected: .hardware, expectedHazard: false, predicted: .software, predictedHazard: false)
        report.add(expected: .software, expectedHazard: false, predicted: .software, predictedHazard: true)
        report.add(expected: .network, expectedHazard: true, predicted: .unknown, predictedHazard: false)
        XCTAssertEqual(report.counts(.hardware), .init(truePositives: 1, falsePositives: 0, falseNegatives: 1))
        XCTAssertEqual(report.counts(.software).precision, 0.5)
        XCTAssertEqual(report.counts(.software).recall, 1)
        XCTAssertEqual(report.counts(.hardware).recall, 0.5)
        XCTAssertEqual(report.counts(.network).recall, 0)
        XCTAssertEqual(report.counts(.unknown).precision, 0)
        XCTAssertEqual(report.counts(.installation).precision, 1, "never predicted")
        XCTAssertEqual(report.hazard, .init(truePositives: 1, falsePositives: 1, falseNegatives: 1))
        XCTAssertEqual(report.accuracy, 0.5)
        XCTAssertEqual(report.exactAccuracy, 0.25)
        XCTAssertTrue(report.table.contains("| software | 1 | 1 | 1 | 0 | 0.500 | 1.000 |"), report.table)
    }

    func testMalformedTestSetLinesAreRejected() {
        let table = """
        hardware | maybe  | 冰箱不制冷
        broken   | -      | 冰箱不制冷
        hardware | -
        # a comment
        hardware | hazard | 冰箱冒烟
        """
        let parsed = FaultCorpus.parse(table, product: .refrigerator)
        XCTAssertEqual(parsed.malformed.count, 3)
        XCTAssertEqual(parsed.rows.map(\.text), ["冰箱冒烟"])
        XCTAssertEqual(parsed.rows.first?.hazard, true)
    }
}
