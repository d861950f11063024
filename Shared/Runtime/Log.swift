import Foundation

/// Structured JSON logs, one object per line on standard output.
///
/// Log only identifiers and counts: never customer names, phones or addresses (PII), never
/// secrets. Fields are `[String: String]` so that nothing is logged by accident through
/// a `description` of a rich value.
public struct Logger: Sendable {
    /// Severity of a log line.
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var name: String { ["debug", "info", "warning", "error"][rawValue] }

        /// The level called `name` (debug, info, warning, error), if any.
        public init?(name: String) {
            guard let level = [Level.debug, .info, .warning, .error].first(where: { $0.name == name }) else { return nil }
            self = level
        }
    }

    public let service: String
    public let minimum: Level

    /// A logger printing `minimum` and above. Services pass `ServiceConfig.logLevel`
    /// (AFTERSALES_LOG_LEVEL, validated at start-up); without one, this process's
    /// AFTERSALES_LOG_LEVEL is used when it names a level, else info (tests, tools).
    public init(service: String, minimum: Level? = nil) {
        self.service = service
        let configured = ProcessInfo.processInfo.environment["AFTERSALES_LOG_LEVEL"].flatMap { Level(name: $0.lowercased()) }
        self.minimum = minimum ?? configured ?? .info
    }

    public func debug(_ message: String, _ fields: [String: String] = [:]) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [String: String] = [:]) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [String: String] = [:]) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [String: String] = [:]) { log(.error, message, fields) }

    public func log(_ level: Level, _ message: String, _ fields: [String: String]) {
        guard level >= minimum else { return }
        var object: [String: String] = fields
        object["ts"] = Logger.timestamp()
        object["level"] = level.name
        object["service"] = service
        object["msg"] = message
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        var line = data
        line.append(0x0A)
        Logger.output.write(line)
    }

    private static let output = LogOutput()

    private static func timestamp() -> String {
        let now = Date().timeIntervalSince1970
        let seconds = Int(now)
        let millis = Int((now - Double(seconds)) * 1000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, millis)
    }
}

/// Serialises writes of whole lines to standard output.
private final class LogOutput: @unchecked Sendable {
    private let lock = NSLock()
    func write(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardOutput.write(data)
    }
}
