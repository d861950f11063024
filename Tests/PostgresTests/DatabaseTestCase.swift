import Postgres
import XCTest

/// Base class for tests against the real PostgreSQL: each subclass gets its own fresh
/// database (created before its first test, dropped after its last) and each test a new
/// connection `db` to it.
class DatabaseTestCase: XCTestCase {
    private nonisolated(unsafe) static var databases: [ObjectIdentifier: Result<TestDatabase, any Error>] = [:]
    private static let lock = NSLock()

    override class func setUp() {
        super.setUp()
        let created = Result { try TestDatabase(String(describing: self)) }
        lock.withLock { databases[ObjectIdentifier(self)] = created }
    }

    override class func tearDown() {
        let entry = lock.withLock { databases.removeValue(forKey: ObjectIdentifier(self)) }
        if case .success(let database) = entry { database.drop() }
        super.tearDown()
    }

    /// This class's database.
    var database: TestDatabase {
        get throws {
            let entry = Self.lock.withLock { Self.databases[ObjectIdentifier(type(of: self))] }
            guard let entry else { throw PGError(message: "test database was not created") }
            return try entry.get()
        }
    }

    /// A connection opened for the current test.
    private(set) var db: PGConnection!

    override func setUpWithError() throws {
        try super.setUpWithError()
        db = try database.connect()
    }

    override func tearDownWithError() throws {
        db?.close()
        db = nil
        try super.tearDownWithError()
    }
}
