import InventoryFallback
import Schema
import XCTest

final class InventoryRulesTests: XCTestCase {
    /// A small deterministic generator for the property tests.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func testLedgerInvariantsHoldOverRandomMovementSequences() {
        var random = Random(state: 42)
        var refused = 0
        for _ in 0..<3_000 {
            var ledger = StockLedger()
            for _ in 0..<40 {
                let quantity = random.next(6) + 1
                let movement: StockMovement
                switch random.next(5) {
                case 0: movement = .receipt(quantity)
                case 1: movement = .adjustment(random.next(7) - 3)
                case 2: movement = .reservation(quantity)
                case 3: movement = .release(quantity)
                default: movement = .consumption(quantity)
                }
                if !ledger.apply(movement) { refused += 1 }
                XCTAssertGreaterThanOrEqual(ledger.onHand, 0)
                XCTAssertGreaterThanOrEqual(ledger.reserved, 0)
                XCTAssertLessThanOrEqual(ledger.reserved, ledger.onHand)
                XCTAssertGreaterThanOrEqual(ledger.available, 0)
                XCTAssertEqual(ledger.onHand, ledger.onHandFromMovements, "on hand = sum of movements")
            }
        }
        XCTAssertGreaterThan(refused, 0, "the sequences did try to oversell")
    }

    func testPlannerPrefersTheRegionThenTheNearest() {
        let here = GeoPoint(lat: 31.23, lon: 121.47)
        let warehouses = [
            WarehouseStock(warehouseId: "WH-FAR", region: "beijing", location: GeoPoint(lat: 39.9, lon: 116.4), available: 10),
            WarehouseStock(warehouseId: "WH-NEAR-OTHER", region: "suzhou", location: GeoPoint(lat: 31.30, lon: 120.6), available: 2),
            WarehouseStock(warehouseId: "WH-LOCAL", region: "shanghai", location: GeoPoint(lat: 31.0, lon: 121.2), available: 3),
        ]
        let plan = ReservationPlanner.plan(partNumber: "P", quantity: 4, warehouses: warehouses, region: "shanghai", location: here)
        XCTAssertEqual(plan.reserved, [PartLine(partNumber: "P", quantity: 3, warehouseId: "WH-LOCAL"),
                                       PartLine(partNumber: "P", quantity: 1, warehouseId: "WH-NEAR-OTHER")])
        XCTAssertEqual(plan.backordered, 0)
        let short = ReservationPlanner.plan(partNumber: "P", quantity: 20, warehouses: warehouses, region: "shanghai", location: here)
        XCTAssertEqual(short.reserved.map(\.quantity), [3, 2, 10])
        XCTAssertEqual(short.backordered, 5)
        XCTAssertEqual(short.backorderWarehouse, "WH-LOCAL", "the backorder is placed with the region's warehouse")
        let none = ReservationPlanner.plan(partNumber: "P", quantity: 2, warehouses: warehouses.map { var w = $0; w.available = 0; return w },
                                           region: "shanghai", location: here)
        XCTAssertEqual(none.reserved, [])
        XCTAssertEqual(none.backordered, 2)
    }

    func testForecastOnKnownSeries() {
        let forecast = DemandForecast(alpha: 0.3, serviceLevel: 0.95, reviewDays: 7)
        XCTAssertEqual(forecast.z, 1.6449, accuracy: 1e-4)
        let constant = Array(repeating: 2.0, count: 28)
        XCTAssertEqual(forecast.dailyDemand(constant), 2, accuracy: 1e-9)
        XCTAssertEqual(forecast.standardDeviation(constant), 0)
        XCTAssertEqual(forecast.reorderPoint(constant, leadTimeDays: 5), 10, "2/day over 5 days, no variability")
        XCTAssertEqual(forecast.orderQuantity(constant, leadTimeDays: 5, available: 4), 20, "2 × (5 + 7) − 4")
        // EWMA weights the newest day: a jump from 0 to 10 moves the level by alpha.
        XCTAssertEqual(forecast.dailyDemand([0, 0, 0, 10]), 3, accuracy: 1e-9)
        let noisy: [Double] = [1, 3, 1, 3, 1, 3, 1, 3]
        XCTAssertEqual(forecast.standardDeviation(noisy), 1.069, accuracy: 1e-3)
        XCTAssertEqual(forecast.safetyStock(noisy, leadTimeDays: 4), 1.6449 * 1.069 * 2, accuracy: 1e-2)
        XCTAssertEqual(forecast.reorderPoint([], leadTimeDays: 5), 1, "never below one")
        XCTAssertGreaterThan(DemandForecast(serviceLevel: 0.99).z, DemandForecast(serviceLevel: 0.9).z)
    }

    func testLowStockWarnsOncePerCrossing() {
        XCTAssertEqual(LowStockDetector.evaluate(available: 5, reorderPoint: 4, wasLow: false).warn, false)
        XCTAssertEqual(LowStockDetector.evaluate(available: 3, reorderPoint: 4, wasLow: false).warn, true)
        XCTAssertEqual(LowStockDetector.evaluate(available: 2, reorderPoint: 4, wasLow: true).warn, false, "still low: no second warning")
        let recovered = LowStockDetector.evaluate(available: 4, reorderPoint: 4, wasLow: true)
        XCTAssertFalse(recovered.isLow, "re-armed at the reorder point")
        XCTAssertTrue(LowStockDetector.evaluate(available: 1, reorderPoint: 4, wasLow: recovered.isLow).warn)
    }
}
