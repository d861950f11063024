import Foundation
import Schema

/// What the operator wants done with dead letters.
public enum DeadLetterAction: Equatable, Sendable {
    case list(DeadLetterListOptions)
    case show(id: String)
    case replay(ids: [String])
}

/// A point in time given on the command line: a duration back from now (`90m`, `2h`,
/// `3d`), a day (`2026-12-01`, from its start in UTC) or an RFC 3339 time.
public enum SinceOption: Equatable, Sendable {
    case ago(TimeInterval)
    case at(Date)

    public static func parse(_ text: String) -> SinceOption? {
        if let date = Timestamp.parse(text) { return .at(date) }
        if text.count == 10, let day = Timestamp.parse(text + "T00:00:00Z") { return .at(day) }
        if let seconds = ArgumentReader.parseDuration(text) { return .ago(seconds) }
        return nil
    }

    public func date(now: Date) -> Date {
        switch self {
        case .ago(let seconds): now.addingTimeInterval(-seconds)
        case .at(let date): date
        }
    }
}

/// Options of `aftersales dead-letters list`.
public struct DeadLetterListOptions: Equatable, Sendable {
    /// Only dead letters of these services (empty: every service).
    public var services: [String]
    /// Only those whose original was on these registry topics (empty: every topic).
    public var topics: [String]
    public var since: SinceOption?
    public var json: Bool

    public init(services: [String] = [], topics: [String] = [], since: SinceOption? = nil, json: Bool = false) {
        self.services = services
        self.topics = topics
        self.since = since
        self.json = json
    }

    /// Whether `letter` passes the filters; `topicPrefix` is stripped from its topic first.
    public func matches(_ letter: DeadLetter, topicPrefix: String, now: Date) -> Bool {
        if !services.isEmpty && !services.contains(letter.service) { return false }
        if !topics.isEmpty {
            guard let topic = DeadLetterReplay.registryTopic(of: letter.topic, prefix: topicPrefix),
                  topics.contains(topic.name) else { return false }
        }
        if let since, letter.occurredAt < since.date(now: now) { return false }
        return true
    }
}

// MARK: - Parsing

extension DeadLetterAction {
    /// `dead-letters [list|show ID|replay ID…]` with its options.
    static func parse(_ reader: ArgumentReader) throws(UsageError) -> DeadLetterAction {
        let words = reader.positionals
        let listOnly = ["service", "topic", "since"].filter { reader.value($0) != nil }.map { "--\($0)" }
            + (reader.flag("json") ? ["--json"] : [])
        switch words.first {
        case nil, "list":
            guard words.count <= 1 else { throw UsageError("dead-letters list takes no argument '\(words[1])'") }
            let topics = try reader.values("topic").map { (topic: String) throws(UsageError) -> String in
                try TopicNames.resolve(topic)
            }
            var since: SinceOption?
            if let text = reader.value("since") {
                guard let parsed = SinceOption.parse(text) else {
                    throw UsageError("--since must be a duration back (90m, 2h, 3d), a day (2026-12-01) or an RFC 3339 time, not '\(text)'")
                }
                since = parsed
            }
            return .list(DeadLetterListOptions(services: reader.values("service"), topics: topics, since: since,
                                               json: reader.flag("json")))
        case "show":
            guard listOnly.isEmpty else { throw UsageError("\(listOnly.joined(separator: ", ")) apply to dead-letters list only") }
            guard words.count == 2 else { throw UsageError("dead-letters show needs exactly one dead letter id") }
            return .show(id: words[1])
        case "replay":
            guard listOnly.isEmpty else { throw UsageError("\(listOnly.joined(separator: ", ")) apply to dead-letters list only") }
            guard words.count >= 2 else { throw UsageError("dead-letters replay needs one or more dead letter ids") }
            return .replay(ids: Array(words.dropFirst()))
        case let other?:
            throw UsageError("unknown dead-letters action '\(other)'; use list, show or replay")
        }
    }
}
