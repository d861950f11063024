import InventoryService
import Schema
import XCTest

final class InventoryRulesTests: XCTestCase {
    /// A small seeded PRNG (LCG) so the property tests are reproducible.
    struct SeededRandom {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    // MARK: StockLedger

    func testLedgerInvariantsHoldOverThousandsOfRandomSequences() {
        var random = SeededRandom(state: 20261122)
        var refused = 0, applied = 0
        for _ in 0..<5_000 {
            var ledger = StockLedger()
            for _ in 0..<30 {
                let quantity = random.next(6) + 1
                let movement: StockMovement = switch random.next(5) {
                case 0: .receipt(quantity)
                case 1: .adjustment(random.next(9) - 4)
                case 2: .reservation(quantity)
                case 3: .release(quantity)
                default: .consumption(quantity)
                }
                if ledger.apply(movement) { applied += 1 } else { refused += 1 }
                let replayed = ledger.replayed
                XCTAssertEqual(ledger.onHand, replayed.onHand, "on hand = sum of movements")
                XCTAssertEqual(ledger.reserved, replayed.reserved, "reserved = sum of movements")
                XCTAssertGreaterThanOrEqual(ledger.onHand, 0)
                XCTAssertGreaterThanOrEqual(ledger.reserved, 0)
                XCTAssertLessThanOrEqual(ledger.reserved, ledger.onHand)
                XCTAssertGreaterThanOrEqual(ledger.available, 0)
            }
        }
        XCTAssertGreaterThan(refused, 1_000, "the sequences really did try to oversell")
        XCTAssertGreaterThan(applied, 10_000)
    }

    func testLedgerRefusesOversellingAndNonPositiveQuantities() {
        var ledger = StockLedger()
        XCTAssertTrue(ledger.apply(.receipt(3)))
        XCTAssertTrue(ledger.apply(.reservation(2)))
        XCTAssertFalse(ledger.apply(.reservation(2)), "only 1 available")
        XCTAssertFalse(ledger.apply(.adjustment(-2)), "cannot count below what is reserved")
        XCTAssertFalse(ledger.apply(.receipt(0)))
        XCTAssertFalse(ledger.apply(.release(3)))
        XCTAssertTrue(ledger.apply(.consumption(2)))
        XCTAssertEqual(ledger.onHand, 1)
        XCTAssertEqual(ledger.reserved, 0)
        XCTAssertEqual(ledger.movements.count, 3)
        XCTAssertEqual(StockMovement.consumption(2).deltas.onHand, -2)
        XCTAssertEqual(StockMovement.consumption(2).deltas.reserved, -2)
    }

    // MARK: ReservationPlanner

    let shanghai = GeoPoint(lat: 31.23, lon: 121.47)
    var warehouses: [WarehouseStock] {
        [
            WarehouseStock(warehouseId: "WH-BJ", region: "beijing", location: GeoPoint(lat: 39.9, lon: 116.4), available: 10),
            WarehouseStock(warehouseId: "WH-HZ", region: "hangzhou", location: GeoPoint(lat: 30.27, lon: 120.16), available: 2),
            WarehouseStock(warehouseId: "WH-SH2", region: "shanghai", location: GeoPoint(lat: 31.0, lon: 121.2), available: 1),
            WarehouseStock(warehouseId: "WH-SH", region: "shanghai", location: GeoPoint(lat: 31.23, lon: 121.47), available: 3),
        ]
    }

    func testPlannerPrefersTheRegionNearestFirst() {
        let plan = ReservationPlanner.plan(partNumber: "P", quantity: 2, warehouses: warehouses, region: "shanghai", location: shanghai)
        XCTAssertEqual(plan.reserved, [PartLine(partNumber: "P", quantity: 2, warehouseId: "WH-SH")])
        XCTAssertEqual(plan.backordered, 0)
        XCTAssertNil(plan.backorderLine)
    }

    func testPlannerRegionBeatsACloserWarehouseElsewhere() {
        // From Hangzhou's location but in the Shanghai region: Shanghai warehouses still come first.
        let plan = ReservationPlanner.plan(partNumber: "P", quantity: 1, warehouses: warehouses, region: "shanghai",
                                           location: GeoPoint(lat: 30.27, lon: 120.16))
        XCTAssertEqual(plan.reserved.map(\.warehouseId), ["WH-SH2"])
    }

    func testPlannerSplitsAcrossWarehousesThenNearestOtherThenBackorders() {
        let plan = ReservationPlanner.plan(partNumber: "P", quantity: 20, warehouses: warehouses, region: "shanghai", location: shanghai)
        XCTAssertEqual(plan.reserved.map { "\($0.warehouseId!):\($0.quantity)" }, ["WH-SH:3", "WH-SH2:1", "WH-HZ:2", "WH-BJ:10"])
        XCTAssertEqual(plan.backordered, 4)
        XCTAssertEqual(plan.backorderLine, PartLine(partNumber: "P", quantity: 4, warehouseId: "WH-SH"))
    }

    func testPlannerSkipsEmptyWarehousesAndBackordersWhenNothingIsAvailable() {
        var empty = warehouses
        for index in empty.indices { empty[index].available = 0 }
        empty[0].available = 1 // Beijing only
        let plan = ReservationPlanner.plan(partNumber: "P", quantity: 3, warehouses: empty, region: "shanghai", location: shanghai)
        XCTAssertEqual(plan.reserved, [PartLine(partNumber: "P", quantity: 1, warehouseId: "WH-BJ")])
        XCTAssertEqual(plan.backorderLine, PartLine(partNumber: "P", quantity: 2, warehouseId: "WH-SH"))
        let none = ReservationPlanner.plan(partNumber: "P", quantity: 3, warehouses: [], region: "x", location: shanghai)
        XCTAssertEqual(none.reserved, [])
        XCTAssertNil(none.backorderLine, "no warehouse to backorder from")
    }

    // MARK: DemandForecast

    func testConstantDemandHasNoVariabilityAndAKnownReorderPoint() {
        let forecast = DemandForecast(alpha: 0.3, serviceLevel: 0.95, reviewDays: 7)
        let series = Array(repeating: 2.0, count: 28)
        XCTAssertEqual(forecast.dailyDemand(series), 2, accuracy: 1e-9)
        XCTAssertEqual(forecast.standardDeviation(series), 0, accuracy: 1e-12)
        XCTAssertEqual(forecast.safetyStock(series, leadTimeDays: 5), 0, accuracy: 1e-12)
        XCTAssertEqual(forecast.reorderPoint(series, leadTimeDays: 5), 10)
        // (5 + 7) · 2 − 4 available = 20
        XCTAssertEqual(forecast.orderQuantity(series, leadTimeDays: 5, available: 4), 20)
        XCTAssertEqual(forecast.orderQuantity(series, leadTimeDays: 5, available: 100), 1, "at least 1")
    }

    func testEWMAWeightsRecentDaysAndSafetyStockUsesZSigmaRootL() {
        let forecast = DemandForecast(alpha: 0.5, serviceLevel: 0.95, reviewDays: 7)
        // 0 → 0.5·4 + 0.5·0 = 2 → 0.5·0 + 0.5·2 = 1
        XCTAssertEqual(forecast.dailyDemand([0, 4, 0]), 1, accuracy: 1e-9)
        XCTAssertEqual(DemandForecast.zScore(0.95), 1.645, accuracy: 1e-9)
        let series: [Double] = [1, 3, 1, 3]
        let sigma = forecast.standardDeviation(series)
        XCTAssertEqual(sigma, (4.0 / 3.0).squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(forecast.safetyStock(series, leadTimeDays: 4), 1.645 * sigma * 2, accuracy: 1e-9)
        let demand = forecast.dailyDemand(series)
        XCTAssertEqual(forecast.reorderPoint(series, leadTimeDays: 4), Int((demand * 4 + 1.645 * sigma * 2).rounded(.up)))
        XCTAssertEqual(DemandForecast().reorderPoint([], leadTimeDays: 7), 1, "no history: at least 1")
        XCTAssertGreaterThan(DemandForecast.zScore(0.99), DemandForecast.zScore(0.95))
    }

    // MARK: LowStockDetector

    func testLowStockWarnsOncePerCrossingAndRearms() {
        var wasLow = false
        var warnings: [Int] = []
        for available in [5, 4, 2, 1, 0, 1, 3, 4, 2, 1] { // reorder point 3
            let decision = LowStockDetector.evaluate(available: available, reorderPoint: 3, wasLow: wasLow)
            if decision.warn { warnings.append(available) }
            wasLow = decision.isLow
        }
        XCTAssertEqual(warnings, [2, 2], "first crossing at 2, re-armed at 3, crossing again at 2")
        XCTAssertFalse(LowStockDetector.evaluate(available: 3, reorderPoint: 3, wasLow: true).isLow, "at the point is not low")
    }
}
