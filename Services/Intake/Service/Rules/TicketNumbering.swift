/// Human-readable ticket ids: "AS-" + the business day the ticket was opened + "-" + a
/// number of at least six digits ("AS-20261122-000123"). The number comes from a
/// database sequence (see `TicketStore.allocateTicketId`), unique across instances.
public enum TicketNumbering {
    public static let prefix = "AS"

    public static func ticketId(day: CalendarDay, number: Int) -> String {
        let digits = String(number)
        let padded = digits.count >= 6 ? digits : String(repeating: "0", count: 6 - digits.count) + digits
        return "\(prefix)-\(day.compact)-\(padded)"
    }
}
