import Foundation

/// A command-line mistake: the message names the problem and the process exits 64, after
/// the synopsis of `command` when the mistake is in one command's arguments.
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public var message: String
    /// The command whose arguments were wrong, when known.
    public var command: String?
    public init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }
    public var description: String { message }
}

/// The words of a command line after the subcommand, consumed left to right.
///
/// Accepts `--name value`, `--name=value` and bare flags; anything unknown is a
/// `UsageError` naming it, so a typo never silently changes what the tool does. `--help` and
/// `-h` are accepted everywhere (except as an option's value) and set `helpRequested`.
public struct ArgumentReader {
    private var words: [String]
    public private(set) var positionals: [String] = []
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []
    /// Whether `--help` or `-h` was given.
    public private(set) var helpRequested = false

    /// Parses `words` given the option names that take a value and the flag names.
    public init(_ words: [String], options valued: Set<String>, flags known: Set<String>) throws(UsageError) {
        self.words = words
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if isHelpWord(word) {
                helpRequested = true
                continue
            }
            guard word.hasPrefix("--"), word.count > 2 else {
                if word == "-" || !word.hasPrefix("-") { positionals.append(word); continue }
                throw UsageError("unknown option '\(word)'")
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if valued.contains(name) {
                if let inlineValue {
                    options[name, default: []].append(inlineValue)
                } else {
                    guard index < words.count else { throw UsageError("option --\(name) needs a value") }
                    options[name, default: []].append(words[index])
                    index += 1
                }
            } else if known.contains(name) {
                guard inlineValue == nil else { throw UsageError("flag --\(name) takes no value") }
                flags.insert(name)
            } else {
                throw UsageError("unknown option '--\(name)'")
            }
        }
    }

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value given for an option.
    public func value(_ name: String) -> String? { options[name]?.last }

    /// Every value given for a repeatable option (comma-separated values are split).
    public func values(_ name: String) -> [String] {
        (options[name] ?? []).flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    public func double(_ name: String, default value: Double, range: ClosedRange<Double>) throws(UsageError) -> Double {
        guard let text = self.value(name) else { return value }
        guard let number = Double(text), range.contains(number) else {
            throw UsageError("--\(name) must be a number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return number
    }

    public func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = self.value(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("--\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return number
    }

    /// A duration such as `90`, `90s`, `5m`, `2h` (seconds when no unit).
    public func duration(_ name: String, default value: TimeInterval) throws(UsageError) -> TimeInterval {
        guard let text = self.value(name) else { return value }
        guard let seconds = ArgumentReader.parseDuration(text) else {
            throw UsageError("--\(name) must be a duration like 30s, 5m or 2h, not '\(text)'")
        }
        return seconds
    }

    /// Fails naming `command` when a positional argument was given.
    public func noPositionals(_ command: String) throws(UsageError) {
        if let extra = positionals.first { throw UsageError("\(command) takes no argument '\(extra)'") }
    }

    /// `[--port N] [--bind ADDRESS]` of a command that serves HTTP (`console`, `metrics`):
    /// a port in 0...65535 (0: one the system chooses) and an IPv4 address, 127.0.0.1 (this
    /// machine only) unless told otherwise.
    public func listenAddress(defaultPort: Int) throws(UsageError) -> (port: Int, bind: String) {
        let bind = value("bind") ?? "127.0.0.1"
        var address = in_addr()
        guard inet_pton(AF_INET, bind, &address) == 1 else { throw UsageError("--bind must be an IPv4 address, not '\(bind)'") }
        return (try int("port", default: defaultPort, range: 0...65_535), bind)
    }

    static func parseDuration(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let last = text.last, let unit = units[last], let number = Double(text.dropLast()), number >= 0 {
            return number * unit
        }
        if let number = Double(text), number >= 0 { return number }
        return nil
    }
}
