/// Records are kept at least two years after the warranty ends (DESIGN.md): a ticket may
/// be deleted once both its warranty end and its last activity (opened, completed or
/// cancelled) lie more than `years` before today. Counting the last activity too keeps a
/// ticket opened for a long-expired product for two years as well.
public struct RetentionRule: Sendable, Equatable {
    /// Years kept after the warranty end; never less than 2.
    public let years: Int

    public static let minimumYears = 2

    public init(years: Int = 2) {
        self.years = max(years, RetentionRule.minimumYears)
    }

    /// Tickets whose warranty end and last activity are before this day may be deleted.
    public func cutoff(today: CalendarDay) -> CalendarDay {
        today.adding(months: -12 * years)
    }

    /// Whether a ticket may be deleted today.
    public func mayDelete(warrantyEnd: CalendarDay?, lastActivity: CalendarDay, today: CalendarDay) -> Bool {
        max(warrantyEnd ?? lastActivity, lastActivity) < cutoff(today: today)
    }
}
