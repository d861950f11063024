import Foundation
import Schema

/// `aftersales metrics [--port 9464] [--bind 0.0.0.0]`: a Prometheus exporter of the business
/// figures that live on topics — the latest KPI snapshots (SLA compliance, first-time fix,
/// CSAT, …) and the alerts — for the Grafana dashboard (compose/grafana). The services' own
/// `/metrics` carry the pipeline figures (throughput, lag, dead letters).
public enum MetricsCommand {
    /// The usage of `metrics`, listed by `CommandCatalog`.
    public static let help = CommandHelp(
        name: "metrics", summary: "serve KPI snapshots and alerts as Prometheus metrics",
        synopsis: ["aftersales metrics [--port 9464] [--bind 127.0.0.1] [--duration 0]"],
        options: [
            OptionHelp("port", "PORT", "the HTTP port of /metrics (default 9464)"),
            OptionHelp("bind", "ADDRESS", "the IPv4 address to listen on (default 127.0.0.1; 0.0.0.0 in a container)"),
            OptionHelp("duration", "DURATION", "stop after this long (default 0: until Ctrl-C)"),
        ],
        notes: [
            "Reads aftersales.kpis and aftersales.alerts from their start, then follows them; serves aftersales_kpi{figure,window,region,provider,category}, aftersales_alerts_open{rule,severity} and aftersales_alerts_raised_total on GET /metrics.",
        ])

    /// What `metrics` was asked for.
    public struct Options: Equatable, Sendable {
        public var port: Int
        public var bind: String
        public var duration: TimeInterval
    }

    static func parse(_ reader: ArgumentReader) throws(UsageError) -> Options {
        try reader.noPositionals("metrics")
        let (port, bind) = try reader.listenAddress(defaultPort: 9464)
        return Options(port: port, bind: bind, duration: try reader.duration("duration", default: 0))
    }

    static func run(_ options: Options, context: OperatorContext, stop: StopFlag, output: (String) -> Void) throws -> Int32 {
        _ = try context.checkBroker()
        let state = LockedMetrics()
        let server = try MetricsServer(port: options.port, bind: options.bind) { state.text() }
        defer { server.stop() }
        output("serving http://\(options.bind):\(server.port)/metrics (KPI snapshots and alerts)")
        let consumer = try context.consumer(topics: [Topic.kpis.name, Topic.alerts.name], fromBeginning: true)
        defer { consumer.close() }
        let started = Date()
        try consumer.follow(maxMessages: 500, until: stop,
                            while: { options.duration == 0 || Date().timeIntervalSince(started) < options.duration }) { events in
            if !events.isEmpty { state.apply(events.map(\.envelope)) }
        }
        return 0
    }
}

/// `BusinessMetrics` shared by the consuming loop and the HTTP thread.
final class LockedMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private var metrics = BusinessMetrics()

    func apply(_ envelopes: [Envelope]) {
        lock.lock()
        defer { lock.unlock() }
        for envelope in envelopes { metrics.apply(envelope) }
    }

    func text() -> String {
        lock.lock()
        defer { lock.unlock() }
        return metrics.prometheusText()
    }
}
