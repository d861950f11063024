import Foundation
import Postgres
import XCTest

/// BEGIN/COMMIT/ROLLBACK and savepoints against the real server.
final class PGTransactionTests: DatabaseTestCase {
    private struct Boom: Error {}

    override func setUpWithError() throws {
        try super.setUpWithError()
        try db.simpleExecute("DROP TABLE IF EXISTS items; CREATE TABLE items (name text PRIMARY KEY)")
    }

    private func names() throws -> [String] {
        try db.query("SELECT name FROM items ORDER BY name").map { try $0.get("name") as String }
    }

    func testCommitKeepsWorkAndReturnsValue() throws {
        let value = try db.transaction { db in
            try db.execute("INSERT INTO items VALUES (\("a"))")
        }
        XCTAssertEqual(value, 1)
        XCTAssertEqual(try names(), ["a"])
    }

    func testThrowRollsBack() throws {
        XCTAssertThrowsError(try db.transaction { db in
            try db.execute("INSERT INTO items VALUES (\("a"))")
            throw Boom()
        }) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(try names(), [])
        // The connection is usable afterwards, outside any transaction.
        try db.execute("INSERT INTO items VALUES (\("b"))")
        XCTAssertEqual(try names(), ["b"])
    }

    func testSwallowedStatementFailureRollsBackInsteadOfSilentCommit() throws {
        XCTAssertThrowsError(try db.transaction { db in
            try db.execute("INSERT INTO items VALUES (\("a"))")
            _ = try? db.execute("INSERT INTO items VALUES (\("a"))")   // unique violation, ignored
        })
        XCTAssertEqual(try names(), [])
    }

    func testSavepointRollbackKeepsOuterTransaction() throws {
        try db.transaction { db in
            try db.execute("INSERT INTO items VALUES (\("outer"))")
            XCTAssertThrowsError(try db.savepoint("inner") {
                try db.execute("INSERT INTO items VALUES (\("inner"))")
                throw Boom()
            })
            // A failing statement inside a savepoint only poisons the savepoint.
            XCTAssertThrowsError(try db.savepoint("dup") {
                try db.execute("INSERT INTO items VALUES (\("outer"))")
            }) { XCTAssertEqual(($0 as? PGError)?.isUniqueViolation, true, "\($0)") }
            try db.savepoint("kept") {
                try db.execute("INSERT INTO items VALUES (\("kept"))")
            }
            try db.execute("INSERT INTO items VALUES (\("after"))")
        }
        XCTAssertEqual(try names(), ["after", "kept", "outer"])
    }

    func testNestedTransactionActsAsSavepoint() throws {
        try db.transaction { db in
            try db.execute("INSERT INTO items VALUES (\("outer"))")
            XCTAssertThrowsError(try db.transaction { db in
                try db.execute("INSERT INTO items VALUES (\("nested"))")
                throw Boom()
            })
        }
        XCTAssertEqual(try names(), ["outer"])
    }

    func testSavepointNameMustBeAnIdentifier() throws {
        try db.transaction { db in
            XCTAssertThrowsError(try db.savepoint("x; DROP TABLE items") { 1 })
        }
        XCTAssertEqual(try db.query("SELECT to_regclass('items') IS NOT NULL AS present").first?.get("present"), true)
    }
}
