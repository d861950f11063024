/// Human-readable ticket ids: "AS-" + the business day + "-" + a per-day counter of at
/// least six digits ("AS-20261122-000123"). The counter itself is allocated atomically
/// in the database (see `TicketStore.allocateTicketId`).
public enum TicketNumbering {
    public static let prefix = "AS"

    public static func ticketId(day: CalendarDay, number: Int) -> String {
        let digits = String(number)
        let padded = digits.count >= 6 ? digits : String(repeating: "0", count: 6 - digits.count) + digits
        return "\(prefix)-\(day.compact)-\(padded)"
    }
}
