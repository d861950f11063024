import Schema
import SurveysService
import XCTest

final class SurveyRulesTests: XCTestCase {
    private let scoring = SurveyScoring()

    func testAverageAndSatisfaction() {
        XCTAssertEqual(scoring.average(SurveyScores(attitude: 5, efficiency: 4, quality: 4)), 4.33)
        XCTAssertTrue(scoring.isSatisfied(SurveyScores(attitude: 5, efficiency: 4, quality: 4), resolved: true))
        XCTAssertFalse(scoring.isSatisfied(SurveyScores(attitude: 5, efficiency: 4, quality: 4), resolved: false), "unresolved")
        XCTAssertFalse(scoring.isSatisfied(SurveyScores(attitude: 5, efficiency: 5, quality: 2), resolved: true), "a score of 2")
        XCTAssertFalse(scoring.isSatisfied(SurveyScores(attitude: 4, efficiency: 4, quality: 3), resolved: true), "average 3.67")
        XCTAssertTrue(SurveyScoring(satisfiedAverage: 3.5).isSatisfied(SurveyScores(attitude: 4, efficiency: 4, quality: 3), resolved: true))
    }

    func testComplaintOpensOnLowScoresOrUnresolved() {
        XCTAssertNil(ComplaintPolicy.complaint(for: SurveyScores(attitude: 3, efficiency: 3, quality: 3), resolved: true, safetyHazard: true))
        let low = ComplaintPolicy.complaint(for: SurveyScores(attitude: 2, efficiency: 4, quality: 5), resolved: true, safetyHazard: false)
        XCTAssertEqual(low?.severity, .normal)
        XCTAssertEqual(low?.reason, "low scores: attitude 2")
        let unresolved = ComplaintPolicy.complaint(for: SurveyScores(attitude: 5, efficiency: 5, quality: 5), resolved: false, safetyHazard: false)
        XCTAssertEqual(unresolved?.severity, .normal)
    }

    func testSeverity() {
        XCTAssertEqual(ComplaintPolicy.complaint(for: SurveyScores(attitude: 1, efficiency: 4, quality: 4), resolved: true, safetyHazard: false)?.severity, .high)
        XCTAssertEqual(ComplaintPolicy.complaint(for: SurveyScores(attitude: 1, efficiency: 4, quality: 4), resolved: false, safetyHazard: true)?.severity,
                       .critical, "an unresolved safety hazard outranks a score of 1")
        XCTAssertEqual(ComplaintPolicy.complaint(for: SurveyScores(attitude: 4, efficiency: 4, quality: 4), resolved: false, safetyHazard: true)?.severity, .critical)
        XCTAssertEqual(ComplaintPolicy.complaint(for: SurveyScores(attitude: 2, efficiency: 2, quality: 4), resolved: true, safetyHazard: true)?.severity,
                       .normal, "a resolved hazard ticket with scores of 2 is normal")
    }

    func testComplaintLifecycle() {
        XCTAssertTrue(ComplaintStatus.opened.canMove(to: .investigating))
        XCTAssertTrue(ComplaintStatus.investigating.canMove(to: .resolved))
        XCTAssertTrue(ComplaintStatus.opened.canMove(to: .resolved))
        XCTAssertFalse(ComplaintStatus.resolved.canMove(to: .investigating))
        XCTAssertFalse(ComplaintStatus.investigating.canMove(to: .opened))
        XCTAssertFalse(ComplaintStatus.resolved.canMove(to: .resolved))
    }

    func testAggregates() {
        let rows = [
            SurveyAggregates.Row(key: "T-1", answered: true, satisfied: true, scores: (5, 5, 4)),
            SurveyAggregates.Row(key: "T-1", answered: true, satisfied: false, scores: (2, 3, 4)),
            SurveyAggregates.Row(key: "T-1", answered: false, satisfied: false, scores: nil),
            SurveyAggregates.Row(key: "T-2", answered: false, satisfied: false, scores: nil),
        ]
        let result = SurveyAggregates.compute(rows)
        XCTAssertEqual(result.map(\.key), ["T-1", "T-2"])
        XCTAssertEqual(result[0].sent, 3)
        XCTAssertEqual(result[0].answered, 2)
        XCTAssertEqual(result[0].csat, 0.5)
        XCTAssertEqual(result[0].responseRate!, 2.0 / 3.0, accuracy: 1e-9)
        XCTAssertEqual(result[0].attitude, 3.5)
        XCTAssertEqual(result[0].quality, 4)
        XCTAssertNil(result[1].csat, "no answer yet")
        XCTAssertEqual(result[1].responseRate, 0)
    }

    func testSatisfiedThresholdIsInclusiveAndScoreOfTwoNeverSatisfies() {
        XCTAssertTrue(scoring.isSatisfied(SurveyScores(attitude: 4, efficiency: 4, quality: 4), resolved: true), "average exactly 4.0")
        XCTAssertFalse(scoring.isSatisfied(SurveyScores(attitude: 5, efficiency: 5, quality: 2), resolved: true), "average 4.0 but a 2")
        XCTAssertFalse(SurveyScoring(satisfiedAverage: 1).isSatisfied(SurveyScores(attitude: 2, efficiency: 5, quality: 5), resolved: true))
        XCTAssertEqual(scoring.average(SurveyScores(attitude: 1, efficiency: 1, quality: 2)), 1.33)
    }

    func testSeverityOfHazardTicketsDependsOnResolution() {
        let scoreOne = ComplaintPolicy.complaint(for: SurveyScores(attitude: 5, efficiency: 5, quality: 1), resolved: true, safetyHazard: true)
        XCTAssertEqual(scoreOne?.severity, .high, "resolved hazard with a 1 is high, not critical")
        XCTAssertEqual(scoreOne?.reason, "low scores: quality 1")
        let both = ComplaintPolicy.complaint(for: SurveyScores(attitude: 2, efficiency: 1, quality: 5), resolved: false, safetyHazard: false)
        XCTAssertEqual(both?.severity, .high)
        XCTAssertEqual(both?.reason, "customer reports the problem is not resolved; low scores: attitude 2, efficiency 1")
    }

    func testAggregatesIgnoreUnansweredSurveysInAverages() {
        let result = SurveyAggregates.compute([
            SurveyAggregates.Row(key: "shanghai", answered: true, satisfied: true, scores: (4, 5, 3)),
            SurveyAggregates.Row(key: "shanghai", answered: false, satisfied: false, scores: nil),
            SurveyAggregates.Row(key: "shanghai", answered: false, satisfied: false, scores: nil),
            SurveyAggregates.Row(key: "shanghai", answered: false, satisfied: false, scores: nil),
        ])
        XCTAssertEqual(result.count, 1)
        XCTAssertEqual(result[0].responseRate, 0.25)
        XCTAssertEqual(result[0].csat, 1)
        XCTAssertEqual(result[0].attitude, 4)
        XCTAssertEqual(result[0].efficiency, 5)
        XCTAssertEqual(result[0].quality, 3)
    }
}
