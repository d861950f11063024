import DispatchService
import Foundation
import Schema
import ServiceRuntime
import TestSupport

/// Dispatch's consumed topics. One technician (TECH-H, capacity 1000) serves every ticket of
/// the tickets, field, parts, surveys and stock suites; the roster suite places one technician per
/// case in a region of its own and checks that the next ticket there goes to them; the stock
/// suite prices one part per case and checks that the next invoice using it lists that price.
enum DispatchScenarios {
    static let service = "dispatch"
    static let home = (31.2304, 121.4737)

    static func handler() throws -> DispatchHandler { try DispatchHandler(config: handlerConfig(service)) }

    static func harness() throws -> BatchHarness {
        let harness = try BatchHarness(service: service, migrations: DispatchMigrations.all,
                                       handler: try handler())
        try setUp(harness, [(.roster, Messages.technicianUpserted("TECH-H", location: home))])
        return harness
    }

    /// A ticket offered to TECH-H and taken through `steps` field reports.
    static func ticket(_ harness: BatchHarness, _ ticketId: String, steps: [Message]) throws {
        let emitted = try setUp(harness, [(.tickets, Messages.ticketOpened(ticketId, location: home))])
        guard expectEmitted(emitted, .ticketAssigned, "technicianId", "TECH-H") == nil else {
            throw ScenarioError("\(ticketId) was not assigned to TECH-H: \(emitted.types)")
        }
        try setUp(harness, steps.map { (.field, $0) })
    }

    static func onSite(_ ticketId: String) -> [Message] {
        [Messages.field("assignment.accepted", ticketId),
         Messages.field("visit.scheduled", ticketId, extra: ["scheduledFor": Messages.at(hours: 20)]),
         Messages.field("visit.started", ticketId)]
    }

    static let tickets = TopicScenario(
        service: service, topic: .tickets,
        main: { Messages.ticketOpened($0, location: home) },
        prepare: { _, index in "TK-D-\(index)" },
        effect: { _, key, emitted in expectEmitted(emitted, .ticketAssigned, "ticketId", key) },
        otherTopic: { Messages.requestCancelled($0) },
        bounds: [
            HostileCases.bound("latitude 1e308", "location.lat", .number(1e308)),
            HostileCases.bound("longitude -1e308", "location.lon", .number(-1e308)),
            HostileCases.bound("latitude 91", "location.lat", .number(91)),
            HostileCases.bound("1,000-line description", "description",
                               .string(Array(repeating: "the fridge is not cooling", count: 1000).joined(separator: "\n"))),
        ])

    static let field = TopicScenario(
        service: service, topic: .field,
        main: { Messages.diagnosisReported($0) },
        prepare: { harness, index in
            let key = "TK-F-\(index)"
            try ticket(harness, key, steps: onSite(key))
            return key
        },
        effect: { _, key, emitted in expectEmitted(emitted, .ticketDiagnosed, "ticketId", key) },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("2^53 part quantity", "parts[0].quantity", HostileCases.twoToThe53),
            HostileCases.bound("negative part quantity", "parts[0].quantity", .number(-3)),
            HostileCases.lines("1,000-line diagnosis", "parts"),
            HostileCases.bound("1,000-line finding", "finding",
                               .string(Array(repeating: "relay burnt", count: 1000).joined(separator: "\n"))),
            HostileCases.bound("quote labour 1e308", "quote.labour", .number(1e308)),
            HostileCases.bound("NUL inside the part number", "parts[0].partNumber", .string("P-\u{0}RELAY")),
        ])

    /// The contact centre's answer on the field topic (remote-first window): a ticket with
    /// remote guidance is held (nothing emitted), `remote.resolved` completes it remotely.
    static let remote = TopicScenario(
        service: service, topic: .field,
        main: { remoteResolved($0) },
        prepare: { harness, index in
            let key = "TK-RW-\(index)"
            var opened = Messages.ticketOpened(key, location: home)
            opened.data["fault"] = ["category": "network", "safetyHazard": false]
            opened.data["remoteGuidance"] = ["playbookId": "connected-appliance-network@1", "steps": ["Restart the router."]]
            let emitted = try setUp(harness, [(.tickets, opened)])
            guard emitted.isEmpty else { throw ScenarioError("\(key) was not held for remote guidance: \(emitted.types)") }
            return key
        },
        effect: { _, key, emitted in expectEmitted(emitted, .ticketCompleted, "ticketId", key) },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("1,000-line resolution", "resolution",
                               .string(Array(repeating: "router restarted", count: 1000).joined(separator: "\n"))),
            HostileCases.bound("NUL inside the agent id", "agentId", .string("AG-\u{0}1")),
            HostileCases.bound("empty resolution", "resolution", .string("")),
        ])

    static func remoteResolved(_ ticketId: String) -> Message {
        Message(type: "remote.resolved", data: [
            "ticketId": .string(ticketId), "agentId": "AG-H", "resolution": "WiFi module reset, online again",
        ], key: ticketId)
    }

    static let roster = TopicScenario(
        service: service, topic: .roster,
        main: { key in
            let index = Double(Int(key.split(separator: "-").last ?? "0") ?? 0)
            return Messages.technicianUpserted(key, region: "region-\(key)", location: (20 + index * 0.6, 100), capacity: 5)
        },
        prepare: { _, index in "TECH-R-\(index)" },
        effect: { harness, key, _ in
            // The next ticket at the technician's own spot goes to them.
            let index = Double(Int(key.split(separator: "-").last ?? "0") ?? 0)
            let ticket = Messages.ticketOpened("TK-AT-\(key)", location: (20 + index * 0.6, 100), region: "region-\(key)")
            let (_, emitted) = try deliver(harness, [(.tickets, ticket)])
            return expectEmitted(emitted, .ticketAssigned, "technicianId", key)
        },
        otherTopic: { Messages.stockReceived($0) },
        bounds: [
            HostileCases.bound("negative capacity", "dailyCapacity", .number(-1)),
            HostileCases.bound("2^53 capacity", "dailyCapacity", HostileCases.twoToThe53),
            HostileCases.bound("2^31 capacity", "dailyCapacity", HostileCases.twoToThe31),
            HostileCases.bound("latitude 1e308", "location.lat", .number(1e308)),
            HostileCases.bound("longitude 181", "location.lon", .number(181)),
            HostileCases.bound("latitude -90.5", "location.lat", .number(-90.5)),
            HostileCases.bound("1,000 skills", "skills", .array(Array(repeating: "refrigerator", count: 1000))),
            HostileCases.bound("unknown skill", "skills[0]", .string("time-travel")),
        ])

    static let parts = TopicScenario(
        service: service, topic: .parts,
        main: { Messages.partsBackordered($0) },
        prepare: { harness, index in
            let key = "TK-P-\(index)"
            try ticket(harness, key, steps: onSite(key) + [Messages.diagnosisReported(key)])
            return key
        },
        effect: { _, key, emitted in expectEmitted(emitted, .ticketWaitingParts, "ticketId", key) },
        otherTopic: { Messages.requestCancelled($0) },
        bounds: [
            HostileCases.bound("2^53 quantity", "lines[0].quantity", HostileCases.twoToThe53),
            HostileCases.lines("1,000-line backorder", "lines"),
            HostileCases.bound("expectedBy in the year 275760", "expectedBy", .string("275760-09-13T00:00:00Z")),
        ])

    /// `part.upserted` only (dispatch's copy of the catalogue prices): each case's part, once
    /// priced, is listed at its price on the invoice of a ticket completed with it.
    static let stock = TopicScenario(
        service: service, topic: .stock,
        main: { Messages.partUpserted($0) },
        prepare: { harness, index in
            try ticket(harness, "TK-ST-\(index)", steps: onSite("TK-ST-\(index)"))
            return "P-D-\(index)"
        },
        effect: { harness, key, _ in
            let ticketId = "TK-ST-" + (key.split(separator: "-").last.map(String.init) ?? "")
            let completion = Messages.field("work.completed", ticketId, extra: [
                "resolved": true, "partsUsed": [Messages.line(key, 2)], "signedOffBy": "customer",
            ])
            let (_, emitted) = try deliver(harness, [(.field, completion)])
            let invoice = emitted.payloads(TicketInvoiced.self).first { $0.ticketId == ticketId }
            let line = invoice?.lines.first { $0.partNumber == key }
            return line?.unitPrice == 35.5 && line?.amount == 71 ? nil
                : "no invoice of \(ticketId) listing \(key) at 35.50 (emitted: \(emitted.types.joined(separator: ", ")))"
        },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("unit price 1e308", "unitPrice", .number(1e308)),
            HostileCases.bound("negative unit price", "unitPrice", .number(-35.5)),
            HostileCases.bound("currency of four letters", "currency", .string("YUAN")),
        ])

    static let surveys = TopicScenario(
        service: service, topic: .surveys,
        main: { Messages.surveyCompleted($0) },
        prepare: { harness, index in
            let key = "TK-S-\(index)"
            try ticket(harness, key, steps: onSite(key) + [Messages.workCompleted(key)])
            return key
        },
        effect: { _, key, emitted in expectEmitted(emitted, .ticketClosed, "ticketId", key) },
        otherTopic: { Messages.stockLow($0) },
        bounds: [
            HostileCases.bound("score 2^53", "scores.attitude", HostileCases.twoToThe53),
            HostileCases.bound("average 1e308", "average", .number(1e308)),
        ])
}
