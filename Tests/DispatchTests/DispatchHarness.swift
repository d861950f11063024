import Foundation
import Postgres
import Schema
@testable import ServiceRuntime
import TestSupport
@testable import DispatchService

/// Runs `DispatchHandler` directly against a fresh PostgreSQL database, one event per
/// transaction as the runtime would, and reads back what it wrote to the outbox. No broker:
/// these tests pin the handler's decisions; `DispatchFlowTests` covers the wire.
final class DispatchHarness {
    let db: PGConnection
    let handler: DispatchHandler
    var now: Date
    private var lastOutboxId: Int64 = 0

    init(_ label: String, settings: DispatchSettings = DispatchSettings(), now: Date = Timestamp.parse("2026-11-22T02:00:00Z")!) throws {
        db = try PGConnection(url: try makeTestDatabase(label))
        try RuntimeTables.ensure(on: db)
        try Migrator.migrate(db, service: "dispatch", migrations: DispatchMigrations.all)
        handler = DispatchHandler(settings: settings)
        self.now = now
    }

    deinit { db.close() }

    /// Hands one event to the handler in its own transaction; returns the result and what it emitted.
    @discardableResult
    func deliver<P: EventPayload>(_ payload: P) throws -> (result: HandlingResult, emitted: [Envelope]) {
        let envelope = Envelope(payload: payload, source: "test", correlationId: "corr", causationId: nil, occurredAt: now)
        let event = InboundEvent(topic: P.topic, partition: 0, offset: 0, key: payload.messageKey, envelope: envelope)
        let result = try db.transaction { db in
            try handler.handle(event, context: HandlerContext(db: db, now: now, serviceName: "dispatch"))
        }
        return (result, try newOutboxEnvelopes())
    }

    /// Fires the timers due at `now`, as the runtime's scheduler would.
    func fireDueTimers() throws -> [Envelope] {
        try db.transaction { db in
            for timer in try TimerStore.claimDue(now: now, limit: 100, on: db) {
                try handler.fire(timer, context: HandlerContext(db: db, now: now, serviceName: "dispatch"))
            }
        }
        return try newOutboxEnvelopes()
    }

    func pendingTimers() throws -> [String] {
        try db.query("SELECT key FROM deadline_timers WHERE kind = 'acceptance-timeout' ORDER BY key").map { try $0.get("key") }
    }

    private func newOutboxEnvelopes() throws -> [Envelope] {
        let rows = try db.query("SELECT id, value FROM outbox WHERE id > \(lastOutboxId) ORDER BY id")
        var envelopes: [Envelope] = []
        for row in rows {
            lastOutboxId = try row.get("id")
            let value: String = try row.get("value")
            envelopes.append(try Envelope.decode(Data(value.utf8)))
        }
        return envelopes
    }

    // MARK: Fixtures

    static let home = GeoPoint(lat: 31.2304, lon: 121.4737)

    /// A technician `km` kilometres north of `home`.
    static func technician(_ id: String, km: Double, skills: [String] = ["refrigerator"], capacity: Int = 3,
                           active: Bool = true) -> TechnicianUpserted {
        TechnicianUpserted(technicianId: id, name: id, skills: skills, region: "SH",
                           location: GeoPoint(lat: home.lat + km / 111.195, lon: home.lon), dailyCapacity: capacity,
                           active: active)
    }

    static func ticket(_ id: String, warranty: WarrantyStatus = .inWarranty, priority: Priority = .normal,
                       category: ProductCategory = .refrigerator) -> TicketOpened {
        let now = Timestamp.parse("2026-11-22T02:00:00Z")!
        return TicketOpened(
            ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .app, customerId: "C-1", region: "SH", location: home,
            product: .init(sku: "SKU", category: category, model: "M"), warranty: .init(status: warranty),
            fault: .init(category: .hardware, safetyHazard: false), priority: priority,
            sla: .init(respondBy: now, onSiteBy: now, resolveBy: now))
    }
}

extension Array where Element == Envelope {
    var types: [String] { map(\.type) }

    func payload<P: EventPayload>(_ type: P.Type) -> P? {
        first { $0.type == P.eventType.rawValue }.flatMap { try? $0.payload(as: P.self) }
    }
}
