import Foundation
import Kafka
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// What one hostile case did, for the assertions and the table in docs/poison-proofing.md.
struct ObservedCase {
    let service: String
    let topic: String
    let name: String
    let expected: String
    let observed: String
    let problems: [String]
    var passed: Bool { problems.isEmpty }
}

/// Runs every hostile case of a topic scenario through a service's batch harness: each case is
/// ONE batch of [bad message, valid main message with the same key]. The bad one must end in
/// exactly its expected outcome, the valid one must be processed with its effect, and the
/// harness must never throw.
enum HostileSuite {
    @discardableResult
    static func run(_ scenario: TopicScenario, on harness: BatchHarness, file: StaticString = #filePath,
                    line: UInt = #line) -> [ObservedCase] {
        var observed: [ObservedCase] = []
        let cases = scenario.cases(sampleKey: "SAMPLE")
        for (index, hostile) in cases.enumerated() {
            observed.append(runCase(hostile, index: index, scenario, harness))
        }
        report(observed)
        for result in observed where !result.passed {
            XCTFail("\(result.service) on \(result.topic), \(result.name): expected \(result.expected); "
                    + result.problems.joined(separator: "; "), file: file, line: line)
        }
        return observed
    }

    private static func runCase(_ hostile: HostileCase, index: Int, _ scenario: TopicScenario,
                                _ harness: BatchHarness) -> ObservedCase {
        var problems: [String] = []
        var observed = "?"
        do {
            let key = try scenario.prepare(harness, index)
            let main = scenario.main(key)
            let bad = harness.record(topic: scenario.topic, key: key, value: hostile.make(main))
            let valid = harness.record(topic: scenario.topic, key: key, value: Wire.envelope(main))
            let (outcome, emitted) = try harness.deliverRecords([bad, valid])
            let letters = emitted.deadLetters
            let badLetters = letters.filter { $0.offset == bad.offset }
            let rejections = emitted.payloads(RequestRejected.self).filter { $0.requestId == key }
            observed = describe(outcome, badLetters, rejections)

            let total = outcome.applied + outcome.ignored + outcome.deadLettered + outcome.duplicates
                + outcome.unknownTypes + outcome.skipped
            if total != 2 { problems.append("\(total) outcomes for 2 messages (\(outcome))") }
            if letters.contains(where: { $0.offset == valid.offset }) {
                problems.append("the valid message was dead-lettered: \(letters.first { $0.offset == valid.offset }!.reason)")
            }
            var expectedApplied = scenario.validCountsAs == .applied ? 1 : 0
            let expectedIgnored = scenario.validCountsAs == .ignored ? 1 : 0
            switch hostile.expected {
            case .deadLetter(let texts):
                if badLetters.count != 1 || outcome.deadLettered != 1 {
                    problems.append("not dead-lettered exactly once")
                } else if !texts.contains(where: { badLetters[0].reason.localizedCaseInsensitiveContains($0) }) {
                    problems.append("dead-letter reason does not name the problem")
                } else if badLetters[0].reason.contains("failed to apply") || badLetters[0].reason.contains("could not apply") {
                    problems.append("the handler threw (the runtime's catch-all reason), no validation reason")
                }
            case .rejected(let fields):
                expectedApplied += 1
                if rejections.count != 1 {
                    problems.append("\(rejections.count) request.rejected for the key")
                } else if !rejections[0].reasons.contains(where: { reason in fields.contains { related(reason.field, $0) } }) {
                    problems.append("no rejection reason for the field (reasons: \(rejections[0].reasons.map(\.field)))")
                }
                if !badLetters.isEmpty { problems.append("dead-lettered instead of rejected") }
            case .unknownType:
                if outcome.unknownTypes != 1 { problems.append("not counted as unknown type") }
                if !badLetters.isEmpty { problems.append("dead-lettered") }
            }
            if outcome.applied != expectedApplied || outcome.ignored != expectedIgnored {
                problems.append("applied \(outcome.applied), ignored \(outcome.ignored); expected \(expectedApplied) and \(expectedIgnored)")
            }
            if let problem = try scenario.effect(harness, key, emitted) {
                problems.append("valid message's effect missing: \(problem)")
            }
        } catch {
            problems.append("the harness threw: \(error)")
            observed = "THREW"
        }
        return ObservedCase(service: scenario.service, topic: scenario.topic.name, name: hostile.name,
                            expected: hostile.expected.description, observed: observed, problems: problems)
    }

    /// True when a rejection's field is the expected field, an ancestor or a descendant of it.
    static func related(_ reported: String, _ expected: String) -> Bool {
        guard reported != "data" else { return false }
        let plain = JSONPath.withoutIndices(reported)
        return [reported, plain].contains { field in
            field == expected || expected.hasPrefix(field + ".") || expected.hasPrefix(field + "[")
                || field.hasPrefix(expected + ".") || field.hasPrefix(expected + "[")
        }
    }

    /// The bad message's observed outcome in a few words.
    static func describe(_ outcome: BatchOutcome, _ letters: [MessageDeadLettered], _ rejections: [RequestRejected]) -> String {
        if let letter = letters.first {
            return "dead letter: " + shorten(letter.reason)
        }
        if let rejection = rejections.first {
            return "request.rejected: " + rejection.reasons.map { "\($0.field) \($0.code)" }.joined(separator: ", ")
        }
        if outcome.unknownTypes > 0 { return "unknown type" }
        return "processed (applied \(outcome.applied), ignored \(outcome.ignored), skipped \(outcome.skipped))"
    }

    static func shorten(_ text: String, to length: Int = 140) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "/")
        return flat.count <= length ? flat : String(flat.prefix(length)) + "…"
    }

    /// Prints the cases as markdown table rows (collected into docs/poison-proofing.md).
    static func report(_ observed: [ObservedCase]) {
        var lines = ["HOSTILE-TABLE | service | topic | case | expected | observed | result |"]
        for result in observed {
            lines.append("HOSTILE-TABLE | \(result.service) | \(result.topic) | \(result.name) | \(result.expected) | \(result.observed) | "
                         + (result.passed ? "pass" : "FAIL: " + shorten(result.problems.joined(separator: "; "), to: 200)) + " |")
        }
        print(lines.joined(separator: "\n"))
    }
}
