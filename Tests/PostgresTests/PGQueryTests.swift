import Foundation
@testable import Postgres
import XCTest

/// Query building without a server: placeholders, binds, composition, raw splicing.
final class PGQueryTests: XCTestCase {
    func testInterpolatedValuesBecomeNumberedPlaceholders() {
        let id = "abc"
        let level = 3
        let q: PGQuery = "SELECT * FROM t WHERE id = \(id) AND level > \(level) AND x IS \(Optional<Int>.none)"
        XCTAssertEqual(q.sql, "SELECT * FROM t WHERE id = $1 AND level > $2 AND x IS $3")
        XCTAssertEqual(q.binds, [.text("abc"), .text("3"), .null])
    }

    func testLiteralWithoutValuesHasNoBinds() {
        let q: PGQuery = "SELECT 1"
        XCTAssertEqual(q.sql, "SELECT 1")
        XCTAssertTrue(q.binds.isEmpty)
    }

    func testAppendRenumbersPlaceholders() {
        var q: PGQuery = "SELECT * FROM t WHERE a = \(1)"
        q.append(" AND b = \("two")")
        q += " AND c = \(3.5)"
        let r = q + " ORDER BY \(unsafeRaw: "a")"
        XCTAssertEqual(r.sql, "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3 ORDER BY a")
        XCTAssertEqual(r.binds.map(\.text), ["1", "two", "3.5"])
    }

    func testJoinedAndFragmentKeepParameters() {
        let filters: [PGQuery] = ["a = \(1)", "b = \(2)"]
        let q: PGQuery = "SELECT 1 WHERE \(fragment: PGQuery.joined(filters, separator: " AND ")) LIMIT \(5)"
        XCTAssertEqual(q.sql, "SELECT 1 WHERE a = $1 AND b = $2 LIMIT $3")
        XCTAssertEqual(q.binds.map(\.text), ["1", "2", "5"])
    }

    func testStringLiteralInInterpolationIsBoundNotSpliced() {
        let q: PGQuery = "SELECT \("'; DROP TABLE x; --")"
        XCTAssertEqual(q.sql, "SELECT $1")
        XCTAssertEqual(q.binds, [.text("'; DROP TABLE x; --")])
    }

    func testDescriptionShowsSQLNotValues() {
        let q: PGQuery = "SELECT \("secret phone 555")"
        XCTAssertFalse(q.description.contains("555"))
    }

    func testValueEncodings() {
        XCTAssertEqual(true.pgValue, PGValue(text: "true", type: PGType.bool))
        XCTAssertEqual(Data([0, 1, 254, 255]).pgValue.text, "\\x0001feff")
        let uuid = UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8")!
        XCTAssertEqual(uuid.pgValue.text, "6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        XCTAssertEqual(Date(timeIntervalSince1970: 1_763_803_722.123456).pgValue.text, "2025-11-22T09:28:42.123456Z")
        XCTAssertEqual(Date(timeIntervalSince1970: -1.5).pgValue.text, "1969-12-31T23:59:58.500000Z")
        XCTAssertEqual(["a", "b \"c\"", "d\\e", ""].pgValue.text, #"{"a","b \"c\"","d\\e",""}"#)
        XCTAssertEqual([Int]().pgValue.text, "{}")
        XCTAssertEqual(Double.infinity.pgValue.text, "Infinity")
    }

    func testPGJSONEncodesWithSortedKeys() throws {
        struct Item: Codable { var b: Int; var a: String }
        XCTAssertEqual(try PGJSON(Item(b: 1, a: "x")).text, #"{"a":"x","b":1}"#)
    }
}
