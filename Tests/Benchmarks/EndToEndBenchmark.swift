import Foundation
import Kafka
import Schema
import TestSupport

/// The whole platform under load, as an integrator would drive it: the five release
/// binaries on fresh databases, a seeded roster, requests produced to `aftersales.requests`
/// as fast as possible and then at a fixed rate, and the tickets topic read WHILE sending
/// (so latencies do not include the rest of the sending time).
///
/// `aftersales-bench e2e [requests=20000] [technicians=100] [regions=1] [rate=500] [seconds=10]`
enum EndToEndBenchmark {
    struct Options {
        var requests = 20_000
        var technicians = 100
        var regions = 1
        var rate = 500
        var seconds = 10

        init(_ arguments: [String]) {
            for argument in arguments {
                let parts = argument.split(separator: "=").map(String.init)
                guard parts.count == 2, let value = Int(parts[1]) else { continue }
                switch parts[0] {
                case "requests": requests = value
                case "technicians": technicians = value
                case "regions": regions = value
                case "rate": rate = value
                case "seconds": seconds = value
                default: continue
                }
            }
        }
    }

    static func run(_ arguments: [String]) async {
        let options = Options(arguments)
        let folder = ProcessInfo.processInfo.environment["AFTERSALES_BENCH_BINARIES"]
            .map { URL(fileURLWithPath: $0) } ?? TestEnvironment.repositoryRoot.appendingPathComponent(".build/release")
        print("End to end (\(folder.lastPathComponent) binaries of the five services, \(options.technicians) technicians"
              + " in \(options.regions) region(s))")
        do {
            try runOnce(options, binaries: folder)
        } catch {
            print("  end to end: failed: \(error)")
        }
    }

    // MARK: One run

    static func runOnce(_ options: Options, binaries: URL) throws {
        let prefix = uniqueTopicPrefix("e2e")
        // Time to assignment is measured: the remote-first window (on by default) would hold the
        // air-conditioner and range-hood requests, whose faults have intake playbooks, for 30 min.
        let services = try ServiceProcesses(binaries: binaries, topicPrefix: prefix,
                                            extraEnvironment: ["AFTERSALES_DISPATCH_REMOTE_WINDOW_MINUTES": "0"])
        defer { services.stop() }
        try services.waitUntilReady()
        let world = LoadWorld(technicians: options.technicians, regions: options.regions)
        let producer = try KafkaProducer(config: KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap,
                                                             clientId: "bench-load"))
        defer { producer.close() }
        let watcher = try TicketWatcher(topicPrefix: prefix)
        watcher.start()
        defer { watcher.stop() }

        // Roster first; wait until dispatch has it.
        try send(world.roster(), on: producer, prefix: prefix)
        let rosterDeadline = Date().addingTimeInterval(120)
        while (services.metric("dispatch", "aftersales_messages_processed_total") ?? 0) < Double(options.technicians) {
            guard Date() < rosterDeadline else { throw BenchError("dispatch did not take the roster") }
            Thread.sleep(forTimeInterval: 0.2)
        }
        try services.vacuumAnalyze()
        let cpuBefore = Dictionary(uniqueKeysWithValues: ServiceProcesses.names.map { ($0, services.cpuSeconds($0)) })
        let phasesBefore = Dictionary(uniqueKeysWithValues: ServiceProcesses.names.map { ($0, services.phaseSeconds($0)) })

        // Burst: as fast as possible.
        let burst = world.requests(count: options.requests, offset: 0)
        let burstStart = Date()
        for chunk in stride(from: 0, to: burst.count, by: 2_000) {
            let slice = Array(burst[chunk..<min(burst.count, chunk + 2_000)])
            watcher.markSent(slice.map(\.requestId), at: Date())
            try send(slice, on: producer, prefix: prefix)
        }
        let sentSeconds = Date().timeIntervalSince(burstStart)
        let burstIds = Set(burst.map(\.requestId))
        let done = watcher.waitForAssigned(burstIds, timeout: 600)
        let burstResult = watcher.summary(for: burstIds, since: burstStart)
        let cpuAfter = Dictionary(uniqueKeysWithValues: ServiceProcesses.names.map { ($0, services.cpuSeconds($0)) })
        let burstWall = Date().timeIntervalSince(burstStart)
        let phasesAfter = Dictionary(uniqueKeysWithValues: ServiceProcesses.names.map { ($0, services.phaseSeconds($0)) })
        print(String(format: "  burst: %d requests produced in %.1f s; %@", options.requests, sentSeconds,
                     done ? "all assigned" : "NOT all assigned within 600 s"))
        print(burstResult.lines(indent: "    "))

        print("  where each service's time went during the burst (seconds of wall clock per phase; consumer, relay and timers run in parallel):")
        let phaseNames = ["poll", "apply", "offset-commit", "relay-read", "relay-send", "relay-mark", "timers"]
        print("    " + "service".padding(toLength: 11, withPad: " ", startingAt: 0)
              + phaseNames.map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
        for name in ServiceProcesses.names {
            let cells = phaseNames.map { phase in
                String(format: "%-14.2f", (phasesAfter[name]?[phase] ?? 0) - (phasesBefore[name]?[phase] ?? 0))
            }
            print("    " + name.padding(toLength: 11, withPad: " ", startingAt: 0) + cells.joined())
        }

        // Steady rate.
        let steadyCount = options.rate * options.seconds
        let steady = world.requests(count: steadyCount, offset: options.requests)
        let steadyStart = Date()
        let interval = 1.0 / Double(options.rate) * 10
        for chunk in stride(from: 0, to: steady.count, by: 10) {
            let due = steadyStart.addingTimeInterval(Double(chunk / 10) * interval)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            let slice = Array(steady[chunk..<min(steady.count, chunk + 10)])
            watcher.markSent(slice.map(\.requestId), at: Date())
            try send(slice, on: producer, prefix: prefix)
        }
        let steadyIds = Set(steady.map(\.requestId))
        _ = watcher.waitForAssigned(steadyIds, timeout: 300)
        print("  steady: \(options.rate) requests/s for \(options.seconds) s")
        print(watcher.summary(for: steadyIds, since: steadyStart).lines(indent: "    "))

        // Did everyone keep up? Each service's own consumer lag (/metrics), memory, CPU share during the burst.
        Thread.sleep(forTimeInterval: 5)
        print("  per service (consumer lag 5 s after the last assignment; RSS; CPU during the burst):")
        for name in ServiceProcesses.names {
            let lag = services.metric(name, "aftersales_consumer_lag_total").map { Int($0) }
            let cpu = (cpuAfter[name] ?? 0) - (cpuBefore[name] ?? 0)
            print(String(format: "    %-10@ lag %8@  RSS %6.0f MiB  CPU %6.1f s (%3.0f %% of one core)", name as NSString,
                         (lag.map { String($0) } ?? "?") as NSString, services.residentMegabytes(name), cpu,
                         cpu / burstWall * 100))
        }
    }

    private static func send<P: EventPayload>(_ payloads: [P], on producer: KafkaProducer, prefix: String) throws {
        let records = payloads.map { payload in
            ProducerRecord(topic: prefix + P.topic.name, key: payload.messageKey,
                           value: Array(Envelope(payload: payload, source: "bench", correlationId: payload.messageKey,
                                                 causationId: nil).encoded()))
        }
        for result in producer.sendAll(records, timeout: .seconds(60)) {
            if case .failure(let error) = result { throw error }
        }
    }
}
