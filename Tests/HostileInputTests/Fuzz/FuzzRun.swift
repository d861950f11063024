import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport

/// One service's fuzz run: random messages delivered through its batch harness in random
/// batch sizes, every batch's outcome counts checked against what was delivered, then the
/// database checked for consistency (inbox rows = handled messages, one dead letter per
/// dead-lettered message, every emitted event valid).
struct FuzzRun {
    let service: String
    let messages: Int
    let seed: UInt64

    /// Totals and problems of a run.
    struct Report {
        var delivered = 0, batches = 0, timerRounds = 0
        var outcome = BatchOutcome()
        var seconds = 0.0
        var problems: [String] = []
        /// Reasons of dead letters caused by a handler throwing (not a validation), by prefix.
        var handlerFailures: [String: Int] = [:]
        /// Mutation kinds that were processed as valid (applied), for the record.
        var appliedDespiteMutation = 0

        var messagesPerSecond: Double { seconds > 0 ? Double(delivered) / seconds : 0 }

        var summary: String {
            "\(delivered) messages in \(batches) batches, \(String(format: "%.1f", seconds)) s (\(Int(messagesPerSecond)) msg/s): "
                + "applied \(outcome.applied), ignored \(outcome.ignored), dead-lettered \(outcome.deadLettered) "
                + "(handler threw: \(outcome.failed)), duplicates \(outcome.duplicates), unknown types \(outcome.unknownTypes), "
                + "skipped \(outcome.skipped); timer rounds \(timerRounds); isolated batches \(outcome.isolated)"
        }
    }

    func run(_ harness: BatchHarness, subscriptions: [Topic]) -> Report {
        var report = Report()
        var mutator = Mutator(seed: seed, samples: SampleCatalog.samples(on: subscriptions))
        var sizes = SeededRandom(seed: seed ^ 0x5EED)
        let warmUp = mutator.warmUp()
        if let outcome = try? harness.deliverRecords(warmUp.map { harness.record(topic: $0.topic, key: $0.key, value: $0.value) }).outcome,
           outcome.deadLettered > 0 {
            report.problems.append("\(outcome.deadLettered) warm-up messages (valid samples) were dead-lettered")
        }
        let baseline = (try? counts(harness)) ?? Counts()
        let started = Date()
        while report.delivered < messages {
            let size = min(messages - report.delivered, sizes.pick([1, 1, 2, 3, 5, 8, 13, 21, 34, 64]))
            let generated = (0..<size).map { _ in mutator.next() }
            let records = generated.map { harness.record(topic: $0.topic, key: $0.key, value: $0.value) }
            report.delivered += size
            report.batches += 1
            do {
                let (outcome, emitted) = try harness.deliverRecords(records)
                let total = outcome.applied + outcome.ignored + outcome.deadLettered + outcome.duplicates
                    + outcome.unknownTypes + outcome.skipped
                if total != size {
                    report.problems.append("batch \(report.batches): \(total) outcomes for \(size) messages (\(outcome)); "
                                           + "mutations: \(generated.map(\.mutations))")
                }
                report.outcome.accumulate(outcome)
                for letter in emitted.deadLetters where letter.reason.contains("failed to apply") || letter.reason.contains("could not apply") {
                    report.handlerFailures[Self.reasonKind(letter.reason), default: 0] += 1
                }
                // The runtime's last resort dead-letters the whole batch, the valid messages with the bad one.
                if let letter = emitted.deadLetters.first(where: { $0.reason.contains("even alone") }) {
                    report.problems.append("batch \(report.batches): every message dead-lettered (\(Self.reasonKind(letter.reason))); "
                                           + "mutations: \(generated.map(\.mutations))")
                }
            } catch {
                report.problems.append("batch \(report.batches) threw: \(error); mutations: \(generated.map(\.mutations))")
            }
            if sizes.chance(0.05) {
                report.timerRounds += 1
                do { try harness.advance(by: Double(sizes.int(60...7_200))) } catch {
                    report.problems.append("firing timers threw: \(error)")
                }
            }
        }
        report.seconds = Date().timeIntervalSince(started)
        report.problems += (try? consistency(harness, baseline: baseline, report: report)) ?? ["consistency checks threw"]
        return report
    }

    /// "dispatch failed to apply ticket.opened: PostgreSQL error 22003: …" → the part before the details.
    static func reasonKind(_ reason: String) -> String {
        let cut = reason.range(of: " [query")?.lowerBound ?? reason.endIndex
        var kind = String(reason[..<cut])
        kind = kind.replacingOccurrences(of: #"value "[^"]*""#, with: "value …", options: .regularExpression)
        kind = kind.replacingOccurrences(of: #"row size \d+"#, with: "row size …", options: .regularExpression)
        return String(kind.prefix(160))
    }

    // MARK: Consistency

    struct Counts { var inbox: [String: Int] = [:]; var deadLetters = 0; var outbox = 0 }

    private func counts(_ harness: BatchHarness) throws -> Counts {
        var counts = Counts()
        for row in try harness.db.query("SELECT outcome, count(*)::int AS n FROM inbox GROUP BY outcome") {
            counts.inbox[try row.get("outcome")] = try row.get("n")
        }
        counts.deadLetters = try harness.db.query("SELECT count(*)::int AS n FROM outbox WHERE topic = \(Topic.deadLetters.name)")
            .first?.get("n") ?? 0
        counts.outbox = try harness.db.query("SELECT count(*)::int AS n FROM outbox").first?.get("n") ?? 0
        return counts
    }

    private func consistency(_ harness: BatchHarness, baseline: Counts, report: Report) throws -> [String] {
        var problems: [String] = []
        let now = try counts(harness)
        let delta = { (outcome: String) in (now.inbox[outcome] ?? 0) - (baseline.inbox[outcome] ?? 0) }
        let expected = ["applied": report.outcome.applied, "ignored": report.outcome.ignored,
                        "dead-lettered": report.outcome.deadLettered]
        for (outcome, count) in expected.sorted(by: { $0.key < $1.key }) where delta(outcome) != count {
            problems.append("inbox has \(delta(outcome)) new '\(outcome)' rows; the batches reported \(count)")
        }
        let others = Set(now.inbox.keys).subtracting(expected.keys)
        if !others.isEmpty { problems.append("inbox outcomes nobody reported: \(others.sorted())") }
        // Dead letters also come from timers (none expected here) and relay parking (no relay offline).
        if now.deadLetters - baseline.deadLetters != report.outcome.deadLettered {
            problems.append("\(now.deadLetters - baseline.deadLetters) dead letters in the outbox for "
                            + "\(report.outcome.deadLettered) dead-lettered messages")
        }
        // Every event the service emitted is one its consumers can read.
        var invalid: [String: Int] = [:]
        for row in try harness.db.query("SELECT key, value FROM outbox ORDER BY id") {
            let value: String = try row.get("value")
            let key: String? = try row.get("key")
            do {
                let envelope = try Envelope.decode(Data(value.utf8))
                let payload = try EventCatalog.payload(of: envelope)
                if payload.messageKey != key { invalid["\(envelope.type): key \(key ?? "nil") is not the payload's key", default: 0] += 1 }
            } catch {
                invalid[HostileSuite.shorten("\(error)", to: 200), default: 0] += 1
            }
        }
        for (problem, count) in invalid.sorted(by: { $0.key < $1.key }) {
            problems.append("\(count) emitted event(s) that do not validate: \(problem)")
        }
        return problems
    }
}

extension BatchOutcome {
    /// Adds another batch's counts (the runtime's own `add` is internal).
    mutating func accumulate(_ other: BatchOutcome) {
        applied += other.applied
        ignored += other.ignored
        unknownTypes += other.unknownTypes
        duplicates += other.duplicates
        deadLettered += other.deadLettered
        failed += other.failed
        skipped += other.skipped
        isolated += other.isolated
    }
}
