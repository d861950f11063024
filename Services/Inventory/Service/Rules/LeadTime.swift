import Foundation

/// A part's supplier lead time and the delivery date a backorder promises. Pure.
public enum LeadTime {
    /// Days to wait for `partNumber`: the catalogue's lead time, else the configured default,
    /// held within `InventoryLimits.leadTimeDays` (a stored or configured value beyond it can
    /// never push a date past what a timestamp holds).
    public static func days(catalogue: Int?, default defaultDays: Double) -> Double {
        let days = catalogue.map(Double.init) ?? defaultDays
        let bounds = Double(InventoryLimits.leadTimeDays.lowerBound)...Double(InventoryLimits.leadTimeDays.upperBound)
        guard days.isFinite else { return bounds.upperBound }
        return min(max(days, bounds.lowerBound), bounds.upperBound)
    }

    /// When the supplier should deliver: `now` plus the lead time.
    public static func expectedBy(now: Date, days: Double) -> Date {
        now.addingTimeInterval(days * 86_400)
    }
}
