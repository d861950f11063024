import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
@testable import IntakeService

// MARK: - Raw payloads (any JSON data, so tests can send invalid requests too)

/// A `request.submitted` whose data is any JSON (valid or not).
struct RawSubmitted: EventPayload {
    static var eventType: EventType { .requestSubmitted }
    var data: JSONValue
    var messageKey: String { data["requestId"]?.stringValue ?? "no-request-id" }

    init(_ data: JSONValue) { self.data = data }
    init(from decoder: any Decoder) throws { data = try JSONValue(from: decoder) }
    func encode(to encoder: any Encoder) throws { try data.encode(to: encoder) }
}

/// A `request.cancelled` with any data.
struct RawCancelled: EventPayload {
    static var eventType: EventType { .requestCancelled }
    var data: JSONValue
    var messageKey: String { data["requestId"]?.stringValue ?? "no-request-id" }

    init(requestId: String, reason: String) { data = ["requestId": .string(requestId), "reason": .string(reason)] }
    init(from decoder: any Decoder) throws { data = try JSONValue(from: decoder) }
    func encode(to encoder: any Encoder) throws { try data.encode(to: encoder) }
}

/// A `ticket.completed` as dispatch would send it.
struct RawCompleted: EventPayload {
    static var eventType: EventType { .ticketCompleted }
    var data: JSONValue
    var messageKey: String { data["ticketId"]?.stringValue ?? "" }

    init(ticketId: String) {
        data = ["ticketId": .string(ticketId), "technicianId": "T-1", "resolved": true, "firstTimeFix": true,
                "partsUsed": []]
    }
    init(from decoder: any Decoder) throws { data = try JSONValue(from: decoder) }
    func encode(to encoder: any Encoder) throws { try data.encode(to: encoder) }
}

// MARK: - Helpers

/// A flag set once from any thread.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Sets the flag; true only for the first caller.
    func setIfUnset() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if value { return false }
        value = true
        return true
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Waits until `condition` holds or `timeout` seconds pass; returns whether it held.
@discardableResult
func waitUntil(timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return try condition()
}

/// Reads intake's test database.
struct IntakeDatabase {
    let url: String

    func scalar(_ query: PGQuery) throws -> Int {
        let db = try PGConnection(url: url)
        defer { db.close() }
        return try db.query(query).first?.get(0) ?? 0
    }

    func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        let db = try PGConnection(url: url)
        defer { db.close() }
        return try body(db)
    }
}

extension Envelope {
    /// The data member `key` as a string.
    func string(_ key: String) -> String? { data[key]?.stringValue }
}
