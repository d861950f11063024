import Foundation
import Schema
import ServiceRuntime
import SurveysService
import TestSupport

/// The surveys service's consumed topics; surveys go out 60 s after a completion.
enum SurveysScenarios {
    static let service = "surveys"
    static let delaySeconds: Double = 60

    static func handler() throws -> SurveysHandler {
        try SurveysHandler(config: handlerConfig(service, settings: ["AFTERSALES_SURVEYS_DELAY_SECONDS": "\(Int(delaySeconds))"]))
    }

    static func harness() throws -> BatchHarness {
        try BatchHarness(service: service, migrations: SurveysMigrations.all, handler: try handler())
    }

    /// Technicians (and their providers) from the roster, for audits and reports by provider.
    static let roster = TopicScenario(
        service: service, topic: .roster,
        main: { key in
            var message = Messages.technicianUpserted(key)
            message.data["providerId"] = "PRV-1"
            return message
        },
        prepare: { _, index in "TECH-SV-\(index)" },
        effect: { _, _, _ in nil },
        otherTopic: { Messages.ticketClosed($0) },
        bounds: [
            HostileCases.bound("2^53 capacity", "dailyCapacity", HostileCases.twoToThe53),
            HostileCases.bound("latitude 1e308", "location.lat", .number(1e308)),
            HostileCases.bound("4 KB provider id", "providerId", .string(HostileCases.randomText(count: 4096))),
        ])

    static let tickets = TopicScenario(
        service: service, topic: .tickets,
        main: { Messages.ticketCompleted($0) },
        prepare: { harness, index in
            let key = "TK-SV-\(index)"
            try setUp(harness, [(.tickets, Messages.ticketOpened(key))])
            return key
        },
        effect: { harness, key, _ in
            expectEmitted(try harness.advance(by: delaySeconds + 1), .surveyRequested, "ticketId", key)
        },
        otherTopic: { Messages.surveyAnswered($0) },
        bounds: [
            HostileCases.bound("2^53 quantity used", "partsUsed[0].quantity", HostileCases.twoToThe53),
            HostileCases.lines("1,000 parts used", "partsUsed"),
        ])

    static let responses = TopicScenario(
        service: service, topic: .surveyResponses,
        main: { Messages.surveyAnswered($0) },
        prepare: { harness, index in
            let key = "TK-SR-\(index)"
            try setUp(harness, [(.tickets, Messages.ticketOpened(key)), (.tickets, Messages.ticketCompleted(key))])
            let sent = try harness.advance(by: delaySeconds + 1)
            if let problem = expectEmitted(sent, .surveyRequested, "ticketId", key) { throw ScenarioError(problem) }
            return key
        },
        effect: { _, key, emitted in expectEmitted(emitted, .surveyCompleted, "ticketId", key) },
        otherTopic: { Messages.ticketCompleted($0) },
        bounds: [
            HostileCases.bound("score 2^53", "scores.attitude", HostileCases.twoToThe53),
            HostileCases.bound("score 0", "scores.quality", .number(0)),
            HostileCases.bound("score 6", "scores.efficiency", .number(6)),
            HostileCases.bound("1,000-line comment", "comment",
                               .string(Array(repeating: "the technician was late", count: 1000).joined(separator: "\n"))),
            HostileCases.bound("NUL inside the comment", "comment", .string("fine\u{0}")),
        ])
}
