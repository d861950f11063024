import Foundation
import Schema
import TestSupport
import XCTest

// Offline hostile-input suites: one batch harness (real PostgreSQL, the real batch processor)
// per consumed topic, each case one batch of [bad message, valid message with the same key].

/// Intake: requests and tickets.
final class IntakeHostileInputTests: XCTestCase {
    func testRequests() throws { HostileSuite.run(IntakeScenarios.requests, on: try IntakeScenarios.harness()) }
    func testTickets() throws { HostileSuite.run(IntakeScenarios.tickets, on: try IntakeScenarios.harness()) }
}

/// Dispatch: tickets, field, roster, parts, surveys.
final class DispatchHostileInputTests: XCTestCase {
    func testTickets() throws { HostileSuite.run(DispatchScenarios.tickets, on: try DispatchScenarios.harness()) }
    func testField() throws { HostileSuite.run(DispatchScenarios.field, on: try DispatchScenarios.harness()) }
    func testRoster() throws { HostileSuite.run(DispatchScenarios.roster, on: try DispatchScenarios.harness()) }
    func testParts() throws { HostileSuite.run(DispatchScenarios.parts, on: try DispatchScenarios.harness()) }
    func testSurveys() throws { HostileSuite.run(DispatchScenarios.surveys, on: try DispatchScenarios.harness()) }
}

/// Inventory: stock, parts, tickets.
final class InventoryHostileInputTests: XCTestCase {
    func testStock() throws { HostileSuite.run(InventoryScenarios.stock, on: try InventoryScenarios.harness()) }
    func testParts() throws { HostileSuite.run(InventoryScenarios.parts, on: try InventoryScenarios.harness()) }
    func testTickets() throws { HostileSuite.run(InventoryScenarios.tickets, on: try InventoryScenarios.harness()) }
}

/// Surveys: tickets and survey-responses.
final class SurveysHostileInputTests: XCTestCase {
    func testTickets() throws { HostileSuite.run(SurveysScenarios.tickets, on: try SurveysScenarios.harness()) }
    func testSurveyResponses() throws { HostileSuite.run(SurveysScenarios.responses, on: try SurveysScenarios.harness()) }
}

/// Alerting: every topic it subscribes to (tickets, parts, inventory, surveys, rejections,
/// dead letters; field while it subscribes to it), each with a harness of its own.
final class AlertingHostileInputTests: XCTestCase {
    func testEverySubscribedTopic() throws {
        let subscriptions = try AlertingScenarios.handler().subscriptions
        XCTAssertFalse(subscriptions.isEmpty)
        for topic in subscriptions {
            guard let scenario = AlertingScenarios.all.first(where: { $0.topic.name == topic.name }) else {
                XCTFail("no hostile-input suite for alerting's \(topic.name)")
                continue
            }
            HostileSuite.run(scenario, on: try AlertingScenarios.harness())
        }
    }
}
