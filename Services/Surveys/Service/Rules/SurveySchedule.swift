import Foundation

/// When a survey's timers come due (DESIGN.md: requested after completion, delay
/// configurable; expires after 7 days).
extension SurveysSettings {
    /// When the survey of a completion at `completedAt` goes to the customer.
    public func due(ofSurveyCompletedAt completedAt: Date) -> Date {
        completedAt.addingTimeInterval(delaySeconds)
    }

    /// When a survey requested at `requestedAt` expires unanswered.
    public func expiry(ofSurveyRequestedAt requestedAt: Date) -> Date {
        requestedAt.addingTimeInterval(expiryDays * 86_400)
    }
}
