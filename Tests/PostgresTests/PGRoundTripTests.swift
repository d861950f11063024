import Foundation
import Postgres
import XCTest

/// Every supported type goes in as a bound parameter and comes back out equal.
final class PGRoundTripTests: DatabaseTestCase {
    private struct Profile: Codable, Equatable {
        var name: String
        var tags: [String]
        var score: Double
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try db.simpleExecute("""
            DROP TABLE IF EXISTS everything;
            CREATE TABLE everything (
                id serial PRIMARY KEY,
                s text, i bigint, i32 int, i64 bigint, d double precision, n numeric(12,4), b boolean,
                ts timestamptz, day date, u uuid, bytes bytea, doc jsonb, names text[], numbers bigint[]
            )
            """)
    }

    func testEveryTypeRoundTrips() throws {
        let when = Date(timeIntervalSince1970: 1_795_339_722.123456)
        let uuid = UUID()
        let bytes = Data((0...255).map { UInt8($0) })
        let profile = Profile(name: "王小明", tags: ["vip", "回访"], score: 4.5)
        let names = ["plain", "with space", "comma,inside", "{braces}", "quote\"", "back\\slash", "中文", "", "NULL"]
        try db.execute("""
            INSERT INTO everything (s, i, i32, i64, d, n, b, ts, day, u, bytes, doc, names, numbers)
            VALUES (\("空调不制冷 — 客户说"), \(Int.min), \(Int32.max), \(Int64.max), \(Double.pi), \(Decimal(string: "12345678.1234")!),
                    \(true), \(when), \(when), \(uuid), \(bytes), \(try PGJSON(profile))::jsonb, \(names), \([3, -1, Int.max]))
            """)
        let row = try XCTUnwrap(db.query("SELECT * FROM everything").first)
        XCTAssertEqual(try row.get("s") as String, "空调不制冷 — 客户说")
        XCTAssertEqual(try row.get("i") as Int, Int.min)
        XCTAssertEqual(try row.get("i32") as Int32, Int32.max)
        XCTAssertEqual(try row.get("i64") as Int64, Int64.max)
        XCTAssertEqual(try row.get("d") as Double, Double.pi)
        XCTAssertEqual(try row.get("n") as Decimal, Decimal(string: "12345678.1234")!)
        XCTAssertEqual(try row.get("n") as Double, 12345678.1234, accuracy: 1e-6)
        XCTAssertEqual(try row.get("b") as Bool, true)
        XCTAssertEqual((try row.get("ts") as Date).timeIntervalSince1970, when.timeIntervalSince1970, accuracy: 1e-6)
        XCTAssertEqual((try row.get("day") as Date).timeIntervalSince1970, 1_795_305_600)   // 2026-11-22
        XCTAssertEqual(try row.get("u") as UUID, uuid)
        XCTAssertEqual(try row.get("bytes") as Data, bytes)
        XCTAssertEqual(try row.json("doc", as: Profile.self), profile)
        XCTAssertEqual(try (row.get("doc") as PGJSON).decode(Profile.self), profile)
        let rawJSON: String = try row.get("doc")
        XCTAssertTrue(rawJSON.contains("王小明"))
        XCTAssertEqual(try row.get("names") as [String], names)
        XCTAssertEqual(try row.get("numbers") as [Int], [3, -1, Int.max])
    }

    func testNullsRoundTripAsNil() throws {
        let none: String? = nil
        try db.execute("""
            INSERT INTO everything (s, i, i32, i64, d, n, b, ts, day, u, bytes, doc, names, numbers)
            VALUES (\(none), \(Int?.none), \(Int32?.none), \(Int64?.none), \(Double?.none), \(Decimal?.none),
                    \(Bool?.none), \(Date?.none), \(Date?.none), \(UUID?.none), \(bytes: nil), \(PGJSON?.none)::jsonb,
                    \([String]?.none), \([Int]?.none))
            """)
        let row = try XCTUnwrap(db.query("SELECT * FROM everything").first)
        XCTAssertNil(try row.get("s") as String?)
        XCTAssertNil(try row.get("i") as Int?)
        XCTAssertNil(try row.get("i32") as Int32?)
        XCTAssertNil(try row.get("i64") as Int64?)
        XCTAssertNil(try row.get("d") as Double?)
        XCTAssertNil(try row.get("n") as Decimal?)
        XCTAssertNil(try row.get("b") as Bool?)
        XCTAssertNil(try row.get("ts") as Date?)
        XCTAssertNil(try row.get("u") as UUID?)
        XCTAssertNil(try row.get("bytes") as Data?)
        XCTAssertNil(try row.get("doc") as PGJSON?)
        XCTAssertNil(try row.get("names") as [String]?)
        XCTAssertTrue(row.isNull("numbers"))
        XCTAssertThrowsError(try row.get("s") as String) { error in
            XCTAssertTrue("\(error)".contains("\"s\""), "error should name the column: \(error)")
        }
    }

    func testHostileTextStaysAValue() throws {
        try db.simpleExecute("CREATE TABLE x (v text)")
        let hostile = ["'; DROP TABLE x; --", "O'Brien said \"hi\"", "\\x00 \\' $1 $$ dollar", "🙂 emoji"]
        for value in hostile {
            try db.execute("INSERT INTO x (v) VALUES (\(value))")
        }
        let stored = try db.query("SELECT v FROM x ORDER BY v").map { try $0.get("v") as String }
        XCTAssertEqual(stored, hostile.sorted())
        let matches = try db.query("SELECT count(*) AS n FROM x WHERE v = \("'; DROP TABLE x; --")").first?.get("n") as Int?
        XCTAssertEqual(matches, 1)
    }

    func testBytesInterpolationAndByIndexDecoding() throws {
        let row = try XCTUnwrap(db.query("""
            SELECT \(bytes: [1, 2, 255]) AS raw, \(42) + 1 AS answer, \("text") AS label, NULL::int AS missing
            """).first)
        XCTAssertEqual(try row.get(0) as Data, Data([1, 2, 255]))
        let (raw, answer, label, missing) = try row.decode(Data.self, Int.self, String.self, Int?.self)
        XCTAssertEqual(raw, Data([1, 2, 255]))
        XCTAssertEqual(answer, 43)
        XCTAssertEqual(label, "text")
        XCTAssertNil(missing)
        XCTAssertThrowsError(try row.get(7) as Int)
        XCTAssertThrowsError(try row.get("nope") as Int)
        XCTAssertThrowsError(try row.get("label") as Int) { error in
            XCTAssertFalse("\(error)".contains("text\""), "the value must not appear: \(error)")
        }
    }

    func testTimestampsFromOtherSessionTimeZonesAndArrayMembership() throws {
        try db.simpleExecute("SET TimeZone = 'Asia/Kolkata'")
        let row = try XCTUnwrap(db.query("""
            SELECT '2026-11-22 09:28:42.5+00'::timestamptz AS t, '2026-11-22 09:28:42.5+00'::timestamptz::text AS shown
            """).first)
        XCTAssertEqual(try row.get("shown") as String, "2026-11-22 14:58:42.5+05:30")
        XCTAssertEqual((try row.get("t") as Date).timeIntervalSince1970, 1_795_339_722.5, accuracy: 1e-6)
        try db.simpleExecute("INSERT INTO everything (i, s) VALUES (1, 'a'), (2, 'b'), (3, 'c')")
        let picked = try db.query("SELECT s FROM everything WHERE i = ANY(\([1, 3])) AND s = ANY(\(["a", "b", "c"])) ORDER BY i")
        XCTAssertEqual(try picked.map { try $0.get("s") as String }, ["a", "c"])
        XCTAssertEqual(try db.execute("UPDATE everything SET s = upper(s) WHERE i > \(1)"), 2)
    }

    func testDynamicWhereClauseStaysParameterised() throws {
        try db.simpleExecute("INSERT INTO everything (i, s, b) VALUES (1, 'a', true), (2, 'b', false), (3, 'c', true)")
        var query: PGQuery = "SELECT i FROM everything WHERE true"
        let minimum: Int? = 2
        let flag: Bool? = true
        if let minimum { query.append(" AND i >= \(minimum)") }
        if let flag { query += " AND b = \(flag)" }
        XCTAssertEqual(query.binds.count, 2)
        XCTAssertEqual(try db.query(query).map { try $0.get("i") as Int }, [3])
    }
}
