import InventoryService
import ServiceRuntime
import TestSupport
import XCTest

/// A malformed or out-of-range inventory setting stops start-up naming exactly its variable.
final class InventorySettingsTests: XCTestCase {
    private func settings(_ overrides: [String: String]) throws -> InventorySettings {
        try InventorySettings(config: testServiceConfig(service: "inventory", databaseURL: "postgres://unused",
                                                        topicPrefix: "t-unused.", overrides: overrides))
    }

    func testDefaultsAndOverrides() throws {
        XCTAssertEqual(try settings([:]), InventorySettings())
        XCTAssertEqual(try settings(["AFTERSALES_INVENTORY_HISTORY_DAYS": "14"]).historyDays, 14)
    }

    func testEachBadValueNamesItsVariable() {
        for (variable, value) in [("AFTERSALES_INVENTORY_DEFAULT_LEAD_TIME_DAYS", "-1"),
                                  ("AFTERSALES_INVENTORY_DEFAULT_LEAD_TIME_DAYS", "a week"),
                                  ("AFTERSALES_INVENTORY_REVIEW_DAYS", "-2"),
                                  ("AFTERSALES_INVENTORY_HISTORY_DAYS", "0"),
                                  ("AFTERSALES_INVENTORY_HISTORY_DAYS", "7.5"),
                                  ("AFTERSALES_INVENTORY_EWMA_ALPHA", "0"),
                                  ("AFTERSALES_INVENTORY_SERVICE_LEVEL", "1")] {
            XCTAssertThrowsError(try settings([variable: value]), "\(variable)=\(value)") { error in
                XCTAssertEqual((error as? ConfigError)?.variable, variable, "\(variable)=\(value)")
            }
        }
    }
}
