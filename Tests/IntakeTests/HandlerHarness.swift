import Foundation
import Postgres
import Schema
@testable import ServiceRuntime
import TestSupport
@testable import IntakeService

/// Runs `IntakeHandler` directly against a fresh real PostgreSQL database, one event per
/// transaction as the runtime would, and reads back what it wrote to the outbox. No
/// broker: these tests pin the handler's decisions; `IntakeFlowTests` covers the wire.
final class HandlerHarness {
    let databaseURL: String
    let db: PGConnection
    let handler: IntakeHandler
    var now: Date
    private var lastOutboxId: Int64 = 0

    init(_ label: String, settings: IntakeSettings = IntakeSettings(), now: Date = Timestamp.parse("2026-11-22T02:00:00Z")!) throws {
        databaseURL = try makeTestDatabase(label)
        db = try PGConnection(url: databaseURL)
        try RuntimeTables.ensure(on: db)
        try Migrator.migrate(db, service: "intake", migrations: IntakeMigrations.all)
        handler = IntakeHandler(settings: settings)
        self.now = now
    }

    deinit { db.close() }

    /// Hands one event to the handler in its own transaction; returns the result and the
    /// envelopes it emitted.
    @discardableResult
    func deliver(_ type: EventType, _ data: JSONValue, key: String? = nil, occurredAt: Date? = nil)
        throws -> (result: HandlingResult, emitted: [Envelope]) {
        let envelope = Envelope(id: UUID().uuidString.lowercased(), type: type.rawValue, occurredAt: occurredAt ?? now,
                                source: "test", correlationId: data["requestId"]?.stringValue, causationId: nil, data: data)
        let event = InboundEvent(topic: type.topic, partition: 0, offset: 0,
                                 key: key ?? data["requestId"]?.stringValue ?? data["ticketId"]?.stringValue, envelope: envelope)
        let result = try db.transaction { db in
            try handler.handle(event, context: HandlerContext(db: db, now: now, serviceName: "intake"))
        }
        return (result, try newOutboxEnvelopes())
    }

    /// Runs the handler's start-up hook and any due timers, as the runtime would.
    func startAndFireDueTimers() throws -> [Envelope] {
        try db.transaction { db in try handler.start(context: HandlerContext(db: db, now: now, serviceName: "intake")) }
        try db.transaction { db in
            for timer in try TimerStore.claimDue(now: now, limit: 10, on: db) {
                try handler.fire(timer, context: HandlerContext(db: db, now: now, serviceName: "intake"))
            }
        }
        return try newOutboxEnvelopes()
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

    func scalar<T: PGDecodable>(_ query: PGQuery, as type: T.Type = T.self) throws -> T? {
        try db.query(query).first?.get(0)
    }
}
