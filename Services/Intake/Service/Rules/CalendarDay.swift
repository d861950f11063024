import Foundation
import Schema

/// A calendar day without time or zone ("YYYY-MM-DD"), with the arithmetic the warranty
/// and retention rules need: adding months (clamped to the month's last day), adding
/// days, comparing, and finding "today" in the business time zone. The civil-date
/// arithmetic itself is Schema's (`CivilCalendar`, `CalendarDate`), shared by all services.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid day, or nil (2026-02-30 is not a day).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly "YYYY-MM-DD" (Schema's `CalendarDate`); nil for anything else.
    public init?(_ text: String) {
        guard let parts = CalendarDate.parse(text), let year = parts.year, let month = parts.month, let day = parts.day
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day an instant falls on, `offsetSeconds` east of UTC (China: +8 h).
    public init(instant: Date, offsetSeconds: Int) {
        let seconds = Int64((instant.timeIntervalSince1970).rounded(.down)) + Int64(offsetSeconds)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self.init(daysSinceEpoch: days)
    }

    /// The day `days` after 1970-01-01.
    public init(daysSinceEpoch value: Int64) {
        let (year, month, day) = CivilCalendar.civil(fromDays: value)
        self.year = Int(year)
        self.month = Int(month)
        self.day = Int(day)
    }

    // MARK: Arithmetic

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64 {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    /// The same day `months` later (or earlier when negative); a day past the end of the
    /// target month becomes its last day (2024-01-31 + 1 month = 2024-02-29).
    public func adding(months: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        let clampedYear = min(max(newYear, 1), 9999)
        let newDay = min(day, CivilCalendar.length(ofMonth: newMonth, year: clampedYear))
        return CalendarDay(year: clampedYear, month: newMonth, day: newDay)!
    }

    /// The day `days` later (or earlier when negative).
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDay) -> Int {
        Int(other.daysSinceEpoch - daysSinceEpoch)
    }

    /// Midnight at the start of this day, `offsetSeconds` east of UTC.
    public func startInstant(offsetSeconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(daysSinceEpoch * 86_400 - Int64(offsetSeconds)))
    }

    /// "YYYY-MM-DD".
    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// "YYYYMMDD", as used in ticket ids.
    public var compact: String { pad(year, 4) + pad(month, 2) + pad(day, 2) }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Helpers

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
