import Foundation
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import IntakeService

/// Two intake instances in one consumer group share the partitions of one database:
/// every request still opens exactly one ticket, and ticket ids never collide.
final class IntakeTwoInstancesTests: XCTestCase {
    func testTwoInstancesOpenEachTicketOnceWithUniqueIds() async throws {
        let databaseURL = try makeTestDatabase("intaketwo")
        let prefix = uniqueTopicPrefix("intaketwo")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .rejections, .deadLetters])
        let config = testServiceConfig(service: "intake", databaseURL: databaseURL, topicPrefix: prefix, batchSize: 20)
        let first = ServiceRunner(config: config, migrations: IntakeMigrations.all, handler: IntakeHandler())
        let second = ServiceRunner(config: config, migrations: IntakeMigrations.all, handler: IntakeHandler())
        first.start()
        second.start()

        let today = IntakeSettings().businessDay(of: Date())
        // 300 requests from 40 customers, so that both instances serve the same customers.
        let requests = (0..<300).map { index in
            RawSubmitted(SampleRequests.valid(requestId: "TWO-\(index)", customerId: "C-\(index % 40)",
                                              purchaseDate: today.adding(months: -(index % 30)).description))
        }
        _ = try probe.sendAll(requests)
        try probe.collect(timeout: 90) { _ in distinct(probe.envelopes(.ticketOpened)).count >= 300 }
        try probe.settle(seconds: 1)
        await first.stop()
        await second.stop()

        let tickets = distinct(probe.envelopes(.ticketOpened))
        XCTAssertEqual(tickets.count, 300)
        XCTAssertEqual(Set(tickets.compactMap { $0.string("requestId") }).count, 300)
        XCTAssertEqual(Set(tickets.compactMap { $0.string("ticketId") }).count, 300)
        XCTAssertEqual(distinct(probe.envelopes(.requestRejected)).count, 0)
        XCTAssertEqual(distinct(probe.envelopes(.messageDeadLettered)).count, 0)
        // Both instances did part of the work.
        XCTAssertGreaterThan(first.metrics.processed, 0)
        XCTAssertGreaterThan(second.metrics.processed, 0)
    }
}
