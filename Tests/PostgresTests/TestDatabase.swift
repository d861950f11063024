import Foundation
import Postgres

/// A fresh, empty database on the test server for one test class, dropped by `drop()`.
///
/// The server comes from `AFTERSALES_TEST_DATABASE_URL` (a superuser URL), read from the
/// environment or, when unset, from the repository's `.local/env` (written by `make infra-up`).
final class TestDatabase: @unchecked Sendable {
    let name: String
    let url: String

    /// Creates `pgtest_<label>_<random>` through the admin connection.
    init(_ label: String) throws {
        let safeLabel = label.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(20)
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8)
        name = "pgtest_\(safeLabel)_\(suffix)"
        let admin = try PGConnection(url: Self.adminURL)
        defer { admin.close() }
        // Identifiers cannot be bound; `name` holds only ASCII letters, digits and underscores.
        try admin.simpleExecute("CREATE DATABASE \(name)")
        url = Self.url(forDatabase: name)
    }

    /// A new connection to this database.
    func connect() throws -> PGConnection { try PGConnection(url: url) }

    /// Drops the database, disconnecting anyone still connected.
    func drop() {
        guard let admin = try? PGConnection(url: Self.adminURL) else { return }
        defer { admin.close() }
        try? admin.simpleExecute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    // MARK: Server location

    static var adminURL: String {
        if let value = ProcessInfo.processInfo.environment["AFTERSALES_TEST_DATABASE_URL"], !value.isEmpty {
            return value
        }
        return localEnvironment["AFTERSALES_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:15432/postgres"
    }

    /// The admin URL with its database replaced by `database`.
    static func url(forDatabase database: String) -> String {
        guard var components = URLComponents(string: adminURL) else { return adminURL }
        components.path = "/" + database
        return components.string ?? adminURL
    }

    private static let localEnvironment: [String: String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = root.appendingPathComponent(".local/env")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }()
}
