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
        for window in KPICalculator.windows(now: context.now, zones: settings.timeZones) {
            var figures = KPICalculator.figures(facts, in: window, to: context.now)
            for (type, name) in [(EventType.requestRejected, "requests.rejected"), (.messageDeadLettered, "messages.dead-lettered")] {
                figures[name] = Double(counted.filter { $0.eventType == type.rawValue && $0.at >= window.start }.count)
            }
            try context.emit(KpiSnapshot(window: window.name, figures: figures, generatedAt: context.now), cause: nil)
        }
    }
}
