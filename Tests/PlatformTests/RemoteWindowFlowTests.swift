import DispatchService
import Foundation
import IntakeService
import Postgres
import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// The remote-first window (DESIGN.md "Remote-first resolution") through the real broker:
/// intake opens network-fault tickets with a playbook's remote guidance, dispatch holds them
/// for the contact centre, surveys follows a remote completion like any other. Dispatch runs
/// on a manual clock (the window's end is reached by moving it), the others on the system clock.
final class RemoteWindowFlowTests: XCTestCase {
    private let site = GeoPoint(lat: 31.22, lon: 121.47)

    private func request(_ n: Int, description: String) -> RequestSubmitted {
        RequestSubmitted(
            requestId: "REQ-RW-\(n)", channel: "app", kind: "repair",
            customer: .init(id: "C-RW-\(n)", name: "李雷", phone: "13800138000", address: "上海市徐汇区中山路\(n)号",
                            region: "shanghai", location: site),
            product: .init(sku: "SKU-RF", category: "refrigerator", model: "RF-SMART", serialNumber: "SN-RW-\(n)",
                           purchaseDate: String(Timestamp.format(Date()).prefix(4)) + "-01-02"),
            description: description)
    }

    func testHeldTicketsAreResolvedRemotelyOrDispatchedOnFailureTimeoutAndEmergency() async throws {
        let prefix = uniqueTopicPrefix("remotewindow")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .surveys, .deadLetters])
        func config(_ service: String, _ overrides: [String: String] = [:]) throws -> ServiceConfig {
            testServiceConfig(service: service, databaseURL: try makeTestDatabase(service), topicPrefix: prefix, overrides: overrides)
        }
        let intakeConfig = try config("intake")
        let dispatchConfig = try config("dispatch", [RemoteWindowSettings.windowVariable: "30"])
        let surveysConfig = try config("surveys", ["AFTERSALES_SURVEYS_DELAY_SECONDS": "1"])
        let clock = ManualClock(Date())
        let runners = [
            ServiceRunner(config: intakeConfig, migrations: IntakeMigrations.all, handler: try IntakeHandler(config: intakeConfig)),
            ServiceRunner(config: dispatchConfig, migrations: DispatchMigrations.all,
                          handler: try DispatchHandler(config: dispatchConfig), clock: clock),
            ServiceRunner(config: surveysConfig, migrations: SurveysMigrations.all, handler: try SurveysHandler(config: surveysConfig)),
        ]
        for runner in runners { runner.start() }
        let dispatchDB = try PGConnection(url: dispatchConfig.databaseURL)
        defer { dispatchDB.close() }

        try probe.send(TechnicianUpserted(technicianId: "T-NEAR", name: "Near", skills: ["refrigerator"], region: "shanghai",
                                          location: GeoPoint(lat: 31.23, lon: 121.48), dailyCapacity: 5, active: true))
        eventually(timeout: 120, "dispatch has the roster") {
            try dispatchDB.query("SELECT count(*)::int AS n FROM technicians").first?.get("n", as: Int.self) == 1
        }

        func remoteWindow(_ ticketId: String) throws -> (state: String, remote: String)? {
            try dispatchDB.query("SELECT state, remote_window FROM tickets WHERE ticket_id = \(ticketId)").first
                .map { (try $0.get("state"), try $0.get("remote_window")) }
        }
        /// Submits a request and waits until dispatch holds its ticket; returns the ticket.
        func heldTicket(_ n: Int) throws -> TicketOpened {
            try probe.send(request(n, description: "冰箱连不上WiFi，App一直显示离线"), correlationId: "REQ-RW-\(n)")
            let seen = try probe.collect(timeout: 60) { $0.contains { $0.data["requestId"]?.stringValue == "REQ-RW-\(n)" } }
            let opened = try XCTUnwrap(seen.first { $0.type == "ticket.opened" && $0.data["requestId"]?.stringValue == "REQ-RW-\(n)" })
                .payload(as: TicketOpened.self)
            XCTAssertEqual(opened.remoteGuidance?.playbookId.hasPrefix("connected-appliance-network@"), true)
            XCTAssertEqual(opened.fault.category, .network)
            eventually(timeout: 60, "dispatch holds \(opened.ticketId)") {
                try remoteWindow(opened.ticketId)?.remote == "holding"
            }
            XCTAssertEqual(try remoteWindow(opened.ticketId)?.state, "held-for-remote")
            return opened
        }
        func events(_ type: EventType, _ ticketId: String, timeout: TimeInterval = 60) throws -> [Envelope] {
            func matching(_ seen: [Envelope]) -> [Envelope] {
                seen.filter { $0.type == type.rawValue && $0.data["ticketId"]?.stringValue == ticketId }
            }
            return matching(try probe.collect(timeout: timeout) { !matching($0).isEmpty })
        }

        // 1. Resolved remotely: completed without a technician; surveys asks the customer as usual.
        let resolved = try heldTicket(1)
        try probe.send(RemoteResolved(ticketId: resolved.ticketId, agentId: "AG-1", resolution: "WiFi module reset"))
        let completed = try XCTUnwrap(try events(.ticketCompleted, resolved.ticketId).first?.payload(as: TicketCompleted.self))
        XCTAssertEqual(completed.resolvedRemotely, true)
        XCTAssertNil(completed.technicianId)
        XCTAssertTrue(completed.resolved && completed.firstTimeFix)
        let survey = try XCTUnwrap(try events(.surveyRequested, resolved.ticketId).first?.payload(as: SurveyRequested.self))
        XCTAssertEqual(survey.customerId, "C-RW-1")
        // The contact centre contradicting itself afterwards is dead-lettered with the reason.
        try probe.send(RemoteFailed(ticketId: resolved.ticketId, agentId: "AG-2", reason: "customer called back"))
        let letters = try probe.collect(timeout: 60) { $0.contains { $0.type == "message.dead-lettered" } }
        let letter = try XCTUnwrap(letters.first { $0.type == "message.dead-lettered" }?.payload(as: MessageDeadLettered.self))
        XCTAssertTrue(letter.reason.contains("after the ticket was resolved remotely"), letter.reason)

        // 2. Remote guidance failed: dispatched at once to the nearest technician.
        let failed = try heldTicket(2)
        try probe.send(RemoteFailed(ticketId: failed.ticketId, agentId: "AG-1", reason: "the module does not power up"))
        let assigned = try XCTUnwrap(try events(.ticketAssigned, failed.ticketId).first?.payload(as: TicketAssigned.self))
        XCTAssertEqual(assigned.technicianId, "T-NEAR")
        XCTAssertEqual(try remoteWindow(failed.ticketId)?.remote, "released")

        // 3. An emergency never waits, even with guidance.
        var emergency = resolved
        emergency.ticketId = "TK-RW-EMERGENCY"
        emergency.requestId = "REQ-RW-EMERGENCY"
        emergency.priority = .emergency
        try probe.send(emergency, correlationId: "REQ-RW-EMERGENCY", source: "intake")
        XCTAssertEqual(try events(.ticketAssigned, "TK-RW-EMERGENCY").first?.payload(as: TicketAssigned.self).technicianId, "T-NEAR")
        XCTAssertEqual(try remoteWindow("TK-RW-EMERGENCY")?.remote, "not-held")

        // 4. Nobody answers within the window: its end dispatches the ticket.
        let silent = try heldTicket(4)
        clock.advance(by: 30 * 60)
        let late = try XCTUnwrap(try events(.ticketAssigned, silent.ticketId, timeout: 90).first)
        XCTAssertEqual(try late.payload(as: TicketAssigned.self).technicianId, "T-NEAR")
        XCTAssertEqual(late.correlationId, "REQ-RW-4", "the story keeps the request's correlation id")
        XCTAssertEqual(try remoteWindow(silent.ticketId)?.remote, "released")

        // Only the one dead letter; no offer for the remotely resolved ticket.
        XCTAssertEqual(probe.envelopes(.messageDeadLettered).count, 1,
                       "\(probe.payloads(MessageDeadLettered.self).map(\.reason))")
        XCTAssertTrue(probe.payloads(TicketAssigned.self).allSatisfy { $0.ticketId != resolved.ticketId })
        for runner in runners { await runner.stop() }
    }
}
