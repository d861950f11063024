import Foundation

/// RFC 3339 timestamps in UTC, the only form of instant on the wire.
///
/// `format` always emits milliseconds and `Z` ("2026-11-22T08:00:00.000Z").
/// `parse` accepts any number of fractional digits or none, `Z`/`z` or a numeric offset
/// (`+08:00`), and `T`/`t` as the separator. Pure arithmetic: no formatter, no locale.
public enum Timestamp {
    /// "YYYY-MM-DDTHH:MM:SS.mmmZ" in UTC.
    public static func format(_ date: Date) -> String {
        let totalMillis = (date.timeIntervalSince1970 * 1000).rounded()
        let millisValue = Int64(totalMillis)
        var seconds = millisValue / 1000
        var millis = millisValue % 1000
        if millis < 0 { millis += 1000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        return CivilCalendar.pad(year, 4) + "-" + CivilCalendar.pad(month, 2) + "-" + CivilCalendar.pad(day, 2)
            + "T" + CivilCalendar.pad(secondOfDay / 3600, 2) + ":" + CivilCalendar.pad(secondOfDay % 3600 / 60, 2)
            + ":" + CivilCalendar.pad(secondOfDay % 60, 2) + "." + CivilCalendar.pad(millis, 3) + "Z"
    }

    /// Parses an RFC 3339 date-time; nil when the text is not one.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.digits(4), reader.expect(UInt8(ascii: "-")),
            let month = reader.digits(2), reader.expect(UInt8(ascii: "-")),
            let day = reader.digits(2), reader.expect(UInt8(ascii: "T")) || reader.expect(UInt8(ascii: "t")),
            let hour = reader.digits(2), reader.expect(UInt8(ascii: ":")),
            let minute = reader.digits(2), reader.expect(UInt8(ascii: ":")),
            let second = reader.digits(2)
        else { return nil }
        guard CivilCalendar.isValid(year: year, month: month, day: day),
            hour < 24, minute < 60, second < 61  // allow a leap second, folded into the next
        else { return nil }
        var fraction = 0.0
        if reader.expect(UInt8(ascii: ".")) {
            var scale = 0.1
            var count = 0
            while let digit = reader.digit() {
                fraction += Double(digit) * scale
                scale /= 10
                count += 1
            }
            guard count > 0 else { return nil }
        }
        var offsetSeconds = 0
        if reader.expect(UInt8(ascii: "Z")) || reader.expect(UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else {
            let sign: Int
            if reader.expect(UInt8(ascii: "+")) { sign = 1 } else if reader.expect(UInt8(ascii: "-")) { sign = -1 } else { return nil }
            guard let offsetHours = reader.digits(2), reader.expect(UInt8(ascii: ":")), let offsetMinutes = reader.digits(2),
                offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard reader.atEnd else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        // Round the fraction to microseconds so that ".123Z" reads back as exactly what format emits.
        return Date(timeIntervalSince1970: Double(seconds) + (fraction * 1_000_000).rounded() / 1_000_000)
    }
}

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

// MARK: - Helpers

/// Proleptic Gregorian arithmetic (Howard Hinnant's days-from-civil algorithms).
enum CivilCalendar {
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Days since 1970-01-01.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month, day of a count of days since 1970-01-01.
    static func civil(fromDays value: Int64) -> (Int64, Int64, Int64) {
        let z = value + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// Reads fixed-width ASCII digits and separators from a byte array.
struct DigitReader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func digit() -> Int? {
        guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - 48)
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}
