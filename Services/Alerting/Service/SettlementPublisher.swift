import Foundation
import Postgres
import Schema
import ServiceRuntime

// MARK: Monthly settlement statements

extension AlertingHandler {
    /// The start of the month after the one holding `moment`, in the brand's time zone.
    func nextMonthStart(after moment: Date) -> Date {
        let zone = settings.timeZones.defaultZone
        return SettlementPeriod.containing(moment, in: zone).next.bounds(in: zone).start
    }

    /// Sets the month-end timer (`settlement-month`, at 00:00 on the 1st in the brand's zone).
    func scheduleSettlement(context: HandlerContext) throws {
        try context.schedule(timer: TimerKind.settlementMonth.name, key: TimerKind.settlementKey,
                             at: nextMonthStart(after: context.now), cause: nil)
    }

    /// The key of the demo's running-statement timer (kind `settlement-month` too, so the
    /// timers table needs no new kind): `AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS`.
    static let runningSettlementKey = "settlement-running"

    /// At start-up: the month-end timer when missing, and with the running setting on, the
    /// running-statement timer when missing.
    func startSettlement(context: HandlerContext) throws {
        if try !context.hasTimer(kind: TimerKind.settlementMonth.name, key: TimerKind.settlementKey) {
            try scheduleSettlement(context: context)
        }
        if let seconds = settings.settlementRunningSeconds,
           try !context.hasTimer(kind: TimerKind.settlementMonth.name, key: Self.runningSettlementKey) {
            try context.schedule(timer: TimerKind.settlementMonth.name, key: Self.runningSettlementKey,
                                 at: context.now.addingTimeInterval(seconds), cause: nil)
        }
    }

    /// A due `settlement-month` timer. The month-end one publishes the month that just closed
    /// (the one holding the moment before its due time) and sets the next; the running one
    /// publishes the current month so far (a later statement of a period replaces an earlier
    /// one) and sets itself again while the setting is on (turned off, it lapses).
    func fireSettlement(_ timer: DueTimer, context: HandlerContext) throws {
        let zone = settings.timeZones.defaultZone
        if timer.key == Self.runningSettlementKey {
            try publishStatements(for: SettlementPeriod.containing(context.now, in: zone), context: context)
            if let seconds = settings.settlementRunningSeconds {
                try context.schedule(timer: TimerKind.settlementMonth.name, key: Self.runningSettlementKey,
                                     at: context.now.addingTimeInterval(seconds), cause: nil)
            }
            return
        }
        try publishStatements(for: SettlementPeriod.containing(timer.dueAt.addingTimeInterval(-1), in: zone), context: context)
        try scheduleSettlement(context: context)
    }

    /// Publishes one `settlement.statement` per provider with visits in `period` (providers in
    /// id order), at its visit rate (or 0 in `AFTERSALES_ALERTING_CURRENCY` without rates).
    func publishStatements(for period: SettlementPeriod, context: HandlerContext) throws {
        let zone = settings.timeZones.defaultZone
        let (start, end) = period.bounds(in: zone)
        let (visits, rates) = try SettlementStore.month(start: start, end: end, on: context.db)
        for providerId in Set(visits.map(\.providerId)).sorted() {
            try context.emit(Settlement.statement(providerId: providerId, period: period, timeZone: zone, lines: visits,
                                                  rate: rates[providerId], defaultCurrency: settings.currency),
                             cause: nil)
        }
    }
}
