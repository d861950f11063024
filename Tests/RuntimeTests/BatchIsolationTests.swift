import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// A batch-native test service: applies every `request.cancelled` of a batch with ONE
/// set-based statement, and fails the whole statement when any request id is "poison"
/// (a CHECK constraint), as a real set-based store would on one bad row.
struct SetBasedCountingHandler: ServiceHandler {
    var subscriptions: [Topic] { [.requests] }
    var handledTypes: Set<EventType> { [.requestCancelled] }

    static let migrations = [
        Migration(version: 1, name: "effects", sql: """
            CREATE TABLE effects (
                request_id text PRIMARY KEY CHECK (request_id <> 'poison'),
                applied    integer NOT NULL
            );
            """),
    ]

    func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
        var ids: [String] = []
        var results: [HandlingResult] = []
        for event in batch {
            do {
                ids.append(try event.payload(as: RequestCancelled.self).requestId)
                results.append(.applied)
            } catch {
                results.append(.invalid(event, error))
            }
        }
        try context.db.execute("""
            INSERT INTO effects (request_id, applied) SELECT id, 1 FROM unnest(\(ids)::text[]) AS t (id)
            ON CONFLICT (request_id) DO UPDATE SET applied = effects.applied + 1
            """)
        return results
    }
}

/// The batch processor's fallback: a batch whose set-based apply fails is applied again one
/// message at a time, so exactly the bad message is dead-lettered and the rest applied.
final class BatchIsolationTests: XCTestCase {
    private func cancel(_ id: String, _ harness: BatchHarness) -> Envelope {
        harness.envelope(RequestCancelled(requestId: id, reason: "test"))
    }

    func testSetBasedBatchWithOneBadRowDeadLettersExactlyThatRow() throws {
        let harness = try BatchHarness(service: "counting", migrations: SetBasedCountingHandler.migrations,
                                       handler: SetBasedCountingHandler())
        let batch = ["A", "B", "poison", "C"].map { cancel($0, harness) }
        let (outcome, emitted) = try harness.deliver(batch)
        XCTAssertEqual(outcome.applied, 3)
        XCTAssertEqual(outcome.deadLettered, 1)
        XCTAssertEqual(outcome.isolated, 1, "the batch fell back to message-by-message")
        XCTAssertEqual(emitted.deadLetters.count, 1)
        XCTAssertTrue(emitted.deadLetters[0].reason.contains("counting failed to apply request.cancelled"),
                      emitted.deadLetters[0].reason)
        let rows: [String] = try harness.db.query("SELECT request_id FROM effects ORDER BY request_id").map { try $0.get("request_id") }
        XCTAssertEqual(rows, ["A", "B", "C"])
        // The next batch takes the fast path again.
        let next = try harness.deliver([cancel("D", harness), cancel("E", harness)])
        XCTAssertEqual(next.outcome.isolated, 0)
        XCTAssertEqual(next.outcome.applied, 2)
    }

    func testEventHandlerFailureIsolatesTheMessageAndUndoesItsEffects() throws {
        let harness = try BatchHarness(service: "counting", migrations: CountingHandler.migrations, handler: CountingHandler())
        let batch = [cancel("A", harness), harness.envelope(RequestCancelled(requestId: "X", reason: "explode")), cancel("B", harness)]
        let (outcome, emitted) = try harness.deliver(batch)
        XCTAssertEqual(outcome.applied, 2)
        XCTAssertEqual(outcome.deadLettered, 1)
        XCTAssertEqual(emitted.types.filter { $0 == "request.rejected" }.count, 2, "only the applied events' emissions remain")
        XCTAssertEqual(emitted.deadLetters.first?.reason.contains("the handler exploded"), true)
    }

    func testASetBasedBatchCostsTheSameNumberOfStatementsWhateverItsSize() throws {
        let harness = try BatchHarness(service: "counting", migrations: SetBasedCountingHandler.migrations,
                                       handler: SetBasedCountingHandler())
        let small = try harness.statements { try harness.deliver((0..<2).map { cancel("S\($0)", harness) }) }
        let large = try harness.statements { try harness.deliver((0..<500).map { cancel("L\($0)", harness) }) }
        XCTAssertEqual(small, large, "BEGIN, inbox read, effects, inbox write, COMMIT — for 2 events as for 500")
        XCTAssertLessThanOrEqual(large, 6)
    }

    func testNulInABoundParameterIsAnErrorNotATruncation() throws {
        let harness = try BatchHarness(service: "counting", migrations: SetBasedCountingHandler.migrations,
                                       handler: SetBasedCountingHandler())
        let (outcome, emitted) = try harness.deliver([cancel("A\u{0}B", harness), cancel("OK", harness)])
        XCTAssertEqual(outcome.applied, 1)
        XCTAssertEqual(outcome.deadLettered, 1)
        XCTAssertTrue(emitted.deadLetters[0].reason.contains("NUL"), emitted.deadLetters[0].reason)
        let rows: [String] = try harness.db.query("SELECT request_id FROM effects").map { try $0.get("request_id") }
        XCTAssertEqual(rows, ["OK"], "nothing was stored cut short at the NUL")
    }

    func testDuplicatesInsideAndAcrossBatchesAreSkipped() throws {
        let harness = try BatchHarness(service: "counting", migrations: SetBasedCountingHandler.migrations,
                                       handler: SetBasedCountingHandler())
        let first = cancel("A", harness)
        XCTAssertEqual(try harness.deliver([first, first, cancel("B", harness)]).outcome.duplicates, 1)
        let again = try harness.deliver([first])
        XCTAssertEqual(again.outcome.duplicates, 1)
        XCTAssertEqual(again.outcome.applied, 0)
        let doubled: Int = try harness.db.query("SELECT count(*)::bigint AS n FROM effects WHERE applied <> 1").first!.get("n")
        XCTAssertEqual(doubled, 0)
    }

    func testTypesTheServiceDoesNotHandleCostNoDatabaseWork() throws {
        let harness = try BatchHarness(service: "counting", migrations: SetBasedCountingHandler.migrations,
                                       handler: SetBasedCountingHandler())
        let submitted = harness.envelope(RequestRejected(requestId: "R", reasons: []))
        let (outcome, _) = try harness.deliverRecords([harness.record(topic: .requests, key: "R", value: Array(submitted.encoded()))])
        XCTAssertEqual(outcome.skipped + outcome.unknownTypes, 1)
        let inbox: Int = try harness.db.query("SELECT count(*)::bigint AS n FROM inbox").first!.get("n")
        XCTAssertEqual(inbox, 0, "no inbox row for a type the service does not act on")
    }

    // MARK: Hostile envelopes

    private func rawEnvelope(id: String, requestId: String = "R-1") -> [UInt8] {
        let escapedId = id.unicodeScalars.map { $0.value < 0x20 ? String(format: "\\u%04x", $0.value) : String($0) }.joined()
        return Array(#"{"id":"\#(escapedId)","type":"request.cancelled","version":1,"occurredAt":"2026-11-22T08:00:00Z","source":"crm","data":{"requestId":"\#(requestId)","reason":"x"}}"#.utf8)
    }

    func testHostileIdsAndSizesAreDeadLetteredAndTheNextMessageWithTheSameKeyIsApplied() throws {
        let harness = try BatchHarness(service: "counting", migrations: SetBasedCountingHandler.migrations,
                                       handler: SetBasedCountingHandler())
        let records = [
            harness.record(topic: .requests, key: "R-1", value: rawEnvelope(id: "bad\u{0}id")),
            harness.record(topic: .requests, key: "R-1", value: rawEnvelope(id: String(repeating: "x", count: 4_096))),
            harness.record(topic: .requests, key: "R-1", value: [UInt8](repeating: 0x20, count: 2_000_000)),
            harness.record(topic: .requests, key: "R-1\u{0}", value: [0xff, 0xfe, 0x00]),
            harness.record(topic: .requests, key: "R-1", value: Array(cancel("R-1", harness).encoded())),
        ]
        let (outcome, emitted) = try harness.deliverRecords(records)
        XCTAssertEqual(outcome.deadLettered, 4)
        XCTAssertEqual(outcome.applied, 1, "the valid message after the hostile ones is applied")
        let letters = emitted.deadLetters
        XCTAssertEqual(letters.count, 4)
        XCTAssertTrue(letters[0].reason.contains("control characters"), letters[0].reason)
        XCTAssertTrue(letters[1].reason.contains("longer than 200"), letters[1].reason)
        XCTAssertTrue(letters[2].reason.contains("exceeds the limit"), letters[2].reason)
        XCTAssertLessThanOrEqual(Data(base64Encoded: letters[2].value)?.count ?? .max, 64 * 1024, "the copy is capped")
        XCTAssertTrue(letters[2].reason.contains("sha256"), letters[2].reason)
        XCTAssertEqual(letters[3].key, "R-1", "control characters are removed from the key")
    }

    func testSHA256MatchesKnownDigests() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
