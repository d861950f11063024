import Foundation
import Postgres
import XCTest

/// A backend killed by the server: the next query reports a connection failure; reconnect() recovers.
final class ReconnectTests: DatabaseTestCase {
    func testReconnectAfterServerTerminatesTheBackend() throws {
        let pid: Int32 = try XCTUnwrap(db.query("SELECT pg_backend_pid() AS pid").first?.get("pid"))
        let admin = try PGConnection(url: TestDatabase.adminURL)
        defer { admin.close() }
        XCTAssertEqual(try admin.query("SELECT pg_terminate_backend(\(pid)) AS done").first?.get("done"), true)
        // Wait until the backend is gone (termination is asynchronous).
        for _ in 0..<100 {
            let alive: Int = try admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = \(pid)").first?.get("n") ?? 0
            if alive == 0 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(db.isHealthy, "libpq cannot know yet: no round trip since the kill")
        XCTAssertThrowsError(try db.query("SELECT 1 AS one")) { error in
            let pgError = error as? PGError
            XCTAssertEqual(pgError?.isConnectionFailure, true, "\(error)")
        }
        XCTAssertFalse(db.isHealthy)
        XCTAssertFalse(db.ping())
        try db.reconnect()
        XCTAssertTrue(db.isHealthy)
        XCTAssertTrue(db.ping())
        let newPid: Int32 = try XCTUnwrap(db.query("SELECT pg_backend_pid() AS pid").first?.get("pid"))
        XCTAssertNotEqual(newPid, pid)
        // Session settings are restored on the new backend.
        XCTAssertEqual(try db.query("SELECT current_setting('TimeZone') AS tz").first?.get("tz"), "UTC")
    }

    func testTerminatedInsideTransactionIsAConnectionFailure() throws {
        let pid: Int32 = try XCTUnwrap(db.query("SELECT pg_backend_pid() AS pid").first?.get("pid"))
        let admin = try PGConnection(url: TestDatabase.adminURL)
        defer { admin.close() }
        XCTAssertThrowsError(try db.transaction { db in
            try admin.query("SELECT pg_terminate_backend(\(pid))")
            try db.query("SELECT pg_sleep(0.2), 1 AS one")
        }) { error in
            XCTAssertEqual((error as? PGError)?.isConnectionFailure, true, "\(error)")
        }
        try db.reconnect()
        XCTAssertEqual(try db.query("SELECT 1 AS one").first?.get("one"), 1)
    }
}
