import Foundation
import Schema

/// One completed visit of a provider's technician, as alerting records it from
/// `work.completed` (with the technician's `providerId` from `technician.upserted`).
public struct SettlementVisit: Sendable, Hashable {
    public var ticketId: String
    public var providerId: String
    /// When the visit was completed (the `work.completed` event's `occurredAt`).
    public var completedAt: Date
    public var partsUsed: [PartLine]
    public var evidence: WorkCompleted.Evidence?

    public init(ticketId: String, providerId: String, completedAt: Date, partsUsed: [PartLine], evidence: WorkCompleted.Evidence?) {
        self.ticketId = ticketId
        self.providerId = providerId
        self.completedAt = completedAt
        self.partsUsed = partsUsed
        self.evidence = evidence
    }

    /// The visit a completion describes.
    public init(_ completion: WorkCompleted, providerId: String, completedAt: Date) {
        self.init(ticketId: completion.ticketId, providerId: providerId, completedAt: completedAt,
                  partsUsed: completion.partsUsed, evidence: completion.evidence)
    }

    /// Settleable with the customer's signature and, when parts were used, old and new serials;
    /// otherwise held back as `evidence-missing`.
    public var status: SettlementLineStatus {
        (evidence?.isSettleable(partsUsed: partsUsed) ?? false) ? .settleable : .evidenceMissing
    }
}

/// A recorded settlement visit: what a statement line needs (no evidence, no PII).
public struct SettlementLineFact: Sendable, Hashable {
    public var ticketId: String
    public var providerId: String
    public var completedAt: Date
    public var status: SettlementLineStatus

    public init(ticketId: String, providerId: String, completedAt: Date, status: SettlementLineStatus) {
        self.ticketId = ticketId
        self.providerId = providerId
        self.completedAt = completedAt
        self.status = status
    }
}

/// A settlement month, `YYYY-MM`, in a given time zone (the brand's: default Asia/Shanghai).
public struct SettlementPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    /// 1…12.
    public var month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1...9_999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads `YYYY-MM`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)), bytes[0..<4].allSatisfy({ (48...57).contains($0) }),
              let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)), bytes[5..<7].allSatisfy({ (48...57).contains($0) })
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month holding `moment` in `zone`.
    public static func containing(_ moment: Date, in zone: TimeZone) -> SettlementPeriod {
        let local = moment.addingTimeInterval(Double(zone.secondsFromGMT(for: moment)))
        let days = Int64((local.timeIntervalSince1970 / 86_400).rounded(.down))
        let (year, month, _) = CivilCalendar.civil(fromDays: days)
        return SettlementPeriod(year: Int(year), month: Int(month))!
    }

    /// `YYYY-MM`.
    public var description: String {
        let yearText = String(year), monthText = String(month)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + (month < 10 ? "0" : "") + monthText
    }

    /// The following month.
    public var next: SettlementPeriod {
        month == 12 ? SettlementPeriod(year: year + 1, month: 1)! : SettlementPeriod(year: year, month: month + 1)!
    }

    /// The instants `[start, end)` of the month in `zone` (for a store query by completion time).
    public func bounds(in zone: TimeZone) -> (start: Date, end: Date) {
        (Self.midnight(of: self, in: zone), Self.midnight(of: next, in: zone))
    }

    /// Local midnight on the first of `period` in `zone`.
    private static func midnight(of period: SettlementPeriod, in zone: TimeZone) -> Date {
        let days = CivilCalendar.days(year: period.year, month: period.month, day: 1)
        let localMidnight = Date(timeIntervalSince1970: Double(days) * 86_400)
        // The zone's offset at that local midnight (guess with the offset at the UTC instant, then correct once).
        let guess = localMidnight.addingTimeInterval(-Double(zone.secondsFromGMT(for: localMidnight)))
        return localMidnight.addingTimeInterval(-Double(zone.secondsFromGMT(for: guess)))
    }

    public static func < (lhs: SettlementPeriod, rhs: SettlementPeriod) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}

/// A provider's monthly settlement statement (DESIGN.md "Authorised service network"). Pure.
///
/// - visits: the provider's completed visits whose completion falls in the period (in the
///   given time zone); others in the input are ignored;
/// - each visit is one line: settleable → the provider's visit rate, held back
///   (`evidence-missing`) → 0;
/// - `amount` = the sum of the lines, in whole cents; `settleable + heldBack = visits`;
/// - lines are ordered by completion time, then ticket id;
/// - a provider without `rates` gets lines at 0 in `defaultCurrency` (counts still right).
public enum Settlement {
    /// The statement of `providerId` for `period`.
    public static func statement(providerId: String, period: SettlementPeriod, timeZone: TimeZone, visits: [SettlementVisit],
                                 rate: ProviderUpserted.Rates?, defaultCurrency: String = "CNY") -> SettlementStatement {
        statement(providerId: providerId, period: period, timeZone: timeZone,
                  lines: visits.map { SettlementLineFact(ticketId: $0.ticketId, providerId: $0.providerId, completedAt: $0.completedAt,
                                                         status: $0.status) },
                  rate: rate, defaultCurrency: defaultCurrency)
    }

    /// A recorded visit's verdict when its statement is drawn up: the one recorded at its
    /// completion, unless that was held back and the ticket's latest work evidence, sent no later
    /// than the completion (event times), is settleable. `work.completed` and the
    /// `ticket.completed` it causes travel on different topics, so a lagging instance may apply
    /// the completion first; evidence sent after the completion (a resend dispatch refuses)
    /// never counts, and a settleable visit is never held back afterwards.
    public static func verdict(recorded: SettlementLineStatus, completedAt: Date,
                               latestEvidence: (status: SettlementLineStatus, at: Date)?) -> SettlementLineStatus {
        guard recorded == .evidenceMissing, let evidence = latestEvidence, evidence.at <= completedAt else { return recorded }
        return evidence.status
    }

    /// The statement from recorded visit lines (the handler stores each visit's status, not its
    /// evidence: the signature names a person).
    public static func statement(providerId: String, period: SettlementPeriod, timeZone: TimeZone, lines visits: [SettlementLineFact],
                                 rate: ProviderUpserted.Rates?, defaultCurrency: String = "CNY") -> SettlementStatement {
        let (start, end) = period.bounds(in: timeZone)
        let mine = visits.filter { $0.providerId == providerId && $0.completedAt >= start && $0.completedAt < end }
            .sorted { ($0.completedAt, $0.ticketId) < ($1.completedAt, $1.ticketId) }
        let rateCents = rate.flatMap { Money.cents($0.visit) } ?? 0
        var totalCents: Int64 = 0
        var settleable = 0
        let lines = mine.map { visit -> SettlementStatement.Line in
            let status = visit.status
            let cents = status == .settleable ? rateCents : 0
            if status == .settleable { settleable += 1 }
            totalCents += cents
            return SettlementStatement.Line(ticketId: visit.ticketId, amount: Money.amount(cents: cents), status: status)
        }
        return SettlementStatement(providerId: providerId, period: period.description, visits: mine.count, settleable: settleable,
                                   heldBack: mine.count - settleable, amount: Money.amount(cents: totalCents),
                                   currency: rate?.currency.uppercased() ?? defaultCurrency, lines: lines)
    }
}
