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
        guard (0...9999).contains(year) else {
            return CivilCalendar.pad(year, 4) + "-" + CivilCalendar.pad(month, 2) + "-" + CivilCalendar.pad(day, 2)
                + "T" + CivilCalendar.pad(secondOfDay / 3600, 2) + ":" + CivilCalendar.pad(secondOfDay % 3600 / 60, 2)
                + ":" + CivilCalendar.pad(secondOfDay % 60, 2) + "." + CivilCalendar.pad(millis, 3) + "Z"
        }
        // Fast path: fixed-width digits written straight into the string's storage.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var position = 0
            func digits(_ value: Int64, _ width: Int) {
                var divisor: Int64 = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    buffer[position] = UInt8(48 + (value / divisor) % 10)
                    position += 1
                    divisor /= 10
                }
            }
            func mark(_ character: Unicode.Scalar) {
                buffer[position] = UInt8(ascii: character)
                position += 1
            }
            digits(year, 4); mark("-"); digits(month, 2); mark("-"); digits(day, 2); mark("T")
            digits(secondOfDay / 3600, 2); mark(":"); digits(secondOfDay % 3600 / 60, 2); mark(":")
            digits(secondOfDay % 60, 2); mark("."); digits(millis, 3); mark("Z")
            return position
        }
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
