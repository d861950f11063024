import Foundation
import Schema

/// How a survey answer is read: its average and whether the customer is satisfied.
///
/// Satisfied means all three: the customer says the problem is resolved, no score is 2
/// or lower, and the average reaches `satisfiedAverage` (4.0 by default).
public struct SurveyScoring: Sendable, Equatable {
    public var satisfiedAverage: Double

    public init(satisfiedAverage: Double = 4.0) { self.satisfiedAverage = satisfiedAverage }

    /// The mean of the three scores, rounded to two decimals.
    public func average(_ scores: SurveyScores) -> Double {
        (scores.average * 100).rounded() / 100
    }

    public func isSatisfied(_ scores: SurveyScores, resolved: Bool) -> Bool {
        resolved && scores.minimum > 2 && average(scores) >= satisfiedAverage
    }
}

/// Whether an answer opens a complaint, and how severe it is (DESIGN.md: any score ≤ 2 or
/// `resolved: false` opens one).
public enum ComplaintPolicy {
    /// The complaint to open for an answer, or nil.
    public static func complaint(for scores: SurveyScores, resolved: Bool, safetyHazard: Bool) -> (severity: ComplaintSeverity, reason: String)? {
        let low = [("attitude", scores.attitude), ("efficiency", scores.efficiency), ("quality", scores.quality)].filter { $0.1 <= 2 }
        guard !low.isEmpty || !resolved else { return nil }
        var reasons: [String] = []
        if !resolved { reasons.append("customer reports the problem is not resolved") }
        if !low.isEmpty { reasons.append("low scores: " + low.map { "\($0.0) \($0.1)" }.joined(separator: ", ")) }
        let severity: ComplaintSeverity
        if !resolved && safetyHazard {
            severity = .critical
        } else if low.contains(where: { $0.1 == 1 }) {
            severity = .high
        } else {
            severity = .normal
        }
        return (severity, reasons.joined(separator: "; "))
    }
}
