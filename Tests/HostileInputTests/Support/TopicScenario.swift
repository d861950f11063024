import Foundation
import Schema
import ServiceRuntime
import TestSupport

/// How one service consumes one topic, for the hostile-input suite: a valid "main" message
/// for a key (the type with the most fields the service acts on), the state that makes it
/// apply, and how to see that it did.
struct TopicScenario: Sendable {
    let service: String
    let topic: Topic
    /// Requests are rejected with field reasons (`request.rejected`); elsewhere bad payloads are dead letters.
    var rejects = false
    /// The valid main message for a key.
    let main: @Sendable (String) -> Message
    /// Brings a fresh aggregate to the state where `main` applies; returns its key. `index` is
    /// the case's number (unique keys per case).
    let prepare: @Sendable (BatchHarness, Int) throws -> String
    /// Checks the valid message's effect from what its batch emitted; returns a problem, or nil.
    let effect: @Sendable (BatchHarness, String, [Envelope]) throws -> String?
    /// What the valid main message counts as (`applied`, or `ignored` for a topic the service only watches).
    var validCountsAs: ValidCount = .applied
    /// A valid message of a type from another topic (delivered on this one, it is an unknown type).
    let otherTopic: @Sendable (String) -> Message
    /// Numbers, lists and texts the topic's rules must bound.
    var bounds: [HostileCase] = []

    enum ValidCount: Sendable { case applied, ignored }

    /// Every case of the suite for this topic.
    func cases(sampleKey: String) -> [HostileCase] {
        let sample = main(sampleKey)
        return HostileCases.envelopeCases()
            + HostileCases.payloadCases(main: sample, keyField: topic.keyField(for: sample.type), rejects: rejects)
            + [HostileCases.wrongTopic(otherTopic)]
            + bounds
    }
}

extension Topic {
    /// The payload member that carries the message key of a type on this topic (`warehouse.upserted`
    /// is keyed by `warehouseId` on the stock topic, whose key field is `partNumber`).
    func keyField(for type: String) -> String {
        type == "warehouse.upserted" ? "warehouseId" : keyField
    }
}

/// A problem text when `emitted` lacks an event of `type` whose `field` equals `value`.
func expectEmitted(_ emitted: [Envelope], _ type: EventType, _ field: String, _ value: String) -> String? {
    emitted.contains { $0.type == type.rawValue && $0.data[field]?.stringValue == value }
        ? nil : "no \(type.rawValue) with \(field) = \(value) (emitted: \(emitted.types.joined(separator: ", ")))"
}

/// Delivers messages as one batch on their topics (offsets follow the harness's counter).
@discardableResult
func deliver(_ harness: BatchHarness, _ messages: [(Topic, Message)]) throws -> (outcome: BatchOutcome, emitted: [Envelope]) {
    try harness.deliverRecords(messages.map { topic, message in
        harness.record(topic: topic, key: message.key, value: Wire.envelope(message))
    })
}

/// Delivers set-up messages one batch each; throws when one is not processed (dead-lettered or
/// rejected), so that a case never runs on a state it did not get. Returns everything emitted.
@discardableResult
func setUp(_ harness: BatchHarness, _ messages: [(Topic, Message)]) throws -> [Envelope] {
    var all: [Envelope] = []
    for (topic, message) in messages {
        let (outcome, emitted) = try deliver(harness, [(topic, message)])
        if outcome.deadLettered > 0 || outcome.applied + outcome.ignored != 1 {
            throw ScenarioError("set-up \(message.type) for \(message.key) was not processed: \(outcome), "
                                + emitted.deadLetters.map(\.reason).joined(separator: "; "))
        }
        all += emitted
    }
    return all
}
