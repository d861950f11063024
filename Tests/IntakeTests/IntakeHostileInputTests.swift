import Foundation
import Kafka
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import IntakeService

/// Hostile requests (issue 13): each is dead-lettered or rejected with field reasons, never
/// stops the partition, and the valid request that follows with the same key opens its
/// ticket. Dead letters of requests carry a masked copy; the original is quarantined until
/// `erase-customer` or retention removes it.
final class IntakeHostileInputTests: XCTestCase {
    /// What must never be on the wire: the sample customer's name, phone and address.
    static let personalTexts = ["张伟", "13800138000", "138 0013 8000", "１３８００１３８０００", "世纪大道"]

    static func assertNoPII(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for secret in personalTexts {
            XCTAssertFalse(text.contains(secret), "\(secret) on the wire: \(text.prefix(300))", file: file, line: line)
        }
    }

    static func envelope(_ data: String, id: String = UUID().uuidString.lowercased()) -> [UInt8] {
        Array(#"{"id":"\#(id)","type":"request.submitted","version":1,"occurredAt":"2026-11-22T02:00:00Z","source":"crm","data":\#(data)}"#.utf8)
    }

    static func json(_ value: JSONValue) -> String { String(decoding: JSONWriter.data(value), as: UTF8.self) }

    /// The hostile cases, each with the key its valid follow-up uses.
    static func hostileCases() -> [(name: String, key: String, value: [UInt8])] {
        let wrongTypes = #"{"requestId":12,"channel":true,"kind":[],"customer":"张伟","product":5,"description":{"a":1},"preferredTime":7}"#
        let wrongNestedTypes = #"{"requestId":"H-2","channel":"web","kind":"repair","customer":{"id":1,"name":["张伟"],"phone":13800138000,"address":{"street":"世纪大道"},"region":false,"location":"here"},"product":{"sku":[],"category":1,"model":{},"serialNumber":5,"purchaseDate":20260315},"description":"冰箱不制冷"}"#
        var withNul = SampleRequests.valid(requestId: "H-3\u{0}x", description: "电话１３８００１３８０００")
        withNul = SampleRequests.setting(withNul, ["customer", "name"], to: "张\u{0}伟")
        let nulDescription = SampleRequests.valid(requestId: "H-4", description: "冰箱\u{0}不制冷")
        let huge = SampleRequests.valid(requestId: "H-5", description: String(repeating: "张伟家的冰箱不制冷，电话13800138000。", count: 40_000))
        let deep = #"{"requestId":"H-6","customer":{"id":"C-1001","name":"张伟","phone":"13800138000"},"x":"#
            + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        return [
            ("wrong types for every field", "H-1", envelope(wrongTypes)),
            ("wrong types for every nested field", "H-2", envelope(wrongNestedTypes)),
            ("NUL in requestId and name", "H-3", envelope(json(withNul))),
            ("NUL in the description", "H-4", envelope(json(nulDescription))),
            ("a 2 MB value", "H-5", envelope(json(huge))),
            ("100,000-deep nesting", "H-6", envelope(deep)),
            ("not JSON", "H-7", Array("张伟 13800138000 世纪大道 {".utf8)),
        ]
    }

    static func valid(_ key: String) -> [UInt8] {
        Array(Envelope(payload: RawSubmitted(SampleRequests.valid(requestId: key)), source: "crm", correlationId: key,
                       causationId: nil).encoded())
    }

    // MARK: Through the batch processor (no broker)

    func testHostileRequestsAreRejectedOrQuarantinedAndTheNextRequestWithTheSameKeyOpensItsTicket() throws {
        let harness = try intakeHarness("intakehostile")
        var records: [ConsumerRecord] = []
        for hostile in Self.hostileCases() {
            records.append(harness.record(topic: .requests, key: hostile.key, value: hostile.value))
            records.append(harness.record(topic: .requests, key: hostile.key, value: Self.valid(hostile.key)))
        }
        // A NUL in both the request id and the key: no usable id at all.
        var unkeyed = SampleRequests.valid(requestId: "H-8\u{0}")
        unkeyed = SampleRequests.setting(unkeyed, ["customer", "id"], to: "C-1001")
        records.append(harness.record(topic: .requests, key: "H-8\u{0}", value: Self.envelope(Self.json(unkeyed))))
        let (outcome, emitted) = try harness.deliverRecords(records)
        XCTAssertEqual(outcome.isolated, 0, "hostile input does not force the slow path")

        // Every follow-up opened its ticket.
        let opened = emitted.payloads(TicketOpened.self)
        XCTAssertEqual(Set(opened.map(\.requestId)), Set((1...7).map { "H-\($0)" }))
        XCTAssertEqual(opened.count, 7)

        // The parsable ones are rejected with field reasons, keyed by the message key.
        let rejections = Dictionary(emitted.payloads(RequestRejected.self).map { ($0.requestId, $0.reasons) },
                                    uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(Set(rejections.keys), ["H-1", "H-2", "H-3", "H-4"])
        XCTAssertEqual(Set(rejections["H-1"]?.map(\.field) ?? []),
                       ["requestId", "channel", "kind", "customer", "product", "description", "preferredTime"])
        XCTAssertTrue(rejections["H-1"]?.allSatisfy { $0.code == "invalid-format" } ?? false, "\(rejections["H-1"] ?? [])")
        XCTAssertEqual(Set(rejections["H-2"]?.map(\.field) ?? []), [
            "customer.id", "customer.name", "customer.phone", "customer.address", "customer.region", "customer.location",
            "product.sku", "product.category", "product.model", "product.serialNumber", "product.purchaseDate",
        ])
        XCTAssertEqual(Set(rejections["H-3"]?.map(\.field) ?? []), ["requestId", "customer.name"])
        XCTAssertEqual(rejections["H-4"]?.map(\.field), ["description"])
        for (_, reasons) in rejections {
            Self.assertNoPII(reasons.map(\.message).joined(separator: " "))
        }

        // Too large, too deep, not JSON, no usable id: dead letters with masked copies.
        let letters = emitted.deadLetters
        XCTAssertEqual(letters.map(\.key), ["H-5", "H-6", "H-7", "H-8"])
        XCTAssertTrue(letters[0].reason.contains("exceeds the limit"), letters[0].reason)
        XCTAssertTrue(letters[1].reason.contains("envelope"), letters[1].reason)
        XCTAssertTrue(letters[3].reason.contains("without a usable requestId"), letters[3].reason)
        for letter in letters {
            let copy = try XCTUnwrap(Data(base64Encoded: letter.value))
            XCTAssertLessThanOrEqual(copy.count, 64 * 1024)
            Self.assertNoPII(String(decoding: copy, as: UTF8.self))
            Self.assertNoPII(letter.reason)
        }
        let unkeyedCopy = try JSONParser.parse([UInt8](Data(base64Encoded: letters[3].value)!))
        XCTAssertEqual(unkeyedCopy["data"]?["customer"]?["name"]?.stringValue, "***")
        XCTAssertEqual(unkeyedCopy["data"]?["customer"]?["id"]?.stringValue, "C-1001")

        // The originals are in quarantine, filed under their position.
        let rows = try harness.db.query("""
            SELECT topic, partition, "offset", message_key, original, original_bytes, customer_id FROM quarantine ORDER BY "offset"
            """)
        XCTAssertEqual(rows.count, 4)
        for (row, letter) in zip(rows, letters) {
            XCTAssertEqual(try row.get("topic", as: String.self), letter.topic)
            XCTAssertEqual(try row.get("offset", as: Int64.self), letter.offset)
            XCTAssertEqual(try row.get("message_key", as: String.self), letter.key)
            let original = try row.get("original", as: Data.self)
            XCTAssertEqual(Array(original), records[Int(letter.offset)].value, "the unmasked original is kept")
            XCTAssertEqual(try row.get("original_bytes", as: Int.self), original.count)
        }
        XCTAssertEqual(try harness.db.query("SELECT customer_id FROM quarantine ORDER BY \"offset\"")
            .map { try $0.get("customer_id", as: String?.self) }, ["C-1001", nil, nil, "C-1001"])
        let found = try QuarantineStore.find(topic: letters[1].topic, partition: letters[1].partition, offset: letters[1].offset,
                                             on: harness.db)
        XCTAssertEqual(found?.original, records[Int(letters[1].offset)].value)

        // erase-customer deletes that customer's quarantined originals (the unparsable one
        // names the customer id in its bytes); the rest waits for retention.
        XCTAssertEqual(IntakeCommand.runMaintenance(.eraseCustomer("C-1001"), environment: ["DATABASE_URL": harness.databaseURL],
                                                    now: harness.now), 0)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM quarantine", as: Int.self), 1)
        XCTAssertEqual(try harness.scalar("SELECT message_key FROM quarantine", as: String.self), "H-7")

        // Retention deletes quarantined originals past the window (14 days by default).
        try harness.advance(by: 13 * 86_400)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM quarantine", as: Int.self), 1)
        try harness.advance(by: 2 * 86_400)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM quarantine", as: Int.self), 0)
    }

    func testACustomerKnownOnlyFromQuarantineCanBeErased() throws {
        let harness = try intakeHarness("intakeerasequarantine")
        var data = SampleRequests.valid(requestId: "Q-1", customerId: "C-ONLY")
        data = SampleRequests.setting(data, ["requestId"], to: nil)
        try harness.deliverRecords([harness.record(topic: .requests, key: "", value: Self.envelope(Self.json(data)))])
        XCTAssertEqual(try harness.scalar("SELECT customer_id FROM quarantine", as: String.self), "C-ONLY")
        XCTAssertEqual(IntakeCommand.runMaintenance(.eraseCustomer("C-ONLY"), environment: ["DATABASE_URL": harness.databaseURL]), 0)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM quarantine", as: Int.self), 0)
        XCTAssertEqual(IntakeCommand.runMaintenance(.eraseCustomer("C-ONLY"), environment: ["DATABASE_URL": harness.databaseURL]), 1,
                       "nothing left to erase")
    }

    func testDeadLettersOfTicketEventsAreCopiedAsTheyAre() throws {
        let harness = try intakeHarness("intaketicketletter")
        let value = Array(#"{"id":"x","type":"ticket.closed","version":1,"occurredAt":"2026-11-22T02:00:00Z","source":"dispatch","data":{"ticketId":"A\u0000B"}}"#.utf8)
        let (_, emitted) = try harness.deliverRecords([harness.record(topic: .tickets, key: "A", value: value)])
        XCTAssertEqual(emitted.deadLetters.count, 1)
        XCTAssertEqual(Data(base64Encoded: emitted.deadLetters[0].value).map(Array.init), value)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM quarantine", as: Int.self), 0)
    }

    // MARK: Through the broker

    func testOnTheWireTheDeadLettersCarryNoPersonalData() async throws {
        let databaseURL = try makeTestDatabase("intakehostilewire")
        let prefix = uniqueTopicPrefix("intakehostilewire")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .rejections, .deadLetters])
        var config = testServiceConfig(service: "intake", databaseURL: databaseURL, topicPrefix: prefix)
        // Below the producer's own limit, so that an oversized request can be sent at all.
        config.maxMessageBytes = 100_000
        let runner = ServiceRunner(config: config, migrations: IntakeMigrations.all, handler: IntakeHandler())
        runner.start()
        var cases = Self.hostileCases()
        let oversized = SampleRequests.valid(requestId: "H-5", description: String(repeating: "张伟的电话13800138000。", count: 20_000))
        cases[4] = ("a value over the limit", "H-5", Self.envelope(Self.json(oversized)))
        for hostile in cases {
            try probe.sendRaw(topic: .requests, key: hostile.key, value: hostile.value)
            try probe.sendRaw(topic: .requests, key: hostile.key, value: Self.valid(hostile.key))
        }
        try probe.collect(timeout: 60) { _ in
            probe.envelopes(.ticketOpened).count >= 7 && probe.envelopes(.messageDeadLettered).count >= 3
        }
        try probe.settle(seconds: 1)
        _ = await runner.stop()

        XCTAssertEqual(Set(probe.payloads(TicketOpened.self).map(\.requestId)), Set((1...7).map { "H-\($0)" }))
        XCTAssertEqual(Set(probe.payloads(RequestRejected.self).map(\.requestId)), ["H-1", "H-2", "H-3", "H-4"])
        let letters = probe.payloads(MessageDeadLettered.self)
        XCTAssertEqual(Set(letters.compactMap(\.key)), ["H-5", "H-6", "H-7"])
        for record in probe.records {
            Self.assertNoPII(String(decoding: record.value ?? [], as: UTF8.self))
        }
        for letter in letters {
            Self.assertNoPII(String(decoding: Data(base64Encoded: letter.value) ?? Data(), as: UTF8.self))
        }
        let database = IntakeDatabase(url: databaseURL)
        XCTAssertEqual(try database.scalar("SELECT count(*)::bigint FROM quarantine"), 3)
        XCTAssertEqual(try database.scalar("SELECT count(*)::bigint FROM tickets"), 7)
        XCTAssertEqual(IntakeCommand.runMaintenance(.eraseCustomer("C-1001"), environment: ["DATABASE_URL": databaseURL]), 0)
        XCTAssertEqual(try database.scalar("SELECT count(*)::bigint FROM quarantine"), 1, "only the not-JSON one, which names no customer")
    }
}
