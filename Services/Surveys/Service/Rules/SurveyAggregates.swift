import Foundation

/// Satisfaction figures for one group of surveys (a technician, region, category or model).
public struct SurveyAggregate: Sendable, Equatable {
    public var key: String
    /// Surveys sent (requested, answered or expired).
    public var sent: Int
    public var answered: Int
    public var satisfied: Int
    public var attitude: Double?
    public var efficiency: Double?
    public var quality: Double?

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

    /// Aggregates per key, sorted by key.
    public static func compute(_ rows: [Row]) -> [SurveyAggregate] {
        Dictionary(grouping: rows, by: \.key).map { key, group in
            let answered = group.filter(\.answered)
            let scored = answered.compactMap(\.scores)
            func mean(_ values: [Int]) -> Double? {
                values.isEmpty ? nil : (Double(values.reduce(0, +)) / Double(values.count) * 100).rounded() / 100
            }
            return SurveyAggregate(key: key, sent: group.count, answered: answered.count,
                                   satisfied: answered.filter(\.satisfied).count,
                                   attitude: mean(scored.map(\.attitude)), efficiency: mean(scored.map(\.efficiency)),
                                   quality: mean(scored.map(\.quality)))
        }.sorted { $0.key < $1.key }
    }
}
