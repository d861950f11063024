import Foundation

/// The customer answers the satisfaction survey.
public struct SurveyAnswered: EventPayload, Hashable {
    public static let eventType = EventType.surveyAnswered
    public static let topic = Topic.surveyResponses

    /// The ticket this is about.
    public var ticketId: String
    /// Scores 1…5.
    public var scores: Scores
    /// Whether the customer considers it fixed.
    public var resolved: Bool
    /// Free text.
    public var comment: String?

    public init(ticketId: String, scores: Scores, resolved: Bool, comment: String? = nil) {
        self.ticketId = ticketId
        self.scores = scores
        self.resolved = resolved
        self.comment = comment
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        scores.check(&checks, "scores")
        checks.optionalText(comment, "comment")
        return checks.errors
    }

    /// The survey scores (shared with `SurveyCompleted`).
    public typealias Scores = SurveyScores
}

/// A survey is sent to the customer.
public struct SurveyRequested: EventPayload, Hashable {
    public static let eventType = EventType.surveyRequested
    public static let topic = Topic.surveys

    /// The ticket this is about.
    public var ticketId: String
    public var surveyId: String
    public var customerId: String

    public init(ticketId: String, surveyId: String, customerId: String) {
        self.ticketId = ticketId
        self.surveyId = surveyId
        self.customerId = customerId
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(surveyId, "surveyId")
        checks.identifier(customerId, "customerId")
        return checks.errors
    }
}

/// The customer answered; scores and verdict.
public struct SurveyCompleted: EventPayload, Hashable {
    public static let eventType = EventType.surveyCompleted
    public static let topic = Topic.surveys

    /// The ticket this is about.
    public var ticketId: String
    public var surveyId: String
    public var scores: Scores
    public var average: Double
    public var satisfied: Bool

    public init(ticketId: String, surveyId: String, scores: Scores, average: Double, satisfied: Bool) {
        self.ticketId = ticketId
        self.surveyId = surveyId
        self.scores = scores
        self.average = average
        self.satisfied = satisfied
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(surveyId, "surveyId")
        scores.check(&checks, "scores")
        checks.within(average, 1...5, "average")
        return checks.errors
    }

    /// The survey scores (shared with `SurveyAnswered`).
    public typealias Scores = SurveyScores
}

/// No answer in time.
public struct SurveyExpired: EventPayload, Hashable {
    public static let eventType = EventType.surveyExpired
    public static let topic = Topic.surveys

    /// The ticket this is about.
    public var ticketId: String
    public var surveyId: String

    public init(ticketId: String, surveyId: String) {
        self.ticketId = ticketId
        self.surveyId = surveyId
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(surveyId, "surveyId")
        return checks.errors
    }
}

/// A bad score or an unresolved answer opened a complaint.
public struct ComplaintOpened: EventPayload, Hashable {
    public static let eventType = EventType.complaintOpened
    public static let topic = Topic.surveys

    /// The ticket this is about.
    public var ticketId: String
    public var complaintId: String
    public var severity: ComplaintSeverity
    public var reason: String

    public init(ticketId: String, complaintId: String, severity: ComplaintSeverity, reason: String) {
        self.ticketId = ticketId
        self.complaintId = complaintId
        self.severity = severity
        self.reason = reason
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(complaintId, "complaintId")
        checks.maxLength(reason, SchemaLimits.maxTextLength, "reason")
        return checks.errors
    }
}
