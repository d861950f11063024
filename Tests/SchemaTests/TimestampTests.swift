import Foundation
import Schema
import XCTest

/// RFC 3339 instants and YYYY-MM-DD calendar dates.
final class TimestampTests: XCTestCase {
    let eightOClock = Date(timeIntervalSince1970: 1_795_334_400)  // 2026-11-22T08:00:00Z

    func testParsesWithoutFraction() {
        XCTAssertEqual(Timestamp.parse("2026-11-22T08:00:00Z"), eightOClock)
        XCTAssertEqual(Timestamp.parse("1970-01-01T00:00:00Z"), Date(timeIntervalSince1970: 0))
    }

    func testParsesFractionalSecondsOfAnyLength() {
        XCTAssertEqual(Timestamp.parse("2026-11-22T08:00:00.5Z"), eightOClock.addingTimeInterval(0.5))
        XCTAssertEqual(Timestamp.parse("2026-11-22T08:00:00.250Z"), eightOClock.addingTimeInterval(0.25))
        XCTAssertEqual(
            Timestamp.parse("2026-11-22T08:00:00.123456789Z")!.timeIntervalSince1970,
            eightOClock.timeIntervalSince1970 + 0.123457, accuracy: 1e-6)
    }

    func testParsesOffsetsAndLowercase() {
        XCTAssertEqual(Timestamp.parse("2026-11-22T16:00:00+08:00"), eightOClock)
        XCTAssertEqual(Timestamp.parse("2026-11-22T02:30:00-05:30"), eightOClock)
        XCTAssertEqual(Timestamp.parse("2026-11-22t08:00:00z"), eightOClock)
    }

    func testRejectsMalformedText() {
        for bad in [
            "", "2026-11-22", "2026-11-22T08:00:00", "2026-11-22 08:00:00Z", "2026-11-22T08:00Z",
            "2026-13-22T08:00:00Z", "2026-02-29T08:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T08:60:00Z",
            "2026-11-22T08:00:00.Z", "2026-11-22T08:00:00+0800", "2026-11-22T08:00:00Zjunk", "26-11-22T08:00:00Z",
            "1795334400",
        ] {
            XCTAssertNil(Timestamp.parse(bad), bad)
        }
    }

    func testFormatsUTCWithMilliseconds() {
        XCTAssertEqual(Timestamp.format(eightOClock), "2026-11-22T08:00:00.000Z")
        XCTAssertEqual(Timestamp.format(eightOClock.addingTimeInterval(0.25)), "2026-11-22T08:00:00.250Z")
        XCTAssertEqual(Timestamp.format(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp.format(Date(timeIntervalSince1970: -0.5)), "1969-12-31T23:59:59.500Z")
        XCTAssertEqual(Timestamp.format(Timestamp.parse("2024-02-29T23:59:59.999Z")!), "2024-02-29T23:59:59.999Z")
    }

    func testFormatThenParseKeepsMilliseconds() {
        var state: UInt64 = 42
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let millis = Int64(state >> 24) % 8_000_000_000_000  // up to about 2223
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let text = Timestamp.format(date)
            XCTAssertEqual(Timestamp.parse(text)!.timeIntervalSince1970, date.timeIntervalSince1970, accuracy: 1e-6, text)
            XCTAssertEqual(Timestamp.format(Timestamp.parse(text)!), text)
        }
    }

    func testAgreesWithFoundationFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000.0, by: 86_399_999.0) {
            let date = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(Timestamp.parse(formatter.string(from: date)), date)
        }
    }

    // MARK: Calendar dates

    func testCalendarDates() {
        XCTAssertEqual(CalendarDate.parse("2025-06-01"), DateComponents(year: 2025, month: 6, day: 1))
        XCTAssertEqual(CalendarDate.date("1970-01-02"), Date(timeIntervalSince1970: 86_400))
        XCTAssertTrue(CalendarDate.isValid("2024-02-29"))
        XCTAssertFalse(CalendarDate.isValid("2023-02-29"))
        XCTAssertFalse(CalendarDate.isValid("1900-02-29"))
        XCTAssertTrue(CalendarDate.isValid("2000-02-29"))
        for bad in ["2025-6-01", "2025-06-1", "20250601", "2025-06-01Z", "2025-00-10", "2025-04-31", "", "abcd-ef-gh"] {
            XCTAssertNil(CalendarDate.parse(bad), bad)
            XCTAssertNil(CalendarDate.date(bad), bad)
        }
        XCTAssertEqual(CalendarDate.format(eightOClock), "2026-11-22")
        XCTAssertEqual(CalendarDate.format(Date(timeIntervalSince1970: -1)), "1969-12-31")
    }
}
