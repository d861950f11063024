import Foundation
import Schema
import TestSupport
import XCTest

/// docs/asyncapi.yaml: generated from the Swift types, committed, valid AsyncAPI 3.0.0, and
/// checked against every fixture by an independent validator (Python `jsonschema`,
/// infra/contract/validate.py).
final class ContractDocumentTests: XCTestCase {
    private static let document = Result { try AsyncAPIDocument.make() }

    // MARK: The committed document

    func testTheCommittedDocumentIsTheGeneratedOne() throws {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("docs/asyncapi.yaml")
        let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let generated = try Self.document.get().yamlText
        guard committed != generated else { return }
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
        XCTFail("""
            docs/asyncapi.yaml differs from the contract in the schema module (first at line \(line + 1): \
            committed \(line < old.count ? "'\(old[line])'" : "end of file"), generated \(line < new.count ? "'\(new[line])'" : "end of file")). \
            Run `aftersales schema asyncapi --output docs/asyncapi.yaml` (swift run aftersales schema asyncapi --output docs/asyncapi.yaml) and commit it.
            """)
    }

    func testEveryTopicIsAChannelListingEachOfItsTypesWithASchema() throws {
        let document = try Self.document.get()
        XCTAssertEqual(document["asyncapi"], "3.0.0")
        for topic in Topic.all {
            let channel = try XCTUnwrap(document["channels"]?[topic.name], topic.name)
            XCTAssertEqual(channel["address"], .string(topic.name))
            for type in topic.eventTypes {
                XCTAssertNotNil(channel["messages"]?[type.rawValue], "\(topic.name) lists \(type.rawValue)")
                let message = try XCTUnwrap(document["components"]?["messages"]?[type.rawValue], type.rawValue)
                XCTAssertEqual(message["x-key-field"], .string(type.keyField))
                XCTAssertNotNil(document["components"]?["schemas"]?["\(type.rawValue).data"]?["properties"], type.rawValue)
            }
        }
        let messages = try XCTUnwrap(document["components"]?["messages"])
        guard case .object(let members) = messages else { return XCTFail("messages is not an object") }
        XCTAssertEqual(Set(members.map(\.0)), Set(EventType.allCases.map(\.rawValue)), "one message per event type")
    }

    // MARK: Shapes and bounds

    func testEveryMemberAPayloadEncodesIsInItsSchema() throws {
        for type in EventType.allCases {
            let sample = try Envelope.decode(Data(Samples.envelopeText(type).utf8))
            let payload = try EventCatalog.payload(of: sample)
            let encoded = JSONValueCoder.encode(AnyPayload(payload))
            let schema = try ContractSchemas.payload(for: type)
            XCTAssertEqual(missing(encoded, in: schema, path: type.rawValue), [], "members of \(type.rawValue) the schema lacks")
            guard case .object(let properties) = schema.kind else { return XCTFail("\(type.rawValue) is not an object") }
            for property in properties where property.required {
                XCTAssertNotNil(encoded[property.name], "\(type.rawValue).\(property.name) is required but not encoded")
            }
        }
    }

    func testTheEnvelopeSchemaHasExactlyTheMembersAnEnvelopeIsWrittenWith() throws {
        let envelope = try Envelope.decode(Data(Samples.envelopeText(.ticketClosed).utf8))
        let written = try XCTUnwrap(JSONParser.parse(envelope.encoded()).objectValue)
        guard case .object(let properties) = ContractSchemas.envelope.kind else { return XCTFail("not an object") }
        XCTAssertEqual(Set(properties.map(\.name)), Set(written.keys))
        XCTAssertEqual(Set(properties.filter(\.required).map(\.name)), ["id", "type", "version", "occurredAt", "source", "data"])
    }

    func testBoundsAreTheOnesTheValidatorsEnforce() throws {
        let opened = try ContractSchemas.payload(for: .ticketOpened)
        XCTAssertEqual(opened.member("ticketId")?.maxLength, SchemaLimits.maxIdentifierLength)
        XCTAssertEqual(opened.member("ticketId")?.minLength, 1)
        XCTAssertEqual(opened.member("description")?.maxLength, SchemaLimits.maxTextLength)
        XCTAssertEqual(opened.member("description")?.nullable, true)
        XCTAssertEqual(opened.member("location")?.member("lat")?.minimum, -90)
        XCTAssertEqual(opened.member("location")?.member("lon")?.maximum, 180)
        XCTAssertEqual(opened.member("remoteGuidance")?.member("steps")?.maxItems, SchemaLimits.maxListCount)
        XCTAssertEqual(opened.member("priority")?.kind, .enumeration(Priority.contractValues))

        let answered = try ContractSchemas.payload(for: .surveyAnswered)
        XCTAssertEqual(answered.member("scores")?.member("attitude")?.minimum, 1)
        XCTAssertEqual(answered.member("scores")?.member("attitude")?.maximum, 5)

        let payment = try ContractSchemas.payload(for: .paymentRecorded)
        XCTAssertEqual(payment.member("amount")?.minimum, 0)
        XCTAssertEqual(payment.member("amount")?.maximum, SchemaLimits.amount.upperBound)
        XCTAssertEqual(payment.member("amount")?.allowsNonFinite, false)
        XCTAssertEqual(payment.member("method")?.allowed, PaymentMethod.contractValues, "inbound text checked against a vocabulary")
        XCTAssertEqual(payment.member("currency")?.pattern, "^[A-Za-z]{3}$")

        let statement = try ContractSchemas.payload(for: .settlementStatement)
        XCTAssertEqual(statement.member("lines")?.maxItems, SchemaLimits.maxSettlementLines)
        XCTAssertEqual(statement.member("period")?.pattern, "^[0-9]{4}-(0[1-9]|1[0-2])$")

        let dead = try ContractSchemas.payload(for: .messageDeadLettered)
        XCTAssertEqual(dead.member("partition")?.minimum, -1)
        XCTAssertEqual(dead.member("partition")?.maximum, Double(Int32.max))
        XCTAssertEqual(dead.member("key")?.nullable, true)

        let kpis = try ContractSchemas.payload(for: .kpiSnapshot)
        guard case .dictionary(let figure)? = kpis.member("figures")?.kind else { return XCTFail("figures is not a map") }
        XCTAssertTrue(figure.allowsNonFinite, "no check refuses a NaN figure, so the schema allows it")

        let completed = try ContractSchemas.payload(for: .ticketCompleted)
        XCTAssertEqual(completed.property("technicianId")?.required, false, "absent or null for a remote resolution")
    }

    // MARK: Independent validation

    func testEveryFixtureMatchesItsSchemaInAnIndependentValidator() throws {
        let lines = try EventType.allCases.map { type -> String in
            let envelope = try Envelope.decode(Data(Samples.envelopeText(type).utf8))
            return ContractValidator.recordLine(topic: type.topic.name, key: EventCatalog.messageKey(of: envelope), value: envelope)
        }
        let report = try ContractValidator.validate(lines: lines)
        XCTAssertEqual(report.status, 0, report.output)
        XCTAssertTrue(report.output.contains("\(EventType.allCases.count) events, \(EventType.allCases.count) types, 0 invalid"),
                      report.output)
    }

    func testBrokenEventsAreReportedWithTheirReasons() throws {
        func envelope(_ type: EventType, _ data: String, occurredAt: String = "2026-11-22T08:00:00Z", id: String = "E-1") -> String {
            #"{"id":"\#(id)","type":"\#(type.rawValue)","version":1,"occurredAt":"\#(occurredAt)","source":"test","correlationId":null,"causationId":null,"data":\#(data)}"#
        }
        let valid = #"{"ticketId":"TK-1","technicianId":"TECH-1"}"#
        let lines = [
            envelope(.ticketAccepted, #"{"ticketId":"TK-1"}"#),                                     // 1 required member missing
            envelope(.ticketOpened, Samples.data[.ticketOpened]!.replacingOccurrences(of: #""priority": "normal""#, with: #""priority": "urgent""#)),
            envelope(.ticketAccepted, valid, id: String(repeating: "x", count: 201)),              // 3 envelope id too long
            envelope(.ticketAccepted, valid, occurredAt: "22/11/2026"),                            // 4 not RFC 3339
            #"{"topic":"aftersales.tickets","key":"TK-9","value":\#(envelope(.ticketAccepted, valid))}"#,  // 5 wrong key
            #"{"topic":"aftersales.field","key":"TK-1","value":\#(envelope(.ticketAccepted, valid))}"#,    // 6 wrong topic
            envelope(.surveyAnswered, #"{"ticketId":"TK-1","scores":{"attitude":6,"efficiency":4,"quality":3},"resolved":true}"#),
            #"{"id":"E-8","type":"ticket.exploded","version":1,"occurredAt":"2026-11-22T08:00:00Z","source":"t","data":{}}"#,
            envelope(.ticketAccepted, valid),                                                      // 9 valid
            // 10, 11: the schema's bound is the validator's (200 characters), both ways.
            envelope(.ticketAccepted, #"{"ticketId":"\#(String(repeating: "界", count: 200))","technicianId":"T"}"#),
            envelope(.ticketAccepted, #"{"ticketId":"\#(String(repeating: "界", count: 201))","technicianId":"T"}"#),
        ].map { $0.replacingOccurrences(of: "\n", with: " ") }
        let report = try ContractValidator.validate(lines: lines)
        XCTAssertEqual(report.status, 1, report.output)
        let problems = report.problems
        func reported(_ line: Int, _ fragment: String) {
            XCTAssertTrue(problems.contains { $0.hasPrefix("line \(line): ") && $0.contains(fragment) },
                          "line \(line) should report '\(fragment)'; got:\n\(report.output)")
        }
        reported(1, "'technicianId' is a required property")
        reported(2, "data.priority: 'urgent' is not one of")
        reported(3, "id: ")
        reported(4, "occurredAt: '22/11/2026' does not match")
        reported(5, "key 'TK-9' is not data.ticketId 'TK-1'")
        reported(6, "ticket.accepted is not a message of aftersales.field")
        reported(7, "data.scores.attitude: 6 is greater than the maximum of 5")
        reported(8, "unknown event type 'ticket.exploded'")
        XCTAssertFalse(problems.contains { $0.hasPrefix("line 9: ") }, report.output)
        XCTAssertFalse(problems.contains { $0.hasPrefix("line 10: ") }, report.output)
        reported(11, "data.ticketId: ")
        XCTAssertTrue(report.output.contains("11 events"), report.output)
        XCTAssertTrue(report.output.contains("9 invalid"), report.output)
        // The Swift validator agrees on both.
        for (line, valid) in [(10, true), (11, false)] {
            let envelope = try Envelope.decode(Data(lines[line - 1].utf8))
            XCTAssertEqual((try? envelope.payload(as: TicketAccepted.self)) != nil, valid, "line \(line)")
        }
    }

    // MARK: The document against AsyncAPI 3.0.0

    func testTheCommittedDocumentIsValidAsyncAPI300() throws {
        let report = try ContractValidator.checkDocument()
        XCTAssertEqual(report.documentProblems, [], report.output)
        XCTAssertEqual(report.status, 0, report.output)
        XCTAssertTrue(report.output.contains("asyncapi.yaml: 0 problems (AsyncAPI 3.0.0: asyncapi300.py"), report.output)
    }

    func testABrokenDocumentFailsTheCheckNamingEachProblem() throws {
        var text = try Self.document.get().yamlText
        func breaking(_ original: String, into replacement: String) {
            guard let range = text.range(of: original) else { return XCTFail("the document has no \(original)") }
            text.replaceSubrange(range, with: replacement)
        }
        breaking("  version: \"1.0.0\"\n", into: "")                                      // info without its version
        breaking("address: \"aftersales.tickets\"", into: "address: 42")                  // an address that is no string
        breaking("action: \"send\"", into: "action: \"publish\"")                         // AsyncAPI 2's verb
        breaking("bindingVersion: \"0.4.0\"", into: "bindingVersion: \"0.5.0\"")          // a binding 3.0.0 does not know
        breaking("\"#/components/messages/ticket.paid\"", into: "\"#/components/messages/ticket.payed\"")
        breaking("key:\n            type: \"string\"", into: "key:\n            type: \"text\"")  // not a JSON Schema type
        breaking("  aftersales.field:\n    address:", into: "  aftersales.field:\n    publish: {}\n    address:")  // AsyncAPI 2's field
        let file = try temporaryFile("broken-asyncapi.yaml", text)
        defer { try? FileManager.default.removeItem(at: file) }

        let report = try ContractValidator.checkDocument(at: file)
        XCTAssertEqual(report.status, 1, report.output)
        let problems = report.documentProblems
        for expected in [
            "info: 'version' is a required property",
            "channels.aftersales.tickets.address: 42 is not of type 'string', 'null'",
            "operations.send-aftersales.rejections.action: 'publish' is not one of ['send', 'receive']",
            "channels.aftersales.requests.bindings.kafka.bindingVersion: '0.5.0' is not one of ['0.4.0', '0.3.0']",
            "channels.aftersales.tickets.messages.ticket.paid: $ref '#/components/messages/ticket.payed' does not resolve in the document",
            "components.messages.request.submitted.bindings.kafka.key.type: 'text' is not one of",
            "channels.aftersales.field: 'publish': no such field here",
        ] {
            XCTAssertTrue(problems.contains { $0.hasPrefix(expected) }, "expected '\(expected)'; got:\n\(report.output)")
        }
        XCTAssertEqual(problems.count, 7, report.output)
        XCTAssertTrue(report.output.contains("broken-asyncapi.yaml: 7 problems"), report.output)
    }

    func testASpecificationSchemaIsUsedOfflineOnly() throws {
        // A JSON Schema of the specification whose $refs point outside: nothing is fetched.
        let spec = try temporaryFile("remote-spec.json", #"""
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
             "properties": {"info": {"$ref": "https://example.invalid/info.json"},
                            "components": {"additionalProperties": {"$ref": "http://json-schema.org/draft-07/schema#"}}}}
            """#)
        defer { try? FileManager.default.removeItem(at: spec) }
        let report = try ContractValidator.checkDocument(specs: [spec])
        XCTAssertEqual(report.status, 1, report.output)
        XCTAssertEqual(report.documentProblems, [spec.lastPathComponent + ": $ref https://example.invalid/info.json does not resolve offline"],
                       "the draft-07 meta-schema resolves from jsonschema's copy; the remote one is not fetched:\n\(report.output)")
    }

    // MARK: Helpers

    /// A new file in the temporary folder holding `text`.
    private func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Dotted paths of members in `value` that `schema` does not describe.
    private func missing(_ value: JSONValue, in schema: SchemaNode, path: String) -> [String] {
        switch (value, schema.kind) {
        case (.object(let members), .object(let properties)):
            return members.keys.sorted().flatMap { key -> [String] in
                guard let property = properties.first(where: { $0.name == key }) else { return ["\(path).\(key)"] }
                return missing(members[key]!, in: property.schema, path: "\(path).\(key)")
            }
        case (.object(let members), .dictionary(let element)):
            return members.keys.sorted().flatMap { missing(members[$0]!, in: element, path: "\(path).\($0)") }
        case (.array(let elements), .array(let element)):
            return elements.flatMap { missing($0, in: element, path: "\(path)[]") }
        default:
            return []
        }
    }
}

/// Encodes any payload (an existential) as itself.
private struct AnyPayload: Encodable {
    let payload: any EventPayload
    init(_ payload: any EventPayload) { self.payload = payload }
    func encode(to encoder: any Encoder) throws { try payload.encode(to: encoder) }
}

extension SchemaNode {
    /// The schema of an object member.
    func member(_ name: String) -> SchemaNode? { property(name)?.schema }

    func property(_ name: String) -> Property? {
        guard case .object(let properties) = kind else { return nil }
        return properties.first { $0.name == name }
    }
}
