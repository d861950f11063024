import Foundation
import Schema

/// `aftersales settlement --provider P --month YYYY-MM`: a provider's monthly
/// `settlement.statement` (published by alerting on `aftersales.kpis`, keyed by `providerId`).
/// The latest statement for the provider and period wins (a republished month replaces the
/// earlier one); statements that do not decode and validate as `SettlementStatement` are
/// skipped.
public struct SettlementBoard: Sendable {
    /// The provider asked for.
    public let providerId: String
    /// The month asked for, `YYYY-MM`.
    public let period: String
    /// The statement, when one was published.
    public let statement: SettlementStatement?
    /// Its `data` as published.
    public let data: JSONValue?
    /// Every period published for the provider, newest first (for the message when none matches).
    public let periods: [String]

    /// The latest statement of `providerId` for `period` among `envelopes`.
    public init(envelopes: [Envelope], providerId: String, period: String) {
        var latest: (at: Date, statement: SettlementStatement, data: JSONValue)?
        var periods: Set<String> = []
        for envelope in envelopes where envelope.eventType == .settlementStatement {
            guard let statement = try? envelope.payload(as: SettlementStatement.self), statement.providerId == providerId else {
                continue
            }
            periods.insert(statement.period)
            guard statement.period == period else { continue }
            if let current = latest, current.at > envelope.occurredAt { continue }
            latest = (envelope.occurredAt, statement, envelope.data)
        }
        self.providerId = providerId
        self.period = period
        self.statement = latest?.statement
        self.data = latest?.data
        self.periods = periods.sorted(by: >)
    }

    /// Whether `text` is a month `YYYY-MM` (01…12), as the contract's `period`.
    public static func isMonth(_ text: String) -> Bool {
        var checks = FieldChecks()
        checks.calendarMonth(text, "month")
        return checks.errors.isEmpty
    }

    /// The sentence when no statement matches.
    public var missingMessage: String {
        let published = periods.isEmpty
            ? "no statement names provider \(Printable.shortened(providerId, to: 80)) at all"
            : "periods published for it: \(periods.prefix(12).joined(separator: ", "))"
        return "no settlement statement for provider \(Printable.shortened(providerId, to: 80)) for \(period) on aftersales.kpis "
            + "(\(published)); alerting publishes a month's statements at 00:00 on the 1st of the next month"
    }

    /// The header (visits, settleable, held back, amount, currency) then one line per ticket.
    public func render() -> String {
        guard let statement else { return missingMessage }
        let header = TextTable.render(header: ["provider", Printable.shortened(statement.providerId, to: 80)], rows: [
            ["period", statement.period],
            ["visits", String(statement.visits)],
            ["settleable", String(statement.settleable)],
            ["held back", String(statement.heldBack)],
            ["amount", Money.format(statement.amount)],
            ["currency", Printable.shortened(statement.currency, to: 8)],
        ])
        guard !statement.lines.isEmpty else { return header + "\n\nno visit lines" }
        let lines = TextTable.render(header: ["TICKET", "AMOUNT", "STATUS"], rows: statement.lines.map { line in
            [Printable.shortened(line.ticketId, to: 80), Money.format(line.amount), line.status.rawValue]
        })
        return header + "\n\n" + lines
    }

    /// `--json`: the statement's payload (its `data` as published), one line; nil without one.
    public var json: String? {
        data.map { String(decoding: JSONWriter.data($0), as: UTF8.self) }
    }
}
