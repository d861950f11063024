/// One schema change of a service: applied once, in version order, recorded in `schema_migrations`.
public struct Migration: Sendable {
    /// Positive and unique within a service; migrations run in ascending order.
    public let version: Int
    /// A short description, recorded with the version.
    public let name: String
    /// SQL text, possibly several statements; runs inside the migration transaction.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies a service's migrations. Safe when several instances start at once: everything
/// happens in one transaction holding `pg_advisory_xact_lock(hashtext('aftersales-migrations-' || service))`,
/// so the second instance waits, then finds the migrations recorded and applies nothing.
public enum Migrator {
    /// Applies every migration whose version is higher than the highest recorded one;
    /// returns the versions applied. On any error nothing is applied (the transaction rolls back).
    @discardableResult
    public static func migrate(_ c: PGConnection, service: String, migrations: [Migration]) throws -> [Int] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.version == next.version {
            throw PGError(message: "migration version \(next.version) is used twice (\(previous.name), \(next.name))")
        }
        return try c.transaction { db in
            try db.query("SELECT pg_advisory_xact_lock(hashtext('aftersales-migrations-' || \(service)))")
            try db.simpleExecute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    int PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let current: Int = try db.query("SELECT coalesce(max(version), 0)::bigint AS v FROM schema_migrations")
                .first?.get("v") ?? 0
            var applied: [Int] = []
            for migration in sorted where migration.version > current {
                try db.simpleExecute(migration.sql)
                try db.execute("""
                    INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(migration.version), \(migration.name), now())
                    """)
                applied.append(migration.version)
            }
            return applied
        }
    }
}
