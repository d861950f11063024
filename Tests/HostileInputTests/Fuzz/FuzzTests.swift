import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// The fuzz run (issue 13): randomly mutated messages of every event type on every topic each
/// service consumes, through its batch harness, each ending in exactly one outcome.
/// `AFTERSALES_FUZZ_MESSAGES` is the total over the five services (default 1,000, split evenly;
/// `make fuzz` runs 10,000), `AFTERSALES_FUZZ_SEED` the seed (printed, so a failure replays).
final class FuzzTests: XCTestCase {
    static var total: Int { Int(ProcessInfo.processInfo.environment["AFTERSALES_FUZZ_MESSAGES"] ?? "") ?? 1_000 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["AFTERSALES_FUZZ_SEED"] ?? "") ?? 20_261_122 }
    static var perService: Int { max(1, total / 5) }

    func testIntake() throws {
        try fuzz("intake", seed: 1, IntakeScenarios.harness(), subscriptions: try IntakeScenarios.handler().subscriptions)
    }

    func testDispatch() throws {
        try fuzz("dispatch", seed: 2, DispatchScenarios.harness(), subscriptions: try DispatchScenarios.handler().subscriptions)
    }

    func testInventory() throws {
        try fuzz("inventory", seed: 3, InventoryScenarios.harness(), subscriptions: try InventoryScenarios.handler().subscriptions)
    }

    func testSurveys() throws {
        try fuzz("surveys", seed: 4, SurveysScenarios.harness(), subscriptions: try SurveysScenarios.handler().subscriptions)
    }

    func testAlerting() throws {
        try fuzz("alerting", seed: 5, AlertingScenarios.harness(), subscriptions: try AlertingScenarios.handler().subscriptions)
    }

    private func fuzz(_ service: String, seed offset: UInt64, _ harness: BatchHarness, subscriptions: [Topic]) throws {
        let run = FuzzRun(service: service, messages: Self.perService, seed: Self.seed &+ offset)
        let report = run.run(harness, subscriptions: subscriptions)
        print("FUZZ \(service) (seed \(Self.seed &+ offset)): \(report.summary)")
        for (reason, count) in report.handlerFailures.sorted(by: { $0.value > $1.value }) {
            print("FUZZ \(service) handler threw \(count)×: \(reason)")
        }
        XCTAssertEqual(report.delivered, Self.perService)
        XCTAssertGreaterThan(report.outcome.applied, 0, "some messages were valid and applied")
        XCTAssertGreaterThan(report.outcome.deadLettered, 0, "some messages were dead-lettered")
        for problem in report.problems.prefix(20) { XCTFail("\(service): \(problem)") }
        if report.problems.count > 20 { XCTFail("\(service): \(report.problems.count - 20) more problems") }
    }
}
