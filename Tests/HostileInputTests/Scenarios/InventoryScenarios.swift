import Foundation
import InventoryService
import Schema
import ServiceRuntime
import TestSupport

/// Inventory's consumed topics. One warehouse (WH-H, shanghai) holds 100,000 of part P-H for
/// the parts and tickets suites; the stock suite catalogues one part per case.
enum InventoryScenarios {
    static let service = "inventory"

    static func handler() throws -> InventoryHandler { try InventoryHandler(config: handlerConfig(service)) }

    static func harness() throws -> BatchHarness {
        let harness = try BatchHarness(service: service, migrations: InventoryMigrations.all,
                                       handler: try handler())
        try setUp(harness, [(.stock, Messages.warehouseUpserted("WH-H")), (.stock, Messages.partUpserted("P-H")),
                            (.stock, Messages.stockReceived("P-H", quantity: 100_000))])
        return harness
    }

    static func partsConsumed(_ ticketId: String) -> Message {
        Message(type: "parts.consumed", data: ["ticketId": .string(ticketId), "lines": [Messages.line("P-H", 1)]], key: ticketId)
    }

    static let stock = TopicScenario(
        service: service, topic: .stock,
        main: { Messages.stockReceived($0) },
        prepare: { harness, index in
            let key = "P-S-\(index)"
            try setUp(harness, [(.stock, Messages.partUpserted(key))])
            return key
        },
        effect: { harness, key, _ in
            // What was received is reservable: a request for all five is reserved, not backordered.
            let (_, emitted) = try deliver(harness, [(.parts, Messages.partsRequested("TK-FOR-\(key)", part: key, quantity: 5))])
            return expectEmitted(emitted, .partsReserved, "ticketId", "TK-FOR-\(key)")
        },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("2^53 quantity received", "quantity", HostileCases.twoToThe53),
            HostileCases.bound("2^31 quantity received", "quantity", HostileCases.twoToThe31),
            HostileCases.bound("negative quantity received", "quantity", .number(-5)),
            HostileCases.bound("fractional quantity", "quantity", .number(2.5)),
            HostileCases.bound("2^31-day lead time", "leadTimeDays", HostileCases.twoToThe31,
                               on: { Messages.partUpserted($0) }),
            HostileCases.bound("2^53-day lead time", "leadTimeDays", HostileCases.twoToThe53,
                               on: { Messages.partUpserted($0) }),
            HostileCases.bound("unit price 1e308", "unitPrice", .number(1e308), on: { Messages.partUpserted($0) }),
            HostileCases.bound("2^53 reorder point", "reorderPoint", HostileCases.twoToThe53, on: { Messages.partUpserted($0) }),
            HostileCases.bound("NUL inside the part name", "name", .string("relay\u{0}"),
                               on: { Messages.partUpserted($0) }),
            HostileCases.bound("2^53 counted quantity", "countedQuantity", HostileCases.twoToThe53,
                               on: { Messages.stockCounted($0) }),
            HostileCases.bound("warehouse latitude 1e308", "location.lat", .number(1e308),
                               on: { Messages.warehouseUpserted("WH-BAD", key: $0) }),
            HostileCases.bound("warehouse longitude -181", "location.lon", .number(-181),
                               on: { Messages.warehouseUpserted("WH-BAD", key: $0) }),
        ])

    static let parts = TopicScenario(
        service: service, topic: .parts,
        main: { Messages.partsRequested($0) },
        prepare: { _, index in "TK-I-\(index)" },
        effect: { _, key, emitted in expectEmitted(emitted, .partsReserved, "ticketId", key) },
        otherTopic: { Messages.stockReceived($0) },
        bounds: [
            HostileCases.bound("2^53 quantity requested", "lines[0].quantity", HostileCases.twoToThe53),
            HostileCases.bound("zero quantity requested", "lines[0].quantity", .number(0)),
            HostileCases.lines("1,000-line request", "lines"),
            HostileCases.bound("NUL inside the part number", "lines[0].partNumber", .string("P-\u{0}H")),
            HostileCases.bound("latitude 1e308", "location.lat", .number(1e308)),
            HostileCases.bound("2^53 quantity consumed", "lines[0].quantity", HostileCases.twoToThe53, on: partsConsumed),
            HostileCases.lines("1,000-line consumption", "lines", count: 1000),
        ])

    /// Cancellations release what was reserved: each case's ticket holds the only unit of its part.
    static let tickets = TopicScenario(
        service: service, topic: .tickets,
        main: { Messages.ticketCancelled($0) },
        prepare: { harness, index in
            let key = "TK-C-\(index)"
            try setUp(harness, [(.stock, Messages.partUpserted("P-C-\(index)")),
                                (.stock, Messages.stockReceived("P-C-\(index)", quantity: 1)),
                                (.parts, Messages.partsRequested(key, part: "P-C-\(index)"))])
            return key
        },
        effect: { harness, key, _ in
            // The released unit can be reserved for another ticket (not backordered).
            let part = "P-C-" + (key.split(separator: "-").last.map(String.init) ?? "")
            let (_, emitted) = try deliver(harness, [(.parts, Messages.partsRequested("TK-AFTER-\(key)", part: part))])
            return expectEmitted(emitted, .partsReserved, "ticketId", "TK-AFTER-\(key)")
        },
        otherTopic: { Messages.stockReceived($0) },
        bounds: [
            HostileCases.bound("1,000-line reason", "reason",
                               .string(Array(repeating: "cancelled by the customer", count: 1000).joined(separator: "\n"))),
        ])
}
