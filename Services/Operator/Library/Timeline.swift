import Foundation
import Schema

/// One ticket's story assembled from the topics: every event that names the ticket (or
/// shares its request's correlation id), in time order, with the SLA deadlines measured
/// against when they were met.
public struct TicketTimeline: Sendable {
    /// How one SLA deadline stands.
    public struct Deadline: Sendable, Equatable {
        public var name: String
        public var due: Date
        public var metAt: Date?
        public var stoppedAt: Date?
    }

    public let ticketId: String
    public let events: [Envelope]
    public let openedAt: Date?
    public let deadlines: [Deadline]

    /// Picks the ticket's events out of `envelopes` (any order, any topics).
    public init(ticketId: String, envelopes: [Envelope]) {
        self.ticketId = ticketId
        let opened = envelopes.first { $0.eventType == .ticketOpened && $0.data.text(at: "ticketId") == ticketId }
        let requestId = opened?.data.text(at: "requestId")
        let relevant = envelopes.filter { envelope in
            if envelope.data.text(at: "ticketId") == ticketId { return true }
            if envelope.data.text(at: "subject") == ticketId { return true }
            if envelope.data.array(at: "tickets").contains(.string(ticketId)) { return true }
            if let requestId, envelope.data.text(at: "requestId") == requestId { return true }
            return false
        }
        var seen = Set<String>()
        let ordered = relevant.filter { seen.insert($0.id).inserted }.sorted { $0.occurredAt < $1.occurredAt }
        events = ordered
        openedAt = opened?.occurredAt
        func firstTime(_ types: Set<EventType>) -> Date? {
            ordered.first { $0.eventType.map(types.contains) == true }?.occurredAt
        }
        let stopped = firstTime([.ticketCancelled, .ticketClosed])
        var found: [Deadline] = []
        let clocks: [(name: String, path: String, metBy: EventType)] = [
            ("respond", "sla.respondBy", .ticketAccepted), ("on-site", "sla.onSiteBy", .ticketOnSite),
            ("resolve", "sla.resolveBy", .ticketCompleted),
        ]
        for (name, path, metBy) in clocks {
            guard let text = opened?.data.text(at: path), let due = Timestamp.parse(text) else { continue }
            found.append(Deadline(name: name, due: due, metAt: firstTime([metBy]), stoppedAt: stopped))
        }
        deadlines = found
    }

    /// The timeline as text: one line per event with the time since opening, then the SLA.
    public func render(now: Date, renderer: EventLineRenderer) -> String {
        guard !events.isEmpty else { return "no events found for ticket \(ticketId)" }
        var lines = ["Ticket \(ticketId)"]
        let start = openedAt ?? events[0].occurredAt
        for event in events {
            let offset = Self.formatElapsed(event.occurredAt.timeIntervalSince(start))
            lines.append("  +\(offset.padding(toLength: 8, withPad: " ", startingAt: 0)) \(renderer.render(event, key: nil))")
        }
        if !deadlines.isEmpty {
            lines.append("SLA")
            for deadline in deadlines {
                lines.append("  \(deadline.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(Self.status(of: deadline, start: start, now: now))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "met in 42m (deadline 1h, 18m to spare)", "breached by 10m", "open: 3h 5m left", …
    static func status(of deadline: Deadline, start: Date, now: Date) -> String {
        let window = formatElapsed(deadline.due.timeIntervalSince(start))
        if let met = deadline.metAt {
            let took = formatElapsed(met.timeIntervalSince(start))
            let margin = deadline.due.timeIntervalSince(met)
            return margin >= 0
                ? "met in \(took) (deadline \(window), \(formatElapsed(margin)) to spare)"
                : "met in \(took), late by \(formatElapsed(-margin)) (deadline \(window))"
        }
        if let stopped = deadline.stoppedAt {
            return "stopped at +\(formatElapsed(stopped.timeIntervalSince(start))) (deadline \(window))"
        }
        let left = deadline.due.timeIntervalSince(now)
        return left >= 0 ? "open: \(formatElapsed(left)) left (deadline \(window))"
                         : "BREACHED by \(formatElapsed(-left)) (deadline \(window))"
    }

    /// 42s, 5m 3s, 2h 5m, 3d 4h.
    public static func formatElapsed(_ seconds: TimeInterval) -> String {
        let total = Int(max(0, seconds).rounded())
        let days = total / 86400, hours = (total % 86400) / 3600, minutes = (total % 3600) / 60, secs = total % 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return secs > 0 ? "\(minutes)m \(secs)s" : "\(minutes)m" }
        return "\(secs)s"
    }
}
