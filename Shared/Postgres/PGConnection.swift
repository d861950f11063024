internal import CLibPQ
import Foundation

/// One libpq connection to PostgreSQL.
///
/// Not for concurrent use: a connection is used by one thread (or one task) at a time,
/// which is why it is `@unchecked Sendable` (it may be handed over, never shared while busy).
/// Every query is sent with `PQexecParams`, parameters and results in text format.
///
/// Each session is set up the same way: client_encoding UTF8, DateStyle ISO, TimeZone UTC,
/// bytea_output hex. `application_name`, `sslmode`, `connect_timeout` (default 10 s here) and
/// every other libpq option pass through the URL or conninfo string.
public final class PGConnection: @unchecked Sendable {
    private let conninfo: String
    private var handle: OpaquePointer?
    private var savepointCounter = 0
    /// How many statements this connection has sent (tests check that work is set-based).
    public private(set) var statementCount = 0

    // MARK: Lifecycle

    /// Connects to `url`: a `postgres://user:password@host:port/db?sslmode=require` URL or a
    /// `host=… dbname=…` conninfo string.
    public init(url: String) throws(PGError) {
        conninfo = url
        handle = try Self.connect(url)
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Closes the connection (idempotent); later queries fail with a connection failure.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// True when the connection is open and libpq considers it good (no network round trip).
    public var isHealthy: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// True when a `SELECT 1` round trip succeeds now (detects a backend the server killed).
    public func ping() -> Bool {
        (try? query("SELECT 1")) != nil
    }

    /// Re-establishes the connection (PQreset, or a fresh connection when that fails or the
    /// connection was closed). Any open transaction is gone.
    public func reconnect() throws(PGError) {
        if let handle {
            PQreset(handle)
            if PQstatus(handle) == CONNECTION_OK, (try? Self.configureSession(handle)) != nil { return }
            PQfinish(handle)
            self.handle = nil
        }
        handle = try Self.connect(conninfo)
    }

    // MARK: Queries

    /// Runs one statement with bound parameters and returns its rows (empty for commands).
    @discardableResult
    public func query(_ q: PGQuery) throws(PGError) -> PGRows {
        let sql = q.sql
        let handle = try openHandle(for: sql)
        let binds = q.binds
        // libpq takes parameters as C strings: a NUL would silently cut the value short.
        if binds.contains(where: { $0.text?.utf8.contains(0) == true }) {
            throw PGError(message: "a bound parameter contains a NUL character, which PostgreSQL text cannot store",
                          sqlState: "22021")
        }
        statementCount += 1
        let types = binds.map(\.type)
        let values: [UnsafeMutablePointer<CChar>?] = binds.map { $0.text.map { strdup($0) } ?? nil }
        defer { for value in values { free(value) } }
        let result: OpaquePointer? = values.withUnsafeBufferPointer { valuePointers in
            types.withUnsafeBufferPointer { typePointers in
                valuePointers.withMemoryRebound(to: UnsafePointer<CChar>?.self) { constValues in
                    PQexecParams(handle, sql, Int32(binds.count), typePointers.baseAddress,
                                 constValues.baseAddress, nil, nil, 0)
                }
            }
        }
        return try read(result, handle: handle, sql: sql)
    }

    /// Runs one statement with bound parameters and returns the number of affected rows.
    @discardableResult
    public func execute(_ q: PGQuery) throws(PGError) -> Int {
        try query(q).affectedRows
    }

    /// Runs SQL text without parameters; it may hold several statements. For migrations and
    /// fixed DDL only: never build `sql` from values.
    public func simpleExecute(_ sql: String) throws(PGError) {
        let handle = try openHandle(for: sql)
        statementCount += 1
        _ = try read(PQexec(handle, sql), handle: handle, sql: sql)
    }

    /// The libpq transaction status, for the transaction helpers.
    var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// True when the open transaction has failed and only ROLLBACK is accepted.
    var isInFailedTransaction: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) == PQTRANS_INERROR
    }

    /// A fresh savepoint name for nested transactions.
    func nextSavepointName() -> String {
        savepointCounter += 1
        return "pg_nested_\(savepointCounter)"
    }

    // MARK: libpq plumbing

    private func openHandle(for sql: String) throws(PGError) -> OpaquePointer {
        guard let handle else {
            throw PGError(message: "connection is closed", query: sql, connectionLost: true)
        }
        return handle
    }

    /// Turns a libpq result into rows or a PGError, and frees it.
    private func read(_ result: OpaquePointer?, handle: OpaquePointer, sql: String) throws(PGError) -> PGRows {
        guard let result else {
            throw PGError(message: LibPQResult.connectionMessage(handle), query: sql,
                          connectionLost: PQstatus(handle) != CONNECTION_OK)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return LibPQResult.rows(of: result)
        default:
            throw LibPQResult.error(from: result, handle: handle, sql: sql)
        }
    }

    // MARK: Connecting

    private static func connect(_ conninfo: String) throws(PGError) -> OpaquePointer {
        // Earlier keywords are defaults: values in the expanded `dbname` (the URL) override them.
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = ["10", "aftersales", conninfo]
        let keywordPointers = keywords.map { strdup($0) }
        let valuePointers = values.map { strdup($0) }
        defer {
            keywordPointers.forEach { free($0) }
            valuePointers.forEach { free($0) }
        }
        let keywordArray: [UnsafePointer<CChar>?] = keywordPointers.map { UnsafePointer($0) } + [nil]
        let valueArray: [UnsafePointer<CChar>?] = valuePointers.map { UnsafePointer($0) } + [nil]
        guard let handle = PQconnectdbParams(keywordArray, valueArray, 1) else {
            throw PGError(message: "out of memory creating a connection", connectionLost: true)
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = LibPQResult.connectionMessage(handle)
            PQfinish(handle)
            throw PGError(message: "cannot connect: \(message)", sqlState: "08001", connectionLost: true)
        }
        do {
            try configureSession(handle)
        } catch {
            PQfinish(handle)
            throw error
        }
        return handle
    }

    /// Silences server notices and fixes the session settings the decoders rely on.
    private static func configureSession(_ handle: OpaquePointer) throws(PGError) {
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQsetClientEncoding(handle, "UTF8") == 0 else {
            throw PGError(message: "cannot set client_encoding UTF8: \(LibPQResult.connectionMessage(handle))", connectionLost: true)
        }
        let setup = "SET DateStyle = 'ISO, MDY'; SET TimeZone = 'UTC'; SET bytea_output = 'hex'"
        guard let result = PQexec(handle, setup) else {
            throw PGError(message: LibPQResult.connectionMessage(handle), connectionLost: true)
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw LibPQResult.error(from: result, handle: handle, sql: setup)
        }
    }
}
