import Foundation

/// The life of a survey (DESIGN.md: requested after completion, with a delay; expires
/// after 7 days): scheduled → requested → completed | expired, or scheduled → cancelled
/// when the ticket is reopened before the survey was sent.
public enum SurveyLifecycle {
    /// What moves a survey.
    public enum Transition: String, Sendable, CaseIterable {
        /// The delay after completion is over: the survey goes to the customer.
        case request
        /// The customer answered.
        case answer
        /// No answer in time.
        case expire
        /// The ticket was reopened before the survey was sent.
        case cancel

        /// The one status the transition starts from.
        public var from: SurveyStatus {
            switch self {
            case .request, .cancel: .scheduled
            case .answer, .expire: .requested
            }
        }

        /// The status it ends in.
        public var to: SurveyStatus {
            switch self {
            case .request: .requested
            case .answer: .completed
            case .expire: .expired
            case .cancel: .cancelled
            }
        }
    }

    /// Whether `transition` applies to a survey in `status`.
    public static func can(_ transition: Transition, from status: SurveyStatus) -> Bool {
        transition.from == status
    }

    /// The survey of a ticket's n-th completion: `SV-<ticket>-<n>`.
    public static func surveyId(ticketId: String, completion: Int) -> String {
        "SV-\(ticketId)-\(completion)"
    }

    /// The complaint an answer to `surveyId` opens: `CMP-<ticket>-<n>`.
    public static func complaintId(forSurvey surveyId: String) -> String {
        "CMP-" + surveyId.dropFirst(3)
    }

    /// What an answer does to the ticket's latest survey.
    public enum AnswerDecision: Equatable, Sendable {
        /// The survey is answered now.
        case complete
        /// The survey was answered before: recorded as a duplicate, nothing changes.
        case duplicate
        /// The answer cannot be taken: dead-lettered with a reason a person can act on.
        case reject(reason: String)
    }

    /// Only the latest survey of the ticket counts; nil when the ticket has none.
    public static func decide(answerFor ticketId: String, latest: (surveyId: String, status: SurveyStatus)?) -> AnswerDecision {
        guard let latest else { return .reject(reason: "unknown-ticket: no survey exists for ticket \(ticketId)") }
        switch latest.status {
        case .scheduled, .cancelled:
            return .reject(reason: "no-survey-requested: survey \(latest.surveyId) of ticket \(ticketId) has not been sent yet")
        case .expired:
            return .reject(reason: "survey-expired: survey \(latest.surveyId) of ticket \(ticketId) expired before the answer")
        case .completed:
            return .duplicate
        case .requested:
            return .complete
        }
    }
}

/// The lifecycle of a complaint: opened → investigating → resolved (resolving straight
/// from opened is allowed; nothing leaves resolved).
public enum ComplaintLifecycle {
    /// Whether a complaint in `current` may move to `next`.
    public static func canMove(from current: ComplaintStatus, to next: ComplaintStatus) -> Bool {
        switch (current, next) {
        case (.opened, .investigating), (.opened, .resolved), (.investigating, .resolved): true
        case (.opened, .opened), (.investigating, .opened), (.investigating, .investigating),
             (.resolved, .opened), (.resolved, .investigating), (.resolved, .resolved): false
        }
    }
}

extension ComplaintStatus {
    /// `ComplaintLifecycle.canMove(from: self, to: next)`.
    public func canMove(to next: ComplaintStatus) -> Bool { ComplaintLifecycle.canMove(from: self, to: next) }
}
