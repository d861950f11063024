import Foundation
import Postgres
import Schema
import TestSupport

/// The five service executables started as real processes on fresh databases and a fresh
/// topic prefix, as `make up` would start them — for the end-to-end benchmark.
final class ServiceProcesses {
    static let names = ["intake", "dispatch", "inventory", "surveys", "alerting"]

    let topicPrefix: String
    private(set) var processes: [String: Process] = [:]
    private(set) var healthPorts: [String: Int] = [:]
    private(set) var databaseURLs: [String: String] = [:]

    /// `binaries` is the folder of the built executables (release by default).
    init(binaries: URL, topicPrefix: String, extraEnvironment: [String: String] = [:]) throws {
        self.topicPrefix = topicPrefix
        try createTestTopics(prefix: topicPrefix)
        for (index, name) in Self.names.enumerated() {
            let databaseURL = try makeTestDatabase("e2e\(name)")
            let port = 18_300 + index + Int.random(in: 0..<60) * 10
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasSuffix("DATABASE_URL") }
            environment["AFTERSALES_\(name.uppercased())_DATABASE_URL"] = databaseURL
            environment["KAFKA_BOOTSTRAP_SERVERS"] = TestEnvironment.kafkaBootstrap
            environment["AFTERSALES_TOPIC_PREFIX"] = topicPrefix
            environment["AFTERSALES_HEALTH_PORT"] = String(port)
            environment["AFTERSALES_LOG_LEVEL"] = "error"
            environment["AFTERSALES_CREATE_TOPICS"] = "false"
            for (key, value) in extraEnvironment { environment[key] = value }
            let process = Process()
            process.executableURL = binaries.appendingPathComponent(name)
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.standardError
            try process.run()
            processes[name] = process
            healthPorts[name] = port
            databaseURLs[name] = databaseURL
        }
    }

    /// `VACUUM ANALYZE` of every service database: the statistics and visibility map that
    /// autovacuum gives a deployment within a minute or two. On the local cluster, which holds
    /// hundreds of test databases, autovacuum visits a new database too rarely for a run of a
    /// minute, and the planner would plan the candidate search for empty tables.
    func vacuumAnalyze() throws {
        for name in Self.names {
            guard let url = databaseURLs[name] else { continue }
            let db = try PGConnection(url: url)
            defer { db.close() }
            try db.simpleExecute("VACUUM ANALYZE")
        }
    }

    /// Waits until every service answers /ready.
    func waitUntilReady(timeout: TimeInterval = 120) throws {
        let deadline = Date().addingTimeInterval(timeout)
        for name in Self.names {
            while http(name, "/ready")?.contains("\"status\":\"ready\"") != true {
                guard Date() < deadline, processes[name]?.isRunning == true else {
                    throw BenchError("\(name) did not become ready")
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    /// A Prometheus figure of one service (`aftersales_processed_total`, say), or nil.
    func metric(_ name: String, _ figure: String) -> Double? {
        guard let text = http(name, "/metrics") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(figure + " ") || line.hasPrefix(figure + "{") {
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    /// Every `aftersales_phase_seconds_total` figure of one service, by phase.
    func phaseSeconds(_ name: String) -> [String: Double] {
        guard let text = http(name, "/metrics") else { return [:] }
        var phases: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("aftersales_phase_seconds_total{") {
            guard let start = line.range(of: "phase=\""), let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            let rest = line[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { continue }
            phases[String(rest[..<end])] = value
        }
        return phases
    }

    /// Resident memory of one service process in MiB.
    func residentMegabytes(_ name: String) -> Double {
        guard let pid = processes[name]?.processIdentifier,
              let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return kilobytes / 1024
    }

    /// CPU seconds (user + system) used by one service process so far.
    func cpuSeconds(_ name: String) -> Double {
        guard let pid = processes[name]?.processIdentifier,
              let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// SIGTERM to every service, then waits for them (SIGKILL after 20 s).
    func stop() {
        for process in processes.values where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(20)
        while processes.values.contains(where: \.isRunning) && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        for process in processes.values where process.isRunning {
            FileHandle.standardError.write(Data("    (a service did not stop on SIGTERM within 20 s; killed)\n".utf8))
            kill(process.processIdentifier, SIGKILL)
        }
        for process in processes.values { process.waitUntilExit() }
    }

    private func http(_ name: String, _ path: String) -> String? {
        guard let port = healthPorts[name] else { return nil }
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "--max-time", "2", "http://127.0.0.1:\(port)\(path)"]
        let pipe = Pipe()
        curl.standardOutput = pipe
        curl.standardError = FileHandle.nullDevice
        guard (try? curl.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        return curl.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}

/// A benchmark that could not run, with the reason.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
