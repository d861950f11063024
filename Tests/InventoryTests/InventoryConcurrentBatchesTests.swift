import Foundation
import InventoryService
import Kafka
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Two instances' batch pipelines (`OfflinePipeline`, the real batch processor) on ONE
/// database, applying competing mixed batches at the same time from two threads: requests
/// and consumptions on one side; receipts, stocktakes and cancellations of the other side's
/// tickets on the other. Transient failures are retried as the consumer loop would. Nothing
/// may fail, the ledger must equal the projection, and reservations must add up.
final class InventoryConcurrentBatchesTests: XCTestCase {
    /// One instance's pipeline and its batches, applied on a thread of its own (read after it ends).
    private final class Side: @unchecked Sendable {
        let pipeline: OfflinePipeline
        let batches: [[ConsumerRecord]]
        var outcome = BatchOutcome()
        var retries = 0
        /// Transient failures other than a `StockConflict` (a deadlock would mean the lock order is broken).
        var otherTransient: [String] = []
        var unexpected: [String] = []

        init(pipeline: OfflinePipeline, batches: [[ConsumerRecord]]) {
            self.pipeline = pipeline
            self.batches = batches
        }

        /// Applies every batch; a transient failure is retried, as the consumer loop would
        /// (the batch was rolled back, nothing committed).
        func run() {
            for batch in batches {
                while true {
                    do {
                        let result = try pipeline.process(batch)
                        outcome.applied += result.applied
                        outcome.deadLettered += result.deadLettered
                        outcome.failed += result.failed
                        outcome.isolated += result.isolated
                        break
                    } catch where RuntimeFailure.isTransient(error) {
                        retries += 1
                        if !(error is StockConflict) { otherTransient.append("\(error)") }
                    } catch {
                        unexpected.append("\(error)")
                        break
                    }
                }
            }
        }
    }

    private struct SeededRandom {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private let now = Timestamp.parse("2026-11-22T02:00:00Z")!
    private let here = GeoPoint(lat: 31.23, lon: 121.47)
    private let parts = ["P-A", "P-B", "P-C"]

    private func record<P: EventPayload>(_ payload: P, partition: Int32, offset: Int64) -> ConsumerRecord {
        let envelope = Envelope(payload: payload, source: "test", correlationId: nil, causationId: nil, occurredAt: now)
        return ConsumerRecord(topic: P.topic.name, partition: partition, offset: offset, key: Array(payload.messageKey.utf8),
                              value: Array(envelope.encoded()), headers: [], timestamp: now)
    }

    func testTwoPipelinesOnOneDatabaseNeverOversellNorFail() throws {
        var config = ServiceConfig(serviceName: "inventory", databaseURL: try makeTestDatabase("inventoryrace"),
                                   kafka: KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "race"),
                                   settings: [:])
        config.createTopics = false
        let pipelines = try (0..<2).map { _ in
            try OfflinePipeline(config: config, migrations: InventoryMigrations.all, handler: InventoryHandler(),
                                clock: ManualClock(now))
        }
        var offset: Int64 = 0
        func next() -> Int64 { offset += 1; return offset }
        var seed = [
            record(WarehouseUpserted(warehouseId: "WH-SH", region: "shanghai", location: here), partition: 9, offset: next()),
            record(WarehouseUpserted(warehouseId: "WH-HZ", region: "hangzhou", location: GeoPoint(lat: 30.27, lon: 120.16)),
                   partition: 9, offset: next()),
        ]
        for part in parts {
            seed.append(record(PartUpserted(partNumber: part, name: part, unitPrice: 10, currency: "CNY", leadTimeDays: 2),
                               partition: 9, offset: next()))
            for warehouse in ["WH-SH", "WH-HZ"] {
                seed.append(record(StockReceived(partNumber: part, warehouseId: warehouse, quantity: 4), partition: 9, offset: next()))
            }
        }
        XCTAssertEqual(try pipelines[0].process(seed).applied, seed.count)

        // Side 0 (parts topic): requests of its own tickets, then consumptions of some of them.
        // Side 1 (stock and tickets topics): receipts, stocktakes, cancellations of side 0's tickets.
        var random = SeededRandom(state: 20261201)
        var batches: [[[ConsumerRecord]]] = [[], []]
        for round in 0..<25 {
            var requests: [ConsumerRecord] = []
            var others: [ConsumerRecord] = []
            for slot in 0..<8 {
                let ticket = "TK-\(round)-\(slot)"
                let lines = (0..<(1 + random.next(2))).map { _ in
                    PartLine(partNumber: parts[random.next(parts.count)], quantity: 1 + random.next(2))
                }
                requests.append(record(PartsRequested(ticketId: ticket, technicianId: "T", region: "shanghai", location: here,
                                                      lines: lines), partition: 0, offset: next()))
                if round > 0, random.next(3) == 0 {
                    requests.append(record(PartsConsumed(ticketId: "TK-\(round - 1)-\(slot)", lines: [lines[0]]),
                                           partition: 0, offset: next()))
                }
                switch random.next(4) {
                case 0, 1:
                    others.append(record(StockReceived(partNumber: parts[random.next(parts.count)],
                                                       warehouseId: random.next(2) == 0 ? "WH-SH" : "WH-HZ",
                                                       quantity: 1 + random.next(3)), partition: 1, offset: next()))
                case 2:
                    others.append(record(TicketCancelled(ticketId: "TK-\(max(0, round - random.next(2)))-\(random.next(8))",
                                                         reason: "test"), partition: 2, offset: next()))
                default:
                    others.append(record(StockCounted(partNumber: parts[random.next(parts.count)], warehouseId: "WH-HZ",
                                                      countedQuantity: 2 + random.next(6)), partition: 1, offset: next()))
                }
            }
            batches[0].append(requests)
            batches[1].append(others)
        }

        let sides = (0..<2).map { Side(pipeline: pipelines[$0], batches: batches[$0]) }
        let done = DispatchGroup()
        for side in sides {
            done.enter()
            Thread {
                side.run()
                done.leave()
            }.start()
        }
        done.wait()
        var outcomes = BatchOutcome()
        for side in sides {
            outcomes.applied += side.outcome.applied
            outcomes.deadLettered += side.outcome.deadLettered
            outcomes.failed += side.outcome.failed
            outcomes.isolated += side.outcome.isolated
        }
        let retries = sides.map(\.retries).reduce(0, +)
        let unexpected = sides.flatMap(\.unexpected)
        print("inventory concurrent batches: applied \(outcomes.applied), rejected \(outcomes.deadLettered), retried after a StockConflict \(retries)")
        XCTAssertEqual(unexpected, [])
        XCTAssertEqual(sides.flatMap(\.otherTransient), [], "every retry was a StockConflict: no deadlock")
        XCTAssertEqual(outcomes.failed, 0, "no event failed to apply")
        XCTAssertEqual(outcomes.isolated, 0, "no batch had to fall back to one event at a time")
        XCTAssertGreaterThan(outcomes.applied, 200)

        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        let mismatches: Int = try db.query("""
            SELECT count(*)::bigint AS n FROM stock s
              LEFT JOIN (SELECT part_number, warehouse_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
                           FROM movements GROUP BY 1, 2) m USING (part_number, warehouse_id)
              LEFT JOIN (SELECT part_number, warehouse_id, sum(quantity) AS reserved FROM reservations GROUP BY 1, 2) r
                USING (part_number, warehouse_id)
             WHERE s.on_hand <> coalesce(m.on_hand, 0) OR s.reserved <> coalesce(m.reserved, 0)
                OR s.reserved <> coalesce(r.reserved, 0) OR s.reserved > s.on_hand
            """).first!.get("n")
        XCTAssertEqual(mismatches, 0, "every stock row equals its ledger and its reservations")
    }
}
