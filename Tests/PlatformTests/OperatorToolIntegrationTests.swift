import Foundation
import IntakeService
@testable import OperatorTool
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// The operator tool against a running intake service, over the real broker:
/// `submit --wait` prints the opened ticket or the rejection, `ticket` prints the timeline.
final class OperatorToolIntegrationTests: XCTestCase {
    private let request = [
        "customer-id": "C-OPS-1", "name": "李娜", "phone": "13912345678", "address": "北京市朝阳区建国路88号",
        "region": "beijing", "lat": "39.91", "lon": "116.46", "sku": "SKU-FRIDGE-9", "category": "refrigerator",
        "model": "RF-900", "serial": "SN-OPS-1", "purchase-date": "2026-03-02", "description": "冰箱冒烟，有焦味",
    ]

    func testSubmitWaitAndTicketTimeline() async throws {
        let prefix = uniqueTopicPrefix("operator")
        try createTestTopics(prefix: prefix)
        let intake = ServiceRunner(
            config: testServiceConfig(service: "intake", databaseURL: try makeTestDatabase("operator"), topicPrefix: prefix),
            migrations: IntakeMigrations.all, handler: try IntakeHandler(
                config: testServiceConfig(service: "intake", databaseURL: "unused", topicPrefix: prefix)))
        intake.start()
        let context = OperatorContext(environment: ["KAFKA_BOOTSTRAP_SERVERS": TestEnvironment.kafkaBootstrap,
                                                    "AFTERSALES_TOPIC_PREFIX": prefix])
        var lines: [String] = []
        let accepted = try SubmitCommand.run(SubmitOptions(file: nil, fields: request, wait: true, timeout: 60),
                                             context: context) { lines.append($0) }
        XCTAssertEqual(accepted, 0, lines.joined(separator: "\n"))
        let opened = try XCTUnwrap(lines.first { $0.hasPrefix("ticket ") }, lines.joined(separator: "\n"))
        XCTAssertTrue(opened.contains("priority       emergency"), opened)
        XCTAssertTrue(opened.contains("safety hazard  true"), opened)
        let ticketId = String(opened.split(separator: " ")[1])
        XCTAssertTrue(ticketId.hasPrefix("AS-"), ticketId)

        var invalid = request
        invalid["phone"] = "12345"
        invalid["request-id"] = "REQ-BAD-PHONE"
        lines = []
        let rejected = try SubmitCommand.run(SubmitOptions(file: nil, fields: invalid, wait: true, timeout: 60),
                                             context: context) { lines.append($0) }
        XCTAssertEqual(rejected, 1, "a rejection exits 1")
        XCTAssertTrue(lines.joined(separator: "\n").contains("customer.phone"), lines.joined(separator: "\n"))

        lines = []
        XCTAssertEqual(try ViewCommands.ticket(id: ticketId, json: false, context: context) { lines.append($0) }, 0)
        let timeline = lines.joined(separator: "\n")
        XCTAssertTrue(timeline.contains("request.submitted"), timeline)
        XCTAssertTrue(timeline.contains("ticket.opened"), timeline)
        XCTAssertTrue(timeline.contains("respond  open:"), timeline)
        XCTAssertFalse(timeline.contains("13912345678"), "no PII in the timeline")

        XCTAssertThrowsError(try ViewCommands.ticket(id: "AS-00000000-999999", json: false, context: context) { _ in }) { error in
            XCTAssertTrue("\(error)".contains("unknown ticket"), "\(error)")
        }
        await intake.stop()
    }
}
