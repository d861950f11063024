import AlertingService
import Foundation
import Schema
import XCTest

/// Evidence-gated settlement: settleability, statement sums, periods in a time zone.
final class SettlementRulesTests: XCTestCase {
    private let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    private let signature = WorkCompleted.Signature(signedBy: "customer", signedAt: Date(timeIntervalSince1970: 1_796_000_000))
    private let part = [PartLine(partNumber: "P-1", quantity: 1)]

    /// 2026-12-10 12:00 in Shanghai.
    private let midMonth = Date(timeIntervalSince1970: 1_796_875_200)

    private func visit(_ ticket: String, provider: String = "SP-1", at date: Date? = nil, parts: [PartLine] = [],
                       evidence: WorkCompleted.Evidence?) -> SettlementVisit {
        SettlementVisit(ticketId: ticket, providerId: provider, completedAt: date ?? midMonth, partsUsed: parts, evidence: evidence)
    }

    func testSettleability() {
        XCTAssertEqual(visit("A", evidence: WorkCompleted.Evidence(signature: signature)).status, .settleable)
        XCTAssertEqual(visit("B", evidence: nil).status, .evidenceMissing)
        XCTAssertEqual(visit("C", evidence: WorkCompleted.Evidence(photos: ["https://x/1.jpg"])).status, .evidenceMissing,
                       "photos without the signature are not enough")
        XCTAssertEqual(visit("D", parts: part, evidence: WorkCompleted.Evidence(signature: signature)).status, .evidenceMissing,
                       "parts used: serials required")
        XCTAssertEqual(visit("E", parts: part, evidence: WorkCompleted.Evidence(oldPartSerials: ["O1"], signature: signature)).status,
                       .evidenceMissing, "the new part's serial is missing")
        XCTAssertEqual(visit("F", parts: part, evidence: WorkCompleted.Evidence(oldPartSerials: ["O1"], newPartSerials: ["N1"],
                                                                                signature: signature)).status, .settleable)
    }

    func testVerdictTakesEvidenceSentByTheCompletionEvenWhenAppliedAfterIt() {
        let done = midMonth
        func verdict(_ recorded: SettlementLineStatus, _ evidence: (SettlementLineStatus, TimeInterval)?) -> SettlementLineStatus {
            Settlement.verdict(recorded: recorded, completedAt: done,
                               latestEvidence: evidence.map { ($0.0, done.addingTimeInterval($0.1)) })
        }
        XCTAssertEqual(verdict(.evidenceMissing, (.settleable, -60)), .settleable, "sent before the completion, applied after it")
        XCTAssertEqual(verdict(.evidenceMissing, (.settleable, 0)), .settleable, "sent at the completion")
        XCTAssertEqual(verdict(.evidenceMissing, (.settleable, 1)), .evidenceMissing, "sent after the completion: never counts")
        XCTAssertEqual(verdict(.evidenceMissing, nil), .evidenceMissing, "no work.completed at all")
        XCTAssertEqual(verdict(.evidenceMissing, (.evidenceMissing, -60)), .evidenceMissing)
        XCTAssertEqual(verdict(.settleable, (.evidenceMissing, -60)), .settleable, "a settleable visit stays settleable")
        XCTAssertEqual(verdict(.settleable, (.evidenceMissing, 600)), .settleable)
    }

    func testStatementIsTheSumOfItsLines() {
        let good = WorkCompleted.Evidence(signature: signature)
        let visits = [
            visit("T-3", at: midMonth.addingTimeInterval(60), evidence: good),
            visit("T-1", evidence: good),
            visit("T-2", evidence: nil),
            visit("T-4", parts: part, evidence: good),
            visit("T-9", provider: "SP-2", evidence: good),
        ]
        let statement = Settlement.statement(providerId: "SP-1", period: SettlementPeriod("2026-12")!, timeZone: shanghai,
                                             visits: visits, rate: ProviderUpserted.Rates(visit: 33.33, currency: "cny"))
        XCTAssertEqual(statement.period, "2026-12")
        XCTAssertEqual(statement.visits, 4)
        XCTAssertEqual(statement.settleable, 2)
        XCTAssertEqual(statement.heldBack, 2)
        XCTAssertEqual(statement.currency, "CNY")
        XCTAssertEqual(statement.lines.map(\.ticketId), ["T-1", "T-2", "T-4", "T-3"], "by completion time, then ticket id")
        XCTAssertEqual(statement.lines.map(\.status), [.settleable, .evidenceMissing, .evidenceMissing, .settleable])
        XCTAssertEqual(statement.lines.map(\.amount), [33.33, 0, 0, 33.33])
        XCTAssertEqual(statement.amount, 66.66)
        XCTAssertEqual(Money.cents(statement.amount), statement.lines.reduce(Int64(0)) { $0 + Money.cents($1.amount)! })
        XCTAssertEqual(statement.validate(), [])
    }

    func testManyLinesAddUpExactly() {
        let good = WorkCompleted.Evidence(signature: signature)
        let visits = (0..<1_000).map { visit("T-\($0)", at: midMonth.addingTimeInterval(Double($0)), evidence: good) }
        let statement = Settlement.statement(providerId: "SP-1", period: SettlementPeriod("2026-12")!, timeZone: shanghai,
                                             visits: visits, rate: ProviderUpserted.Rates(visit: 0.1, currency: "CNY"))
        XCTAssertEqual(statement.amount, 100)  // 1000 × 0.10, not 99.9999…
    }

    func testPeriodFollowsTheTimeZone() {
        // 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Shanghai.
        let lateNovemberUTC = Date(timeIntervalSince1970: 1_796_056_200)
        XCTAssertEqual(SettlementPeriod.containing(lateNovemberUTC, in: shanghai).description, "2026-12")
        XCTAssertEqual(SettlementPeriod.containing(lateNovemberUTC, in: TimeZone(identifier: "UTC")!).description, "2026-11")
        let (start, end) = SettlementPeriod("2026-12")!.bounds(in: shanghai)
        XCTAssertEqual(start, Date(timeIntervalSince1970: 1_796_054_400))  // 2026-11-30T16:00:00Z
        XCTAssertEqual(end, Date(timeIntervalSince1970: 1_798_732_800))    // 2026-12-31T16:00:00Z
        let statement = Settlement.statement(providerId: "SP-1", period: SettlementPeriod("2026-11")!, timeZone: shanghai,
                                             visits: [visit("T-1", at: lateNovemberUTC, evidence: nil)], rate: nil)
        XCTAssertEqual(statement.visits, 0, "the visit belongs to December in Shanghai")
    }

    func testPeriodParsing() {
        XCTAssertEqual(SettlementPeriod("2026-01")?.next.description, "2026-02")
        XCTAssertEqual(SettlementPeriod("2026-12")?.next.description, "2027-01")
        for bad in ["2026-13", "2026-00", "2026-1", "26-01", "2026/01", "abcd-ef", ""] { XCTAssertNil(SettlementPeriod(bad), bad) }
    }

    func testProviderWithoutRateGetsZeroLines() {
        let statement = Settlement.statement(providerId: "SP-1", period: SettlementPeriod("2026-12")!, timeZone: shanghai,
                                             visits: [visit("T-1", evidence: WorkCompleted.Evidence(signature: signature))], rate: nil)
        XCTAssertEqual(statement.settleable, 1)
        XCTAssertEqual(statement.amount, 0)
        XCTAssertEqual(statement.currency, "CNY")
    }
}
