import AlertingService
import Foundation
import XCTest

/// Hold policy, region time zones, the fold's hold handling and net KPI figures, as pure
/// functions on a controlled clock.
final class HoldRulesTests: XCTestCase {
    /// 2026-11-28 12:00:00 UTC (20:00 in Shanghai).
    private let now = Date(timeIntervalSince1970: 1_795_867_200)
    private func at(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(seconds) }

    // MARK: Hold policy

    func testDefaultPolicyIsDesignMDs() {
        let policy = HoldPolicy.standard
        XCTAssertEqual(policy.deadlines(pausedBy: "waiting-parts"), [.resolve])
        XCTAssertEqual(policy.deadlines(pausedBy: "customer-requested"), [.onSite, .resolve])
        XCTAssertEqual(policy.deadlines(pausedBy: "customer-unreachable"), [.onSite, .resolve])
        XCTAssertEqual(policy.deadlines(pausedBy: "lunch"), [], "an unknown reason pauses nothing")
        XCTAssertEqual(policy.description,
                       "waiting-parts=resolve;customer-requested=on-site,resolve;customer-unreachable=on-site,resolve")
        let holds = [TicketHold(since: now, reason: "waiting-parts", until: at(60)),
                     TicketHold(since: at(100), reason: "customer-requested")]
        XCTAssertEqual(policy.pauses(holds, for: .onSite), [SLAClock.Pause(since: at(100), until: nil)])
        XCTAssertEqual(policy.pauses(holds, for: .resolve).count, 2)
        XCTAssertEqual(policy.pauses(holds, for: .respond), [])
    }

    func testPolicySettingReplacesTheReasonsItNames() throws {
        let policy = try HoldPolicy.parse("waiting-parts=on-site, resolve ; customer-unreachable=")
        XCTAssertEqual(policy.deadlines(pausedBy: "waiting-parts"), [.onSite, .resolve])
        XCTAssertEqual(policy.deadlines(pausedBy: "customer-unreachable"), [], "an empty list pauses nothing")
        XCTAssertEqual(policy.deadlines(pausedBy: "customer-requested"), [.onSite, .resolve], "not named: default kept")
        XCTAssertEqual(try HoldPolicy.parse(""), .standard)
        XCTAssertThrowsError(try HoldPolicy.parse("lunch=resolve"))
        XCTAssertThrowsError(try HoldPolicy.parse("waiting-parts=onsite"))
        XCTAssertThrowsError(try HoldPolicy.parse("waiting-parts"))
    }

    // MARK: Region time zones

    func testServiceDaysFollowTheRegionsZone() throws {
        let zones = try RegionTimeZones.parse(defaultZone: "Asia/Shanghai", regions: "xinjiang=Asia/Urumqi; london=Europe/London")
        // 2026-11-28 17:00 UTC: already the 29th in Shanghai, still the 28th in Urumqi (UTC+6) and London.
        let late = at(5 * 3_600)
        XCTAssertEqual(zones.serviceDay(late, region: "shanghai"), "2026-11-29")
        XCTAssertEqual(zones.serviceDay(late, region: nil), "2026-11-29")
        XCTAssertEqual(zones.serviceDay(late, region: "xinjiang"), "2026-11-28")
        XCTAssertEqual(zones.startOfServiceDay(late, region: "shanghai"), at(4 * 3_600), "16:00 UTC")
        XCTAssertEqual(zones.startOfServiceDay(late, region: "xinjiang"), at(-18 * 3_600), "18:00 UTC the day before")
        XCTAssertEqual(zones.startOfServiceDay(late, region: "london"), at(-12 * 3_600))
        XCTAssertThrowsError(try RegionTimeZones.parse(defaultZone: "Mars/Olympus", regions: ""))
        XCTAssertThrowsError(try RegionTimeZones.parse(defaultZone: "UTC", regions: "xinjiang"))
        XCTAssertThrowsError(try RegionTimeZones.parse(defaultZone: "UTC", regions: "x=Nowhere/City"))
    }

    func testTodayCountsEachTicketOnItsRegionsServiceDay() throws {
        let zones = try RegionTimeZones.parse(defaultZone: "Asia/Shanghai", regions: "xinjiang=Asia/Urumqi")
        let late = at(5 * 3_600)   // 17:00 UTC: a new day in Shanghai (since 16:00 UTC), not in Urumqi (since 18:00 UTC the day before)
        func ticket(_ region: String, openedAt: Date) -> KPIFacts.Ticket {
            KPIFacts.Ticket(openedAt: openedAt, respondBy: openedAt.addingTimeInterval(3_600), onSiteBy: openedAt.addingTimeInterval(7_200),
                            resolveBy: openedAt.addingTimeInterval(9_000), region: region)
        }
        var facts = KPIFacts()
        // Both opened at 15:00 UTC: yesterday in Shanghai, today in Urumqi.
        facts.tickets = [ticket("shanghai", openedAt: at(3 * 3_600)), ticket("xinjiang", openedAt: at(3 * 3_600))]
        let today = try XCTUnwrap(KPICalculator.windows(now: late, zones: zones).first { $0.name == "today" })
        XCTAssertEqual(KPICalculator.figures(facts, in: today, to: late)["tickets.opened"], 1)
        let utcDay = KPICalculator.windows(now: late, zones: RegionTimeZones(defaultZone: TimeZone(identifier: "UTC")!))[1]
        XCTAssertEqual(KPICalculator.figures(facts, in: utcDay, to: late)["tickets.opened"], 2)
    }

    // MARK: KPIs net of holds

    func testComplianceRawAndNetOfHolds() {
        func ticket(resolvedAfter completed: TimeInterval?, held: [SLAClock.Pause]) -> KPIFacts.Ticket {
            KPIFacts.Ticket(openedAt: now, respondBy: at(3_600), onSiteBy: at(7_200), resolveBy: at(10_000),
                            completedAt: completed.map(at), holds: held, pauses: [.resolve: held])
        }
        var facts = KPIFacts()
        facts.tickets = [
            // Completed late on raw time (12 000 > 10 000), on time net of 3 000 s waiting for parts.
            ticket(resolvedAfter: 12_000, held: [SLAClock.Pause(since: at(1_000), until: at(4_000))]),
            // Raw deadline passed unmet; net: on hold since 9 000 s, so not overdue (undecided).
            ticket(resolvedAfter: nil, held: [SLAClock.Pause(since: at(9_000), until: nil)]),
            // On time either way.
            ticket(resolvedAfter: 5_000, held: []),
            // Late either way (a hold after the deadline changes nothing).
            ticket(resolvedAfter: 14_000, held: [SLAClock.Pause(since: at(11_000), until: at(13_000))]),
        ]
        let f = KPICalculator.figures(facts, from: at(-60), to: at(20_000))
        XCTAssertEqual(f["sla.resolve.compliance"], 0.25, "1 of 4 decided on raw time")
        XCTAssertEqual(f["sla.resolve.compliance.net"], 0.6667, "2 of 3 decided net of holds")
        XCTAssertEqual(f["holds.started"], 3)
        XCTAssertEqual(f["tickets.on-hold"], 1)
        XCTAssertEqual(f["sla.respond.compliance.net"], f["sla.respond.compliance"], "no hold pauses respond")
    }

    // MARK: The fold

    private func ticket(_ id: String = "TK-1") -> TicketFact {
        TicketFact(ticketId: id, openedAt: now, model: "WM-1", fault: "hardware", hazard: false,
                   respondBy: at(3_600), onSiteBy: at(10_000), resolveBy: at(20_000), region: "shanghai")
    }

    private func fold(_ tickets: [TicketFact], at moment: TimeInterval) -> AlertingFold {
        var state = AlertingState()
        for t in tickets { state.tickets[t.ticketId] = t }
        return AlertingFold(rules: AlertRules(), stockLowQuietSeconds: 300, state: state, now: at(moment))
    }

    private func timers(_ f: AlertingFold, _ key: String) -> [String: Date?] {
        f.timers.filter { $0.key == key }.reduce(into: [:]) { $0[$1.kind.name] = $1.due }
    }

    func testAHoldPausesTheClocksItsReasonPausesAndTheResumptionShiftsThem() {
        var f = fold([ticket()], at: 2_000)
        XCTAssertEqual(f.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-unreachable", since: at(2_000)), origin: 0), .applied)
        // on-site and resolve stand still: their one timer (the next threshold) goes; respond is not paused by this reason.
        XCTAssertEqual(timers(f, "TK-1:on-site"), ["sla-at-risk": nil])
        XCTAssertEqual(timers(f, "TK-1:resolve"), ["sla-at-risk": nil])
        XCTAssertTrue(timers(f, "TK-1:respond").isEmpty)
        XCTAssertEqual(f.changedHolds.map(\.hold), [TicketHold(since: at(2_000), reason: "customer-unreachable")])
        // The same hold again (a replay, a new event id): nothing.
        XCTAssertEqual(f.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-unreachable", since: at(2_000)), origin: 1), .ignored)

        // Resumed 5 000 s later: the on-site window (10 000 s) is at risk at 8 000 + 5 000 s, due at 15 000.
        var g = fold([f.state.tickets["TK-1"]!], at: 7_000)
        XCTAssertEqual(g.apply(.ticketResumed(ticketId: "TK-1", at: at(7_000)), origin: 0), .applied)
        XCTAssertEqual(timers(g, "TK-1:on-site"), ["sla-at-risk": at(13_000)], "the next threshold only")
        XCTAssertEqual(timers(g, "TK-1:resolve"), ["sla-at-risk": at(21_000)])
        XCTAssertEqual(g.changedHolds.first?.hold.until, at(7_000))
        XCTAssertEqual(g.apply(.ticketResumed(ticketId: "TK-1", at: at(7_500)), origin: 1), .ignored, "nothing open any more")
    }

    func testAResumptionOlderThanTheOpenHoldDoesNotEndIt() {
        var t = ticket()
        t.holds = [TicketHold(since: at(1_000), reason: "waiting-parts", until: at(2_000)),
                   TicketHold(since: at(3_000), reason: "waiting-parts")]
        var f = fold([t], at: 4_000)
        XCTAssertEqual(f.apply(.ticketResumed(ticketId: "TK-1", at: at(2_000)), origin: 0), .ignored,
                       "the first hold's resumption redelivered under a new id")
        XCTAssertTrue(f.state.tickets["TK-1"]!.isOnHold)
    }

    func testThresholdTimersFollowNetTime() {
        var t = ticket()
        t.holds = [TicketHold(since: at(1_000), reason: "customer-requested", until: at(4_000))]
        // The on-site at-risk timer as set before the hold (8 000 s) fires: it is early by 3 000 s and moves.
        var f = fold([t], at: 8_000)
        XCTAssertEqual(f.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .onSite, threshold: .atRisk), origin: 0), .ignored)
        XCTAssertEqual(timers(f, "TK-1:on-site"), ["sla-at-risk": at(11_000)])
        XCTAssertTrue(f.intents.isEmpty)
        // At 11 000 s it raises, naming the time on hold.
        var g = fold([t], at: 11_000)
        XCTAssertEqual(g.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .onSite, threshold: .atRisk), origin: 0), .applied)
        guard case .raise(let draft)? = g.intents.first?.action else { return XCTFail("\(g.intents)") }
        XCTAssertEqual(draft.details?["heldSeconds"], "3000")
        XCTAssertTrue(draft.message.contains("50 min on hold"), draft.message)
        // While on hold, a due timer does nothing.
        var onHold = ticket()
        onHold.holds = [TicketHold(since: at(1_000), reason: "customer-requested")]
        var h = fold([onHold], at: 50_000)
        XCTAssertEqual(h.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .onSite, threshold: .breach), origin: 0), .ignored)
        XCTAssertTrue(h.intents.isEmpty)
        XCTAssertTrue(h.timers.isEmpty)
        // The respond clock is not paused by customer-requested: its breach fires on raw time.
        XCTAssertEqual(h.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .respond, threshold: .breach), origin: 1), .applied)
    }

    func testAHoldOnAMetClockOrAnUnknownTicketSetsNoTimer() {
        var met = ticket()
        met.onSiteAt = at(500)
        var f = fold([met], at: 1_000)
        XCTAssertEqual(f.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-requested", since: at(1_000)), origin: 0), .applied)
        XCTAssertTrue(timers(f, "TK-1:on-site").isEmpty, "on-site already met")
        XCTAssertEqual(timers(f, "TK-1:resolve"), ["sla-at-risk": nil])
        XCTAssertEqual(f.apply(.ticketOnHold(ticketId: "TK-X", reason: "waiting-parts", since: at(1_000)), origin: 1), .ignored)
    }
}
