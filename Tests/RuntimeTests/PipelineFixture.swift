import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport

/// A test service: every `request.cancelled` adds one row to `effects` (a second
/// application of the same event would show as `applied = 2`) and emits one
/// `request.rejected` carrying the same request id.
struct CountingHandler: EventHandler {
    var subscriptions: [Topic] { [.requests] }

    static let migrations = [
        Migration(version: 1, name: "effects", sql: """
            CREATE TABLE effects (
                request_id text PRIMARY KEY,
                applied    integer NOT NULL
            );
            """),
    ]

    func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard event.eventType == .requestCancelled else { return .ignored }
        let request = try event.payload(as: RequestCancelled.self)
        if request.reason == "explode" {
            struct Boom: Error, CustomStringConvertible { var description: String { "the handler exploded" } }
            throw Boom()
        }
        try context.db.execute("""
            INSERT INTO effects (request_id, applied) VALUES (\(request.requestId), 1)
            ON CONFLICT (request_id) DO UPDATE SET applied = effects.applied + 1
            """)
        try context.emit(RequestRejected(requestId: request.requestId,
                                         reasons: [FieldError(field: "test", code: "echo", message: "echo")]),
                         cause: event.cause)
        return .applied
    }
}

/// Reads the effects table of a test database.
struct EffectsTable {
    let databaseURL: String

    func counts() throws -> (rows: Int, doubled: Int) {
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        let row = try db.query("""
            SELECT count(*)::bigint AS rows, count(*) FILTER (WHERE applied <> 1)::bigint AS doubled FROM effects
            """).first
        return (try row?.get("rows") ?? 0, try row?.get("doubled") ?? 0)
    }

    func unsentOutboxRows() throws -> Int {
        let db = try PGConnection(url: databaseURL)
        defer { db.close() }
        return try db.query("SELECT count(*)::bigint AS n FROM outbox WHERE sent_at IS NULL").first?.get("n") ?? 0
    }

    /// Waits until `rows` effects exist and the outbox is drained, or the timeout passes.
    func waitFor(rows expected: Int, timeout: TimeInterval) throws -> (rows: Int, doubled: Int) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = (rows: 0, doubled: 0)
        while Date() < deadline {
            if let current = try? counts() {
                last = current
                if current.rows >= expected, (try? unsentOutboxRows()) == 0 { return current }
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return last
    }
}

/// A fault injector that crashes once, at the first point `matches` accepts.
func crashOnce(_ matches: @escaping @Sendable (FaultPoint) -> Bool) -> FaultInjector {
    let fired = LockedFlag()
    return FaultInjector { point in
        matches(point) && fired.setIfUnset()
    }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func setIfUnset() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if value { return false }
        value = true
        return true
    }
}
