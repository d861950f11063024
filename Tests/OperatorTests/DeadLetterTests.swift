import Foundation
@testable import OperatorTool
import Schema
import XCTest

// MARK: - Parsing

final class DeadLetterParsingTests: XCTestCase {
    func testListIsTheDefaultAndTakesItsFilters() throws {
        XCTAssertEqual(try OperatorCommand.parse(["dead-letters"]), .deadLetters(.list(DeadLetterListOptions())))
        XCTAssertEqual(try OperatorCommand.parse(["dead-letters", "list", "--service", "intake,dispatch", "--topic", "requests",
                                                  "--topic", "aftersales.field", "--since", "2h", "--json"]),
                       .deadLetters(.list(DeadLetterListOptions(services: ["intake", "dispatch"],
                                                                topics: ["aftersales.requests", "aftersales.field"],
                                                                since: .ago(7200), json: true))))
    }

    func testShowAndReplayTakeIds() throws {
        XCTAssertEqual(try OperatorCommand.parse(["dead-letters", "show", "abc-123"]), .deadLetters(.show(id: "abc-123")))
        XCTAssertEqual(try OperatorCommand.parse(["dead-letters", "replay", "a1", "b2"]), .deadLetters(.replay(ids: ["a1", "b2"])))
    }

    func testMistakesAreNamed() {
        for (words, named) in [(["dead-letters", "show"], "exactly one"), (["dead-letters", "show", "a", "b"], "exactly one"),
                               (["dead-letters", "replay"], "one or more"), (["dead-letters", "show", "a", "--service", "x"], "--service"),
                               (["dead-letters", "replay", "a", "--json"], "--json"), (["dead-letters", "list", "--since", "soon"], "soon"),
                               (["dead-letters", "list", "--topic", "nowhere"], "nowhere"), (["dead-letters", "purge"], "purge"),
                               (["dead-letters", "list", "extra"], "extra"), (["dead-letters", "--bogus"], "--bogus")] {
            XCTAssertThrowsError(try OperatorCommand.parse(words), "\(words)") { error in
                XCTAssertTrue("\(error)".contains(named), "\(error) should name \(named)")
                XCTAssertEqual((error as? UsageError)?.command, "dead-letters")
            }
        }
    }

    func testSinceTakesDurationsDaysAndTimes() {
        XCTAssertEqual(SinceOption.parse("90m"), .ago(5400))
        XCTAssertEqual(SinceOption.parse("3d"), .ago(259_200))
        XCTAssertEqual(SinceOption.parse("2026-12-02"), .at(DeadLetterFixtures.base))
        XCTAssertEqual(SinceOption.parse("2026-12-02T00:00:00Z"), .at(DeadLetterFixtures.base))
        XCTAssertNil(SinceOption.parse("yesterday"))
        XCTAssertEqual(SinceOption.ago(60).date(now: DeadLetterFixtures.base), DeadLetterFixtures.base.addingTimeInterval(-60))
    }
}

// MARK: - Reading

final class DeadLetterReadingTests: XCTestCase {
    private let original = Array(DeadLetterFixtures.accepted().encoded())

    func testEveryFieldIsRead() throws {
        let letter = try XCTUnwrap(DeadLetter(envelope: DeadLetterFixtures.letter(original)))
        XCTAssertEqual(letter.id, "dl-0001-aaaa-bbbb")
        XCTAssertEqual(letter.service, "dispatch")
        XCTAssertEqual(letter.topic, "aftersales.field")
        XCTAssertEqual(letter.partition, 2)
        XCTAssertEqual(letter.offset, 17)
        XCTAssertEqual(letter.originalKey, "AS-DL-1")
        XCTAssertEqual(letter.value, original)
        XCTAssertEqual(letter.valueLength, original.count)
        XCTAssertEqual(letter.fidelity, .whole)
        XCTAssertFalse(letter.neverPublished)
    }

    func testFidelity() {
        let truncated = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(original, truncateTo: 40))
        XCTAssertTrue(truncated.isTruncated)
        XCTAssertEqual(truncated.fidelity, .truncated)
        let masked = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(original, copy: Array(#"{"masked":"***"}"#.utf8)))
        XCTAssertEqual(masked.fidelity, .copy, "the carried bytes differ from the fingerprinted original")
        var bare = DeadLetterFixtures.letter(original)
        bare.data = .object(bare.data.objectValue!.filter { !["valueLength", "valueSha256", "valueTruncated"].contains($0.key) })
        XCTAssertEqual(DeadLetterFixtures.deadLetter(bare).fidelity, .unverified, "a dead letter from before the additions")
        var garbled = DeadLetterFixtures.letter(original)
        garbled.data = .object(garbled.data.objectValue!.merging(["value": "%%% not base64"]) { $1 })
        XCTAssertEqual(DeadLetterFixtures.deadLetter(garbled).fidelity, .unreadable)
    }

    func testOldDeadLettersWithoutTheFlagAreTruncatedWhenShorterThanTheirLength() {
        var old = DeadLetterFixtures.letter(original, truncateTo: 40)
        old.data = .object(old.data.objectValue!.filter { $0.key != "valueTruncated" })
        XCTAssertTrue(DeadLetterFixtures.deadLetter(old).isTruncated)
    }

    func testOtherEventsAreNotDeadLetters() {
        XCTAssertNil(DeadLetter(envelope: DeadLetterFixtures.accepted()))
    }

    func testFindingByIdOrUniquePrefix() throws {
        let letters = ["dl-0001-aaaa-bbbb", "dl-0001-aaaa-cccc", "dl-0002-dddd-eeee"].map {
            DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(original, id: $0))
        }
        XCTAssertEqual(try DeadLetter.find("dl-0001-aaaa-cccc", in: letters).id, "dl-0001-aaaa-cccc")
        XCTAssertEqual(try DeadLetter.find("dl-0002-", in: letters).id, "dl-0002-dddd-eeee")
        XCTAssertThrowsError(try DeadLetter.find("dl-0001-aaaa", in: letters)) { XCTAssertTrue("\($0)".contains("ambiguous")) }
        XCTAssertThrowsError(try DeadLetter.find("dl-0002", in: letters)) { XCTAssertTrue("\($0)".contains("unknown"), "7 characters are too few") }
        XCTAssertThrowsError(try DeadLetter.find("nothing-like-it", in: letters)) { XCTAssertTrue("\($0)".contains("unknown dead letter")) }
    }

    func testFilters() {
        let letter = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(original, topic: "t-1.aftersales.field", at: -600))
        let now = DeadLetterFixtures.base
        XCTAssertTrue(DeadLetterListOptions().matches(letter, topicPrefix: "t-1.", now: now))
        XCTAssertTrue(DeadLetterListOptions(services: ["dispatch"], topics: ["aftersales.field"]).matches(letter, topicPrefix: "t-1.", now: now))
        XCTAssertFalse(DeadLetterListOptions(services: ["intake"]).matches(letter, topicPrefix: "t-1.", now: now))
        XCTAssertFalse(DeadLetterListOptions(topics: ["aftersales.requests"]).matches(letter, topicPrefix: "t-1.", now: now))
        XCTAssertTrue(DeadLetterListOptions(since: .ago(3600)).matches(letter, topicPrefix: "t-1.", now: now))
        XCTAssertFalse(DeadLetterListOptions(since: .ago(60)).matches(letter, topicPrefix: "t-1.", now: now))
    }
}

// MARK: - Rendering

final class DeadLetterRenderingTests: XCTestCase {
    private let requestBytes = Array(DeadLetterFixtures.request().encoded())

    private var requestLetter: DeadLetter {
        DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(
            requestBytes, id: "dl-req-0001", service: "intake", topic: "aftersales.requests", partition: 4, offset: 99,
            key: "REQ-PII-1", reason: "intake failed to apply request.submitted: boom"))
    }

    func testListShowsWhereAndWhyButNeverTheOriginal() {
        let table = DeadLetterRendering.table([requestLetter], topicPrefix: "")
        for expected in ["dl-req-0001", "intake", "aftersales.requests[4]@99", "REQ-PII-1", "\(requestBytes.count) B sha256 ",
                         "intake failed to apply request.submitted", "2026-12-02T00:00:00Z"] {
            XCTAssertTrue(table.contains(expected), "list shows \(expected):\n\(table)")
        }
        let json = DeadLetterRendering.jsonLine(requestLetter, topicPrefix: "")
        for text in [table, json] {
            for secret in DeadLetterFixtures.personalData { XCTAssertFalse(text.contains(secret), "no \(secret) in \(text)") }
            XCTAssertFalse(text.contains(requestLetter.value.map { Data($0).base64EncodedString() } ?? "?"), "no original value")
        }
        let object = try? JSONParser.parse(Array(json.utf8))
        XCTAssertEqual(object?["originalTopic"]?.stringValue, "aftersales.requests")
        XCTAssertEqual(object?["valueSha256"]?.stringValue, requestLetter.valueSha256)
        XCTAssertEqual(object?["valueTruncated"]?.boolValue, false)
        XCTAssertNil(object?["value"], "the original is not in list --json")
    }

    func testReasonsAreShortenedAndHostileTextCannotDriveTheTerminal() {
        let hostile = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(
            [0x00], key: "K\u{1B}[2J\u{202E}", reason: String(repeating: "long reason ", count: 40) + "\u{1B}]0;pwned\u{07}"))
        let table = DeadLetterRendering.table([hostile], topicPrefix: "")
        XCTAssertFalse(table.contains("\u{1B}"), table)
        XCTAssertFalse(table.contains("\u{202E}"), table)
        XCTAssertTrue(table.contains("K\\u{1b}[2J\\u{202e}"), table)
        XCTAssertTrue(table.contains("…"), "the reason is shortened")
        XCTAssertFalse(DeadLetterRendering.show(hostile, topicPrefix: "").contains("\u{1B}"))
    }

    func testRelayDeadLettersSayTheEventWasNeverPublished() {
        let refused = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(
            Array(DeadLetterFixtures.accepted().encoded()), topic: "aftersales.tickets", partition: -1, offset: -1))
        XCTAssertTrue(DeadLetterRendering.table([refused], topicPrefix: "").contains("aftersales.tickets (never published)"))
    }

    func testShowDecodesARequestWithItsPersonalDataMasked() {
        let text = DeadLetterRendering.show(requestLetter, topicPrefix: "")
        for expected in ["dead letter dl-req-0001", "intake failed to apply request.submitted: boom",
                         "aftersales.requests, partition 4, offset 99", "REQ-PII-1", "carried whole (SHA-256 verified)",
                         "replay       possible: aftersales dead-letters replay dl-req-0001",
                         "customer name, phone and address masked", "\"type\": \"request.submitted\"",
                         "\"name\": \"***\"", "\"phone\": \"***\"", "\"address\": \"***\"", "\"requestId\": \"REQ-PII-1\"",
                         "\"serialNumber\": \"SN-20260110-0001\"", "\"id\": \"C-77\"", "冰箱不制冷"] {
            XCTAssertTrue(text.contains(expected), "show has \(expected):\n\(text)")
        }
        for secret in DeadLetterFixtures.personalData { XCTAssertFalse(text.contains(secret), "no \(secret):\n\(text)") }
        XCTAssertTrue(text.hasSuffix("}"), "pretty-printed JSON ends the output")
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("  \"data\": {") }, "indented:\n\(text)")
    }

    func testShowSaysWhenTheOriginalIsTruncated() {
        let original = Array(DeadLetterFixtures.accepted().encoded())
        let cut = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(original, truncateTo: 30))
        let text = DeadLetterRendering.show(cut, topicPrefix: "")
        XCTAssertTrue(text.contains("TRUNCATED: only the first 30 bytes are carried"), text)
        XCTAssertTrue(text.contains("replay       not possible: its original was truncated"), text)
        XCTAssertTrue(text.contains("original (truncated) (not JSON"), text)
    }

    func testAnUnparsableRequestIsNotShownRaw() {
        let raw = Array("王伟 13800138000 {not json".utf8)
        let letter = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(raw, service: "intake", topic: "aftersales.requests"))
        let text = DeadLetterRendering.show(letter, topicPrefix: "")
        XCTAssertTrue(text.contains("not shown"), text)
        for secret in ["王伟", "13800138000"] { XCTAssertFalse(text.contains(secret), text) }
        let field = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(Array("plain words".utf8)))
        XCTAssertTrue(DeadLetterRendering.show(field, topicPrefix: "").contains("as text:\nplain words"))
    }

    func testDigitRunsInFreeTextAreMasked() {
        XCTAssertEqual(PersonalDataMask.maskDigitRuns("call 138-0013-8000 now"), "call *** now")
        XCTAssertEqual(PersonalDataMask.maskDigitRuns("打１３９１２３４５６７８或+86 13800138000."), "打***或***.")
        XCTAssertEqual(PersonalDataMask.maskDigitRuns("order 12345, 2 items"), "order 12345, 2 items")
    }

    func testCustomersAreMaskedInOtherEventsToo() {
        let value: JSONValue = ["ticketId": "AS-1", "customer": ["name": "李娜", "phone": "13912345678"], "note": "李娜 called"]
        let masked = PersonalDataMask.masked(value, isRequest: false)
        XCTAssertEqual(masked["customer"]?["name"], "***")
        XCTAssertEqual(masked["note"], "*** called")
        XCTAssertEqual(masked["ticketId"], "AS-1")
    }
}

// MARK: - Replay

final class DeadLetterReplayTests: XCTestCase {
    private let original = DeadLetterFixtures.accepted()

    func testTheReplayIsANewEventCausedByTheDeadLetter() throws {
        let letter = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(Array(original.encoded()), topic: "t-9.aftersales.field"))
        let plan = try DeadLetterReplay.plan(letter, topicPrefix: "t-9.", newId: "new-id-1")
        XCTAssertEqual(plan.topic, .field, "the tool's topic prefix is stripped; it is added again when publishing")
        XCTAssertEqual(plan.key, "AS-DL-1")
        XCTAssertEqual(plan.envelope.id, "new-id-1")
        XCTAssertNotEqual(plan.envelope.id, original.id, "an inbox that recorded the original id would swallow it")
        XCTAssertEqual(plan.envelope.causationId, letter.id)
        XCTAssertEqual(plan.envelope.type, original.type)
        XCTAssertEqual(plan.envelope.data, original.data)
        XCTAssertEqual(plan.envelope.correlationId, original.correlationId)
        XCTAssertEqual(plan.envelope.source, original.source)
        XCTAssertEqual(plan.envelope.occurredAt, original.occurredAt)
        XCTAssertNotEqual(try DeadLetterReplay.plan(letter, topicPrefix: "t-9.").envelope.id,
                          try DeadLetterReplay.plan(letter, topicPrefix: "t-9.").envelope.id, "every replay is a new event")
    }

    func testTheKeyFallsBackToTheTopicsKeyField() throws {
        let letter = DeadLetterFixtures.deadLetter(DeadLetterFixtures.letter(Array(original.encoded()), key: ""))
        XCTAssertEqual(try DeadLetterReplay.plan(letter, topicPrefix: "").key, "AS-DL-1")
    }

    func testRefusals() {
        let bytes = Array(original.encoded())
        let cases: [(Envelope, String)] = [
            (DeadLetterFixtures.letter(bytes, truncateTo: 50), "truncated"),
            (DeadLetterFixtures.letter(Array("not an envelope".utf8)), "not an event envelope"),
            (DeadLetterFixtures.letter(Array(#"{"id":"x"}"#.utf8)), "not an event envelope"),
            (DeadLetterFixtures.letter(bytes, copy: Array(#"{"name":"***"}"#.utf8)), "masked copy"),
            (DeadLetterFixtures.letter(bytes, topic: "other.aftersales.field"), "not a topic of this platform"),
            (DeadLetterFixtures.letter(bytes, topic: "aftersales.nowhere"), "not a topic of this platform"),
        ]
        for (envelope, why) in cases {
            XCTAssertThrowsError(try DeadLetterReplay.plan(DeadLetterFixtures.deadLetter(envelope), topicPrefix: "")) { error in
                XCTAssertTrue("\(error)".hasPrefix("cannot replay dead letter \(envelope.id): "), "\(error)")
                XCTAssertTrue("\(error)".contains(why), "\(error) should say \(why)")
            }
        }
    }
}
