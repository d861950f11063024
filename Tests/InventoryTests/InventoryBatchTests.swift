import Foundation
import InventoryService
import Schema
import ServiceRuntime
import XCTest

/// The pure batch fold (`InventoryBatch`), the lock set (`BatchKeys`), the bounds and how
/// failures are classified — no database.
final class InventoryBatchTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_795_000_000)
    private let shanghai = GeoPoint(lat: 31.23, lon: 121.47)
    private let pump = StockKey("P-PUMP", "WH-SH")

    private func snapshot(onHand: Int = 3, reserved: Int = 0) -> InventorySnapshot {
        var snapshot = InventorySnapshot()
        snapshot.warehouses["WH-SH"] = WarehouseRecord(warehouseId: "WH-SH", region: "shanghai", location: shanghai)
        snapshot.stock[pump] = StockLevel(onHand: onHand, reserved: reserved)
        return snapshot
    }

    private func request(_ ticketId: String, _ quantity: Int) -> InventoryCommand {
        .request(PartsRequested(ticketId: ticketId, technicianId: "T", region: "shanghai", location: shanghai,
                                lines: [PartLine(partNumber: "P-PUMP", quantity: quantity)]))
    }

    // MARK: Fold

    func testCommandsOfOneBatchSeeEachOthersEffectsInOrder() throws {
        var batch = InventoryBatch(snapshot: snapshot(onHand: 1), settings: InventorySettings(), now: now)
        XCTAssertEqual(try batch.apply(request("TK-1", 1), event: 0), .applied)
        XCTAssertEqual(try batch.apply(request("TK-2", 1), event: 1), .applied)
        XCTAssertEqual(try batch.apply(.receive(StockReceived(partNumber: "P-PUMP", warehouseId: "WH-SH", quantity: 1)), event: 2),
                       .applied)
        XCTAssertEqual(batch.state.stock[pump], StockLevel(onHand: 2, reserved: 2))
        XCTAssertEqual(batch.outputs[1], [.backordered(PartsBackordered(
            ticketId: "TK-2", lines: [PartLine(partNumber: "P-PUMP", quantity: 1, warehouseId: "WH-SH")],
            expectedBy: now.addingTimeInterval(7 * 86_400)))])
        XCTAssertEqual(batch.outputs[2], [.reserved(PartsReserved(ticketId: "TK-2", lines: [
            PartLine(partNumber: "P-PUMP", quantity: 1, warehouseId: "WH-SH")]))], "the receipt fulfils the new backorder")
        XCTAssertEqual(batch.newBackorders.map(\.status), [.fulfilled], "inserted with its final status")
        XCTAssertEqual(batch.movements.map(\.kind), [.reservation, .receipt, .reservation])
        XCTAssertEqual(batch.reservationChanges[ReservationKey(ticketId: "TK-2", stock: pump)], 1)
        XCTAssertEqual(batch.checkpoints.map(\.event), [0, 2])
    }

    func testARejectedCommandChangesNothing() throws {
        var batch = InventoryBatch(snapshot: snapshot(onHand: 3, reserved: 2), settings: InventorySettings(), now: now)
        let before = batch.state
        let outcome = try batch.apply(.count(StockCounted(partNumber: "P-PUMP", warehouseId: "WH-SH", countedQuantity: 1)), event: 0)
        XCTAssertEqual(outcome, .rejected(reason: "countedQuantity: 1 is below the 2 reserved for tickets; release or consume them first"))
        let consumption = PartsConsumed(ticketId: "TK-9", lines: [PartLine(partNumber: "P-PUMP", quantity: 5)])
        guard case .rejected(let reason) = try batch.apply(.consume(consumption), event: 1) else { return XCTFail("not rejected") }
        XCTAssertTrue(reason.contains("only 0 were reserved and no warehouse has the rest"), reason)
        XCTAssertEqual(batch.state, before)
        XCTAssertTrue(batch.movements.isEmpty)
        XCTAssertTrue(batch.checkpoints.isEmpty)
        XCTAssertTrue(batch.outputs.isEmpty)
    }

    func testNoWarehouseKnownRejectsARequest() throws {
        var batch = InventoryBatch(snapshot: InventorySnapshot(), settings: InventorySettings(), now: now)
        XCTAssertEqual(try batch.apply(request("TK-1", 1), event: 0),
                       .rejected(reason: "warehouses: none known yet; cannot reserve or backorder"))
    }

    // MARK: Failures: transient or not

    func testStockATicketHoldsThatTheBatchDidNotLockIsATransientConflict() throws {
        var held = snapshot()
        held.reservations["TK-1"] = [StockKey("P-PUMP", "WH-NEW"): 2]
        var batch = InventoryBatch(snapshot: held, settings: InventorySettings(), now: now)
        XCTAssertThrowsError(try batch.apply(.release(ticketId: "TK-1", lines: nil), event: 0)) { error in
            XCTAssertEqual(error as? UnlockedStock, UnlockedStock(key: StockKey("P-PUMP", "WH-NEW"), ticketId: "TK-1"))
        }
        let conflict = StockConflict(conflict: UnlockedStock(key: pump, ticketId: "TK-1"))
        XCTAssertTrue(RuntimeFailure.isTransient(conflict), "the runtime retries the batch instead of dead-lettering")
        XCTAssertTrue(conflict.description.contains("retrying"), conflict.description)
        XCTAssertFalse(RuntimeFailure.isTransient(LedgerViolation(reason: "defect")),
                       "a defect is isolated and dead-lettered, never retried forever")
    }

    func testAReservationTheLedgerCannotReleaseIsALedgerViolation() throws {
        var broken = snapshot(onHand: 3, reserved: 0)
        broken.reservations["TK-1"] = [pump: 2]  // the projection says nothing is reserved
        var batch = InventoryBatch(snapshot: broken, settings: InventorySettings(), now: now)
        XCTAssertThrowsError(try batch.apply(.release(ticketId: "TK-1", lines: nil), event: 0)) { error in
            XCTAssertTrue(error is LedgerViolation, "\(error)")
        }
    }

    // MARK: Lock set

    func testBatchKeysLockEveryRowTheBatchMayChangeInOrder() {
        let keys = BatchKeys([
            .receive(StockReceived(partNumber: "P-B", warehouseId: "WH-X", quantity: 1)),
            request("TK-1", 1),
            .upsertWarehouse(WarehouseUpserted(warehouseId: "WH-NEW", region: "r", location: shanghai)),
            .consume(PartsConsumed(ticketId: "TK-2", lines: [PartLine(partNumber: "P-C", quantity: 1)])),
            .release(ticketId: "TK-3", lines: nil),
        ])
        XCTAssertEqual(keys.consumedParts, ["P-C"])
        XCTAssertEqual(keys.releasedTickets, ["TK-3"])
        XCTAssertEqual(keys.tickets, ["TK-1", "TK-2", "TK-3"])
        XCTAssertEqual(keys.requestingTickets, ["TK-1"])
        XCTAssertTrue(keys.needsWarehouses)
        let locked = keys.stockToLock(knownWarehouses: ["WH-SH"], heldByTickets: [StockKey("P-A", "WH-Z")])
        XCTAssertEqual(locked, [StockKey("P-A", "WH-Z"), StockKey("P-B", "WH-X"), StockKey("P-PUMP", "WH-NEW"),
                                StockKey("P-PUMP", "WH-SH")], "sorted by part, then warehouse: the lock order")
    }

    // MARK: Bounds

    func testBoundsNameTheFieldAndNeverTrap() {
        let huge = 1 << 53
        XCTAssertEqual(InventoryCommand.receive(StockReceived(partNumber: "P", warehouseId: "W", quantity: huge)).boundsProblem,
                       "quantity: must be between 1 and 100000 (got \(huge))")
        XCTAssertEqual(InventoryCommand.receive(StockReceived(partNumber: "P\u{0}", warehouseId: "W", quantity: 1)).boundsProblem,
                       "partNumber: must not contain control characters")
        let part = PartUpserted(partNumber: "P", name: "n", unitPrice: 1, currency: "CNY", leadTimeDays: 1 << 31)
        XCTAssertEqual(InventoryCommand.upsertPart(part).boundsProblem, "leadTimeDays: must be between 0 and 365 (got 2147483648)")
        let lines = Array(repeating: PartLine(partNumber: "P", quantity: Int.max), count: 2)
        XCTAssertEqual(InventoryCommand.release(ticketId: "TK", lines: lines).boundsProblem,
                       "lines.quantity: must be between 1 and 100000 (got \(Int.max) for P)", "refused before lines are added up")
        XCTAssertNil(InventoryCommand.release(ticketId: "TK", lines: nil).boundsProblem)
        XCTAssertEqual(InventoryCommand.upsertPart(PartUpserted(partNumber: "P", name: "pump", unitPrice: 1, currency: "CNY",
                                                                leadTimeDays: 1, supplier: "ACME\u{0}")).boundsProblem,
                       "supplier: must not contain NUL characters")
        XCTAssertEqual(InventoryCommand.upsertWarehouse(WarehouseUpserted(warehouseId: "W", region: String(repeating: "r", count: 201),
                                                                          location: shanghai)).boundsProblem,
                       "region: must be at most 200 characters (got 201)")

        XCTAssertEqual(LeadTime.days(catalogue: Int(Int32.max), default: 7), 365)
        XCTAssertEqual(LeadTime.days(catalogue: nil, default: .infinity), 365)
        XCTAssertEqual(LeadTime.days(catalogue: -4, default: 7), 0)
        let forecast = DemandForecast()
        XCTAssertEqual(forecast.reorderPoint([1e300, 1e300], leadTimeDays: 365), InventoryLimits.stockLevel.upperBound)
        XCTAssertEqual(forecast.orderQuantity([.nan], leadTimeDays: 7, available: 0), 1)
        XCTAssertFalse(StockLedger.permits(.receipt(Int.max), onHand: 1, reserved: 0), "no overflow, no trap")
        XCTAssertFalse(StockLedger.permits(.adjustment(Int.min), onHand: 0, reserved: 0))
        XCTAssertFalse(StockLedger.permits(.receipt(1), onHand: InventoryLimits.stockLevel.upperBound, reserved: 0))
    }

    func testSettingsRefuseNumbersThatWouldOverflowTheForecast() {
        func settings(_ name: String, _ value: String) throws -> InventorySettings {
            try InventorySettings(config: ServiceConfig(serviceName: "inventory", databaseURL: "postgres://x",
                                                        kafka: .init(bootstrapServers: "x:1", clientId: "x"),
                                                        settings: [name: value]))
        }
        XCTAssertThrowsError(try settings("AFTERSALES_INVENTORY_DEFAULT_LEAD_TIME_DAYS", "2147483648"))
        XCTAssertThrowsError(try settings("AFTERSALES_INVENTORY_HISTORY_DAYS", "1000000000"))
        XCTAssertThrowsError(try settings("AFTERSALES_INVENTORY_REVIEW_DAYS", "1e300"))
        XCTAssertEqual(try settings("AFTERSALES_INVENTORY_HISTORY_DAYS", "56").historyDays, 56)
    }

    // MARK: Early warning

    func testLowStockWatchCountsTheBatchsOwnConsumptionInTheForecast() {
        let settings = InventorySettings()
        let today = LowStockWatch.day(of: now)
        let checkpoint = StockCheckpoint(event: 3, key: pump, available: 4, consumedInBatch: 10, reorderPoint: nil, leadTimeDays: 2)
        let withoutHistory = LowStockWatch.evaluate([checkpoint], wasLow: [:], history: [:], now: now, settings: settings)
        let series = LowStockWatch.series(history: [:], today: today, days: settings.historyDays, consumedToday: 10)
        XCTAssertEqual(series.count, 28)
        XCTAssertEqual(series.last, 10)
        let point = settings.forecast.reorderPoint(series, leadTimeDays: 2)
        XCTAssertGreaterThan(point, 4, "today's 10 units raise the forecast's reorder point above 4")
        XCTAssertEqual(withoutHistory.warnings.map(\.stockLow), [StockLow(partNumber: "P-PUMP", warehouseId: "WH-SH", available: 4,
                                                                          reorderPoint: point)])
        XCTAssertEqual(withoutHistory.warnings.first?.event, 3)
        XCTAssertEqual(withoutHistory.low[pump], true)
        let alreadyLow = LowStockWatch.evaluate([checkpoint], wasLow: [pump: true], history: [:], now: now, settings: settings)
        XCTAssertTrue(alreadyLow.warnings.isEmpty, "no second warning while it stays low")
    }
}
