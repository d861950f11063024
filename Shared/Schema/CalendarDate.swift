import Foundation

/// A calendar date without time or zone ("YYYY-MM-DD"): purchase dates, warranty ends.
public enum CalendarDate {
    /// The year, month and day of a valid "YYYY-MM-DD"; nil otherwise (including 2026-02-30).
    public static func parse(_ text: String) -> DateComponents? {
        guard let (year, month, day) = parts(text) else { return nil }
        return DateComponents(year: year, month: month, day: day)
    }

    /// Midnight UTC of a valid "YYYY-MM-DD"; nil otherwise.
    public static func date(_ text: String) -> Date? {
        guard let (year, month, day) = parts(text) else { return nil }
        return Date(timeIntervalSince1970: Double(CivilCalendar.days(year: year, month: month, day: day) * 86_400))
    }

    /// True when the text is a valid "YYYY-MM-DD".
    public static func isValid(_ text: String) -> Bool { parts(text) != nil }

    /// The UTC calendar day of an instant, as "YYYY-MM-DD".
    public static func format(_ date: Date) -> String {
        let days = Int64((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        return CivilCalendar.pad(year, 4) + "-" + CivilCalendar.pad(month, 2) + "-" + CivilCalendar.pad(day, 2)
    }

    private static func parts(_ text: String) -> (Int, Int, Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return nil }
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.digits(4), reader.expect(UInt8(ascii: "-")),
            let month = reader.digits(2), reader.expect(UInt8(ascii: "-")),
            let day = reader.digits(2), reader.atEnd,
            CivilCalendar.isValid(year: year, month: month, day: day)
        else { return nil }
        return (year, month, day)
    }
}
