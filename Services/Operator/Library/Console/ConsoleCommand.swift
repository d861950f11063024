import Foundation
import Kafka
import Schema

/// Options of `aftersales console`.
public struct ConsoleOptions: Equatable, Sendable {
    /// The port to listen on (0: one the system chooses).
    public var port: Int
    /// The IPv4 address to listen on: 127.0.0.1 (this machine only) unless told otherwise.
    public var bind: String
    /// Seconds after which a live-update connection is closed (the browser reconnects).
    public var streamSeconds: Double

    public init(port: Int = 8080, bind: String = "127.0.0.1", streamSeconds: Double = 300) {
        self.port = port
        self.bind = bind
        self.streamSeconds = streamSeconds
    }

    /// `console [--port 8080] [--bind 127.0.0.1] [--stream-seconds 300]`.
    static func parse(_ reader: ArgumentReader) throws(UsageError) -> ConsoleOptions {
        try reader.noPositionals("console")
        let (port, bind) = try reader.listenAddress(defaultPort: 8080)
        return ConsoleOptions(port: port, bind: bind,
                              streamSeconds: try reader.double("stream-seconds", default: 300, range: 1...86_400))
    }
}

/// `aftersales console`: the operator console in a browser. Tails every topic from its
/// start (as `watch --from-beginning` does; no database), folds the events into a
/// `ConsoleModel` and serves it over HTTP (`ConsoleServer`, `ConsoleRoutes`), pushing the
/// sections to open pages at most once a second while events arrive (and every
/// `refreshSeconds` regardless, so that clocks and charts move on).
enum ConsoleCommand {
    static let refreshSeconds: TimeInterval = 15

    static func run(_ options: ConsoleOptions, context: OperatorContext, stop: StopFlag, output: (String) -> Void) throws -> Int32 {
        _ = try context.checkBroker()
        let consumer = try context.consumer(topics: TopicNames.all, fromBeginning: true)
        defer { consumer.close() }
        let publisher = try KafkaConsolePublisher(context: context)
        defer { publisher.close() }
        let state = ConsoleState()
        var limits = ConsoleServer.Limits()
        limits.streamLifetime = .milliseconds(Int(options.streamSeconds * 1000))
        let server = ConsoleServer(bind: options.bind, port: options.port, limits: limits)
        try server.start()
        defer { server.stop() }
        let routes = ConsoleRoutes(state: state, actions: ConsoleActions(publisher: publisher, topicPrefix: context.topicPrefix),
                                   formToken: ConsoleRoutes.makeToken(),
                                   allowedHosts: allowedHosts(bind: options.bind, port: server.boundPort))
        server.handle(with: routes.respond)
        let shown = options.bind == "0.0.0.0" ? "127.0.0.1" : options.bind
        output("console listening on http://\(shown):\(server.boundPort)/ (Ctrl-C to stop)")
        try tail(consumer, into: state, server: server, routes: routes, stop: stop)
        return 0
    }

    /// Polls until `stop`, folding each batch in and pushing the views.
    static func tail(_ consumer: KafkaConsumer, into state: ConsoleState, server: ConsoleServer, routes: ConsoleRoutes,
                     stop: StopFlag) throws {
        var pushedVersion = -1
        var lastPush = Date.distantPast
        var lastPrune = Date.distantPast
        try consumer.follow(maxMessages: 2_000, until: stop) { events in
            state.apply(events)
            let now = Date()
            if now.timeIntervalSince(lastPrune) >= 30 {
                state.prune(now: now)
                lastPrune = now
            }
            let version = state.version
            let due = now.timeIntervalSince(lastPush)
            if (version != pushedVersion && due >= 1) || due >= refreshSeconds {
                server.broadcast { Array(routes.update(for: $0).utf8) }
                pushedVersion = version
                lastPush = now
            }
        }
    }

    /// The `Host` values the console answers to: its address and port (and `localhost` on
    /// the loopback address); any when it listens on every address (0.0.0.0).
    static func allowedHosts(bind: String, port: Int) -> Set<String>? {
        guard bind != "0.0.0.0" else { return nil }
        var names = [bind]
        if bind.hasPrefix("127.") { names.append("localhost") }
        return Set(names.flatMap { port == 80 ? ["\($0):80", $0] : ["\($0):\(port)"] })
    }
}

// MARK: - Usage

extension CommandCatalog {
    /// `aftersales console`: its usage (listed in `CommandCatalog.all`).
    public static let console = CommandHelp(
        name: "console", summary: "the operator console in a browser: KPIs, alerts, complaints, dead letters, tickets",
        synopsis: ["aftersales console [--port 8080] [--bind 127.0.0.1] [--stream-seconds 300]"],
        options: [
            OptionHelp("port", "PORT", "the port to listen on (default 8080; 0: any free port)"),
            OptionHelp("bind", "ADDRESS", "the IPv4 address to listen on (default 127.0.0.1; 0.0.0.0: every address)"),
            OptionHelp("stream-seconds", "SECONDS", "renew each live-update connection after this long (default 300)"),
        ],
        notes: [
            "Tails every topic from its start (no database) and serves http://ADDRESS:PORT/: KPI tiles and charts, league tables by region and provider, open alerts, the complaint queue (take, resolve), dead letters (replay) and ticket timelines (/ticket?id=), live by Server-Sent Events, in English and Chinese (?lang=zh).",
            "Take, resolve and replay publish the same events as complaints take/resolve and dead-letters replay. Customer names, phones and addresses are never shown. Stops on Ctrl-C.",
        ])
}
