import Foundation
import Postgres

/// The operator jobs of intake, shared by the CLI subcommands and the daily timer.
public enum IntakeMaintenance {
    /// What a retention run removed.
    public struct RetentionReport: Sendable, Equatable {
        public var cutoff: CalendarDay
        public var ticketsDeleted: Int
        public var customersDeleted: Int
        /// Quarantined originals of dead letters older than the quarantine window.
        public var quarantinedDeleted: Int
    }

    /// What erasing a customer changed.
    public struct ErasureReport: Sendable, Equatable {
        /// Whether the customer store held the customer (now anonymised).
        public var customerErased: Bool
        /// Quarantined originals of theirs deleted.
        public var quarantinedDeleted: Int

        /// Whether anything of the customer was found.
        public var foundAnything: Bool { customerErased || quarantinedDeleted > 0 }
    }

    /// Deletes tickets more than `settings.retention.years` past their warranty end (and
    /// last activity), superseded versions of customer details, and customers who have no
    /// ticket left and were not seen since the cutoff (their PII is no longer needed), and
    /// quarantined originals older than `settings.quarantineRetentionDays`. Runs in the
    /// caller's transaction.
    public static func runRetention(now: Date, settings: IntakeSettings, on db: PGConnection) throws -> RetentionReport {
        let today = settings.businessDay(of: now)
        let cutoff = settings.retention.cutoff(today: today)
        let tickets = try TicketStore.deleteExpired(before: cutoff, utcOffsetSeconds: settings.utcOffsetSeconds, on: db)
        let cutoffInstant = cutoff.startInstant(offsetSeconds: settings.utcOffsetSeconds)
        // Superseded versions of a customer's details are not needed any more.
        try db.execute("""
            DELETE FROM customers c
            WHERE EXISTS (SELECT 1 FROM customers n WHERE n.customer_id = c.customer_id AND n.version > c.version)
            """)
        let customers = try db.execute("""
            DELETE FROM customers c
            WHERE c.recorded_at < \(cutoffInstant)
              AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.customer_id)
            """)
        let quarantined = try QuarantineStore.deleteOlder(
            than: now.addingTimeInterval(-Double(settings.quarantineRetentionDays) * 86_400), on: db)
        return RetentionReport(cutoff: cutoff, ticketsDeleted: tickets, customersDeleted: customers,
                               quarantinedDeleted: quarantined)
    }

    /// Erases one customer's PII: anonymised in the customer store (see `CustomerStore.erase`),
    /// their quarantined dead-letter originals deleted.
    public static func eraseCustomer(_ customerId: String, now: Date, on db: PGConnection) throws -> ErasureReport {
        let erased = try CustomerStore.erase(customerId: customerId, now: now, on: db)
        let quarantined = try QuarantineStore.deleteCustomer(customerId, on: db)
        return ErasureReport(customerErased: erased, quarantinedDeleted: quarantined)
    }
}
