import Foundation
@testable import OperatorTool
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// `aftersales simulate` against the five services over the real broker (a short, fast run):
/// the seeded providers and certified technicians are accepted, the December detours the
/// simulator plays (reschedules, straight starts, failed visits, returns, evidence, audit
/// verdicts) are applied rather than dead-lettered, and alerting publishes the cuts that
/// `aftersales kpis --by region` ranks.
final class SimulatorPlatformTests: XCTestCase {
    func testTheSimulatorDrivesTheDecemberFlowsThroughThePlatform() async throws {
        let prefix = uniqueTopicPrefix("simulate")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .surveys, .kpis, .deadLetters])
        let services = try PlatformServices.start(topicPrefix: prefix, overrides: ["surveys": ["AFTERSALES_SURVEYS_AUDIT_SHARE": "1"]])

        let context = OperatorContext(environment: ["KAFKA_BOOTSTRAP_SERVERS": TestEnvironment.kafkaBootstrap,
                                                    "AFTERSALES_TOPIC_PREFIX": prefix])
        let options = SimulateOptions(rate: 3, duration: 30, seed: 7, invalidShare: 0.05, duplicateShare: 0.03, emergencyShare: 0.05,
                                      declineShare: 0.1, unhappyShare: 0.15, pace: 0.3, noSeed: false)
        var lines: [String] = []
        XCTAssertEqual(try SimulateCommand.run(options, context: context, stop: StopFlag()) { lines.append($0) }, 0)
        let summary = lines.joined(separator: "\n")
        print(summary)
        XCTAssertTrue(summary.contains("seeded 6 cities: 3 providers, 48 technicians"), summary)

        // Alerting's cuts: wait for a publication with at least two regions in it.
        let cuts = try probe.collect(timeout: 60) { seen in
            Set(seen.compactMap { try? $0.payload(as: KpiSnapshot.self) }.compactMap { $0.dimension?.region }).count >= 2
        }.compactMap { try? $0.payload(as: KpiSnapshot.self) }.filter { $0.dimension != nil }
        XCTAssertGreaterThanOrEqual(Set(cuts.compactMap(\.dimension?.region)).count, 2, "cuts by region")
        _ = try probe.collect(timeout: 5) { _ in false }   // everything published so far

        // Nothing the simulator sends on the December paths is refused by the services.
        let watched = Set([EventType.technicianUpserted, .providerUpserted, .assignmentAccepted, .assignmentReturned,
                           .visitScheduled, .visitStarted, .visitFailed, .workCompleted, .auditRecorded].map(\.rawValue))
        let refused = probe.payloads(MessageDeadLettered.self).compactMap { letter -> String? in
            guard let bytes = Data(base64Encoded: letter.value), let original = try? Envelope.decode(bytes),
                  watched.contains(original.type) else { return nil }
            return "\(original.type) (\(letter.service)): \(letter.reason)"
        }
        XCTAssertEqual(refused, [], "dead-lettered simulator messages")

        let seen = Dictionary(probe.seen.map { ($0.type, 1) }, uniquingKeysWith: +)
        print("seen on the probe: \(seen.sorted { $0.key < $1.key })")
        for type: EventType in [.ticketOpened, .ticketAssigned, .ticketCompleted, .auditRequested] {
            XCTAssertGreaterThan(seen[type.rawValue] ?? 0, 0, "the platform published \(type.rawValue)")
        }

        var league: [String] = []
        var errors = ""
        let code = OperatorTool.run(arguments: ["kpis", "--by", "region", "--window", "today", "--min-tickets", "1"],
                                    context: context, stop: StopFlag(), output: { league.append($0) }, errors: { errors += $0 })
        XCTAssertEqual(code, 0, errors)
        let table = league.joined(separator: "\n")
        print(table)
        XCTAssertTrue(table.hasPrefix("league table by region, window today"), table)
        XCTAssertGreaterThanOrEqual(table.split(separator: "\n").filter { $0.hasPrefix("1 ") || $0.first?.isNumber == true }.count, 2, table)
        await services.stop()
    }
}
