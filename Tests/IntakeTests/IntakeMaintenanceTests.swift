import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import IntakeService

/// The operator subcommands and the ticket counter, against a real PostgreSQL database.
final class IntakeMaintenanceTests: XCTestCase {
    private func openTicket(_ harness: BatchHarness, _ requestId: String, customerId: String, category: String = "refrigerator",
                            purchaseDate: String = "2026-03-15") throws -> String {
        let data = SampleRequests.valid(requestId: requestId, customerId: customerId, category: category,
                                        purchaseDate: purchaseDate)
        return try XCTUnwrap(try harness.deliver(.requestSubmitted, data).emitted.first?.string("ticketId"))
    }

    func testEraseCustomerAnonymisesPIIAndKeepsHistory() throws {
        let harness = try intakeHarness("intakeerase")
        let ticketId = try openTicket(harness, "R-1", customerId: "C-ERASE")
        _ = try openTicket(harness, "R-2", customerId: "C-KEEP")

        let status = IntakeCommand.runMaintenance(.eraseCustomer("C-ERASE"), environment: ["DATABASE_URL": harness.databaseURL],
                                                  now: harness.now)
        XCTAssertEqual(status, 0)
        let row = try XCTUnwrap(harness.db.query("""
            SELECT name, phone, address, lat, lon, erased_at FROM customer_current WHERE customer_id = 'C-ERASE'
            """).first)
        XCTAssertEqual(try row.get("name", as: String.self), "[erased]")
        XCTAssertEqual(try row.get("phone", as: String.self), "[erased]")
        XCTAssertEqual(try row.get("address", as: String.self), "[erased]")
        XCTAssertEqual(try row.get("lat", as: Double.self), 31.23)
        XCTAssertEqual(try row.get("lon", as: Double.self), 121.47)
        XCTAssertNotNil(try row.get("erased_at", as: Date?.self))
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets WHERE ticket_id = \(ticketId)", as: Int.self), 1)
        XCTAssertEqual(try harness.scalar("SELECT lat FROM tickets WHERE ticket_id = \(ticketId)", as: Double.self), 31.23)
        // Other customers are untouched.
        XCTAssertEqual(try harness.scalar("SELECT name FROM customer_current WHERE customer_id = 'C-KEEP'", as: String.self), "张伟")
        // No PII of the erased customer is left anywhere in intake's tables.
        let leftovers = try harness.scalar("""
            SELECT count(*)::bigint FROM customers WHERE customer_id = 'C-ERASE'
              AND (name LIKE '%张伟%' OR phone LIKE '%138%' OR address LIKE '%世纪大道%')
            """, as: Int.self)
        XCTAssertEqual(leftovers, 0)

        XCTAssertEqual(IntakeCommand.runMaintenance(.eraseCustomer("C-NOBODY"), environment: ["DATABASE_URL": harness.databaseURL]), 1)
        XCTAssertEqual(IntakeCommand.runMaintenance(.eraseCustomer("C-1"), environment: [:]), 2)
    }

    func testRetentionDeletesTicketsTwoYearsPastWarrantyEnd() throws {
        let harness = try intakeHarness("intakeretention", now: Timestamp.parse("2023-06-01T02:00:00Z")!)
        // Speaker bought 2023-01-01: warranty ends 2024-01-01.
        let old = try openTicket(harness, "OLD", customerId: "C-OLD", category: "smart-speaker", purchaseDate: "2023-01-01")
        // Air conditioner bought 2023-01-01: warranty ends 2029-01-01.
        let long = try openTicket(harness, "LONG", customerId: "C-LONG", category: "air-conditioner", purchaseDate: "2023-01-01")
        harness.now = Timestamp.parse("2026-11-22T02:00:00Z")!
        // Opened recently for a long-expired product: kept for its own two years.
        let recent = try openTicket(harness, "RECENT", customerId: "C-RECENT", category: "smart-speaker", purchaseDate: "2010-01-01")

        XCTAssertEqual(IntakeCommand.runMaintenance(.retention, environment: ["DATABASE_URL": harness.databaseURL],
                                                    now: Timestamp.parse("2026-01-01T02:00:00Z")!), 0)
        XCTAssertEqual(try harness.scalar("SELECT count(*)::bigint FROM tickets", as: Int.self), 3, "2026-01-01 is within two years")

        XCTAssertEqual(IntakeCommand.runMaintenance(.retention, environment: ["DATABASE_URL": harness.databaseURL],
                                                    now: harness.now), 0)
        let remaining = try harness.db.query("SELECT ticket_id FROM tickets ORDER BY ticket_id").map { try $0.get(0, as: String.self) }
        XCTAssertEqual(Set(remaining), [long, recent])
        XCTAssertFalse(remaining.contains(old))
        // The customer left without tickets is deleted too; the others stay.
        let customers = try harness.db.query("SELECT customer_id FROM customers").map { try $0.get(0, as: String.self) }
        XCTAssertEqual(Set(customers), ["C-LONG", "C-RECENT"])
    }

    func testTicketNumbersAreUniqueAcrossConcurrentInstances() throws {
        let harness = try intakeHarness("intakecounter")
        let day = CalendarDay("2026-11-22")!
        let url = harness.databaseURL
        let collected = LockedList()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            guard let db = try? PGConnection(url: url) else { return }
            defer { db.close() }
            for _ in 0..<20 {
                // A batch transaction allocating ten numbers, as a busy instance would.
                let ids = (try? db.transaction { db in try TicketStore.allocateTicketIds(10, day: day, on: db) }) ?? []
                collected.append(ids)
            }
        }
        let ids = collected.all
        XCTAssertEqual(ids.count, 400)
        XCTAssertEqual(Set(ids).count, 400)
        XCTAssertEqual(Set(ids), Set((1...400).map { TicketNumbering.ticketId(day: day, number: $0) }))
    }

    func testCommandLineParsing() {
        XCTAssertEqual(IntakeCommand.parse([]), .runService)
        XCTAssertEqual(IntakeCommand.parse(["erase-customer", "C-1"]), .eraseCustomer("C-1"))
        XCTAssertEqual(IntakeCommand.parse(["retention"]), .retention)
        XCTAssertEqual(IntakeCommand.parse(["--help"]), .help)
        guard case .usageError = IntakeCommand.parse(["erase-customer"]) else { return XCTFail() }
        guard case .usageError = IntakeCommand.parse(["frobnicate"]) else { return XCTFail() }
    }

    func testSettingsAreReadAndChecked() throws {
        func config(_ settings: [String: String]) -> ServiceConfig {
            testServiceConfig(service: "intake", databaseURL: "postgres://x@127.0.0.1/x", topicPrefix: "", overrides: settings)
        }
        let defaults = try IntakeSettings(config: config([:]))
        XCTAssertEqual(defaults, IntakeSettings())
        let custom = try IntakeSettings(config: config([
            "AFTERSALES_INTAKE_WARRANTY_MONTHS_AIR_CONDITIONER": "24", "AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS": "60",
            "AFTERSALES_INTAKE_SLA_EMERGENCY_RESPOND_HOURS": "0.5", "AFTERSALES_INTAKE_MAX_MESSAGE_BYTES": "2048",
        ]))
        XCTAssertEqual(custom.warranty.months[.airConditioner], 24)
        XCTAssertEqual(custom.warranty.repairWarrantyDays, 60)
        XCTAssertEqual(custom.sla.targets[.emergency]?.respondHours, 0.5)
        XCTAssertEqual(custom.limits.maxMessageBytes, 2048)
        XCTAssertThrowsError(try IntakeSettings(config: config(["AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS": "10"]))) { error in
            XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS")
        }
        XCTAssertThrowsError(try IntakeSettings(config: config(["AFTERSALES_INTAKE_RETENTION_YEARS": "1"])))
        XCTAssertThrowsError(try IntakeSettings(config: config(["AFTERSALES_INTAKE_SLA_LOW_RESPOND_HOURS": "500"])))
        // The quarantine window follows the runtime's retention window unless set itself.
        XCTAssertEqual(defaults.quarantineRetentionDays, 14)
        XCTAssertEqual(try IntakeSettings(config: config(["AFTERSALES_RETENTION_DAYS": "30"])).quarantineRetentionDays, 30)
        XCTAssertEqual(try IntakeSettings(config: config(["AFTERSALES_RETENTION_DAYS": "30",
                                                          "AFTERSALES_INTAKE_QUARANTINE_RETENTION_DAYS": "7"]))
            .quarantineRetentionDays, 7)
        for (variable, value) in [("AFTERSALES_INTAKE_QUARANTINE_RETENTION_DAYS", "0"),
                                  ("AFTERSALES_INTAKE_QUARANTINE_RETENTION_DAYS", "two weeks"),
                                  ("AFTERSALES_RETENTION_DAYS", "1e3"), ("AFTERSALES_INTAKE_EMIT_DESCRIPTION", "maybe"),
                                  ("AFTERSALES_INTAKE_UTC_OFFSET_HOURS", "+8h")] {
            XCTAssertThrowsError(try IntakeSettings(config: config([variable: value])), "\(variable)=\(value)") { error in
                XCTAssertEqual((error as? ConfigError)?.variable, variable)
            }
        }
    }
}

/// A list appended to from several threads.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func append(_ more: [String]) {
        lock.lock()
        items += more
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
