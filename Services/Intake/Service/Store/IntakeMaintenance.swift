import Foundation
import Postgres

/// The operator jobs of intake, shared by the CLI subcommands and the daily timer.
public enum IntakeMaintenance {
    /// What a retention run removed.
    public struct RetentionReport: Sendable, Equatable {
        public var cutoff: CalendarDay
        public var ticketsDeleted: Int
        public var customersDeleted: Int
    }

    /// Deletes tickets more than `settings.retention.years` past their warranty end (and
    /// last activity), superseded versions of customer details, and customers who have no
    /// ticket left and were not seen since the cutoff (their PII is no longer needed).
    /// Runs in the caller's transaction.
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
        return RetentionReport(cutoff: cutoff, ticketsDeleted: tickets, customersDeleted: customers)
    }

    /// Erases one customer's PII (see `CustomerStore.erase`); false for an unknown id.
    public static func eraseCustomer(_ customerId: String, now: Date, on db: PGConnection) throws -> Bool {
        try CustomerStore.erase(customerId: customerId, now: now, on: db)
    }
}
