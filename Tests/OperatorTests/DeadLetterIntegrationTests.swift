import Foundation
@testable import OperatorTool
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// A field handler that dead-letters every event until it is "fixed", then applies them
/// and remembers the ids it applied.
private struct FixableFieldHandler: EventHandler {
    final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var isFixed = false
        private var ids: [String] = []
        var fixed: Bool {
            get { lock.lock(); defer { lock.unlock() }; return isFixed }
            set { lock.lock(); isFixed = newValue; lock.unlock() }
        }
        var applied: [String] { lock.lock(); defer { lock.unlock() }; return ids }
        func apply(_ id: String) { lock.lock(); ids.append(id); lock.unlock() }
    }

    let state: State
    var subscriptions: [Topic] { [.field] }

    func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard state.fixed else { return .deadLetter(reason: "fixable cannot apply \(event.envelope.type) yet: no such ticket") }
        state.apply(event.envelope.id)
        return .applied
    }
}

/// `dead-letters list | show | replay` over the real broker, against a dead letter written
/// by the real runtime: the replay is a new event (new id, causationId = the dead letter's
/// id) that the service applies, while a re-sent original is swallowed by its inbox.
final class DeadLetterIntegrationTests: XCTestCase {
    private func run(_ arguments: [String], context: OperatorContext) -> (code: Int32, output: String, errors: String) {
        var output: [String] = []
        var errors = ""
        let code = OperatorTool.run(arguments: arguments, context: context, stop: StopFlag(),
                                    output: { output.append($0) }, errors: { errors += $0 })
        return (code, output.joined(separator: "\n"), errors)
    }

    func testListShowAndReplayADeadLetter() async throws {
        let prefix = uniqueTopicPrefix("deadletters")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.deadLetters, .field])
        let state = FixableFieldHandler.State()
        let service = ServiceRunner(
            config: testServiceConfig(service: "fixable", databaseURL: try makeTestDatabase("deadletters"), topicPrefix: prefix),
            migrations: [], handler: FixableFieldHandler(state: state))
        service.start()

        // 1. The service dead-letters a field event.
        let original = try probe.send(AssignmentAccepted(ticketId: "AS-DL-1", technicianId: "T-1"), correlationId: "REQ-DL-1",
                                      source: "technician-app")
        let letterEnvelope = try XCTUnwrap(try probe.collect(.messageDeadLettered, count: 1).first)
        let letterId = letterEnvelope.id

        // Two more on the topic, as other services would write them: a request with personal
        // data (whole, as an older intake wrote it) and a truncated original.
        let request = DeadLetterFixtures.request(id: "REQ-PII-9")
        try probe.send(MessageDeadLettered(service: "intake", topic: prefix + "aftersales.requests", partition: 1, offset: 5,
                                           key: "REQ-PII-9", original: Array(request.encoded()), reason: "intake failed: boom"),
                       id: "dl-request-0001")
        var truncated = MessageDeadLettered(service: "dispatch", topic: prefix + "aftersales.field", partition: 0, offset: 3,
                                            key: "AS-DL-2", original: Array(DeadLetterFixtures.accepted(ticketId: "AS-DL-2").encoded()),
                                            reason: "too large")
        truncated.value = Data(Array(DeadLetterFixtures.accepted(ticketId: "AS-DL-2").encoded()).prefix(20)).base64EncodedString()
        truncated.valueTruncated = true
        try probe.send(truncated, id: "dl-truncated-0001")
        try probe.collect(.messageDeadLettered, count: 3)

        let context = OperatorContext(environment: ["KAFKA_BOOTSTRAP_SERVERS": TestEnvironment.kafkaBootstrap,
                                                    "AFTERSALES_TOPIC_PREFIX": prefix])

        // 2. list: one line each, no personal data, filters.
        let list = run(["dead-letters", "list"], context: context)
        XCTAssertEqual(list.code, 0, list.errors)
        XCTAssertEqual(list.output.split(separator: "\n").count, 4, "a header and three dead letters:\n\(list.output)")
        for expected in [letterId, "fixable", "aftersales.field[", "AS-DL-1", "no such ticket", "dl-request-0001",
                         "aftersales.requests[1]@5", "dl-truncated-0001", "truncated"] {
            XCTAssertTrue(list.output.contains(expected), "list shows \(expected):\n\(list.output)")
        }
        for secret in DeadLetterFixtures.personalData { XCTAssertFalse(list.output.contains(secret), "no \(secret)") }
        let fixable = run(["dead-letters", "list", "--service", "fixable", "--json"], context: context)
        XCTAssertEqual(fixable.output.split(separator: "\n").count, 1, fixable.output)
        XCTAssertEqual(try JSONParser.parse(Array(fixable.output.utf8))["id"]?.stringValue, letterId)
        let requests = run(["dead-letters", "list", "--topic", "requests"], context: context)
        XCTAssertTrue(requests.output.contains("dl-request-0001") && !requests.output.contains(letterId), requests.output)

        // 3. show: the original decoded, personal data masked.
        let shown = run(["dead-letters", "show", letterId], context: context)
        XCTAssertEqual(shown.code, 0, shown.errors)
        for expected in ["\"type\": \"assignment.accepted\"", "\"ticketId\": \"AS-DL-1\"", "\"id\": \"\(original.id)\"",
                         "partition", "replay       possible"] {
            XCTAssertTrue(shown.output.contains(expected), "show has \(expected):\n\(shown.output)")
        }
        let shownRequest = run(["dead-letters", "show", "dl-request-0001"], context: context)
        XCTAssertTrue(shownRequest.output.contains("\"phone\": \"***\""), shownRequest.output)
        for secret in DeadLetterFixtures.personalData { XCTAssertFalse(shownRequest.output.contains(secret), "no \(secret)") }
        XCTAssertEqual(run(["dead-letters", "show", "no-such-dead-letter"], context: context).code, 1)

        // 4. replay refuses a truncated original (and then publishes nothing, even for the good id).
        let refused = run(["dead-letters", "replay", letterId, "dl-truncated-0001"], context: context)
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.errors.contains("cannot replay dead letter dl-truncated-0001: its original was truncated"), refused.errors)
        XCTAssertEqual(refused.output, "")

        // 5. The fix is deployed; the same original sent again is a duplicate to the inbox.
        state.fixed = true
        try probe.sendRaw(topic: .field, key: "AS-DL-1", value: Array(original.encoded()))

        // 6. replay: a new event on the original topic, keyed by the original key.
        let replayed = run(["dead-letters", "replay", letterId], context: context)
        XCTAssertEqual(replayed.code, 0, replayed.errors)
        XCTAssertTrue(replayed.output.hasPrefix("replayed dead letter \(letterId): assignment.accepted published on aftersales.field"),
                      replayed.output)
        let replays = try probe.collect(timeout: 60) { seen in seen.contains { $0.causationId == letterId } }
            .filter { $0.causationId == letterId }
        XCTAssertEqual(replays.count, 1)
        let replay = try XCTUnwrap(replays.first)
        XCTAssertNotEqual(replay.id, original.id)
        XCTAssertTrue(replayed.output.contains("as event \(replay.id)"), replayed.output)
        XCTAssertEqual(replay.type, original.type)
        XCTAssertEqual(replay.data, original.data)
        XCTAssertEqual(replay.correlationId, "REQ-DL-1")
        let record = try XCTUnwrap(probe.records.first { $0.value.flatMap { try? Envelope.decode($0) }?.id == replay.id })
        XCTAssertEqual(record.topic, prefix + "aftersales.field")
        XCTAssertEqual(record.key.map { String(decoding: $0, as: UTF8.self) }, "AS-DL-1")

        // 7. The service applies the replay; the re-sent original (same id, earlier on the
        //    same partition) was swallowed by its inbox.
        eventually(timeout: 60, "the service applies the replayed event") { state.applied.contains(replay.id) }
        XCTAssertEqual(state.applied, [replay.id], "the re-sent original was a duplicate")
        XCTAssertGreaterThanOrEqual(service.metrics.duplicates, 1)
        await service.stop()
    }
}
