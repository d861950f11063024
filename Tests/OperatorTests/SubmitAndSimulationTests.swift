import Foundation
import OperatorTool
import Schema
import XCTest

final class SubmitRequestTests: XCTestCase {
    private let flags = [
        "customer-id": "C-1", "name": "王伟", "phone": "13800138000", "address": "上海市浦东新区世纪大道1号",
        "region": "shanghai", "lat": "31.23", "lon": "121.47", "sku": "SKU-1", "category": "refrigerator",
        "model": "RF-100", "purchase-date": "2026-01-10", "description": "冰箱不制冷",
    ]

    func testFlagsBuildAContractShapedRequest() throws {
        let data = try SubmitCommand.requestData(fromFlags: flags)
        let envelope = Envelope(id: "e1", type: "request.submitted", occurredAt: Date(), source: "cli", correlationId: nil,
                                causationId: nil, data: .object(data))
        let request = try envelope.payload(as: RequestSubmitted.self)
        XCTAssertEqual(request.customer.location.lat, 31.23)
        XCTAssertEqual(request.channel, "hotline")
        XCTAssertEqual(request.kind, "repair")
        XCTAssertTrue(request.requestId.hasPrefix("REQ-"))
    }

    func testMissingOrMalformedFlagsAreNamed() {
        var missing = flags
        missing["phone"] = nil
        XCTAssertThrowsError(try SubmitCommand.requestData(fromFlags: missing)) { error in
            XCTAssertTrue("\(error)".contains("--phone"))
        }
        var malformed = flags
        malformed["lat"] = "north"
        XCTAssertThrowsError(try SubmitCommand.requestData(fromFlags: malformed)) { error in
            XCTAssertTrue("\(error)".contains("--lat") && "\(error)".contains("north"))
        }
    }

    func testFileMayHoldAnEnvelopeOrJustData() throws {
        let data = try SubmitCommand.requestData(fromJSON: Data(#"{"requestId":"R-7","description":"x"}"#.utf8), source: "f")
        XCTAssertEqual(data["requestId"], "R-7")
        let wrapped = try SubmitCommand.requestData(
            fromJSON: Data(#"{"id":"1","type":"request.submitted","data":{"description":"y"}}"#.utf8), source: "f")
        XCTAssertEqual(wrapped["description"], "y")
        XCTAssertNotNil(wrapped["requestId"], "a request id is generated when missing")
    }

    func testMalformedFilesAreExplained() {
        XCTAssertThrowsError(try SubmitCommand.requestData(fromJSON: Data("{not json".utf8), source: "'bad.json'")) { error in
            XCTAssertTrue("\(error)".contains("'bad.json' is not valid JSON"), "\(error)")
        }
        XCTAssertThrowsError(try SubmitCommand.requestData(fromJSON: Data("[1,2]".utf8), source: "'list.json'")) { error in
            XCTAssertTrue("\(error)".contains("JSON object"), "\(error)")
        }
        XCTAssertThrowsError(try SubmitCommand.requestData(
            fromJSON: Data(#"{"type":"ticket.opened","data":{}}"#.utf8), source: "'t.json'")) { error in
            XCTAssertTrue("\(error)".contains("submit takes request.submitted"), "\(error)")
        }
    }
}

final class SimulationTests: XCTestCase {
    private func options(decline: Double = 0, unhappy: Double = 0) -> SimulateOptions {
        SimulateOptions(rate: 1, duration: 1, seed: 1, invalidShare: 0, duplicateShare: 0, emergencyShare: 0,
                        declineShare: decline, unhappyShare: unhappy, pace: 1, noSeed: true)
    }

    private func event(_ type: String, _ data: JSONValue) -> Envelope {
        Envelope(id: UUID().uuidString, type: type, occurredAt: Date(), source: "platform", correlationId: "R-1", causationId: nil, data: data)
    }

    func testGeneratedRequestsAreValidContractEvents() throws {
        var random = SeededRandom(seed: 3)
        let world = SimulationWorld()
        for index in 0..<200 {
            let data = world.request(id: "R-\(index)", flavour: index % 10 == 0 ? .emergency : .ordinary, today: Date(), random: &random)
            let envelope = Envelope(id: "e\(index)", type: "request.submitted", occurredAt: Date(), source: "crm",
                                    correlationId: nil, causationId: nil, data: .object(data))
            XCTAssertNoThrow(try envelope.payload(as: RequestSubmitted.self), "request \(index): \(data)")
        }
    }

    func testInvalidRequestsFailValidation() {
        var random = SeededRandom(seed: 5)
        let world = SimulationWorld()
        var failures = 0
        for index in 0..<40 {
            let data = world.request(id: "R-\(index)", flavour: .invalid, today: Date(), random: &random)
            let envelope = Envelope(id: "e\(index)", type: "request.submitted", occurredAt: Date(), source: "crm",
                                    correlationId: nil, causationId: nil, data: .object(data))
            let description = data["description"]?.stringValue ?? ""
            let phone = data["customer"]?["phone"]?.stringValue ?? ""
            if (try? envelope.payload(as: RequestSubmitted.self)) == nil || description.isEmpty || phone == "12345" { failures += 1 }
        }
        XCTAssertEqual(failures, 40, "every invalid request breaks a rule intake checks")
    }

    func testTheEngineWalksATicketToCompletionAndSurvey() {
        var engine = SimulationEngine(options: options())
        engine.mix = .plain   // the December detours have their own tests (SimulationDecemberTests)
        let now = Date()
        XCTAssertTrue(engine.react(to: event("ticket.opened", ["ticketId": "AS-1", "product": ["category": "furniture"],
                                                               "warranty": ["status": "in-warranty"]]), now: now).isEmpty)
        let accept = engine.react(to: event("ticket.assigned", ["ticketId": "AS-1", "technicianId": "T-1"]), now: now)
        XCTAssertEqual(accept.map(\.type), [.assignmentAccepted])
        XCTAssertEqual(accept.first?.data["technicianId"], "T-1")
        XCTAssertEqual(accept.first?.topic, .field)
        XCTAssertEqual(engine.react(to: event("ticket.accepted", ["ticketId": "AS-1"]), now: now).map(\.type), [.visitScheduled])
        XCTAssertEqual(engine.react(to: event("ticket.scheduled", ["ticketId": "AS-1"]), now: now).map(\.type), [.visitStarted])
        let diagnosis = engine.react(to: event("ticket.on-site", ["ticketId": "AS-1"]), now: now)
        XCTAssertEqual(diagnosis.map(\.type), [.diagnosisReported])
        let needsParts = !(diagnosis.first?.data["parts"]?.arrayValue ?? []).isEmpty
        let afterDiagnosis = engine.react(to: event("ticket.diagnosed", ["ticketId": "AS-1"]), now: now)
        if needsParts {
            XCTAssertTrue(afterDiagnosis.isEmpty, "waits for the parts")
            XCTAssertEqual(engine.react(to: event("parts.reserved", ["ticketId": "AS-1"]), now: now).map(\.type), [.workCompleted])
        } else {
            XCTAssertEqual(afterDiagnosis.map(\.type), [.workCompleted])
        }
        let survey = engine.react(to: event("survey.requested", ["ticketId": "AS-1", "surveyId": "S-1"]), now: now)
        XCTAssertEqual(survey.map(\.type), [.surveyAnswered])
        XCTAssertEqual(survey.first?.data["scores"]?["quality"].flatMap(\.intValue).map { $0 >= 4 }, true)
    }

    func testBackorderedPartsAreReceivedByTheWarehouseAndTheVisitResumes() {
        var engine = SimulationEngine(options: options())
        let now = Date()
        _ = engine.react(to: event("ticket.opened", ["ticketId": "AS-2", "product": ["category": "washing-machine"]]), now: now)
        _ = engine.react(to: event("ticket.assigned", ["ticketId": "AS-2", "technicianId": "T-2"]), now: now)
        var diagnosis: [SimulatedMessage] = []
        while diagnosis.first?.data["parts"]?.arrayValue?.isEmpty ?? true {   // until a diagnosis needs parts
            engine = SimulationEngine(options: options())
            engine.mix = .plain
            _ = engine.react(to: event("ticket.opened", ["ticketId": "AS-2", "product": ["category": "washing-machine"]]), now: now)
            _ = engine.react(to: event("ticket.assigned", ["ticketId": "AS-2", "technicianId": "T-2"]), now: now)
            engine.random = SeededRandom(seed: UInt64.random(in: 0...1_000_000))
            diagnosis = engine.react(to: event("ticket.on-site", ["ticketId": "AS-2"]), now: now)
        }
        let receipt = engine.react(to: event("parts.backordered", ["ticketId": "AS-2", "lines": [["partNumber": "P-PUMP-300", "quantity": 1, "warehouseId": "WH-X"]]]), now: now)
        XCTAssertEqual(receipt.map(\.type), [.stockReceived])
        XCTAssertEqual(receipt.first?.topic, .stock)
        XCTAssertTrue(engine.react(to: event("parts.reserved", ["ticketId": "AS-2"]), now: now).isEmpty, "the ticket is waiting for parts")
        _ = engine.react(to: event("ticket.scheduled", ["ticketId": "AS-2"]), now: now)
        XCTAssertEqual(engine.react(to: event("ticket.on-site", ["ticketId": "AS-2"]), now: now).map(\.type), [.workCompleted],
                       "already diagnosed: the second visit completes the work")
    }
}
