import Foundation

/// Formatting and parsing of PostgreSQL timestamps and dates without Foundation formatters
/// (they round to milliseconds; PostgreSQL keeps microseconds).
enum PGTimestamp {
    // MARK: Formatting

    /// RFC 3339 in UTC with six fractional digits: `2026-11-22T09:28:42.123456Z`.
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, fraction) = floorDivide(micros, 1_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        let hour = secondOfDay / 3600, minute = secondOfDay % 3600 / 60, second = secondOfDay % 60
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2)
            + ":" + pad(second, 2) + "." + pad(fraction, 6) + "Z"
    }

    // MARK: Parsing

    /// Parses `timestamptz` / `timestamp` output (`2026-11-22 09:28:42.5+00`, `…+05:30`,
    /// RFC 3339 with `T` and `Z`) and `date` output (`2026-11-22`, midnight UTC).
    /// A timestamp without offset is taken as UTC. Nil for anything else (`infinity`, BC).
    static func parse(_ text: String) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        if scanner.atEnd { return Date(timeIntervalSince1970: Double(days * 86_400)) }
        guard scanner.skip(" ") || scanner.skip("T") || scanner.skip("t"),
              let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2), scanner.skip(":"),
              let second = scanner.number(digits: 2), hour < 25, minute < 60, second < 61 else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            guard let (value, count) = scanner.fraction() else { return nil }
            fraction = Double(value) / pow(10, Double(count))
        }
        var offsetSeconds: Int64 = 0
        if scanner.skip("Z") || scanner.skip("z") {
        } else if let sign = scanner.sign() {
            guard let offsetHours = scanner.number(digits: 2) else { return nil }
            var offsetMinutes: Int64 = 0, offsetSecs: Int64 = 0
            if scanner.skip(":") {
                guard let m = scanner.number(digits: 2) else { return nil }
                offsetMinutes = m
                if scanner.skip(":") {
                    guard let s = scanner.number(digits: 2) else { return nil }
                    offsetSecs = s
                }
            } else if let m = scanner.number(digits: 2) {
                offsetMinutes = m
            }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60 + offsetSecs)
        }
        guard scanner.atEnd else { return nil }
        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(whole) + fraction)
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let quotient = a >= 0 ? a / b : (a - b + 1) / b
        return (quotient, a - quotient * b)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A cursor over ASCII bytes for the timestamp parser.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Character) -> Bool {
        guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
        index += 1
        return true
    }

    /// Exactly `digits` decimal digits (a year may have more).
    mutating func number(digits: Int) -> Int64? {
        var value: Int64 = 0
        var count = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]), count < digits || digits == 4 {
            value = value * 10 + digit
            index += 1
            count += 1
            if count > 9 { return nil }
        }
        return count >= digits ? value : nil
    }

    /// One or more digits after a decimal point: (value, digit count), at most 9 kept.
    mutating func fraction() -> (Int64, Int)? {
        var value: Int64 = 0
        var count = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            if count < 9 {
                value = value * 10 + digit
                count += 1
            }
            index += 1
        }
        return count > 0 ? (value, count) : nil
    }

    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        (48...57).contains(byte) ? Int64(byte - 48) : nil
    }
}
