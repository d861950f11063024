import InventoryService
import XCTest

/// Where an unreserved consumption is taken from: named warehouse, ticket's region, most available.
final class ConsumptionSourceTests: XCTestCase {
    private let candidates = [
        ConsumptionSource.Candidate(warehouseId: "WH-BJ", region: "north", available: 9),
        ConsumptionSource.Candidate(warehouseId: "WH-SH", region: "east", available: 3),
        ConsumptionSource.Candidate(warehouseId: "WH-HZ", region: "east", available: 5),
        ConsumptionSource.Candidate(warehouseId: "WH-NEW", region: nil, available: 20),
    ]

    func testTicketRegionBeatsMoreStockElsewhere() {
        XCTAssertEqual(ConsumptionSource.choose(quantity: 2, candidates: candidates, namedWarehouse: nil, ticketRegions: ["east"]),
                       "WH-HZ", "most available within the ticket's region")
    }

    func testNamedWarehouseComesFirstWhenItHasTheQuantity() {
        XCTAssertEqual(ConsumptionSource.choose(quantity: 3, candidates: candidates, namedWarehouse: "WH-SH", ticketRegions: ["north"]),
                       "WH-SH")
        XCTAssertEqual(ConsumptionSource.choose(quantity: 4, candidates: candidates, namedWarehouse: "WH-SH", ticketRegions: ["north"]),
                       "WH-BJ", "named warehouse short → the ticket's region")
    }

    func testWithoutHistoryMostAvailableWinsAndShortageGivesNil() {
        XCTAssertEqual(ConsumptionSource.choose(quantity: 6, candidates: candidates, namedWarehouse: nil, ticketRegions: []), "WH-NEW")
        XCTAssertEqual(ConsumptionSource.choose(quantity: 6, candidates: candidates, namedWarehouse: nil, ticketRegions: ["east"]),
                       "WH-NEW", "no warehouse in the region has 6")
        XCTAssertNil(ConsumptionSource.choose(quantity: 21, candidates: candidates, namedWarehouse: nil, ticketRegions: []))
        XCTAssertNil(ConsumptionSource.choose(quantity: 0, candidates: candidates, namedWarehouse: nil, ticketRegions: []))
    }
}
