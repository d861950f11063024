import Foundation
import Schema

/// What the operator console knows, folded from the envelopes it tails (any topic, in
/// arrival order): tickets and their timelines, tickets opened per minute, the KPI snapshots
/// (latest per window, their cuts by region and provider, and a per-minute history), alerts,
/// complaints and dead letters.
///
/// Pure: no I/O and no clock (`prune(now:)` takes the time). Memory is bounded by `Limits`:
/// the least recently touched tickets are forgotten beyond `maxTickets`, series keep
/// `historyMinutes`, resolved alerts and complaints and dead letters keep the newest.
/// Customer data never enters it: a `request.submitted` is kept with its customer's name,
/// phone and address masked (`PersonalDataMask`).
public struct ConsoleModel: Sendable {
    /// The bounds of what the model keeps.
    public struct Limits: Sendable, Equatable {
        public var maxTickets = 10_000
        public var maxEventsPerTicket = 200
        /// Minutes of history for the charts (6 hours).
        public var historyMinutes = 360
        public var maxDeadLetters = 300
        public var maxResolvedAlerts = 200
        public var maxAlerts = 5_000
        public var maxClosedComplaints = 200
        public var maxComplaints = 5_000
        public var maxCuts = 500
        /// KPI windows (the platform has three; a hostile producer could invent more).
        public var maxWindows = 20
        public init() {}
    }

    /// One ticket as the console keeps it.
    public struct TicketRecord: Sendable {
        public var ticketId: String
        public var requestId: String?
        public var openedAt: Date?
        public var priority: String?
        public var region: String?
        /// The ticket's latest event type (`ticket.assigned`, …).
        public var lastType: String
        public var lastAt: Date
        /// Its events in arrival order, at most `maxEventsPerTicket` (the request and the
        /// opening kept, the oldest others dropped first).
        public var events: [Envelope]
        var touched: UInt64
    }

    public let limits: Limits
    public internal(set) var tickets: [String: TicketRecord] = [:]
    /// Request id → ticket id, for the events that name only the request.
    private var requestTickets: [String: String] = [:]
    /// `request.submitted` (masked) waiting for its ticket, by request id.
    private var pendingRequests: [String: (envelope: Envelope, touched: UInt64)] = [:]
    /// Tickets opened per minute (minute = seconds since 1970 / 60).
    public internal(set) var openedPerMinute: [Int: Int] = [:]
    /// The latest figures of the whole network per minute, from the `last-hour` snapshots.
    public internal(set) var kpiHistory: [Int: [String: Double]] = [:]
    /// The latest snapshot of the whole network per window.
    public internal(set) var latestKPIs: [String: KPISnapshotView] = [:]
    /// The latest cut per window, dimension and value (`today|region|shanghai`).
    public internal(set) var cuts: [String: KPICut] = [:]
    public internal(set) var alerts: [String: ConsoleAlert] = [:]
    public internal(set) var complaints: [String: ConsoleComplaint] = [:]
    /// Dead letters, oldest first, each id once.
    public internal(set) var deadLetters: [DeadLetter] = []
    /// The ids of `deadLetters`.
    var deadLetterIds: Set<String> = []
    /// Dead letter id → the id of the event that replayed it (seen on the topics).
    public internal(set) var replayed: [String: String] = [:]
    public internal(set) var deadLettersSeen = 0
    public internal(set) var eventsSeen = 0
    public internal(set) var lastEventAt: Date?
    private var clock: UInt64 = 0

    /// The figures the history keeps per minute.
    public static let historyFigures = ["tickets.opened", "sla.respond.compliance", "sla.onsite.compliance",
                                        "sla.resolve.compliance", "ftf.rate", "csat"]

    public init(limits: Limits = Limits()) { self.limits = limits }

    // MARK: Folding

    /// Folds one envelope in (`key` is the message key, when there was one).
    public mutating func apply(_ envelope: Envelope, key: String? = nil) {
        clock += 1
        eventsSeen += 1
        lastEventAt = max(lastEventAt ?? envelope.occurredAt, envelope.occurredAt)
        if let cause = envelope.causationId, deadLetterIds.contains(cause) {
            replayed[cause] = envelope.id
        }
        switch envelope.eventType {
        case .requestSubmitted:
            applyRequest(envelope)
            return
        case .kpiSnapshot:
            applyKPI(envelope)
        case .alertRaised, .alertEscalated, .alertResolved:
            applyAlert(envelope)
        case .complaintOpened, .complaintInvestigating, .complaintResolved:
            applyComplaint(envelope)
        case .messageDeadLettered:
            applyDeadLetter(envelope)
        default:
            break
        }
        routeToTickets(envelope)
    }

    /// Forgets the series older than the history, and any minutes more than the history
    /// ahead of `now` (an event from a clock far off); at most twice the history is kept.
    public mutating func prune(now: Date) {
        let current = Self.minute(now)
        let range = (current - limits.historyMinutes + 1)...(current + limits.historyMinutes)
        openedPerMinute = Self.newest(openedPerMinute.filter { range.contains($0.key) }, keep: 2 * limits.historyMinutes)
        kpiHistory = Self.newest(kpiHistory.filter { range.contains($0.key) }, keep: 2 * limits.historyMinutes)
    }

    /// The `keep` entries with the largest minutes.
    static func newest<Value>(_ series: [Int: Value], keep: Int) -> [Int: Value] {
        guard series.count > keep, let cut = series.keys.sorted(by: >).dropFirst(keep - 1).first else { return series }
        return series.filter { $0.key >= cut }
    }

    static func minute(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 60).rounded(.down)) }

    // MARK: Tickets

    private mutating func applyRequest(_ envelope: Envelope) {
        guard let requestId = envelope.data.text(at: "requestId") else { return }
        var masked = envelope
        masked.data = PersonalDataMask.masked(envelope.data, isRequest: true)
        if let ticketId = requestTickets[requestId], tickets[ticketId] != nil {
            append(masked, to: ticketId)
            return
        }
        pendingRequests[requestId] = (masked, clock)
        if pendingRequests.count > limits.maxTickets {
            let drop = pendingRequests.count - limits.maxTickets * 9 / 10
            for (id, _) in pendingRequests.sorted(by: { $0.value.touched < $1.value.touched }).prefix(drop) {
                pendingRequests[id] = nil
            }
        }
    }

    /// The tickets an envelope names: its `ticketId`, a known ticket as `subject` (or
    /// `subject` before `:`), known ones in `tickets`, or its request's ticket.
    private func ticketIds(of envelope: Envelope) -> [String] {
        let data = envelope.data
        var ids: [String] = []
        if let id = data.text(at: "ticketId") { ids.append(id) }
        if let subject = data.text(at: "subject") {
            let base = subject.split(separator: ":", maxSplits: 1).first.map(String.init) ?? subject
            for candidate in [subject, base] where tickets[candidate] != nil { ids.append(candidate) }
        }
        for case .string(let id) in data.array(at: "tickets") where tickets[id] != nil { ids.append(id) }
        if let requestId = data.text(at: "requestId"), let id = requestTickets[requestId] { ids.append(id) }
        var seen = Set<String>()
        return ids.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    private mutating func routeToTickets(_ envelope: Envelope) {
        for ticketId in ticketIds(of: envelope) {
            if envelope.eventType == .ticketOpened {
                let isNew = tickets[ticketId]?.openedAt == nil
                if isNew {
                    openedPerMinute[Self.minute(envelope.occurredAt), default: 0] += 1
                    if openedPerMinute.count > 4 * limits.historyMinutes {
                        openedPerMinute = Self.newest(openedPerMinute, keep: 2 * limits.historyMinutes)
                    }
                }
                var record = tickets[ticketId] ?? Self.record(ticketId, envelope, clock)
                record.openedAt = record.openedAt ?? envelope.occurredAt
                record.priority = envelope.data.text(at: "priority")
                record.region = envelope.data.text(at: "region")
                if let requestId = envelope.data.text(at: "requestId") {
                    record.requestId = requestId
                    requestTickets[requestId] = ticketId
                    if let request = pendingRequests.removeValue(forKey: requestId) { record.events.insert(request.envelope, at: 0) }
                }
                tickets[ticketId] = record
            }
            append(envelope, to: ticketId)
        }
        if tickets.count > limits.maxTickets { evictTickets() }
    }

    private static func record(_ ticketId: String, _ envelope: Envelope, _ clock: UInt64) -> TicketRecord {
        TicketRecord(ticketId: ticketId, requestId: nil, openedAt: nil, priority: nil, region: nil, lastType: envelope.type,
                     lastAt: envelope.occurredAt, events: [], touched: clock)
    }

    private mutating func append(_ envelope: Envelope, to ticketId: String) {
        var record = tickets[ticketId] ?? Self.record(ticketId, envelope, clock)
        record.touched = clock
        guard !record.events.contains(where: { $0.id == envelope.id }) else {
            tickets[ticketId] = record
            return
        }
        record.events.append(envelope)
        if record.events.count > limits.maxEventsPerTicket {
            // The oldest event but the request and the opening, which the timeline starts from.
            let kept: Set<EventType> = [.requestSubmitted, .ticketOpened]
            let index = record.events.firstIndex { !($0.eventType.map(kept.contains) ?? false) } ?? 0
            record.events.remove(at: index)
        }
        if envelope.eventType != .requestSubmitted && envelope.occurredAt >= record.lastAt || record.events.count == 1 {
            record.lastType = envelope.type
            record.lastAt = envelope.occurredAt
        }
        tickets[ticketId] = record
    }

    /// Forgets the least recently touched tenth beyond the cap, with their request links.
    private mutating func evictTickets() {
        let drop = tickets.count - limits.maxTickets * 9 / 10
        for (id, record) in tickets.sorted(by: { $0.value.touched < $1.value.touched }).prefix(drop) {
            tickets[id] = nil
            if let requestId = record.requestId { requestTickets[requestId] = nil }
        }
    }

    /// The ticket's timeline, or nil when the console does not hold it: every event routed
    /// to it (those naming it, its request's, alerts about it or one of its deadlines) in
    /// time order, and the SLA deadlines as `aftersales ticket` measures them.
    public func timeline(ticketId: String) -> ConsoleTimeline? {
        guard let record = tickets[ticketId], !record.events.isEmpty else { return nil }
        let measured = TicketTimeline(ticketId: ticketId, envelopes: record.events)
        return ConsoleTimeline(ticketId: ticketId, events: record.events.sorted { $0.occurredAt < $1.occurredAt },
                               openedAt: measured.openedAt, deadlines: measured.deadlines)
    }

    /// Tickets whose id contains `query` (case-insensitive), newest first: a single pass
    /// keeping the best `limit`, not a sort of every ticket.
    public func searchTickets(_ query: String, limit: Int = 20) -> [TicketRecord] {
        let needle = query.trimmingCharacters(in: .whitespaces).lowercased()
        func newer(_ a: TicketRecord, _ b: TicketRecord) -> Bool {
            let (x, y) = (a.openedAt ?? a.lastAt, b.openedAt ?? b.lastAt)
            return x != y ? x > y : a.ticketId > b.ticketId
        }
        var best: [TicketRecord] = []
        for record in tickets.values where needle.isEmpty || record.ticketId.lowercased().contains(needle) {
            if best.count == limit, let last = best.last, !newer(record, last) { continue }
            let index = best.firstIndex { newer(record, $0) } ?? best.endIndex
            best.insert(record, at: index)
            if best.count > limit { best.removeLast() }
        }
        return best
    }
}

/// One ticket's events and SLA deadlines, as the console shows them.
public struct ConsoleTimeline: Sendable {
    public let ticketId: String
    public let events: [Envelope]
    public let openedAt: Date?
    public let deadlines: [TicketTimeline.Deadline]
}
