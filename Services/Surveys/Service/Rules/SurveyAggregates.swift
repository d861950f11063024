import Foundation

/// Satisfaction and audit figures for one group (a technician, provider, region, category
/// or model).
public struct SurveyAggregate: Sendable, Equatable {
    public var key: String
    /// Surveys sent (requested, answered or expired).
    public var sent: Int
    public var answered: Int
    public var satisfied: Int
    public var attitude: Double?
    public var efficiency: Double?
    public var quality: Double?
    /// Audits requested (recorded or not).
    public var audits: Int = 0
    /// Audits with the supervisor's verdict.
    public var auditsRecorded: Int = 0
    public var auditsPassed: Int = 0

    /// Share of recorded audits that passed, nil before any verdict.
    public var auditPassRate: Double? { auditsRecorded > 0 ? Double(auditsPassed) / Double(auditsRecorded) : nil }

    /// Share of answered surveys that were satisfied (CSAT), nil before any answer.
    public var csat: Double? { answered > 0 ? Double(satisfied) / Double(answered) : nil }
    /// Share of sent surveys that were answered.
    public var responseRate: Double? { sent > 0 ? Double(answered) / Double(sent) : nil }
}

/// Pure arithmetic of the aggregates, from one row per survey.
public enum SurveyAggregates {
    /// One survey as the aggregates see it.
    public struct Row: Sendable, Equatable {
        public var key: String
        public var answered: Bool
        public var satisfied: Bool
        public var scores: (attitude: Int, efficiency: Int, quality: Int)?

        public init(key: String, answered: Bool, satisfied: Bool, scores: (attitude: Int, efficiency: Int, quality: Int)?) {
            self.key = key
            self.answered = answered
            self.satisfied = satisfied
            self.scores = scores
        }

        public static func == (a: Row, b: Row) -> Bool {
            a.key == b.key && a.answered == b.answered && a.satisfied == b.satisfied
                && a.scores?.attitude == b.scores?.attitude && a.scores?.efficiency == b.scores?.efficiency
                && a.scores?.quality == b.scores?.quality
        }
    }

    /// One audit as the aggregates see it.
    public struct AuditEntry: Sendable, Equatable {
        public var key: String
        public var status: AuditStatus

        public init(key: String, status: AuditStatus) {
            self.key = key
            self.status = status
        }
    }

    /// Aggregates per key (of surveys and audits), sorted by key.
    public static func compute(_ rows: [Row], audits: [AuditEntry] = []) -> [SurveyAggregate] {
        let surveysByKey = Dictionary(grouping: rows, by: \.key)
        let auditsByKey = Dictionary(grouping: audits, by: \.key)
        return Set(surveysByKey.keys).union(auditsByKey.keys).map { key in
            let group = surveysByKey[key] ?? []
            let answered = group.filter(\.answered)
            let scored = answered.compactMap(\.scores)
            func mean(_ values: [Int]) -> Double? {
                values.isEmpty ? nil : (Double(values.reduce(0, +)) / Double(values.count) * 100).rounded() / 100
            }
            var aggregate = SurveyAggregate(key: key, sent: group.count, answered: answered.count,
                                            satisfied: answered.filter(\.satisfied).count,
                                            attitude: mean(scored.map(\.attitude)), efficiency: mean(scored.map(\.efficiency)),
                                            quality: mean(scored.map(\.quality)))
            let keyed = auditsByKey[key] ?? []
            aggregate.audits = keyed.count
            aggregate.auditsRecorded = keyed.filter { $0.status != .requested }.count
            aggregate.auditsPassed = keyed.filter { $0.status == .passed }.count
            return aggregate
        }.sorted { $0.key < $1.key }
    }
}
