import Foundation
import Postgres
import XCTest

/// SQLSTATEs, classification and the no-PII rule for server errors.
final class PGErrorTests: DatabaseTestCase {
    func testUniqueViolationCarriesSQLStateButNotTheValue() throws {
        try db.simpleExecute("CREATE TABLE customers (phone text PRIMARY KEY)")
        let phone = "+86 138 0013 8000"
        try db.execute("INSERT INTO customers VALUES (\(phone))")
        do {
            try db.execute("INSERT INTO customers VALUES (\(phone))")
            XCTFail("duplicate insert succeeded")
        } catch {
            XCTAssertEqual(error.sqlState, "23505")
            XCTAssertTrue(error.isUniqueViolation)
            XCTAssertFalse(error.isConnectionFailure)
            XCTAssertEqual(error.constraint, "customers_pkey")
            XCTAssertFalse(error.description.contains("138"), "value leaked: \(error)")
            XCTAssertTrue(error.description.contains("$1"))
        }
    }

    func testDataErrorsDoNotEchoTheInput() throws {
        do {
            try db.query("SELECT \("secret-555")::int AS n")
            XCTFail("cast succeeded")
        } catch {
            XCTAssertEqual(error.sqlState, "22P02")
            XCTAssertFalse(error.description.contains("secret"), "value leaked: \(error)")
        }
    }

    func testSyntaxErrorIsNeitherRetriableKind() throws {
        do {
            try db.query("SELEKT 1")
            XCTFail("bad SQL accepted")
        } catch {
            XCTAssertEqual(error.sqlState, "42601")
            XCTAssertFalse(error.isConnectionFailure)
            XCTAssertFalse(error.isSerializationFailure)
        }
        XCTAssertEqual(try db.query("SELECT 1 AS one").first?.get("one"), 1)
    }

    func testBadCredentialsFailToConnect() throws {
        let url = TestDatabase.url(forDatabase: "no_such_database_\(UInt32.random(in: 0...UInt32.max))")
        XCTAssertThrowsError(try PGConnection(url: url)) { error in
            XCTAssertEqual((error as? PGError)?.isConnectionFailure, true)
        }
    }

    func testClosedConnectionReportsConnectionFailure() throws {
        db.close()
        XCTAssertFalse(db.isHealthy)
        XCTAssertThrowsError(try db.query("SELECT 1")) { error in
            XCTAssertEqual((error as? PGError)?.isConnectionFailure, true)
        }
        try db.reconnect()
        XCTAssertTrue(db.isHealthy)
        XCTAssertEqual(try db.query("SELECT 2 AS two").first?.get("two"), 2)
    }

    func testApplicationNamePassesThroughTheURL() throws {
        let named = try PGConnection(url: try database.url + "?application_name=aftersales-test")
        defer { named.close() }
        XCTAssertEqual(try named.query("SELECT current_setting('application_name') AS n").first?.get("n"), "aftersales-test")
        XCTAssertEqual(try named.query("SELECT current_setting('client_encoding') AS e").first?.get("e"), "UTF8")
    }

    func testConninfoStringConnects() throws {
        let url = try XCTUnwrap(URLComponents(string: try database.url))
        var parts = ["host=\(url.host ?? "127.0.0.1")", "port=\(url.port ?? 5432)", "dbname=\(url.path.dropFirst())",
                     "application_name=conninfo-test"]
        if let user = url.user { parts.append("user=\(user)") }
        if let password = url.password { parts.append("password='\(password)'") }
        let connection = try PGConnection(url: parts.joined(separator: " "))
        defer { connection.close() }
        let row = try XCTUnwrap(connection.query("SELECT current_database() AS db, current_setting('application_name') AS app").first)
        XCTAssertEqual(try row.get("db") as String, String(url.path.dropFirst()))
        XCTAssertEqual(try row.get("app") as String, "conninfo-test")
    }
}
