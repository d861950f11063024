import Foundation
import Schema

/// Every command of the `aftersales` tool, parsed from the command line.
public enum OperatorCommand: Equatable, Sendable {
    case submit(SubmitOptions)
    case watch(WatchOptions)
    case ticket(id: String, json: Bool)
    case alerts(all: Bool, json: Bool)
    case kpis(json: Bool)
    /// `kpis --by region|provider|category`: a league table of the latest cuts.
    case league(LeagueOptions)
    /// A provider's monthly settlement statement.
    case settlement(SettlementOptions)
    case complaints(ComplaintAction)
    case simulate(SimulateOptions)
    case dashboard(DashboardOptions)
    case topics
    case deadLetters(DeadLetterAction)
    /// The operator console in a browser (`aftersales console`).
    case console(ConsoleOptions)
    /// `aftersales schema asyncapi`: the machine-readable contract.
    case schema(SchemaCommand.Options)
    /// `aftersales metrics`: KPI snapshots and alerts as Prometheus metrics.
    case metrics(MetricsCommand.Options)
    /// The overview of every command (`aftersales help`, `aftersales --help`).
    case help
    /// One command's usage (`aftersales COMMAND --help`, `aftersales help COMMAND`).
    case commandHelp(String)

    /// What the operator wants done with complaints.
    public enum ComplaintAction: Equatable, Sendable {
        case list(all: Bool)
        case take(complaintId: String, operatorName: String?)
        case resolve(complaintId: String, note: String)
    }
}

/// Options of `aftersales submit`.
public struct SubmitOptions: Equatable, Sendable {
    /// A JSON file with the request (`-` for standard input), or nil to build it from flags.
    public var file: String?
    /// Values given as flags (`--customer-id`, `--phone`, …), by flag name.
    public var fields: [String: String]
    public var wait: Bool
    public var timeout: TimeInterval
}

/// Options of `aftersales watch`.
public struct WatchOptions: Equatable, Sendable {
    public var topics: [String]
    public var fromBeginning: Bool
    public var json: Bool
    public var color: Bool?
    public var ticketIds: [String]
    public var types: [String]
    public var sources: [String]
    /// Stop after this many seconds (0 = until Ctrl-C).
    public var duration: TimeInterval
}

/// Options of `aftersales dashboard`.
public struct DashboardOptions: Equatable, Sendable {
    /// Seconds between redraws (on a terminal) or summary blocks (piped).
    public var refreshSeconds: Double
    /// The live view: summary on top, the recent events below (`--stream`); else KPIs and alerts.
    public var stream: Bool
    /// A line shown under the title (`--note`), e.g. where the operator console is.
    public var note: String?

    public init(refreshSeconds: Double = 2, stream: Bool = false, note: String? = nil) {
        self.refreshSeconds = refreshSeconds
        self.stream = stream
        self.note = note
    }
}

/// Options of `aftersales kpis --by …`.
public struct LeagueOptions: Equatable, Sendable {
    public var by: LeagueDimension
    /// The snapshot window ranked: last-hour, today or last-7-days.
    public var window: String
    /// Fewer completed tickets: listed, unranked.
    public var minimumTickets: Int
    public var json: Bool

    public init(by: LeagueDimension, window: String = "last-7-days", minimumTickets: Int = LeagueSettings.defaultMinimumTickets,
                json: Bool = false) {
        self.by = by
        self.window = window
        self.minimumTickets = minimumTickets
        self.json = json
    }
}

/// Options of `aftersales settlement`.
public struct SettlementOptions: Equatable, Sendable {
    public var providerId: String
    /// The period, `YYYY-MM`.
    public var month: String
    public var json: Bool

    public init(providerId: String, month: String, json: Bool = false) {
        self.providerId = providerId
        self.month = month
        self.json = json
    }
}

/// Options of `aftersales simulate`.
public struct SimulateOptions: Equatable, Sendable {
    /// New requests per second.
    public var rate: Double
    /// How long to submit requests (0 = until Ctrl-C); reactions continue for a short drain after.
    public var duration: TimeInterval
    public var seed: UInt64
    /// Share of requests that are invalid, duplicated, emergencies; share of declines and unhappy customers.
    public var invalidShare: Double
    public var duplicateShare: Double
    public var emergencyShare: Double
    public var declineShare: Double
    public var unhappyShare: Double
    /// Multiplies every simulated delay (1 = a few seconds per step).
    public var pace: Double
    /// Skip seeding technicians, warehouses, parts and stock.
    public var noSeed: Bool

    public init(rate: Double, duration: TimeInterval, seed: UInt64, invalidShare: Double, duplicateShare: Double,
                emergencyShare: Double, declineShare: Double, unhappyShare: Double, pace: Double, noSeed: Bool) {
        self.rate = rate
        self.duration = duration
        self.seed = seed
        self.invalidShare = invalidShare
        self.duplicateShare = duplicateShare
        self.emergencyShare = emergencyShare
        self.declineShare = declineShare
        self.unhappyShare = unhappyShare
        self.pace = pace
        self.noSeed = noSeed
    }
}

// MARK: - Parsing

extension OperatorCommand {
    /// The flags `submit` accepts to build a request without a file.
    public static let submitFields: Set<String> = Set(CommandCatalog.submitFieldOptions.map(\.name))

    /// The catalog name of the command (for its usage after an error).
    public var name: String {
        switch self {
        case .submit: "submit"
        case .watch: "watch"
        case .ticket: "ticket"
        case .alerts: "alerts"
        case .kpis, .league: "kpis"
        case .settlement: "settlement"
        case .complaints: "complaints"
        case .simulate: "simulate"
        case .dashboard: "dashboard"
        case .topics: "topics"
        case .deadLetters: "dead-letters"
        case .console: "console"
        case .schema: "schema"
        case .metrics: "metrics"
        case .help, .commandHelp: "help"
        }
    }

    /// Parses the words after the program name. `--help` or `-h` anywhere after a command
    /// (or `help COMMAND`) asks for that command's usage; a mistake in a command's
    /// arguments is a `UsageError` naming the command.
    public static func parse(_ arguments: [String]) throws(UsageError) -> OperatorCommand {
        guard let name = arguments.first else { return .help }
        let rest = Array(arguments.dropFirst())
        if name == "help" || isHelpWord(name) {
            guard let topic = rest.first(where: { !isHelpWord($0) }) else { return .help }
            guard CommandCatalog.named(topic) != nil else { throw unknownCommand(topic) }
            return topic == "help" ? .help : .commandHelp(topic)
        }
        guard let usage = CommandCatalog.named(name) else { throw unknownCommand(name) }
        do {
            let reader = try usage.reader(rest)
            if reader.helpRequested { return .commandHelp(name) }
            return try parse(name, reader)
        } catch var error {
            if rest.contains(where: isHelpWord) { return .commandHelp(name) }
            error.command = error.command ?? name
            throw error
        }
    }

    private static func unknownCommand(_ name: String) -> UsageError {
        UsageError("unknown command '\(name)'; commands: \(CommandCatalog.all.map(\.name).joined(separator: ", "))")
    }

    /// One command's arguments, already read against its options.
    private static func parse(_ name: String, _ reader: ArgumentReader) throws(UsageError) -> OperatorCommand {
        switch name {
        case "submit":
            var fields: [String: String] = [:]
            for field in submitFields { if let value = reader.value(field) { fields[field] = value } }
            var file = reader.value("file")
            if let positional = reader.positionals.first {
                guard file == nil, reader.positionals.count == 1 else { throw UsageError("submit takes one request file at most") }
                file = positional
            }
            if file != nil && !fields.isEmpty {
                throw UsageError("give the request either as a file or as flags, not both (flags given: \(fields.keys.sorted().map { "--\($0)" }.joined(separator: ", ")))")
            }
            if file == nil && fields.isEmpty {
                throw UsageError("submit needs a request: a JSON file (or - for standard input), or flags such as --customer-id, --phone, --category, --description")
            }
            return .submit(SubmitOptions(file: file, fields: fields, wait: reader.flag("wait"),
                                         timeout: try reader.duration("timeout", default: 30)))
        case "watch":
            let topics = try reader.positionals.map { (topic: String) throws(UsageError) -> String in
                try TopicNames.resolve(topic)
            }
            return .watch(WatchOptions(topics: topics.isEmpty ? TopicNames.all : topics,
                                       fromBeginning: reader.flag("from-beginning"), json: reader.flag("json"),
                                       color: reader.flag("no-color") ? false : (reader.flag("color") ? true : nil),
                                       ticketIds: reader.values("ticket"), types: reader.values("type"),
                                       sources: reader.values("source"), duration: try reader.duration("duration", default: 0)))
        case "ticket":
            guard reader.positionals.count == 1, let id = reader.positionals.first else {
                throw UsageError("ticket needs exactly one ticket id, for example: aftersales ticket AS-20261122-000123")
            }
            return .ticket(id: id, json: reader.flag("json"))
        case "alerts":
            try reader.noPositionals("alerts")
            return .alerts(all: reader.flag("all"), json: reader.flag("json"))
        case "kpis":
            try reader.noPositionals("kpis")
            guard let by = reader.value("by") else {
                if reader.value("window") != nil || reader.value("min-tickets") != nil {
                    throw UsageError("--window and --min-tickets go with --by (\(LeagueDimension.allowed))")
                }
                return .kpis(json: reader.flag("json"))
            }
            guard let dimension = LeagueDimension(rawValue: by) else {
                throw UsageError("--by must be one of \(LeagueDimension.allowed), not '\(Printable.shortened(by, to: 40))'")
            }
            let window = reader.value("window") ?? "last-7-days"
            guard kpiWindows.contains(window) else {
                throw UsageError("--window must be one of \(kpiWindows.joined(separator: ", ")), not '\(Printable.shortened(window, to: 40))'")
            }
            return .league(LeagueOptions(by: dimension, window: window,
                                         minimumTickets: try reader.int("min-tickets", default: LeagueSettings.defaultMinimumTickets,
                                                                        range: 0...1_000_000),
                                         json: reader.flag("json")))
        case "settlement":
            try reader.noPositionals("settlement")
            guard let provider = reader.value("provider"), !provider.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw UsageError("settlement needs --provider P (the provider id, e.g. SP-EAST)")
            }
            guard let month = reader.value("month") else {
                throw UsageError("settlement needs --month YYYY-MM (the month the statement is for, e.g. 2026-11)")
            }
            guard SettlementBoard.isMonth(month) else {
                throw UsageError("--month must be a month YYYY-MM (01…12), e.g. 2026-11, not '\(Printable.shortened(month, to: 40))'")
            }
            return .settlement(SettlementOptions(providerId: provider, month: month, json: reader.flag("json")))
        case "complaints":
            let words = reader.positionals
            switch words.first {
            case nil, "list":
                return .complaints(.list(all: reader.flag("all")))
            case "take":
                guard words.count == 2 else { throw UsageError("complaints take needs one complaint id") }
                return .complaints(.take(complaintId: words[1], operatorName: reader.value("operator")))
            case "resolve":
                guard words.count == 2 else { throw UsageError("complaints resolve needs one complaint id") }
                guard let note = reader.value("note"), !note.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw UsageError("complaints resolve needs --note \"what was done\"")
                }
                return .complaints(.resolve(complaintId: words[1], note: note))
            case let other?:
                throw UsageError("unknown complaints action '\(other)'; use list, take or resolve")
            }
        case "simulate":
            try reader.noPositionals("simulate")
            let seedText = reader.value("seed") ?? "42"
            guard let seed = UInt64(seedText) else { throw UsageError("--seed must be a whole number, not '\(seedText)'") }
            return .simulate(SimulateOptions(
                rate: try reader.double("rate", default: 2, range: 0.01...1000),
                duration: try reader.duration("duration", default: 60), seed: seed,
                invalidShare: try reader.double("invalid", default: 0.05, range: 0...1),
                duplicateShare: try reader.double("duplicates", default: 0.03, range: 0...1),
                emergencyShare: try reader.double("emergencies", default: 0.05, range: 0...1),
                declineShare: try reader.double("declines", default: 0.1, range: 0...1),
                unhappyShare: try reader.double("unhappy", default: 0.15, range: 0...1),
                pace: try reader.double("pace", default: 1, range: 0.01...100), noSeed: reader.flag("no-seed")))
        case "dashboard":
            try reader.noPositionals("dashboard")
            return .dashboard(DashboardOptions(refreshSeconds: try reader.double("refresh", default: 2, range: 0.2...3600),
                                               stream: reader.flag("stream"), note: reader.value("note")))
        case "topics":
            try reader.noPositionals("topics")
            return .topics
        case "dead-letters":
            return .deadLetters(try DeadLetterAction.parse(reader))
        case "console":
            return .console(try ConsoleOptions.parse(reader))
        case "schema":
            return .schema(try SchemaCommand.parse(reader))
        case "metrics":
            return .metrics(try MetricsCommand.parse(reader))
        default:
            throw unknownCommand(name)
        }
    }

    /// The windows alerting publishes `kpi.snapshot`s for.
    public static let kpiWindows = ["last-hour", "today", "last-7-days"]

    /// The overview `aftersales help` prints.
    public static var usage: String { CommandCatalog.overview }
}

/// The topic names the tool accepts: the schema registry's.
public enum TopicNames {
    public static var all: [String] { Topic.all.map(\.name) }

    /// The registry name of a topic given with or without its `aftersales.` prefix.
    public static func resolve(_ topic: String) throws(UsageError) -> String {
        let name = topic.hasPrefix("aftersales.") ? topic : "aftersales." + topic
        guard all.contains(name) else {
            throw UsageError("unknown topic '\(topic)'; topics: \(all.joined(separator: ", "))")
        }
        return name
    }
}
