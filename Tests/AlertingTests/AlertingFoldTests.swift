import AlertingService
import Foundation
import Schema
import XCTest

/// The batch fold and the alert ledger as pure functions: inputs in order, a fixed clock.
final class AlertingFoldTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_795_867_200)

    private func ticket(_ id: String, model: String = "WM-1", hazard: Bool = false) -> TicketFact {
        TicketFact(ticketId: id, openedAt: now, model: model, fault: "hardware", hazard: hazard,
                   respondBy: now.addingTimeInterval(3_600), onSiteBy: now.addingTimeInterval(86_400),
                   resolveBy: now.addingTimeInterval(2 * 86_400))
    }

    private func fold(_ state: AlertingState = AlertingState(), after seconds: TimeInterval = 0) -> AlertingFold {
        AlertingFold(rules: AlertRules(), stockLowQuietSeconds: 300, state: state, now: now.addingTimeInterval(seconds))
    }

    // MARK: Tickets

    func testOpenedThenAcceptedInOneFoldSchedulesThenCancelsTheRespondTimer() {
        var f = fold()
        XCTAssertEqual(f.apply(.ticketOpened(ticket("TK-1")), origin: 0), .applied)
        XCTAssertEqual(f.apply(.deadlineMet(ticketId: "TK-1", deadline: .respond, technicianId: "T-1", at: now.addingTimeInterval(60)),
                               origin: 1), .applied)
        XCTAssertEqual(f.changedTickets.map(\.ticketId), ["TK-1"], "one row written for both events")
        XCTAssertEqual(f.changedTickets.first?.acceptedAt, now.addingTimeInterval(60))
        XCTAssertEqual(f.changedTickets.first?.technicianId, "T-1")
        let respond = f.timers.filter { $0.key == "TK-1:respond" }
        XCTAssertEqual(respond.map(\.kind), [.sla(.atRisk), .sla(.atRisk)], "one timer per clock: its next threshold")
        XCTAssertEqual(respond.map(\.due), [now.addingTimeInterval(2_880), nil], "the acceptance's cancellation comes last")
        XCTAssertEqual(f.intents.map(\.rule), ["sla-at-risk", "sla-breached"])
        XCTAssertEqual(f.intents.map(\.origin), [1, 1])
        // The same acceptance again, and a threshold of the met clock: nothing.
        XCTAssertEqual(f.apply(.deadlineMet(ticketId: "TK-1", deadline: .respond, technicianId: "T-2", at: now), origin: 2), .ignored)
        XCTAssertEqual(f.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .respond, threshold: .breach), origin: 3), .ignored)
        XCTAssertEqual(f.intents.count, 2)
    }

    func testARedeliveredOpeningAndEventsForUnknownTicketsChangeNoFacts() {
        var state = AlertingState()
        state.tickets["TK-1"] = ticket("TK-1")
        var f = fold(state)
        XCTAssertEqual(f.apply(.ticketOpened(ticket("TK-1")), origin: 0), .ignored)
        XCTAssertEqual(f.apply(.deadlineMet(ticketId: "TK-X", deadline: .onSite, technicianId: "T-1", at: now), origin: 1), .ignored)
        XCTAssertEqual(f.apply(.ticketUnassignable(ticketId: "TK-Y", reason: "no-skill", at: now), origin: 2), .applied,
                       "the alert is raised even without a fact")
        XCTAssertTrue(f.changedTickets.isEmpty)
        XCTAssertTrue(f.timers.isEmpty)
        XCTAssertEqual(f.intents.map(\.rule), ["unassignable"])
    }

    func testThresholdOfARunningClockRaisesAndEscalates() {
        var state = AlertingState()
        state.tickets["TK-1"] = ticket("TK-1")
        // Two days in (200 % of the on-site window) the at-risk timer fires late: every threshold
        // passed is raised, in order, and no timer is left to set.
        var f = fold(state, after: 2 * 86_400)
        XCTAssertEqual(f.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .onSite, threshold: .atRisk), origin: 0), .applied)
        XCTAssertEqual(f.apply(.slaThresholdDue(ticketId: "TK-1", deadline: .onSite, threshold: .escalate), origin: 1), .applied)
        XCTAssertEqual(f.intents.map(\.rule), ["sla-at-risk", "sla-breached", "sla-breached", "sla-breached"])
        XCTAssertEqual(f.intents.map(\.origin), [0, 0, 0, 1])
        guard case .raise(let draft) = f.intents[0].action else { return XCTFail("\(f.intents)") }
        XCTAssertEqual(draft.rule, "sla-at-risk")
        XCTAssertEqual(draft.subject, "TK-1:on-site")
        guard case .raise = f.intents[1].action, case .escalate = f.intents[2].action, case .escalate = f.intents[3].action else {
            return XCTFail("\(f.intents)")
        }
        XCTAssertTrue(f.timers.isEmpty)
        // The ledger escalates once: the second escalation (a timer set before issue 12) does nothing.
        var ledger = AlertBook.Ledger(recorded: [:])
        ledger.apply(f.intents)
        XCTAssertEqual(ledger.events.count, 3)
    }

    func testQualitySignalCountsTheBatchsOwnTicketsOnce() {
        var f = fold()
        for n in 1...3 { _ = f.apply(.ticketOpened(ticket("TK-\(n)", model: "WM-Q")), origin: n) }
        _ = f.apply(.ticketOpened(ticket("TK-2", model: "WM-Q")), origin: 4)
        let raises = f.intents.filter { $0.rule == "quality-signal" }
        XCTAssertEqual(raises.count, 1)
        XCTAssertEqual(raises.first?.origin, 3, "raised by the third ticket")
        XCTAssertEqual(f.timers.filter { $0.kind == .qualityRecheck }.map(\.due), [now.addingTimeInterval(7 * 86_400 + 1)])
    }

    // MARK: Surveys and complaints

    func testASurveyIsCreditedToTheTechnicianAssignedEarlierInTheFold() {
        var state = AlertingState()
        state.tickets["TK-1"] = ticket("TK-1")
        state.surveysByTechnician["T-7"] = (1...4).map {
            SurveyPoint(surveyId: "OLD-\($0)", satisfied: false, completedAt: now.addingTimeInterval(Double(-$0)))
        }
        var f = fold(state)
        _ = f.apply(.ticketAssigned(ticketId: "TK-1", technicianId: "T-7"), origin: 0)
        let survey = SurveyFact(surveyId: "SV-1", ticketId: "TK-1", satisfied: true, attitude: 5, efficiency: 5, quality: 5,
                                completedAt: now)
        XCTAssertEqual(f.apply(.surveyCompleted(survey), origin: 1), .applied)
        XCTAssertEqual(f.apply(.surveyCompleted(survey), origin: 2), .ignored, "the same survey id again")
        XCTAssertEqual(f.newSurveys.map(\.technicianId), ["T-7"])
        XCTAssertEqual(f.intents.last?.rule, "technician-csat")
        guard case .raise(let draft)? = f.intents.last?.action else { return XCTFail("\(f.intents)") }
        XCTAssertEqual(draft.details?["csat"], "0.20", "1 of the last 5 satisfied")
    }

    func testComplaintSpikeWindowIncludesRecordedComplaints() {
        var state = AlertingState()
        for n in 1...5 { state.complaints["OLD-\(n)"] = now.addingTimeInterval(-Double(n) * 60) }
        state.complaints["ANCIENT"] = now.addingTimeInterval(-7_200)
        var f = fold(state)
        XCTAssertEqual(f.apply(.complaintOpened(ComplaintFact(complaintId: "OLD-1", ticketId: "TK", openedAt: now)), origin: 0), .ignored)
        XCTAssertEqual(f.apply(.complaintOpened(ComplaintFact(complaintId: "CP-6", ticketId: "TK", openedAt: now)), origin: 1), .applied)
        guard case .raise(let spike)? = f.intents.last?.action else { return XCTFail("\(f.intents)") }
        XCTAssertEqual(spike.details?["count"], "6")
        XCTAssertEqual(f.timers.last?.due, now.addingTimeInterval(-300 + 3_601), "when the oldest in the window leaves it")
    }

    // MARK: Keys

    func testKeysCoverEveryTicketModelAndWindowOfTheBatch() {
        let inputs: [AlertingInput] = [
            .ticketOpened(ticket("TK-2", model: "B")), .ticketAssigned(ticketId: "TK-1", technicianId: "T-1"),
            .ticketOpened(ticket("TK-1", model: "A")), .qualityRecheckDue(model: "C"),
            .surveyCompleted(SurveyFact(surveyId: "SV-1", ticketId: "TK-3", satisfied: true, attitude: 4, efficiency: 4, quality: 4,
                                        completedAt: now)),
            .complaintOpened(ComplaintFact(complaintId: "CP-1", ticketId: "TK-3", openedAt: now.addingTimeInterval(-100))),
        ]
        let later = now.addingTimeInterval(500)
        let keys = AlertingKeys(inputs: inputs, rules: AlertRules(), now: later)
        XCTAssertEqual(keys.ticketIds, ["TK-1", "TK-2", "TK-3"])
        XCTAssertEqual(keys.qualityModels, ["A", "B", "C"])
        XCTAssertEqual(keys.qualitySince, now.addingTimeInterval(-7 * 86_400))
        XCTAssertEqual(keys.qualityUntil, later, "the re-check looks at the clock's now")
        XCTAssertEqual(keys.surveyIds, ["SV-1"])
        XCTAssertEqual(keys.complaintsSince, later.addingTimeInterval(-3_600))
        XCTAssertEqual(AlertingKeys.technicians(inputs: inputs, tickets: [:]), ["T-1"])
    }

    // MARK: Ledger

    func testRaisedAndResolvedInOneBatchIsOneNewResolvedRow() {
        var ledger = AlertBook.Ledger(recorded: [:])
        let draft = AlertDraft(rule: "stock-low", subject: "P@W", severity: .warning, message: "low")
        ledger.apply([.raise(draft, origin: 0), .raise(draft, origin: 1), .resolve("stock-low", "P@W", message: "ok", origin: 2)])
        XCTAssertEqual(ledger.records.count, 1)
        XCTAssertEqual(ledger.records.first?.status, .resolved)
        XCTAssertEqual(ledger.records.first?.isNew, true)
        XCTAssertEqual(ledger.records.first?.message, "low")
        XCTAssertEqual(ledger.records.first?.alertId, "AL-stock-low-P@W-1")
        XCTAssertEqual(ledger.events.count, 2, "raised once, resolved once")
    }

    func testAResolvedRecordedAlertAndItsSuccessorInOneBatch() {
        let pair = AlertBook.Pair(rule: "quality-signal", subject: "WM-1")
        let open = AlertBook.OpenAlert(alertId: "AL-quality-signal-WM-1-2", severity: .critical, escalated: false)
        var ledger = AlertBook.Ledger(recorded: [pair: AlertBook.PairState(lastOccurrence: 2, open: open)])
        ledger.apply([
            .resolve("quality-signal", "WM-1", message: "cleared", origin: 0),
            .raise(AlertDraft(rule: "quality-signal", subject: "WM-1", severity: .warning, message: "again"), origin: 1),
            AlertIntent(rule: "quality-signal", subject: "WM-1", action: .escalate(message: "worse", tickets: nil), origin: 2),
            AlertIntent(rule: "quality-signal", subject: "WM-1", action: .escalate(message: "worse still", tickets: nil), origin: 3),
        ])
        XCTAssertEqual(ledger.records.map(\.alertId), ["AL-quality-signal-WM-1-2", "AL-quality-signal-WM-1-3"])
        XCTAssertEqual(ledger.records.map(\.isNew), [false, true])
        XCTAssertEqual(ledger.records[0].status, .resolved)
        XCTAssertEqual(ledger.records[0].severity, .critical, "a resolution keeps the severity")
        XCTAssertNil(ledger.records[0].message, "and the raising text")
        XCTAssertEqual(ledger.records[1].status, .escalated)
        XCTAssertEqual(ledger.records[1].message, "worse")
        XCTAssertEqual(ledger.events.count, 3, "the second escalation does nothing")
    }

    // MARK: Timer kinds

    func testTimerKindsComeFromOneEnumAndSLAKindsAreTheThresholds() {
        XCTAssertEqual(TimerKind.all.map(\.name), ["sla-at-risk", "sla-breach", "sla-escalate", "kpi-snapshot", "stock-low-quiet",
                                                  "quality-recheck", "complaint-spike-recheck", "audit-failed-quiet", "settlement-month", "sla-forecast"])
        for threshold in SLAClock.Threshold.allCases { XCTAssertEqual(TimerKind.sla(threshold).name, threshold.rawValue) }
        for kind in TimerKind.all { XCTAssertEqual(TimerKind(name: kind.name), kind) }
        XCTAssertNil(TimerKind(name: "lunch"))
        XCTAssertEqual(Set(TimerKind.all.map(\.name)).count, TimerKind.all.count)
    }
}
