import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import DispatchService

/// `DispatchHandler` through TestSupport's `BatchHarness`: the runtime's real batch processor
/// and timer scheduler against a fresh PostgreSQL database, no broker, a manual clock. Adds
/// dispatch's fixtures and reads a delivery back as the handler's verdict plus what it
/// emitted (dead letters apart). `DispatchFlowTests` covers the wire.
final class DispatchHarness {
    let harness: BatchHarness

    init(_ label: String, settings: DispatchSettings = DispatchSettings(),
         now: Date = Timestamp.parse("2026-11-22T02:00:00Z")!) throws {
        harness = try BatchHarness(service: "dispatch", migrations: DispatchMigrations.all,
                                   handler: DispatchHandler(settings: settings), now: now)
    }

    /// A connection to the service's database, for assertions.
    var db: PGConnection { harness.db }

    var now: Date {
        get { harness.now }
        set { harness.now = newValue }
    }

    /// One delivery's verdict and what it emitted (dead letters left out).
    struct Delivery {
        var result: HandlingResult
        var emitted: [Envelope]
        var outcome: BatchOutcome
    }

    /// Delivers one event as a batch of one.
    @discardableResult
    func deliver<P: EventPayload>(_ payload: P) throws -> Delivery {
        try verdict(harness.deliver(payload))
    }

    /// Delivers several events as ONE polled batch.
    @discardableResult
    func deliver(batch envelopes: [Envelope]) throws -> Delivery {
        try verdict(harness.deliver(envelopes))
    }

    func envelope<P: EventPayload>(_ payload: P) -> Envelope { harness.envelope(payload) }

    private func verdict(_ delivered: (outcome: BatchOutcome, emitted: [Envelope])) -> Delivery {
        let (outcome, emitted) = delivered
        let result: HandlingResult
        if let letter = emitted.deadLetters.first {
            result = .deadLetter(reason: letter.reason)
        } else if outcome.applied > 0 {
            result = .applied
        } else {
            result = .ignored  // ignored by the handler, or a type it does not handle (skipped)
        }
        return Delivery(result: result, emitted: emitted.filter { $0.type != EventType.messageDeadLettered.rawValue },
                        outcome: outcome)
    }

    /// Fires the timers due at `now`, as the runtime's scheduler does.
    func fireDueTimers() throws -> [Envelope] { try harness.fireDueTimers() }

    func pendingTimers() throws -> [String] { try harness.pendingTimers(kind: DispatchHandler.acceptanceTimer) }

    /// Statements the pipeline sent for `body`'s deliveries.
    func statements(_ body: () throws -> Void) rethrows -> Int { try harness.statements(during: body) }

    // MARK: Fixtures

    static let home = GeoPoint(lat: 31.2304, lon: 121.4737)

    /// A technician `km` kilometres north of `home`.
    static func technician(_ id: String, km: Double, skills: [String] = ["refrigerator"], capacity: Int = 3,
                           active: Bool = true, region: String = "SH") -> TechnicianUpserted {
        TechnicianUpserted(technicianId: id, name: id, skills: skills, region: region,
                           location: GeoPoint(lat: home.lat + km / 111.195, lon: home.lon), dailyCapacity: capacity,
                           active: active)
    }

    static func ticket(_ id: String, warranty: WarrantyStatus = .inWarranty, priority: Priority = .normal,
                       category: ProductCategory = .refrigerator, region: String = "SH",
                       location: GeoPoint = home) -> TicketOpened {
        let now = Timestamp.parse("2026-11-22T02:00:00Z")!
        return TicketOpened(
            ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .app, customerId: "C-1", region: region,
            location: location, product: .init(sku: "SKU", category: category, model: "M"), warranty: .init(status: warranty),
            fault: .init(category: .hardware, safetyHazard: false), priority: priority,
            sla: .init(respondBy: now, onSiteBy: now, resolveBy: now))
    }
}

extension DispatchHarness.Delivery {
    /// The dead-letter reason of a refused event; fails the test when the event was applied or
    /// when the refusal emitted anything.
    func refusalReason(file: StaticString = #filePath, line: UInt = #line) -> String {
        guard case .deadLetter(let reason) = result else {
            XCTFail("not dead-lettered: \(result), emitted \(emitted.types)", file: file, line: line)
            return ""
        }
        XCTAssertEqual(emitted.types, [], "a refused event emits nothing", file: file, line: line)
        return reason
    }
}
