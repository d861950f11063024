import Foundation
import InventoryService
import Schema
import TestSupport
import XCTest

/// `inventory stock-value` (`InventoryCommandLine`, which `main.swift` runs): the report
/// from a real database, and the exit codes of a bad invocation.
final class StockValueCommandTests: XCTestCase {
    func testStockValuePrintsPartsUnitsAndValuePerWarehouse() throws {
        let f = try InventoryFixture()
        try f.seed(parts: ["P-PUMP", "P-SEAL"])
        try f.harness.deliver([f.receipt("WH-SH", 5), f.receipt("WH-SH", 2, part: "P-SEAL"), f.receipt("WH-HZ", 1)])
        let environment = ["AFTERSALES_INVENTORY_DATABASE_URL": f.harness.databaseURL, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"]
        let outcome = try XCTUnwrap(InventoryCommandLine.run(["stock-value"], environment: environment))
        XCTAssertEqual(outcome.exitCode, 0, outcome.error)
        XCTAssertEqual(outcome.output.split(separator: "\n").map(String.init), [
            "WAREHOUSE        PARTS  UNITS  VALUE",
            "WH-HZ                1      1  140.00 CNY",
            "WH-SH                2      7  980.00 CNY",
        ])
    }

    func testBadInvocationsExitNonZeroAndNoArgumentsRunTheService() {
        XCTAssertNil(InventoryCommandLine.run([], environment: [:]), "no subcommand: the service runs")
        let unknown = InventoryCommandLine.run(["stock-values"], environment: [:])
        XCTAssertEqual(unknown?.exitCode, 2)
        XCTAssertTrue(unknown?.error.contains("unknown command 'stock-values'") == true)
        let unconfigured = InventoryCommandLine.run(["stock-value"], environment: [:])
        XCTAssertEqual(unconfigured?.exitCode, 1)
        XCTAssertTrue(unconfigured?.error.contains("AFTERSALES_INVENTORY_DATABASE_URL") == true, unconfigured?.error ?? "")
    }
}
