import AlertingService
import Foundation
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Evidence-gated settlement (issue 15) through the real batch processor and timer scheduler
/// on a manual clock: visits recorded from `work.completed` + `ticket.completed`, a monthly
/// `settlement.statement` per provider when the month closes in the brand's time zone.
final class AlertingSettlementTests: XCTestCase {
    private typealias F = AlertingFixtures

    private func harness() throws -> BatchHarness {
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 365 * 86_400
        return try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                                now: F.start)
    }

    private func technician(_ id: String, provider: String?) -> TechnicianUpserted {
        TechnicianUpserted(technicianId: id, name: "Tech \(id)", skills: ["washing-machine"], region: "shanghai",
                           location: GeoPoint(lat: 31.2, lon: 121.4), dailyCapacity: 5, active: true, providerId: provider)
    }

    private func completion(_ h: BatchHarness, _ id: String, by technician: String, signed: Bool, parts: Int = 0,
                            serials: Bool = false, at: Date) -> [Envelope] {
        let lines = parts > 0 ? [PartLine(partNumber: "P-1", quantity: parts, warehouseId: "WH")] : []
        let evidence = signed || serials
            ? WorkCompleted.Evidence(oldPartSerials: serials ? ["OLD-1"] : [], newPartSerials: serials ? ["NEW-1"] : [],
                                     signature: signed ? .init(signedBy: "customer", signedAt: at) : nil)
            : nil
        return [h.envelope(F.opened(id, model: "M-\(id)", at: F.start)),
                h.envelope(WorkCompleted(ticketId: id, technicianId: technician, resolved: true, partsUsed: lines, evidence: evidence),
                           occurredAt: at),
                h.envelope(TicketCompleted(ticketId: id, technicianId: technician, resolved: true, firstTimeFix: true, partsUsed: lines),
                           occurredAt: at)]
    }

    func testMonthEndStatementPerProviderWithSettleableAndHeldBackVisits() throws {
        let h = try harness()
        XCTAssertEqual(try h.pendingTimers(kind: "settlement-month"), ["settlement"], "seeded at start")
        // 2026-12-01 00:00 in Shanghai is 2026-11-30 16:00 UTC.
        let monthEnd = Timestamp.parse("2026-11-30T16:00:00Z")!
        var batch = [h.envelope(ProviderUpserted(providerId: "SP-1", name: "Fix-It", regions: ["shanghai"], active: true,
                                                 rates: .init(visit: 80, currency: "cny"))),
                     h.envelope(ProviderUpserted(providerId: "SP-2", name: "No Rates", regions: ["shanghai"], active: true)),
                     h.envelope(technician("T-1", provider: "SP-1")), h.envelope(technician("T-2", provider: nil)),
                     h.envelope(technician("T-3", provider: "SP-2"))]
        let t = F.start.addingTimeInterval(3_600)
        batch += completion(h, "TK-1", by: "T-1", signed: true, at: t)                          // settleable
        batch += completion(h, "TK-2", by: "T-1", signed: false, at: t.addingTimeInterval(60))   // no signature: held back
        batch += completion(h, "TK-3", by: "T-1", signed: true, parts: 1, at: t.addingTimeInterval(120))  // parts, no serials
        batch += completion(h, "TK-4", by: "T-1", signed: true, parts: 1, serials: true, at: t.addingTimeInterval(180))
        batch += completion(h, "TK-5", by: "T-2", signed: true, at: t)                          // own staff: not settled
        batch += completion(h, "TK-6", by: "T-3", signed: true, at: t)
        batch += completion(h, "TK-7", by: "T-1", signed: true, at: monthEnd.addingTimeInterval(1_800))  // December in Shanghai
        let (outcome, _) = try h.deliver(batch)
        XCTAssertEqual(outcome.deadLettered, 0)
        XCTAssertEqual(try h.db.query("SELECT count(*)::bigint AS n FROM settlement_visits").first?.get("n") as Int64?, 6)

        XCTAssertTrue(try h.advance(by: monthEnd.timeIntervalSince(h.now) - 1).payloads(SettlementStatement.self).isEmpty)
        let statements = try h.advance(by: 1).payloads(SettlementStatement.self)
        XCTAssertEqual(statements.map(\.providerId), ["SP-1", "SP-2"])
        let sp1 = try XCTUnwrap(statements.first)
        XCTAssertEqual(sp1.period, "2026-11")
        XCTAssertEqual([sp1.visits, sp1.settleable, sp1.heldBack], [4, 2, 2])
        XCTAssertEqual(sp1.amount, 160)
        XCTAssertEqual(sp1.currency, "CNY")
        XCTAssertEqual(sp1.lines.map(\.ticketId), ["TK-1", "TK-2", "TK-3", "TK-4"])
        XCTAssertEqual(sp1.lines.map(\.status), [.settleable, .evidenceMissing, .evidenceMissing, .settleable])
        XCTAssertEqual(Money.total(sp1.lines.map(\.amount)), sp1.amount, "the statement is the sum of its lines")
        XCTAssertEqual(statements.last.map { [$0.visits, $0.settleable] }, [1, 1])
        XCTAssertEqual(statements.last?.amount, 0, "a provider without rates: lines at 0")
        XCTAssertEqual(try h.pendingTimers(kind: "settlement-month"), ["settlement"], "the next month-end is set")
        let next = try h.db.query("SELECT due_at FROM deadline_timers WHERE kind = 'settlement-month'").first?.get("due_at") as Date?
        XCTAssertEqual(next, Timestamp.parse("2026-12-31T16:00:00Z"))
    }

    /// `work.completed` (aftersales.field) and the `ticket.completed` it causes (aftersales.tickets)
    /// travel on different topics: a lagging instance can apply the completion first. Evidence
    /// sent no later than the completion still settles the visit; evidence sent after it (a resend
    /// dispatch would refuse) does not.
    func testEvidenceAppliedAfterItsCompletionStillSettlesTheVisit() throws {
        let h = try harness()
        let monthEnd = Timestamp.parse("2026-11-30T16:00:00Z")!
        let t = F.start.addingTimeInterval(3_600)
        let signed = WorkCompleted.Evidence(signature: .init(signedBy: "customer", signedAt: t))
        func work(_ id: String, _ evidence: WorkCompleted.Evidence?, at: Date) -> Envelope {
            h.envelope(WorkCompleted(ticketId: id, technicianId: "T-1", resolved: true, partsUsed: [], evidence: evidence), occurredAt: at)
        }
        func done(_ id: String) -> Envelope {
            h.envelope(TicketCompleted(ticketId: id, technicianId: "T-1", resolved: true, firstTimeFix: true, partsUsed: []), occurredAt: t)
        }
        _ = try h.deliver([h.envelope(ProviderUpserted(providerId: "SP-1", name: "Fix-It", regions: ["shanghai"], active: true,
                                                       rates: .init(visit: 80, currency: "CNY"))),
                           h.envelope(technician("T-1", provider: "SP-1"))]
                          + ["TK-LATE", "TK-RESENT", "TK-NONE", "TK-OK"].map { h.envelope(F.opened($0, model: "M", at: F.start)) })
        // The completions first; TK-RESENT's unsigned work and TK-OK's signed work came before theirs.
        _ = try h.deliver([work("TK-RESENT", nil, at: t.addingTimeInterval(-60)), work("TK-OK", signed, at: t.addingTimeInterval(-60)),
                           done("TK-LATE"), done("TK-RESENT"), done("TK-NONE"), done("TK-OK")])
        // Then TK-LATE's work, sent before its completion; TK-RESENT signed after its completion;
        // TK-OK's work resent unsigned after its completion.
        _ = try h.deliver([work("TK-LATE", signed, at: t.addingTimeInterval(-60)), work("TK-RESENT", signed, at: t.addingTimeInterval(600)),
                           work("TK-OK", nil, at: t.addingTimeInterval(600))])

        let statement = try XCTUnwrap(try h.advance(by: monthEnd.timeIntervalSince(h.now)).payloads(SettlementStatement.self).first)
        XCTAssertEqual(statement.lines, [
            .init(ticketId: "TK-LATE", amount: 80, status: .settleable),
            .init(ticketId: "TK-NONE", amount: 0, status: .evidenceMissing),
            .init(ticketId: "TK-OK", amount: 80, status: .settleable),
            .init(ticketId: "TK-RESENT", amount: 0, status: .evidenceMissing),
        ])
        XCTAssertEqual([statement.visits, statement.settleable, statement.heldBack], [4, 2, 2])
        XCTAssertEqual(statement.amount, 160)
    }

    /// `AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS` (the demo's): every N seconds the current
    /// month's statements so far, besides the month-end run; off by default (no such timer).
    func testRunningStatementOfTheCurrentMonthEveryInterval() throws {
        XCTAssertEqual(try harness().pendingTimers(kind: "settlement-month"), ["settlement"], "off: the month-end timer only")
        var settings = AlertingSettings()
        settings.kpiIntervalSeconds = 365 * 86_400
        settings.settlementRunningSeconds = 30
        let h = try BatchHarness(service: "alerting", migrations: AlertingMigrations.all, handler: AlertingHandler(settings: settings),
                                 now: F.start)
        XCTAssertEqual(try h.pendingTimers(kind: "settlement-month").sorted(), ["settlement", "settlement-running"])
        XCTAssertTrue(try h.advance(by: 30).payloads(SettlementStatement.self).isEmpty, "no visit yet: no statement")
        var batch = [h.envelope(ProviderUpserted(providerId: "SP-1", name: "Fix-It", regions: ["shanghai"], active: true,
                                                 rates: .init(visit: 80, currency: "CNY"))),
                     h.envelope(technician("T-1", provider: "SP-1"))]
        batch += completion(h, "TK-1", by: "T-1", signed: true, at: h.now)
        batch += completion(h, "TK-2", by: "T-1", signed: false, at: h.now)
        XCTAssertEqual(try h.deliver(batch).outcome.deadLettered, 0)
        XCTAssertTrue(try h.advance(by: 29).payloads(SettlementStatement.self).isEmpty, "not before the interval")
        let first = try h.advance(by: 1).payloads(SettlementStatement.self)
        XCTAssertEqual(first.map(\.providerId), ["SP-1"])
        XCTAssertEqual(first.first?.period, SettlementPeriod.containing(h.now, in: settings.timeZones.defaultZone).description)
        XCTAssertEqual(first.first.map { [$0.visits, $0.settleable, $0.heldBack] }, [2, 1, 1])
        XCTAssertEqual(first.first?.amount, 80)
        batch = completion(h, "TK-3", by: "T-1", signed: true, at: h.now)
        _ = try h.deliver(batch)
        let second = try h.advance(by: 30).payloads(SettlementStatement.self)
        XCTAssertEqual(second.first.map { [$0.visits, $0.settleable] }, [3, 2], "the month so far, again")
        XCTAssertEqual(try h.pendingTimers(kind: "settlement-month").sorted(), ["settlement", "settlement-running"])
    }
}
