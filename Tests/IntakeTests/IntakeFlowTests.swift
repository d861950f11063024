import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest
@testable import IntakeService

/// Intake end to end through the real broker and PostgreSQL: 1,000 mixed requests
/// (valid, invalid, duplicates, conflicting duplicates, emergencies, repeat failures,
/// cancellations) give exactly the expected tickets and rejections, none lost and none
/// doubled, across a crash of the service in the middle.
final class IntakeFlowTests: XCTestCase {
    // MARK: Workload

    private let hazardTexts = ["插头冒烟，有焦味", "热水器漏电，洗澡时被电了一下", "Sparks from the socket behind the fridge",
                               "厨房有很重的燃气味", "插頭冒煙，有燒焦的味道"]
    private let normalTexts = ["冰箱不制冷了", "洗衣机脱水异响很大", "The dishwasher is leaking from the door",
                               "门锁连不上WiFi，一直离线", "没有漏电，也没有冒烟，就是不加热", "No smoke, but it stopped working",
                               "地板起鼓了，请联系我 电话 13800138000"]
    private let categories = ["refrigerator", "washing-machine", "kitchen-appliance", "smart-lock", "water-heater",
                              "flooring", "air-conditioner", "furniture"]
    private let channels = ["hotline", "web", "app", "wechat", "store", "erp", "crm"]

    private func purchaseDate(_ today: CalendarDay, monthsAgo: Int) -> String {
        today.adding(months: -monthsAgo).description
    }

    /// Valid request number `index` (R-0000 … R-0599).
    private func validRequest(_ index: Int, today: CalendarDay, description: String? = nil) -> JSONValue {
        let kind = index % 10 == 1 ? "maintenance" : index % 10 == 2 ? "complaint" : index % 10 == 3 ? "installation" : "repair"
        let text = description ?? (index % 10 == 0 ? hazardTexts[index / 10 % hazardTexts.count]
                                                   : normalTexts[index % normalTexts.count])
        let repairOriginal = index < 50
        var data = SampleRequests.valid(
            requestId: String(format: "R-%04d", index), customerId: "C-\(index % 400)", description: text, kind: kind,
            category: repairOriginal ? "washing-machine" : categories[index % categories.count],
            serialNumber: repairOriginal ? "SN-REP-\(index)" : (index % 7 == 0 ? nil : "SN-\(index)"),
            purchaseDate: purchaseDate(today, monthsAgo: index % 48))
        data = SampleRequests.setting(data, ["channel"], to: .string(channels[index % channels.count]))
        data = SampleRequests.setting(data, ["customer", "name"], to: .string("测试客户\(index % 400)"))
        return data
    }

    /// Invalid request number `index` (X-000 … X-149) and the fields that must be reported.
    private func invalidRequest(_ index: Int, today: CalendarDay) -> (JSONValue, Set<String>) {
        var data = validRequest(1000 + index, today: today)
        data = SampleRequests.setting(data, ["requestId"], to: .string(String(format: "X-%03d", index)))
        switch index % 6 {
        case 0:
            data = SampleRequests.setting(data, ["customer", "phone"], to: "12345")
            return (data, ["customer.phone"])
        case 1:
            data = SampleRequests.setting(data, ["product", "purchaseDate"], to: .string(today.adding(days: 3).description))
            return (data, ["product.purchaseDate"])
        case 2:
            data = SampleRequests.setting(data, ["product", "category"], to: "spaceship")
            data = SampleRequests.setting(data, ["channel"], to: "fax")
            return (data, ["product.category", "channel"])
        case 3:
            data = SampleRequests.setting(data, ["description"], to: nil)
            data = SampleRequests.setting(data, ["customer", "location", "lat"], to: 123.0)
            return (data, ["description", "customer.location.lat"])
        case 4:
            data = SampleRequests.setting(data, ["description"], to: .string(String(repeating: "漏", count: 2_001)))
            return (data, ["description"])
        default:
            data = SampleRequests.setting(data, ["customer"], to: nil)
            data = SampleRequests.setting(data, ["kind"], to: "refund")
            return (data, ["customer", "kind"])
        }
    }

    // MARK: The test

    func testThousandMixedRequestsAcrossACrash() async throws {
        let databaseURL = try makeTestDatabase("intakeflow")
        let prefix = uniqueTopicPrefix("intakeflow")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.tickets, .rejections, .deadLetters])
        let clock = ManualClock(Date())
        let settings = IntakeSettings()
        let today = settings.businessDay(of: clock.now())
        let config = testServiceConfig(service: "intake", databaseURL: databaseURL, topicPrefix: prefix, batchSize: 50)
        let database = IntakeDatabase(url: databaseURL)

        // Phase A: 900 requests; the service crashes after a database commit, before the
        // offset commit, in its fifth batch, and a new instance takes over.
        var phaseA: [RawSubmitted] = []
        var invalidFields: [String: Set<String>] = [:]
        for index in 0..<600 { phaseA.append(RawSubmitted(validRequest(index, today: today))) }
        for index in 0..<150 {
            let (data, fields) = invalidRequest(index, today: today)
            invalidFields[String(format: "X-%03d", index)] = fields
            phaseA.append(RawSubmitted(data))
        }
        for index in 100..<200 { phaseA.append(RawSubmitted(validRequest(index, today: today))) }  // exact duplicates
        for index in 200..<250 {  // same id, different body
            phaseA.append(RawSubmitted(validRequest(index, today: today, description: "完全不同的问题：柜门掉了")))
        }
        XCTAssertEqual(phaseA.count, 900)

        let crashed = OnceFlag()
        let faults = FaultInjector { point in
            if case .afterDatabaseCommit(let batch) = point, batch == 5 { return crashed.setIfUnset() }
            return false
        }
        let first = ServiceRunner(config: config, migrations: IntakeMigrations.all, handler: IntakeHandler(settings: settings),
                                  clock: clock, faults: faults)
        first.start()
        _ = try probe.sendAll(phaseA)
        // Not an envelope at all: the runtime dead-letters it with the cause (not one of the 1,000).
        try probe.sendRaw(topic: .requests, key: "garbage", value: Array("{not json".utf8))
        eventually(timeout: 60, "the injected crash never happened") { crashed.isSet }
        let crashError = await first.waitForExit()
        XCTAssertTrue(crashError is InjectedCrash, "first instance ended with \(String(describing: crashError))")

        let second = ServiceRunner(config: config, migrations: IntakeMigrations.all, handler: IntakeHandler(settings: settings),
                                   clock: clock)
        second.start()
        try probe.collect(timeout: 90) { _ in
            distinct(probe.envelopes(.ticketOpened)).count >= 600 && distinct(probe.envelopes(.requestRejected)).count >= 200
        }
        XCTAssertEqual(distinct(probe.envelopes(.ticketOpened)).count, 600)

        // Dispatch completes the 50 repair originals.
        let opened = Dictionary(distinct(probe.envelopes(.ticketOpened)).map { ($0.string("requestId")!, $0) },
                                uniquingKeysWith: { first, _ in first })
        for index in 0..<50 {
            let ticketId = try XCTUnwrap(opened[String(format: "R-%04d", index)]?.string("ticketId"))
            try probe.send(RawCompleted(ticketId: ticketId), occurredAt: clock.now().addingTimeInterval(-86_400))
        }
        eventually(timeout: 60, "the 50 completions were not recorded") {
            try database.scalar("SELECT count(*)::bigint FROM tickets WHERE completed_at IS NOT NULL") == 50
        }

        // Phase B: 50 repeat failures and 50 cancellations.
        var repeats: [RawSubmitted] = []
        for index in 0..<50 {
            var data = SampleRequests.valid(requestId: String(format: "P-%02d", index), customerId: "C-\(index)",
                                            description: "修过以后又不脱水了", category: "washing-machine",
                                            serialNumber: "SN-REP-\(index)", purchaseDate: "2019-05-01")
            data = SampleRequests.setting(data, ["channel"], to: "app")
            repeats.append(RawSubmitted(data))
        }
        var cancellations: [RawCancelled] = []
        for index in 300..<330 { cancellations.append(RawCancelled(requestId: String(format: "R-%04d", index), reason: "已自行解决")) }
        for index in 0..<10 { cancellations.append(RawCancelled(requestId: String(format: "R-%04d", index), reason: "too late")) }
        for index in 0..<10 { cancellations.append(RawCancelled(requestId: "U-\(index)", reason: "never submitted")) }
        XCTAssertEqual(phaseA.count + repeats.count + cancellations.count, 1_000)
        _ = try probe.sendAll(repeats)
        _ = try probe.sendAll(cancellations)

        try probe.collect(timeout: 90) { _ in
            distinct(probe.envelopes(.ticketOpened)).count >= 650 && distinct(probe.envelopes(.requestRejected)).count >= 220
                && distinct(probe.envelopes(.ticketCancelled)).count >= 30
                && distinct(probe.envelopes(.messageDeadLettered)).count >= 1
        }
        try probe.settle(seconds: 2)
        await second.stop()

        // MARK: Tickets: exactly one per valid request id, none doubled
        let tickets = distinct(probe.envelopes(.ticketOpened))
        XCTAssertEqual(tickets.count, 650)
        let ticketsByRequest = Dictionary(grouping: tickets, by: { $0.string("requestId") ?? "" })
        var expectedTicketRequests = Set((0..<600).map { String(format: "R-%04d", $0) })
        expectedTicketRequests.formUnion((0..<50).map { String(format: "P-%02d", $0) })
        XCTAssertEqual(Set(ticketsByRequest.keys), expectedTicketRequests)
        XCTAssertTrue(ticketsByRequest.values.allSatisfy { $0.count == 1 }, "a request opened two tickets")
        let ticketIds = tickets.compactMap { $0.string("ticketId") }
        XCTAssertEqual(Set(ticketIds).count, 650, "ticket ids are not unique")
        let idPattern = "AS-\(today.compact)-"
        XCTAssertTrue(ticketIds.allSatisfy { $0.hasPrefix(idPattern) && $0.count == idPattern.count + 6 }, "\(ticketIds.prefix(3))")

        // Priorities: hazards, complaints, maintenance, repeats.
        func priority(_ requestId: String) -> String? { ticketsByRequest[requestId]?.first?.string("priority") }
        for index in 0..<600 {
            let id = String(format: "R-%04d", index)
            let expected = index % 10 == 0 ? "emergency" : index % 10 == 2 ? "high" : index % 10 == 1 ? "low" : "normal"
            XCTAssertEqual(priority(id), expected, id)
        }
        for index in 0..<50 {
            let ticket = try XCTUnwrap(ticketsByRequest[String(format: "P-%02d", index)]?.first)
            XCTAssertEqual(ticket.string("priority"), "high")
            XCTAssertEqual(ticket.data["warranty"]?["status"]?.stringValue, "repair-warranty")
            XCTAssertEqual(ticket.string("repeatOf"), opened[String(format: "R-%04d", index)]?.string("ticketId"))
        }
        XCTAssertEqual(tickets.filter { $0.string("priority") == "emergency" }.count, 60)

        // Remote guidance (issue 16): never on an emergency; every smart lock that lost its WiFi gets its playbook.
        for ticket in tickets where ticket.string("priority") == "emergency" {
            XCTAssertNil(ticket.data["remoteGuidance"], ticket.string("requestId") ?? "")
        }
        let offlineLocks = tickets.filter {
            $0.data["product"]?["category"]?.stringValue == "smart-lock" && $0.data["fault"]?["category"]?.stringValue == "network"
        }
        XCTAssertGreaterThan(offlineLocks.count, 0)
        for ticket in offlineLocks {
            XCTAssertEqual(ticket.data["remoteGuidance"]?["playbookId"]?.stringValue?.hasPrefix("smart-lock-network@"), true,
                           ticket.string("requestId") ?? "")
        }

        // MARK: Rejections: exactly one per failing request, every failing field listed
        let rejections = distinct(probe.envelopes(.requestRejected))
        XCTAssertEqual(rejections.count, 220)
        let rejectionsByRequest = Dictionary(grouping: rejections, by: { $0.string("requestId") ?? "" })
        XCTAssertTrue(rejectionsByRequest.values.allSatisfy { $0.count == 1 }, "a request was rejected twice")
        for (requestId, fields) in invalidFields {
            let reasons = rejectionsByRequest[requestId]?.first?.data["reasons"]?.arrayValue ?? []
            XCTAssertEqual(Set(reasons.compactMap { $0["field"]?.stringValue }), fields, requestId)
        }
        func code(_ requestId: String) -> String? {
            rejectionsByRequest[requestId]?.first?.data["reasons"]?.arrayValue?.first?["code"]?.stringValue
        }
        for index in 200..<250 { XCTAssertEqual(code(String(format: "R-%04d", index)), "duplicate-request") }
        for index in 0..<10 { XCTAssertEqual(code(String(format: "R-%04d", index)), "already-completed") }
        for index in 0..<10 { XCTAssertEqual(code("U-\(index)"), "unknown-request") }

        // MARK: Cancellations
        let cancelled = distinct(probe.envelopes(.ticketCancelled))
        let expectedCancelled = Set((300..<330).compactMap { opened[String(format: "R-%04d", $0)]?.string("ticketId") })
        XCTAssertEqual(Set(cancelled.compactMap { $0.string("ticketId") }), expectedCancelled)
        XCTAssertEqual(cancelled.count, 30)

        // MARK: Nothing else, no PII on the wire, the store holds what it should
        let deadLetters = distinct(probe.envelopes(.messageDeadLettered))
        XCTAssertEqual(deadLetters.count, 1)
        XCTAssertEqual(deadLetters.first?.string("key"), "garbage")
        XCTAssertTrue(deadLetters.first?.string("reason")?.contains("envelope") ?? false)
        for envelope in tickets + rejections + cancelled {
            let text = String(decoding: envelope.encoded(), as: UTF8.self)
            XCTAssertFalse(text.contains("测试客户") || text.contains("13800138000") || text.contains("世纪大道"), text)
        }
        XCTAssertEqual(try database.scalar("SELECT count(*)::bigint FROM tickets"), 650)
        XCTAssertEqual(try database.scalar("SELECT coalesce(sum(duplicates), 0)::bigint FROM requests"), 100)
        XCTAssertEqual(try database.scalar("SELECT count(DISTINCT customer_id)::bigint FROM customers"), 400)
        XCTAssertEqual(try database.scalar("SELECT count(*)::bigint FROM tickets WHERE description LIKE '%13800138000%'"), 0)
    }
}

/// Envelopes with distinct ids (the relay may publish an event twice after a crash;
/// consumers de-duplicate on the id).
func distinct(_ envelopes: [Envelope]) -> [Envelope] {
    var seen = Set<String>()
    return envelopes.filter { seen.insert($0.id).inserted }
}
