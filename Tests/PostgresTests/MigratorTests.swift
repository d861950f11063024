import Foundation
import Postgres
import XCTest

/// Migrations: applied once, in order, recorded; safe with two instances at once.
final class MigratorTests: DatabaseTestCase {
    /// Each migration fails if run twice (plain CREATE TABLE) and logs itself in `applied_log`.
    private func migrations(service: String, slow: Bool = false) -> [Migration] {
        [
            Migration(version: 2, name: "widgets", sql: """
                CREATE TABLE \(service)_widgets (id int PRIMARY KEY);
                INSERT INTO applied_log VALUES ('\(service)', 2);
                """),
            Migration(version: 1, name: "first", sql: """
                \(slow ? "SELECT pg_sleep(0.3);" : "")
                CREATE TABLE \(service)_first (id int PRIMARY KEY);
                INSERT INTO applied_log VALUES ('\(service)', 1);
                """),
        ]
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        // One database per class: start each test without any recorded migration.
        try db.simpleExecute("""
            DROP TABLE IF EXISTS schema_migrations, applied_log;
            CREATE TABLE applied_log (service text, version int)
            """)
    }

    private func log(_ service: String) throws -> [Int] {
        try db.query("SELECT version FROM applied_log WHERE service = \(service) ORDER BY version")
            .map { try $0.get("version") as Int }
    }

    func testAppliesInOrderOnceAndThenOnlyNewOnes() throws {
        XCTAssertEqual(try Migrator.migrate(db, service: "alpha", migrations: migrations(service: "alpha")), [1, 2])
        XCTAssertEqual(try Migrator.migrate(db, service: "alpha", migrations: migrations(service: "alpha")), [])
        let more = migrations(service: "alpha") + [
            Migration(version: 3, name: "third", sql: "INSERT INTO applied_log VALUES ('alpha', 3)"),
        ]
        XCTAssertEqual(try Migrator.migrate(db, service: "alpha", migrations: more), [3])
        XCTAssertEqual(try log("alpha"), [1, 2, 3])
        let recorded = try db.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        XCTAssertEqual(try recorded.map { try $0.get("name") as String }, ["first", "widgets", "third"])
        XCTAssertNotNil(try recorded.first?.get("applied_at") as Date?)
    }

    func testFailingMigrationLeavesNothingApplied() throws {
        let broken = migrations(service: "beta") + [Migration(version: 3, name: "broken", sql: "CREATE TABLE nope (")]
        XCTAssertThrowsError(try Migrator.migrate(db, service: "beta", migrations: broken))
        XCTAssertEqual(try log("beta"), [])
        XCTAssertEqual(try db.query("SELECT to_regclass('beta_first') IS NULL AS absent").first?.get("absent"), true)
    }

    func testDuplicateVersionsAreRejected() throws {
        let duplicated = [Migration(version: 1, name: "a", sql: "SELECT 1"), Migration(version: 1, name: "b", sql: "SELECT 1")]
        XCTAssertThrowsError(try Migrator.migrate(db, service: "gamma", migrations: duplicated))
    }

    func testTwoConcurrentMigratorsBothSucceedAndApplyEachMigrationOnce() throws {
        let url = try database.url
        let migrations = migrations(service: "delta", slow: true)
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        let results = ResultBox()
        for _ in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                start.wait()
                do {
                    let connection = try PGConnection(url: url)
                    defer { connection.close() }
                    results.append(.success(try Migrator.migrate(connection, service: "delta", migrations: migrations)))
                } catch {
                    results.append(.failure(error))
                }
            }
        }
        start.signal()
        start.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        let outcomes = results.values
        XCTAssertEqual(outcomes.count, 2)
        let applied = try outcomes.map { try $0.get() }
        XCTAssertEqual(applied.sorted { $0.count < $1.count }, [[], [1, 2]])
        XCTAssertEqual(try log("delta"), [1, 2])
    }
}

/// Collects results from several threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Result<[Int], any Error>] = []

    func append(_ result: Result<[Int], any Error>) { lock.withLock { stored.append(result) } }
    var values: [Result<[Int], any Error>] { lock.withLock { stored } }
}
