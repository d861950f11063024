import Foundation
@testable import Postgres
import XCTest

/// Parsing of PostgreSQL's text output formats without a server.
final class PGTextFormatTests: XCTestCase {
    func testTimestampWithOffsetsAndFractions() throws {
        let utc = try XCTUnwrap(PGTimestamp.parse("2026-11-22 09:28:42.123456+00"))
        XCTAssertEqual(utc.timeIntervalSince1970, 1_795_339_722.123456, accuracy: 1e-6)
        let india = try XCTUnwrap(PGTimestamp.parse("2026-11-22 14:58:42.123456+05:30"))
        XCTAssertEqual(india.timeIntervalSince1970, utc.timeIntervalSince1970, accuracy: 1e-6)
        let negative = try XCTUnwrap(PGTimestamp.parse("2026-11-22 05:28:42.123456-04"))
        XCTAssertEqual(negative.timeIntervalSince1970, utc.timeIntervalSince1970, accuracy: 1e-6)
        let rfc = try XCTUnwrap(PGTimestamp.parse("2026-11-22T09:28:42Z"))
        XCTAssertEqual(rfc.timeIntervalSince1970, 1_795_339_722, accuracy: 1e-9)
        XCTAssertEqual(PGTimestamp.parse("2026-11-22")?.timeIntervalSince1970, 1_795_305_600)
        XCTAssertNil(PGTimestamp.parse("infinity"))
        XCTAssertNil(PGTimestamp.parse("2026-13-01"))
        XCTAssertNil(PGTimestamp.parse("2026-11-22 09:28"))
    }

    func testTimestampFormatParsesBack() throws {
        for seconds in [0.0, 1_795_339_722.654321, -86_400.25, 951_782_400] {   // incl. 2000-02-29
            let date = Date(timeIntervalSince1970: seconds)
            let parsed = try XCTUnwrap(PGTimestamp.parse(PGTimestamp.format(date)))
            XCTAssertEqual(parsed.timeIntervalSince1970, seconds, accuracy: 1e-6)
        }
        XCTAssertEqual(PGTimestamp.format(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29T00:00:00.000000Z")
    }

    func testArrayParsing() throws {
        XCTAssertEqual(try PGArrayText.parse("{}"), [])
        XCTAssertEqual(try PGArrayText.parse(#"{a,b,"c d","e\"f","g\\h",NULL,"NULL",""}"#),
                       ["a", "b", "c d", "e\"f", "g\\h", nil, "NULL", ""])
        XCTAssertEqual(try PGArrayText.parse("[0:1]={1,2}"), ["1", "2"])
        XCTAssertThrowsError(try PGArrayText.parse("{{1,2},{3,4}}"))
        XCTAssertThrowsError(try PGArrayText.parse("1,2"))
        XCTAssertThrowsError(try PGArrayText.parse(#"{"open}"#))
    }

    func testArrayFormatParsesBack() throws {
        let values = ["plain", "with space", "comma,inside", "{braces}", "quote\"", "back\\slash", "中文", "", "NULL"]
        XCTAssertEqual(try PGArrayText.parse(PGArrayText.format(values)), values)
    }

    func testScalarDecoding() throws {
        XCTAssertEqual(try Bool(pgText: "t", type: PGType.bool), true)
        XCTAssertEqual(try Bool(pgText: "f", type: PGType.bool), false)
        XCTAssertThrowsError(try Bool(pgText: "maybe", type: PGType.bool))
        XCTAssertEqual(try Data(pgText: "\\x00ff10", type: PGType.bytea), Data([0, 255, 16]))
        XCTAssertThrowsError(try Data(pgText: "\\x0", type: PGType.bytea))
        XCTAssertThrowsError(try Int(pgText: "12.5", type: PGType.numeric))
        XCTAssertEqual(try [Int](pgText: "{1,-2,3}", type: PGType.int8Array), [1, -2, 3])
        XCTAssertThrowsError(try [Int](pgText: "{1,NULL}", type: PGType.int8Array))
        XCTAssertNil(try Int?(pgNullOfType: PGType.int8))
        XCTAssertThrowsError(try Int(pgNullOfType: PGType.int8))
    }

    func testDataErrorMessagesAreRedacted() {
        XCTAssertEqual(PGError.redacted(#"invalid input syntax for type integer: "555-1234""#, sqlState: "22P02"),
                       "invalid input syntax for type integer: <redacted>")
        XCTAssertEqual(PGError.redacted(#"relation "x" does not exist"#, sqlState: "42P01"), #"relation "x" does not exist"#)
    }

    func testErrorClassification() {
        XCTAssertTrue(PGError(message: "", sqlState: "08006").isConnectionFailure)
        XCTAssertTrue(PGError(message: "", sqlState: "57P01").isConnectionFailure)
        XCTAssertFalse(PGError(message: "", sqlState: "57014").isConnectionFailure)
        XCTAssertTrue(PGError(message: "", sqlState: "40P01").isSerializationFailure)
        XCTAssertTrue(PGError(message: "", sqlState: "40001").isSerializationFailure)
        XCTAssertTrue(PGError(message: "", sqlState: "23505").isUniqueViolation)
        XCTAssertFalse(PGError(message: "", sqlState: "23503").isUniqueViolation)
    }
}
