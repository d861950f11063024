import Foundation
import Kafka
import Schema

/// `aftersales dead-letters list | show ID | replay ID…`: re-driving messages after a fix.
enum DeadLetterCommands {
    static func run(_ action: DeadLetterAction, context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let (letters, skipped) = try read(context)
        switch action {
        case .list(let options):
            let now = Date()
            let shown = letters.filter { options.matches($0, topicPrefix: context.topicPrefix, now: now) }
            if options.json {
                for letter in shown { output(DeadLetterRendering.jsonLine(letter, topicPrefix: context.topicPrefix)) }
            } else {
                output(DeadLetterRendering.table(shown, topicPrefix: context.topicPrefix))
                if skipped > 0 { output("(\(skipped) messages on aftersales.dead-letters are not dead letters and were skipped)") }
            }
            return 0
        case .show(let id):
            output(DeadLetterRendering.show(try DeadLetter.find(id, in: letters), topicPrefix: context.topicPrefix))
            return 0
        case .replay(let ids):
            return try replay(ids, letters: letters, context: context, output: output)
        }
    }

    /// Every dead letter on the topic, oldest first, each id once (a relay may publish one
    /// twice), and how many messages were not dead letters.
    static func read(_ context: OperatorContext) throws -> (letters: [DeadLetter], skipped: Int) {
        var seen = Set<String>()
        var letters: [DeadLetter] = []
        var skipped = 0
        for record in try context.readToEnd(topic: Topic.deadLetters.name) {
            guard let value = record.value, let envelope = try? Envelope.decode(value),
                  let letter = DeadLetter(envelope: envelope) else {
                skipped += 1
                continue
            }
            if seen.insert(letter.id).inserted { letters.append(letter) }
        }
        return (letters.sorted { $0.occurredAt < $1.occurredAt }, skipped)
    }

    /// Plans every replay first (one refusal publishes nothing), then publishes them all
    /// and prints one line per replay.
    static func replay(_ ids: [String], letters: [DeadLetter], context: OperatorContext,
                       output: (String) -> Void) throws -> Int32 {
        var plans: [DeadLetterReplay] = []
        for id in ids {
            let plan = try DeadLetterReplay.plan(try DeadLetter.find(id, in: letters), topicPrefix: context.topicPrefix)
            guard !plans.contains(where: { $0.deadLetterId == plan.deadLetterId }) else {
                throw OperatorError("dead letter \(plan.deadLetterId) is named twice; it would be replayed twice")
            }
            plans.append(plan)
        }
        let producer = try KafkaProducer(config: context.kafka)
        defer { producer.close() }
        let records = plans.map { plan in
            ProducerRecord(topic: context.brokerName(plan.topic.name), key: plan.key, value: Array(plan.envelope.encoded()))
        }
        var failures: [String] = []
        for (plan, result) in zip(plans, producer.sendAll(records, timeout: .seconds(15))) {
            switch result {
            case .success(let report):
                output("replayed dead letter \(plan.deadLetterId): \(Printable.clean(plan.envelope.type)) published on "
                       + "\(plan.topic.name) partition \(report.partition) offset \(report.offset) as event \(plan.envelope.id)"
                       + " (key \(Printable.clean(plan.key ?? "none")), causationId \(plan.deadLetterId))")
            case .failure(let error):
                failures.append("the broker did not accept the replay of dead letter \(plan.deadLetterId): \(error)")
            }
        }
        guard failures.isEmpty else { throw OperatorError(failures.joined(separator: "; ")) }
        return 0
    }
}
