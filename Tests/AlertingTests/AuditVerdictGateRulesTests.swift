import AlertingService
import Foundation
import XCTest

/// `AuditVerdictGate` and the fold's audit handling, pure (issue 16: only verdicts of audits
/// surveys requested count).
final class AuditVerdictGateRulesTests: XCTestCase {
    /// 2026-11-28 12:00:00 UTC.
    private let now = Date(timeIntervalSince1970: 1_795_867_200)
    private func at(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(seconds) }

    private func verdict(_ auditId: String = "AUD-T-1", ticket: String = "T", passed: Bool = false, at seconds: TimeInterval = 600)
        -> AuditFact {
        AuditFact(auditId: auditId, ticketId: ticket, passed: passed, findings: ["no-photo"], recordedAt: at(seconds))
    }

    private let request = AuditRequestFact(auditId: "AUD-T-1", ticketId: "T", requestedAt: Date(timeIntervalSince1970: 1_795_867_200))

    private func code(_ decision: AuditVerdictGate.Decision) -> String {
        switch decision {
        case .count: "count"
        case .hold: "hold"
        case .ignore(let reason): String(reason.prefix { $0 != ":" })
        }
    }

    // MARK: decide

    func testARequestedAuditsVerdictCountsAnUnrequestedOneIsHeld() {
        XCTAssertEqual(AuditVerdictGate.decide(verdict(), request: request, alreadyCounted: false), .count)
        XCTAssertEqual(AuditVerdictGate.decide(verdict(), request: nil, alreadyCounted: false), .hold)
    }

    func testAnotherTicketADuplicateAndAVerdictBeforeTheRequestAreIgnoredWithTheirReason() {
        XCTAssertEqual(AuditVerdictGate.decide(verdict(ticket: "OTHER"), request: request, alreadyCounted: false),
                       .ignore(reason: "audit-ticket-mismatch: audit AUD-T-1 is for ticket T, not OTHER"))
        XCTAssertEqual(code(AuditVerdictGate.decide(verdict(), request: request, alreadyCounted: true)), "audit-already-counted")
        XCTAssertEqual(code(AuditVerdictGate.decide(verdict(), request: nil, alreadyCounted: true)), "audit-already-counted",
                       "an audit counted before alerting recorded requests is not held")
        let tolerance = AuditVerdictGate.clockSkewTolerance
        XCTAssertEqual(AuditVerdictGate.decide(verdict(at: -tolerance), request: request, alreadyCounted: false), .count,
                       "within the clock-skew tolerance")
        XCTAssertEqual(code(AuditVerdictGate.decide(verdict(at: -tolerance - 1), request: request, alreadyCounted: false)),
                       "verdict-before-request")
    }

    // MARK: release

    func testTheRequestReleasesTheFirstAcceptableHeldVerdictAndIgnoresTheRest() {
        let held = [
            PendingAuditVerdict(eventId: "e1", audit: verdict(at: -86_400), receivedAt: at(10)),   // a guess, before the request
            PendingAuditVerdict(eventId: "e2", audit: verdict(ticket: "OTHER"), receivedAt: at(20)),
            PendingAuditVerdict(eventId: "e3", audit: verdict(), receivedAt: at(30)),
            PendingAuditVerdict(eventId: "e4", audit: verdict(passed: true), receivedAt: at(40)),   // a second verdict
        ]
        let release = AuditVerdictGate.release(held, request: request, alreadyCounted: false)
        XCTAssertEqual(release.counted?.eventId, "e3")
        XCTAssertEqual(release.ignored.map(\.verdict.eventId), ["e1", "e2", "e4"])
        XCTAssertEqual(release.ignored.map { String($0.reason.prefix { $0 != ":" }) },
                       ["verdict-before-request", "audit-ticket-mismatch", "audit-already-counted"])
        XCTAssertNil(AuditVerdictGate.release(held, request: request, alreadyCounted: true).counted)
    }

    // MARK: The fold

    private func fold(_ inputs: [AlertingInput], state: AlertingState = AlertingState()) -> AlertingFold {
        var fold = AlertingFold(rules: AlertRules(), stockLowQuietSeconds: 3_600, state: state, now: now)
        for (origin, input) in inputs.enumerated() { _ = fold.apply(input, origin: origin) }
        return fold
    }

    func testTheFoldHoldsAnUnrequestedVerdictAndCountsItWhenItsRequestFollows() {
        let held = fold([.auditRecorded(verdict(), eventId: "e1")])
        XCTAssertTrue(held.newAudits.isEmpty)
        XCTAssertTrue(held.intents.isEmpty, "no audit-failed")
        XCTAssertEqual(held.auditGate.newPending.map(\.eventId), ["e1"])

        let released = fold([.auditRecorded(verdict(), eventId: "e1"), .auditRecorded(verdict(), eventId: "e2"), .auditRequested(request)])
        XCTAssertEqual(released.newAudits, [verdict()], "counted once")
        XCTAssertEqual(released.intents.count, 1)
        XCTAssertTrue(released.auditGate.newPending.isEmpty)
        XCTAssertEqual(released.auditGate.newRequests, [request])
        XCTAssertEqual(released.auditGate.ignored.map { String($0.reason.prefix { $0 != ":" }) }, ["audit-already-counted"])
    }

    func testTheFoldReleasesRecordedHeldVerdictsAndIgnoresARepeatedRequest() {
        var state = AlertingState()
        state.pendingVerdicts["AUD-T-1"] = [PendingAuditVerdict(eventId: "e0", audit: verdict(passed: true), receivedAt: at(-60))]
        var f = AlertingFold(rules: AlertRules(), stockLowQuietSeconds: 3_600, state: state, now: now)
        XCTAssertEqual(f.apply(.auditRequested(request), origin: 0), .applied)
        XCTAssertEqual(f.apply(.auditRequested(request), origin: 1), .ignored)
        XCTAssertEqual(f.newAudits, [verdict(passed: true)])
        XCTAssertTrue(f.intents.isEmpty, "a pass raises nothing")
        XCTAssertEqual(f.auditGate.releasedAuditIds, ["AUD-T-1"])
        XCTAssertEqual(f.apply(.auditRecorded(verdict(), eventId: "e9"), origin: 2), .ignored, "the first verdict won")
    }
}
