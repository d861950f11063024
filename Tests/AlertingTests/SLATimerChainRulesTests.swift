import AlertingService
import Foundation
import Schema
import XCTest

/// The SLA clocks' timers and late holds as pure functions on a controlled clock: one timer
/// per running clock (its next threshold, issue 12) and alerts withdrawn by a hold processed
/// late (issue 14). `Runtime` stands in for the runtime: a fold per event or timer, timers
/// kept one per (kind, key) like `deadline_timers`, the earliest due fired first.
final class SLATimerChainRulesTests: XCTestCase {
    /// 2026-11-28 12:00:00 UTC.
    private let start = Date(timeIntervalSince1970: 1_795_867_200)
    private func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    /// Respond 3 600 s, on site 10 000 s (at risk 8 000, escalated 15 000), resolve 20 000 s.
    private func ticket() -> TicketFact {
        TicketFact(ticketId: "TK-1", openedAt: start, model: "WM-1", fault: "hardware", hazard: false,
                   respondBy: at(3_600), onSiteBy: at(10_000), resolveBy: at(20_000), region: "shanghai",
                   priority: .high, customerId: "C-1")
    }

    /// What the runtime would do with the fold's output, kept in memory.
    private struct Runtime {
        let start: Date
        var state = AlertingState()
        var timers: [String: Date] = [:]
        var pairs: [AlertBook.Pair: AlertBook.PairState] = [:]
        /// `<seconds> <event> <rule> <subject>`, in order.
        var log: [String] = []
        var resolutions: [String] = []
        var granted: Set<String> = []
        var grants = 0
        /// SLA timer rows written (set or moved) and the most pending for one clock at once.
        var rowsWritten = 0
        var mostRowsPerClock = 0
        /// The latest moment applied: a timer due before it fires then, as a scheduler would.
        var clock: Date

        init(start: Date) {
            self.start = start
            clock = start
        }

        mutating func apply(_ input: AlertingInput, at moment: Date) {
            clock = max(clock, moment)
            var fold = AlertingFold(rules: AlertRules(), stockLowQuietSeconds: 300, state: state, now: moment)
            _ = fold.apply(input, origin: 0)
            state = fold.state
            var ledger = AlertBook.Ledger(recorded: pairs)
            ledger.apply(fold.intents)
            for record in ledger.records {
                pairs[AlertBook.Pair(rule: record.rule, subject: record.subject)] = AlertBook.PairState(
                    lastOccurrence: record.occurrence,
                    open: record.status == .resolved ? nil : AlertBook.OpenAlert(alertId: record.alertId, severity: record.severity,
                                                                                escalated: record.status == .escalated))
            }
            let second = Int(moment.timeIntervalSince(start))
            for event in ledger.events {
                switch event {
                case .raised(let alert, _): log.append("\(second) raised \(alert.rule) \(alert.subject)")
                case .escalated(let alert, _): log.append("\(second) escalated \(alert.rule) \(alert.subject)")
                case .resolved(let alert, _):
                    log.append("\(second) resolved \(alert.rule) \(alert.subject)")
                    resolutions.append(alert.message)
                }
            }
            for due in fold.compensations where granted.insert(due.grant.ticketId).inserted { grants += 1 }
            for change in fold.timers {
                let key = "\(change.kind.name)|\(change.key)"
                timers[key] = change.due
                if change.due != nil, case .sla = change.kind { rowsWritten += 1 }
            }
            let perClock = Dictionary(grouping: timers.keys.filter { $0.hasPrefix("sla-") && !$0.hasPrefix("sla-forecast") }) {
                $0.split(separator: "|")[1]
            }
            mostRowsPerClock = max(mostRowsPerClock, perClock.values.map(\.count).max() ?? 0)
        }

        /// Fires SLA timers due up to `end`, earliest first, each at its due time.
        mutating func advance(to end: Date) {
            while let (key, due) = timers.filter({ $0.key.hasPrefix("sla-") && !$0.key.hasPrefix("sla-forecast") })
                .min(by: { ($0.value, $0.key) < ($1.value, $1.key) }), due <= end {
                timers[key] = nil
                let parts = key.split(separator: "|").map(String.init)
                let (ticketId, deadline) = SLAClock.parse(key: parts[1])!
                let threshold = SLAClock.Threshold(rawValue: parts[0])!
                apply(.slaThresholdDue(ticketId: ticketId, deadline: deadline, threshold: threshold), at: max(due, clock))
            }
        }

        func pending(_ key: String) -> [String: Date] {
            timers.filter { $0.key.hasSuffix("|\(key)") && !$0.key.hasPrefix("sla-forecast") }
                .reduce(into: [:]) { $0[String($1.key.split(separator: "|")[0])] = $1.value }
        }
    }

    private func opened(_ runtime: inout Runtime) {
        runtime.apply(.ticketOpened(ticket()), at: start)
    }

    // MARK: Next-threshold timers (issue 12)

    func testEveryThresholdStillFiresInOrderFromOneTimerPerClock() {
        var r = Runtime(start: start)
        opened(&r)
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-at-risk": at(8_000)])
        XCTAssertEqual(r.rowsWritten, 3, "one row per clock at the opening")
        r.advance(to: at(40_000))
        XCTAssertEqual(r.log.filter { $0.hasSuffix("TK-1:on-site") }, [
            "8000 raised sla-at-risk TK-1:on-site", "10000 raised sla-breached TK-1:on-site", "15000 escalated sla-breached TK-1:on-site",
        ])
        XCTAssertEqual(r.log.filter { $0.hasSuffix("TK-1:respond") }, [
            "2880 raised sla-at-risk TK-1:respond", "3600 raised sla-breached TK-1:respond", "5400 escalated sla-breached TK-1:respond",
        ])
        XCTAssertEqual(r.log.filter { $0.hasSuffix("TK-1:resolve") }.map { $0.split(separator: " ")[0] }, ["16000", "20000", "30000"])
        XCTAssertEqual(r.mostRowsPerClock, 1)
        XCTAssertEqual(r.rowsWritten, 9, "each threshold's row written once, when the one before fires")
        XCTAssertEqual(r.grants, 1, "on-site breach; the resolve breach grants nothing more")
        XCTAssertTrue(r.timers.isEmpty)
    }

    func testHoldsMoveTheNextThresholdOnlyAndTheLaterOnesFollowOnNetTime() {
        var r = Runtime(start: start)
        opened(&r)
        r.advance(to: at(8_500))   // on-site at risk at 8 000; its breach timer at 10 000
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-breach": at(10_000)])
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-requested", since: at(9_000)), at: at(9_000))
        XCTAssertEqual(r.pending("TK-1:on-site"), [:], "standing still: no timer")
        r.advance(to: at(10_900))
        r.apply(.ticketResumed(ticketId: "TK-1", at: at(11_000)), at: at(11_000))
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-breach": at(12_000)], "2 000 s on hold")
        XCTAssertEqual(r.pending("TK-1:resolve"), ["sla-at-risk": at(18_000)])
        r.advance(to: at(40_000))
        XCTAssertEqual(r.log.filter { $0.hasSuffix("TK-1:on-site") }, [
            "8000 raised sla-at-risk TK-1:on-site", "12000 raised sla-breached TK-1:on-site", "17000 escalated sla-breached TK-1:on-site",
        ])
        XCTAssertEqual(r.log.filter { $0.hasSuffix("TK-1:resolve") }.map { $0.split(separator: " ")[0] }, ["18000", "22000", "32000"])
        XCTAssertEqual(r.mostRowsPerClock, 1)
    }

    func testATimerFiringLateRaisesEveryThresholdPassedInOrder() {
        var r = Runtime(start: start)
        opened(&r)
        // The scheduler was down: the on-site at-risk timer fires at 16 000 s, past the escalation.
        r.timers = r.timers.filter { !$0.key.hasSuffix("TK-1:on-site") }
        r.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .onSite, threshold: .atRisk), at: at(16_000))
        XCTAssertEqual(r.log, ["16000 raised sla-at-risk TK-1:on-site", "16000 raised sla-breached TK-1:on-site",
                               "16000 escalated sla-breached TK-1:on-site"])
        XCTAssertEqual(r.pending("TK-1:on-site"), [:])
        XCTAssertEqual(r.grants, 1)
    }

    func testStoppingAClockCancelsOnlyTheTimersItCanHave() {
        var f = AlertingFold(rules: AlertRules(), stockLowQuietSeconds: 300, state: state(ticket()), now: at(1_000))
        XCTAssertEqual(f.apply(.deadlineMet(ticketId: "TK-1", deadline: .onSite, technicianId: "T-1", at: at(1_000)), origin: 0), .applied)
        XCTAssertEqual(f.timers.filter { $0.kind != .slaForecast }, [TimerChange(kind: .sla(.atRisk), key: "TK-1:on-site", due: nil, origin: 0)])
        // Past the at-risk threshold the breach timer is the one set; a late at-risk one may still be pending.
        var g = AlertingFold(rules: AlertRules(), stockLowQuietSeconds: 300, state: state(ticket()), now: at(9_000))
        _ = g.apply(.ticketEnded(ticketId: "TK-1", at: at(9_000)), origin: 0)
        let cancelled = g.timers.filter { $0.kind != .slaForecast }
        XCTAssertTrue(cancelled.allSatisfy { $0.due == nil })
        XCTAssertEqual(cancelled.filter { $0.key == "TK-1:on-site" }.map(\.kind), [.sla(.atRisk), .sla(.breach)])
        XCTAssertEqual(cancelled.filter { $0.key == "TK-1:respond" }.map(\.kind), [.sla(.atRisk), .sla(.breach), .sla(.escalate)])
        XCTAssertEqual(cancelled.filter { $0.key == "TK-1:resolve" }.map(\.kind), [.sla(.atRisk)])
        // A clock met before the ticket ends has no timer to cancel.
        var met = ticket()
        met.acceptedAt = at(500)
        var h = AlertingFold(rules: AlertRules(), stockLowQuietSeconds: 300, state: state(met), now: at(9_000))
        _ = h.apply(.ticketEnded(ticketId: "TK-1", at: at(9_000)), origin: 0)
        XCTAssertTrue(h.timers.filter { $0.key == "TK-1:respond" && $0.kind != .slaForecast }.isEmpty)
    }

    func testTimersAnEarlierVersionSetForEveryThresholdStayHarmless() {
        var r = Runtime(start: start)
        opened(&r)
        // Before issue 12 the opening set all three; a hold then moves the next one only.
        r.timers["sla-breach|TK-1:on-site"] = at(10_000)
        r.timers["sla-escalate|TK-1:on-site"] = at(15_000)
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-requested", since: at(1_000)), at: at(1_000))
        r.apply(.ticketResumed(ticketId: "TK-1", at: at(4_000)), at: at(4_000))
        XCTAssertEqual(r.pending("TK-1:on-site"),
                       ["sla-at-risk": at(11_000), "sla-breach": at(10_000), "sla-escalate": at(15_000)], "the old rows stay")
        r.advance(to: at(10_999))
        XCTAssertFalse(r.log.contains { $0.hasSuffix("TK-1:on-site") }, "the early breach timer did nothing")
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-at-risk": at(11_000), "sla-escalate": at(15_000)], "and set nothing")
        r.advance(to: at(40_000))
        XCTAssertEqual(r.log.filter { $0.hasSuffix("TK-1:on-site") }, [
            "11000 raised sla-at-risk TK-1:on-site", "13000 raised sla-breached TK-1:on-site", "18000 escalated sla-breached TK-1:on-site",
        ], "the net times, once each")
        // An old timer of a threshold already fired (its alert open) raises nothing more.
        r.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .onSite, threshold: .breach), at: at(40_000))
        XCTAssertEqual(r.log.filter { $0.hasSuffix("TK-1:on-site") }.count, 3)
        XCTAssertEqual(r.grants, 1)
    }

    // MARK: Late holds withdraw alerts (issue 14)

    func testALateHoldWithdrawsTheAlertAndSetsItsTimerAgain() {
        var r = Runtime(start: start)
        opened(&r)
        r.advance(to: at(8_500))
        XCTAssertEqual(r.log.last, "8000 raised sla-at-risk TK-1:on-site")
        // Processed at 9 000 s: the customer asked to wait from 7 000 s. Net, the clock stands at 7 000 < 8 000.
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-requested", since: at(7_000)), at: at(9_000))
        XCTAssertEqual(r.log.last, "9000 resolved sla-at-risk TK-1:on-site")
        XCTAssertEqual(r.resolutions.last, "withdrawn: ticket TK-1 on hold since 2026-11-28T13:56:40.000Z (customer-requested), "
                       + "net on-site time below the 80 % threshold")
        XCTAssertEqual(r.pending("TK-1:on-site"), [:], "the breach timer is gone; the clock stands still")
        // The same hold again (replay): nothing.
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-requested", since: at(7_000)), at: at(9_100))
        XCTAssertEqual(r.log.count, 5, "respond at risk, breached, escalated, on-site at risk … and the withdrawal only")
        // Resumed at 9 500 s: 1 000 s of the window left to 80 %.
        r.apply(.ticketResumed(ticketId: "TK-1", at: at(9_500)), at: at(9_500))
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-at-risk": at(10_500)])
        r.advance(to: at(13_000))
        XCTAssertEqual(r.log.filter { $0.hasSuffix("TK-1:on-site") }, [
            "8000 raised sla-at-risk TK-1:on-site", "9000 resolved sla-at-risk TK-1:on-site",
            "10500 raised sla-at-risk TK-1:on-site", "12500 raised sla-breached TK-1:on-site",
        ])
        XCTAssertEqual(r.pairs[AlertBook.Pair(rule: "sla-at-risk", subject: "TK-1:on-site")]?.lastOccurrence, 2, "a new alert")
    }

    func testALateHoldWithdrawsABreachButTheCompensationStays() {
        var r = Runtime(start: start)
        opened(&r)
        r.advance(to: at(10_500))
        XCTAssertEqual(r.grants, 1, "on-site breached at 10 000 s")
        // On hold since 9 000 s (after the at-risk threshold, before the breach), processed at 11 000 s, resumed at 11 500 s.
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-unreachable", since: at(9_000)), at: at(11_000))
        XCTAssertEqual(r.log.filter { $0.hasPrefix("11000") }, ["11000 resolved sla-breached TK-1:on-site"], "at risk stays")
        XCTAssertTrue(r.resolutions.last?.contains("below the 100 % threshold") ?? false, "\(r.resolutions)")
        r.apply(.ticketResumed(ticketId: "TK-1", at: at(11_500)), at: at(11_500))
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-breach": at(12_500)])
        r.advance(to: at(12_500))
        XCTAssertEqual(r.log.last, "12500 raised sla-breached TK-1:on-site")
        XCTAssertEqual(r.grants, 1, "granted once: not revoked, not granted again")
    }

    func testALateHoldAfterTheThresholdChangesNoVerdict() {
        var r = Runtime(start: start)
        opened(&r)
        r.advance(to: at(8_500))
        // On hold since 8 200 s: the clock had run 8 200 s > 8 000 s, so the alert stands.
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-requested", since: at(8_200)), at: at(9_000))
        XCTAssertFalse(r.log.contains { $0.contains("resolved") })
        XCTAssertEqual(r.pending("TK-1:on-site"), [:], "the breach waits for the resumption")
        r.apply(.ticketResumed(ticketId: "TK-1", at: at(9_200)), at: at(9_200))
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-breach": at(11_000)])
    }

    func testALateHoldForAReasonThatDoesNotPauseTheClockChangesNothingThere() {
        var r = Runtime(start: start)
        opened(&r)
        r.advance(to: at(8_500))
        let before = r.pending("TK-1:on-site")
        // waiting-parts pauses resolve only; customer-requested never pauses respond.
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "waiting-parts", since: at(1_000)), at: at(9_000))
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-requested", since: at(2_000)), at: at(9_000))
        XCTAssertTrue(r.log.filter { $0.contains("resolved") }.allSatisfy { $0.hasSuffix("TK-1:on-site") })
        XCTAssertFalse(r.log.contains { $0.contains("resolved") && $0.hasSuffix("TK-1:respond") }, "respond alerts stay")
        XCTAssertEqual(r.pending("TK-1:respond"), [:])
        // The waiting-parts hold alone leaves the on-site alert and timer as they were.
        var s = Runtime(start: start)
        opened(&s)
        s.advance(to: at(8_500))
        s.apply(.ticketOnHold(ticketId: "TK-1", reason: "waiting-parts", since: at(1_000)), at: at(9_000))
        XCTAssertFalse(s.log.contains { $0.contains("resolved") })
        XCTAssertEqual(s.pending("TK-1:on-site"), before)
        XCTAssertEqual(s.pending("TK-1:resolve"), [:], "resolve stands still since 1 000 s")
    }

    func testALateResumptionFiresWhatHasPassedAtOnce() {
        var r = Runtime(start: start)
        opened(&r)
        r.apply(.ticketOnHold(ticketId: "TK-1", reason: "customer-requested", since: at(2_000)), at: at(2_000))
        r.advance(to: at(11_000))
        XCTAssertFalse(r.log.contains { $0.hasSuffix("TK-1:on-site") }, "on hold: quiet")
        // Resumed at 4 000 s, processed at 11 000 s: at risk at 10 000 s is past, fires at once; breach at 12 000 s.
        r.apply(.ticketResumed(ticketId: "TK-1", at: at(4_000)), at: at(11_000))
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-at-risk": at(10_000)])
        r.advance(to: at(11_000))
        XCTAssertEqual(r.log.last, "11000 raised sla-at-risk TK-1:on-site")
        XCTAssertEqual(r.pending("TK-1:on-site"), ["sla-breach": at(12_000)])
        XCTAssertFalse(r.log.contains { $0.contains("resolved") }, "ending a hold withdraws nothing")
    }

    private func state(_ ticket: TicketFact) -> AlertingState {
        var state = AlertingState()
        state.tickets[ticket.ticketId] = ticket
        return state
    }
}
