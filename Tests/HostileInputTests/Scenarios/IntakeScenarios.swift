import Foundation
import IntakeService
import Schema
import ServiceRuntime
import TestSupport

/// Intake's consumed topics: requests (bad payloads are rejected with field reasons) and
/// tickets (completions, closes and reopens from dispatch).
enum IntakeScenarios {
    static let service = "intake"

    static func handler() throws -> IntakeHandler { try IntakeHandler(config: handlerConfig(service)) }

    static func harness() throws -> BatchHarness {
        try BatchHarness(service: service, migrations: IntakeMigrations.all, handler: try handler())
    }

    static let requests = TopicScenario(
        service: service, topic: .requests, rejects: true,
        main: { Messages.requestSubmitted($0) },
        prepare: { _, index in "REQ-HOSTILE-\(index)" },
        effect: { _, key, emitted in expectEmitted(emitted, .ticketOpened, "requestId", key) },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("latitude 1e308", "customer.location.lat", .number(1e308), rejects: true),
            HostileCases.bound("longitude -181", "customer.location.lon", .number(-181), rejects: true),
            HostileCases.bound("1,000-line description", "description",
                               .string(Array(repeating: "the fridge is not cooling", count: 1000).joined(separator: "\n")),
                               rejects: true),
            HostileCases.bound("NUL inside the description", "description", .string("leaks\u{0}water"), rejects: true),
            HostileCases.bound("NUL inside the customer name", "customer.name", .string("王\u{0}小明"), rejects: true),
            HostileCases.bound("purchase date 2^31 days away", "product.purchaseDate", .string("5881610-07-11"), rejects: true),
        ])

    /// Completions of tickets intake opened: the key is the ticket id intake gave.
    static let tickets = TopicScenario(
        service: service, topic: .tickets,
        main: { Messages.ticketCompleted($0) },
        prepare: { harness, index in
            let (_, emitted) = try deliver(harness, [(.requests, Messages.requestSubmitted("REQ-T-\(index)", serial: "SN-T-\(index)"))])
            guard let ticketId = emitted.first(where: { $0.type == "ticket.opened" })?.data["ticketId"]?.stringValue else {
                throw ScenarioError("intake opened no ticket for REQ-T-\(index): \(emitted.types)")
            }
            return ticketId
        },
        effect: { harness, key, _ in
            // A completed repair puts the same product under repair warranty: the next request is a repeat of it.
            let serial = try serialOf(ticket: key, harness)
            let (_, emitted) = try deliver(harness, [(.requests, Messages.requestSubmitted("REQ-AGAIN-\(key)", serial: serial))])
            return expectEmitted(emitted, .ticketOpened, "repeatOf", key)
        },
        otherTopic: { Messages.requestCancelled($0) })

    /// The serial number of the request that opened a ticket (REQ-T-i → SN-T-i).
    private static func serialOf(ticket: String, _ harness: BatchHarness) throws -> String {
        let opened = try harness.allEmitted().first { $0.type == "ticket.opened" && $0.data["ticketId"]?.stringValue == ticket }
        guard let serial = opened?.data["product"]?["serialNumber"]?.stringValue else { throw ScenarioError("no ticket \(ticket)") }
        return serial
    }
}

/// A scenario could not set up its state.
struct ScenarioError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
