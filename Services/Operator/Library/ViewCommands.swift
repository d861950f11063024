import Dispatch
import Foundation
import Kafka
import Schema

/// Decides which events `watch` shows: by ticket id (in the key or the data), event type
/// (exact, or a prefix ending in `.` or `*` such as `ticket.*`) and source.
public struct WatchFilter: Sendable {
    public var ticketIds: Set<String>
    public var types: [String]
    public var sources: Set<String>

    public init(ticketIds: [String], types: [String], sources: [String]) {
        self.ticketIds = Set(ticketIds)
        self.types = types
        self.sources = Set(sources)
    }

    public func matches(_ envelope: Envelope, key: String?) -> Bool {
        if !ticketIds.isEmpty {
            let ids = [key, envelope.data.text(at: "ticketId"), envelope.data.text(at: "subject")].compactMap { $0 }
            guard ids.contains(where: ticketIds.contains) else { return false }
        }
        if !types.isEmpty {
            guard types.contains(where: { pattern in
                if pattern.hasSuffix("*") { return envelope.type.hasPrefix(String(pattern.dropLast())) }
                if pattern.hasSuffix(".") { return envelope.type.hasPrefix(pattern) }
                return envelope.type == pattern
            }) else { return false }
        }
        if !sources.isEmpty && !sources.contains(envelope.source) { return false }
        return true
    }
}

/// `watch`, `ticket`, `alerts`, `kpis`, `complaints`, `dashboard` and `topics`.
enum ViewCommands {
    static func watch(_ options: WatchOptions, context: OperatorContext, stop: StopFlag, output: (String) -> Void) throws -> Int32 {
        _ = try context.checkBroker()
        let consumer = try context.consumer(topics: options.topics, fromBeginning: options.fromBeginning)
        defer { consumer.close() }
        let filter = WatchFilter(ticketIds: options.ticketIds, types: options.types, sources: options.sources)
        let renderer = EventLineRenderer(color: options.color ?? (isatty(STDOUT_FILENO) == 1))
        let started = Date()
        while !stop.isSet && (options.duration == 0 || Date().timeIntervalSince(started) < options.duration) {
            for record in try consumer.poll(maxMessages: 500, timeout: .milliseconds(250)) {
                if stop.isSet { break }   // Ctrl-C, or the output was closed (watch | head)
                let key = record.key.map { String(decoding: $0, as: UTF8.self) }
                guard let value = record.value else { continue }
                guard let envelope = try? Envelope.decode(Data(value)) else {
                    output("\(EventLineRenderer.clockTime(Date())) (undecodable message on \(record.topic) at offset \(record.offset))")
                    continue
                }
                guard filter.matches(envelope, key: key) else { continue }
                output(options.json ? String(decoding: envelope.encoded(), as: UTF8.self) : renderer.render(envelope, key: key))
            }
        }
        return 0
    }

    static func ticket(id: String, json: Bool, context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let topics = [Topic.requests, .rejections, .tickets, .field, .parts, .surveys, .surveyResponses, .alerts].map(\.name)
        let events = try context.readAll(topics: topics).map(\.envelope)
        let timeline = TicketTimeline(ticketId: id, envelopes: events)
        guard !timeline.events.isEmpty else {
            throw OperatorError("unknown ticket '\(id)': no event on the topics names it")
        }
        if json {
            for event in timeline.events { output(String(decoding: event.encoded(), as: UTF8.self)) }
        } else {
            output(timeline.render(now: Date(), renderer: EventLineRenderer(color: isatty(STDOUT_FILENO) == 1)))
        }
        return 0
    }

    static func alerts(all: Bool, json: Bool, context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let events = try context.readAll(topics: [Topic.alerts.name]).map(\.envelope)
        if json {
            for event in events { output(String(decoding: event.encoded(), as: UTF8.self)) }
        } else {
            output(AlertBoard(envelopes: events).render(all: all))
        }
        return 0
    }

    static func kpis(json: Bool, context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let events = try context.readAll(topics: [Topic.kpis.name]).map(\.envelope)
        if json {
            let board = KPIBoard(envelopes: events)
            let object = board.figures.mapValues { $0.mapValues(JSONValue.number) }.mapValues(JSONValue.object)
            output(String(decoding: try JSONEncoder().encode(JSONValue.object(object)), as: UTF8.self))
        } else {
            output(KPIBoard(envelopes: events).render())
        }
        return 0
    }

    /// `kpis --by`: the league table of the window's latest cuts.
    static func league(_ options: LeagueOptions, context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let board = LeagueBoard(envelopes: try kpiEvents(context: context), dimension: options.by, window: options.window,
                                settings: LeagueSettings(minimumTickets: options.minimumTickets))
        if options.json {
            output(String(decoding: JSONWriter.data(board.json), as: UTF8.self))
        } else {
            output(board.render())
        }
        return 0
    }

    /// `settlement`: one provider's statement for one month.
    static func settlement(_ options: SettlementOptions, context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let board = SettlementBoard(envelopes: try kpiEvents(context: context), providerId: options.providerId, period: options.month)
        guard board.statement != nil else { throw OperatorError(board.missingMessage) }
        output(options.json ? board.json ?? "null" : board.render())
        return 0
    }

    /// Every envelope on aftersales.kpis, read to its end (bounded even while alerting publishes).
    private static func kpiEvents(context: OperatorContext) throws -> [Envelope] {
        try context.readToEnd(topic: Topic.kpis.name).compactMap { record in
            record.value.flatMap { try? Envelope.decode(Data($0)) }
        }
    }

    static func complaints(_ action: OperatorCommand.ComplaintAction, context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let events = try context.readAll(topics: [Topic.surveys.name, Topic.surveyResponses.name]).map(\.envelope)
        let board = ComplaintBoard(envelopes: events)
        switch action {
        case .list(let all):
            output(board.render(all: all))
            return 0
        case .take(let complaintId, let operatorName):
            guard let row = board.rows[complaintId] else { throw OperatorError("unknown complaint '\(complaintId)'") }
            guard row.status == "opened" else { throw OperatorError("complaint \(complaintId) is already \(row.status)") }
            var data: [String: JSONValue] = ["ticketId": .string(row.ticketId), "complaintId": .string(complaintId)]
            if let operatorName { data["operator"] = .string(operatorName) }
            try produce(.complaintInvestigating, key: row.ticketId, data: data, context: context)
            output("complaint \(complaintId) (ticket \(row.ticketId)) is now being investigated")
            return 0
        case .resolve(let complaintId, let note):
            guard let row = board.rows[complaintId] else { throw OperatorError("unknown complaint '\(complaintId)'") }
            guard row.status != "resolved" else { throw OperatorError("complaint \(complaintId) is already resolved") }
            try produce(.complaintResolved, key: row.ticketId,
                        data: ["ticketId": .string(row.ticketId), "complaintId": .string(complaintId), "resolution": .string(note)],
                        context: context)
            output("complaint \(complaintId) (ticket \(row.ticketId)) resolved")
            return 0
        }
    }

    private static func produce(_ type: EventType, key: String, data: [String: JSONValue], context: OperatorContext) throws {
        let producer = try KafkaProducer(config: context.kafka)
        defer { producer.close() }
        let envelope = Envelope(id: UUID().uuidString.lowercased(), type: type.rawValue, occurredAt: Date(), source: "aftersales-cli",
                                correlationId: nil, causationId: nil, data: .object(data))
        try context.send(envelope, topic: type.topic.name, key: key, producer: producer)
    }

    static func dashboard(refresh: Double, context: OperatorContext, stop: StopFlag, output: (String) -> Void) throws -> Int32 {
        _ = try context.checkBroker()
        let consumer = try context.consumer(topics: [Topic.alerts.name, Topic.kpis.name], fromBeginning: true)
        defer { consumer.close() }
        var events: [Envelope] = []
        var lastDraw = Date.distantPast
        let terminal = isatty(STDOUT_FILENO) == 1   // piped: the summary again, no escape codes
        while !stop.isSet {
            for record in try consumer.poll(maxMessages: 2_000, timeout: .milliseconds(200)) {
                if let value = record.value, let envelope = try? Envelope.decode(Data(value)) { events.append(envelope) }
            }
            if Date().timeIntervalSince(lastDraw) >= refresh {
                lastDraw = Date()
                let screen = (terminal ? "\u{1B}[2J\u{1B}[H" : "\n") + "AfterSales — \(Timestamp.format(Date()))  (Ctrl-C to stop)\n\n"
                    + "KPIs\n" + KPIBoard(envelopes: events).render() + "\n\nOpen alerts\n" + AlertBoard(envelopes: events).render(all: false)
                output(screen)
            }
        }
        return 0
    }

    /// `dashboard --stream`: `LiveDashboard` fed from every topic from the beginning. On a
    /// terminal the screen is redrawn every `refresh` seconds; piped, each event that happened
    /// since the view started is printed as a plain line, and the summary block every
    /// `refresh` seconds (and once at the start), without escape codes.
    static func liveDashboard(_ options: DashboardOptions, context: OperatorContext, stop: StopFlag,
                              output: (String) -> Void) throws -> Int32 {
        _ = try context.checkBroker()
        let consumer = try context.consumer(topics: TopicNames.all, fromBeginning: true)
        defer { consumer.close() }
        let terminal = isatty(STDOUT_FILENO) == 1
        var board = LiveDashboard(note: options.note)
        let started = Date()
        var lastDraw = Date.distantPast
        var changed = true
        while !stop.isSet {
            for record in try consumer.poll(maxMessages: 2_000, timeout: .milliseconds(200)) {
                guard let value = record.value, let envelope = try? Envelope.decode(Data(value)) else { continue }
                let key = record.key.map { String(decoding: $0, as: UTF8.self) }
                board.apply(envelope, key: key)
                changed = true
                // Piped: the story as it happens; what was on the topics before the view started only counts.
                if !terminal && LiveDashboard.shows(envelope) && envelope.occurredAt >= started.addingTimeInterval(-2) {
                    output(board.line(envelope, key: key))
                }
            }
            guard Date().timeIntervalSince(lastDraw) >= options.refreshSeconds, !stop.isSet else { continue }
            lastDraw = Date()
            if terminal {
                let size = terminalSize()
                output(board.screen(now: Date(), height: size.rows, width: size.columns, color: true))
            } else if changed {
                output(board.plainBlock(now: Date()))
            }
            changed = false
        }
        return 0
    }

    /// The terminal's rows and columns (24 × 80 when it does not say).
    static func terminalSize() -> (rows: Int, columns: Int) {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return (24, 80) }
        return (Int(size.ws_row), Int(size.ws_col))
    }

    static func topics(context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let existing = try context.checkBroker()
        let rows = Topic.all.map { topic -> [String] in
            let name = context.brokerName(topic.name)
            return [name, existing[name].map(String.init) ?? "missing", topic.keyField,
                    topic.eventTypes.map(\.rawValue).joined(separator: ", ")]
        }
        output(TextTable.render(header: ["TOPIC", "PARTITIONS", "KEY", "EVENT TYPES"], rows: rows))
        return 0
    }
}

/// Set by SIGINT/SIGTERM so long-running commands stop cleanly.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private var sources: [DispatchSourceSignal] = []
    public init() {}

    /// Sets the flag on the first SIGINT or SIGTERM; a second one exits at once (130).
    /// The handlers run on a global queue, outside any actor.
    public func installSignalHandlers() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if isSet { exit(130) }
                set()
            }
            source.resume()
            sources.append(source)
        }
    }
    public var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    public func set() { lock.lock(); value = true; lock.unlock() }
}
