import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest

// Offline hostile-input suites: one batch harness (real PostgreSQL, the real batch processor)
// per consumed topic, each case one batch of [bad message, valid message with the same key].

/// Fails for every topic a service subscribes to that has no hostile-input suite.
func assertEveryTopicCovered(_ service: String, subscriptions: [Topic], _ scenarios: [TopicScenario],
                             file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(subscriptions.isEmpty, file: file, line: line)
    for topic in subscriptions where !scenarios.contains(where: { $0.topic.name == topic.name }) {
        XCTFail("no hostile-input suite for \(service)'s \(topic.name)", file: file, line: line)
    }
}

/// Intake: requests and tickets.
final class IntakeHostileInputTests: XCTestCase {
    func testEverySubscribedTopicHasASuite() throws {
        assertEveryTopicCovered("intake", subscriptions: try IntakeScenarios.handler().subscriptions,
                                [IntakeScenarios.requests, IntakeScenarios.tickets])
    }

    func testRequests() throws { HostileSuite.run(IntakeScenarios.requests, on: try IntakeScenarios.harness()) }
    func testTickets() throws { HostileSuite.run(IntakeScenarios.tickets, on: try IntakeScenarios.harness()) }
}

/// Dispatch: tickets, field, roster, parts, surveys, stock.
final class DispatchHostileInputTests: XCTestCase {
    func testEverySubscribedTopicHasASuite() throws {
        assertEveryTopicCovered("dispatch", subscriptions: try DispatchScenarios.handler().subscriptions,
                                [DispatchScenarios.tickets, DispatchScenarios.field, DispatchScenarios.roster,
                                 DispatchScenarios.parts, DispatchScenarios.surveys, DispatchScenarios.stock])
    }

    func testTickets() throws { HostileSuite.run(DispatchScenarios.tickets, on: try DispatchScenarios.harness()) }
    func testField() throws { HostileSuite.run(DispatchScenarios.field, on: try DispatchScenarios.harness()) }
    func testFieldRemote() throws { HostileSuite.run(DispatchScenarios.remote, on: try DispatchScenarios.harness()) }
    func testRoster() throws { HostileSuite.run(DispatchScenarios.roster, on: try DispatchScenarios.harness()) }
    func testParts() throws { HostileSuite.run(DispatchScenarios.parts, on: try DispatchScenarios.harness()) }
    func testSurveys() throws { HostileSuite.run(DispatchScenarios.surveys, on: try DispatchScenarios.harness()) }
    func testStock() throws { HostileSuite.run(DispatchScenarios.stock, on: try DispatchScenarios.harness()) }
}

/// Inventory: stock, parts, tickets.
final class InventoryHostileInputTests: XCTestCase {
    func testEverySubscribedTopicHasASuite() throws {
        assertEveryTopicCovered("inventory", subscriptions: try InventoryScenarios.handler().subscriptions,
                                [InventoryScenarios.stock, InventoryScenarios.parts, InventoryScenarios.tickets])
    }

    func testStock() throws { HostileSuite.run(InventoryScenarios.stock, on: try InventoryScenarios.harness()) }
    func testParts() throws { HostileSuite.run(InventoryScenarios.parts, on: try InventoryScenarios.harness()) }
    func testTickets() throws { HostileSuite.run(InventoryScenarios.tickets, on: try InventoryScenarios.harness()) }
}

/// Surveys: tickets, survey-responses and (for audits by provider) the roster.
final class SurveysHostileInputTests: XCTestCase {
    func testEverySubscribedTopicHasASuite() throws {
        assertEveryTopicCovered("surveys", subscriptions: try SurveysScenarios.handler().subscriptions,
                                [SurveysScenarios.tickets, SurveysScenarios.responses, SurveysScenarios.roster])
    }

    func testTickets() throws { HostileSuite.run(SurveysScenarios.tickets, on: try SurveysScenarios.harness()) }
    func testSurveyResponses() throws { HostileSuite.run(SurveysScenarios.responses, on: try SurveysScenarios.harness()) }
    func testRoster() throws { HostileSuite.run(SurveysScenarios.roster, on: try SurveysScenarios.harness()) }
}

/// Alerting: every topic it subscribes to (tickets, parts, inventory, surveys, rejections,
/// dead letters; field while it subscribes to it), each with a harness of its own.
final class AlertingHostileInputTests: XCTestCase {
    func testEverySubscribedTopic() throws {
        let subscriptions = try AlertingScenarios.handler().subscriptions
        assertEveryTopicCovered("alerting", subscriptions: subscriptions, AlertingScenarios.all)
        for scenario in AlertingScenarios.all where subscriptions.contains(where: { $0.name == scenario.topic.name }) {
            HostileSuite.run(scenario, on: try AlertingScenarios.harness())
        }
    }
}
