import AlertingService
import Foundation
import Schema
import ServiceRuntime
import TestSupport

/// Alerting watches every platform topic. Each suite's main message is one alerting acts on.
enum AlertingScenarios {
    static let service = "alerting"

    static func handler() throws -> AlertingHandler { try AlertingHandler(config: handlerConfig(service)) }

    static func harness() throws -> BatchHarness {
        try BatchHarness(service: service, migrations: AlertingMigrations.all, handler: try handler())
    }

    /// The scenario of every topic alerting knows how to feed; `subscriptions` decides which run.
    static let all: [TopicScenario] = [tickets, field, parts, inventory, surveys, rejections, deadLetters, roster, responses]

    /// Roster: technician.upserted gives alerting the technician's provider.
    static let roster = TopicScenario(
        service: service, topic: .roster,
        main: { Messages.technicianUpserted($0) },
        prepare: { _, index in "TECH-AL-\(index)" },
        effect: { _, _, _ in nil },
        otherTopic: { Messages.stockLow($0) })

    /// Survey responses: a failed audit.recorded of an audit surveys requested raises audit-failed.
    static let responses = TopicScenario(
        service: service, topic: .surveyResponses,
        main: { Messages.auditRecorded($0) },
        prepare: { harness, index in
            let key = "TK-AR-\(index)"
            try setUp(harness, [(.surveys, Messages.auditRequested(key))])
            return key
        },
        effect: { _, key, emitted in expectEmitted(emitted, .alertRaised, "subject", key) },
        otherTopic: { Messages.stockLow($0) })

    static let tickets = TopicScenario(
        service: service, topic: .tickets,
        main: { Messages.ticketOpened($0, model: "M-\($0)", hazard: true) },
        prepare: { _, index in "TK-A-\(index)" },
        effect: { _, key, emitted in expectEmitted(emitted, .alertRaised, "subject", key) },
        otherTopic: { Messages.surveyAnswered($0) },
        bounds: [
            HostileCases.bound("latitude 1e308", "location.lat", .number(1e308)),
            HostileCases.bound("deadline in the year 275760", "sla.resolveBy", .string("275760-09-13T00:00:00Z")),
        ])

    static let field = TopicScenario(
        service: service, topic: .field,
        main: { Messages.workCompleted($0) },
        prepare: { _, index in "TK-AF-\(index)" },
        effect: { _, _, _ in nil },
        otherTopic: { Messages.stockLow($0) })

    static let parts = TopicScenario(
        service: service, topic: .parts,
        main: { Messages.partsBackordered($0) },
        prepare: { _, index in "TK-AP-\(index)" },
        effect: { _, _, _ in nil },
        otherTopic: { Messages.stockLow($0) },
        bounds: [
            HostileCases.bound("2^53 quantity", "lines[0].quantity", HostileCases.twoToThe53),
            HostileCases.bound("2^31 quantity", "lines[0].quantity", HostileCases.twoToThe31),
            HostileCases.lines("1,000-line backorder", "lines"),
        ])

    static let inventory = TopicScenario(
        service: service, topic: .inventory,
        main: { Messages.stockLow($0) },
        prepare: { _, index in "P-A-\(index)" },
        effect: { _, key, emitted in
            emitted.contains { $0.type == "alert.raised" && ($0.data["subject"]?.stringValue ?? "").hasPrefix(key) }
                ? nil : "no alert.raised about \(key) (emitted: \(emitted.types))"
        },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("2^53 available", "available", HostileCases.twoToThe53),
            HostileCases.bound("-2^53 available", "available", .number(-9_007_199_254_740_992)),
            HostileCases.bound("2^53 reorder point", "reorderPoint", HostileCases.twoToThe53),
        ])

    static let surveys = TopicScenario(
        service: service, topic: .surveys,
        main: { Messages.surveyCompleted($0) },
        prepare: { _, index in "TK-AS-\(index)" },
        effect: { _, _, _ in nil },
        otherTopic: { Messages.stockLow($0) },
        bounds: [
            HostileCases.bound("score 2^53", "scores.attitude", HostileCases.twoToThe53),
            HostileCases.bound("score -1", "scores.quality", .number(-1)),
        ])

    static let rejections = TopicScenario(
        service: service, topic: .rejections,
        main: { Messages.requestRejected($0) },
        prepare: { _, index in "REQ-AR-\(index)" },
        effect: { _, _, _ in nil },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("NUL inside a reason", "reasons[0].message", .string("bad\u{0}")),
        ])

    static let deadLetters = TopicScenario(
        service: service, topic: .deadLetters,
        main: { Messages.messageDeadLettered($0) },
        prepare: { _, index in "KEY-AD-\(index)" },
        effect: { _, _, _ in nil },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("offset 1e300", "offset", .number(1e300)),
            HostileCases.bound("NUL inside the reason", "reason", .string("bad\u{0}")),
        ])
}
