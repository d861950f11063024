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
