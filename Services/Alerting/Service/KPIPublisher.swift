import Foundation
import Postgres
import Schema
import ServiceRuntime

// MARK: KPI snapshots

extension AlertingHandler {
    /// Reads the facts of the last eight days and publishes one `kpi.snapshot` per window
    /// (`today` from midnight in each fact's region; counted events use the default zone).
    func publishKPIs(context: HandlerContext) throws {
        let (facts, counted) = try KPIFactStore.load(since: context.now.addingTimeInterval(-8 * 86_400),
                                                     holdPolicy: settings.holdPolicy, on: context.db)
        let (cutTickets, cutAudits) = try KPICutStore.load(since: context.now.addingTimeInterval(-8 * 86_400), on: context.db)
        for window in KPICalculator.windows(now: context.now, zones: settings.timeZones) {
            var figures = KPICalculator.figures(facts, in: window, to: context.now)
            for (type, name) in [(EventType.requestRejected, "requests.rejected"), (.messageDeadLettered, "messages.dead-lettered")] {
                figures[name] = Double(counted.filter { $0.eventType == type.rawValue && $0.at >= window.start }.count)
            }
            let inWindow = cutTickets.filter { $0.completedAt >= window.start(for: $0.fact.region) && $0.completedAt <= context.now }
            let auditsInWindow = cutAudits.filter { $0.recordedAt >= window.start(for: $0.region) && $0.recordedAt <= context.now }
            figures.merge(KPICuts.extraFigures(tickets: inWindow, audits: auditsInWindow)) { old, _ in old }
            try context.emit(KpiSnapshot(window: window.name, figures: figures, generatedAt: context.now), cause: nil)
            // The same window cut by region, provider and category (only values seen in it, bounded).
            for cut in KPICuts.cuts(tickets: cutTickets, audits: cutAudits, window: window, now: context.now,
                                    maxCutsPerDimension: settings.kpiMaxCutsPerDimension) {
                try context.emit(KpiSnapshot(window: window.name, figures: cut.figures, generatedAt: context.now,
                                             dimension: cut.dimension), cause: nil)
            }
        }
        try checkProviderAnomalies(cutTickets, context: context)
    }

    /// `provider-anomaly`: each provider against the field network over the last 7 days
    /// (enough visits to judge), raised, resolved or left as it is through the alert book.
    private func checkProviderAnomalies(_ tickets: [CutTicket], context: HandlerContext) throws {
        let since = context.now.addingTimeInterval(-7 * 86_400)
        let facts = tickets.filter { $0.completedAt >= since && $0.completedAt <= context.now }.map(\.fact)
        let intents = ProviderAnomalyCheck.intents(
            facts: facts, openProviders: try AlertStore.openSubjects(rule: ProviderAnomaly.rule, on: context.db),
            settings: settings.providerAnomaly)
        guard !intents.isEmpty else { return }
        var ledger = AlertBook.Ledger(recorded: try AlertStore.lock(intents.map(\.pair), on: context.db))
        ledger.apply(intents)
        try AlertStore.write(ledger.records, now: context.now, on: context.db)
        for event in ledger.events {
            switch event {
            case .raised(let alert, _): try context.emit(alert, cause: nil)
            case .escalated(let alert, _): try context.emit(alert, cause: nil)
            case .resolved(let alert, _): try context.emit(alert, cause: nil)
            }
        }
    }
}
