import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import IntakeService

/// `ticket.opened` carries remote guidance when a playbook applies (DESIGN.md, Remote-first
/// resolution), through the real batch processor and PostgreSQL.
final class IntakeRemoteGuidanceTests: XCTestCase {
    private func speakerRequest(_ requestId: String, _ description: String) -> JSONValue {
        SampleRequests.valid(requestId: requestId, description: description, category: "smart-speaker",
                             serialNumber: "SN-SPK-\(requestId)")
    }

    private func opened(_ emitted: [Envelope], file: StaticString = #filePath, line: UInt = #line) throws -> [TicketOpened] {
        try emitted.filter { $0.type == EventType.ticketOpened.rawValue }.map { try $0.payload(as: TicketOpened.self) }
    }

    func testAWiFiOfflineSmartSpeakerGetsRemoteGuidanceInItsLanguage() throws {
        let harness = try intakeHarness("intakeguidance")
        let playbook = try XCTUnwrap(PlaybookLibrary.standard.playbook(category: .smartSpeaker, faultClass: .network))

        let chinese = try opened(harness.deliver(.requestSubmitted, speakerRequest("R-1", "智能音箱连不上WiFi，一直显示离线")).emitted)
        let ticket = try XCTUnwrap(chinese.first)
        XCTAssertEqual(ticket.fault, TicketOpened.Fault(category: .network, safetyHazard: false))
        XCTAssertEqual(ticket.priority, .normal)
        XCTAssertEqual(ticket.remoteGuidance?.playbookId, "smart-speaker-network@\(playbook.version)")
        XCTAssertEqual(ticket.remoteGuidance?.steps, playbook.steps.map(\.zh))
        XCTAssertEqual(ticket.validate(), [])

        let english = try opened(harness.deliver(.requestSubmitted,
                                                 speakerRequest("R-2", "The smart speaker is offline and cannot connect to the WiFi"))
            .emitted)
        XCTAssertEqual(english.first?.fault.category, .network)
        XCTAssertEqual(english.first?.remoteGuidance?.steps, playbook.steps.map(\.en))
    }

    func testAGasSmellAtARangeHoodGetsNoRemoteGuidance() throws {
        let harness = try intakeHarness("intakeguidancegas")
        let data = SampleRequests.valid(requestId: "R-GAS", description: "油烟机旁边闻到很重的燃气味", category: "range-hood")
        let emitted = try harness.deliver(.requestSubmitted, data).emitted
        let ticket = try XCTUnwrap(opened(emitted).first)
        XCTAssertTrue(ticket.fault.safetyHazard)
        XCTAssertEqual(ticket.priority, .emergency)
        XCTAssertNil(ticket.remoteGuidance)
        let wire = String(decoding: try XCTUnwrap(emitted.first).encoded(), as: UTF8.self)
        XCTAssertFalse(wire.contains("remoteGuidance"), wire)
        // The same range hood without a hazard: its playbook (clean the grease filter …) applies.
        let weak = try opened(harness.deliver(.requestSubmitted,
                                              SampleRequests.valid(requestId: "R-WEAK", description: "油烟机吸力很小，抽不动油烟",
                                                                   category: "range-hood", serialNumber: "SN-HOOD-2")).emitted)
        XCTAssertEqual(weak.first?.fault, TicketOpened.Fault(category: .hardware, safetyHazard: false))
        XCTAssertEqual(weak.first?.remoteGuidance?.playbookId.hasPrefix("range-hood-basic-checks@"), true)
    }

    func testEachEventOfABatchIsMatchedOnItsOwn() throws {
        let harness = try intakeHarness("intakeguidancebatch")
        let requests: [JSONValue] = [
            speakerRequest("B-1", "音箱连不上WiFi"),
            SampleRequests.valid(requestId: "B-2", description: "油烟机旁边闻到很重的燃气味", category: "range-hood",
                                 serialNumber: "SN-B-2"),
            SampleRequests.valid(requestId: "B-3", description: "冰箱不制冷", serialNumber: "SN-B-3"),
            SampleRequests.valid(requestId: "B-4", description: "门锁连不上WiFi，一直离线", kind: "complaint",
                                 category: "smart-lock", serialNumber: "SN-B-4"),
        ]
        let envelopes = requests.map { harness.intakeEnvelope(.requestSubmitted, $0) }
        let (outcome, emitted) = try harness.deliver(envelopes, keys: requests.map { harness.intakeKey($0) })
        XCTAssertEqual(outcome.applied, 4)
        let tickets = Dictionary(uniqueKeysWithValues: try opened(emitted).map { ($0.requestId, $0) })
        XCTAssertEqual(tickets["B-1"]?.remoteGuidance?.playbookId.hasPrefix("smart-speaker-network@"), true)
        XCTAssertNil(tickets["B-2"]?.remoteGuidance, "a safety hazard never waits")
        XCTAssertNil(tickets["B-3"]?.remoteGuidance, "no playbook for a refrigerator's hardware fault")
        XCTAssertEqual(tickets["B-4"]?.priority, .high)
        XCTAssertEqual(tickets["B-4"]?.remoteGuidance?.playbookId.hasPrefix("smart-lock-network@"), true)
    }

    func testTheHandlersPlaybooksAreTheOnesUsed() throws {
        let custom = PlaybookLibrary(version: 4, playbooks: [
            Playbook(id: "speaker-basic", version: 9, categories: [.smartSpeaker], faultClasses: [.network],
                     steps: [PlaybookStep(zh: "拔电重启音箱。", en: "Unplug the speaker and plug it back in.")]),
        ])
        let harness = try intakeHarness("intakeguidancecustom", playbooks: custom)
        let ticket = try XCTUnwrap(opened(harness.deliver(.requestSubmitted, speakerRequest("C-1", "音箱连不上WiFi")).emitted).first)
        XCTAssertEqual(ticket.remoteGuidance, TicketOpened.RemoteGuidance(playbookId: "speaker-basic@9", steps: ["拔电重启音箱。"]))

        let none = try intakeHarness("intakeguidancenone", playbooks: .empty)
        XCTAssertNil(try opened(none.deliver(.requestSubmitted, speakerRequest("C-2", "音箱连不上WiFi")).emitted).first?.remoteGuidance)
    }
}
