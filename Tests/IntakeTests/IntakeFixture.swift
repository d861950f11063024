import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import IntakeService

// MARK: - The handler harness

/// Intake's handler through TestSupport's `BatchHarness`: the runtime's real batch processor
/// and timer scheduler against a fresh PostgreSQL database, with a manual clock.
func intakeHarness(_ label: String, settings: IntakeSettings = IntakeSettings(), playbooks: PlaybookLibrary = .standard,
                   now: Date = Timestamp.parse("2026-11-22T02:00:00Z")!) throws -> BatchHarness {
    try BatchHarness(service: "intake", migrations: IntakeMigrations.all,
                     handler: IntakeHandler(settings: settings, playbooks: playbooks), now: now)
}

extension BatchHarness {
    /// An envelope of `type` with any data (valid or not), as an outside system would send it.
    func intakeEnvelope(_ type: EventType, _ data: JSONValue, occurredAt: Date? = nil) -> Envelope {
        Envelope(id: UUID().uuidString.lowercased(), type: type.rawValue, occurredAt: occurredAt ?? now, source: "test",
                 correlationId: data["requestId"]?.stringValue, causationId: nil, data: data)
    }

    /// The message key intake's senders use: the request id, else the ticket id.
    func intakeKey(_ data: JSONValue) -> String? {
        data["requestId"]?.stringValue ?? data["ticketId"]?.stringValue
    }

    /// Delivers one event as a batch of one; returns what became of it and what was emitted.
    @discardableResult
    func deliver(_ type: EventType, _ data: JSONValue, key: String? = nil, occurredAt: Date? = nil)
        throws -> (result: HandlingResult, emitted: [Envelope]) {
        let (outcome, emitted) = try deliver([intakeEnvelope(type, data, occurredAt: occurredAt)],
                                             keys: [key ?? intakeKey(data)])
        if outcome.deadLettered == 1 {
            return (.deadLetter(reason: emitted.deadLetters.first?.reason ?? ""), emitted)
        }
        XCTAssertEqual(outcome.applied + outcome.ignored + outcome.skipped, 1, "\(outcome)")
        return (outcome.applied == 1 ? .applied : .ignored, emitted)
    }

    /// The first column of the first row of `query`, if any.
    func scalar<T: PGDecodable>(_ query: PGQuery, as type: T.Type = T.self) throws -> T? {
        try db.query(query).first?.get(0)
    }
}


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
