import Foundation

/// One option of a command, as its usage shows it and as the parser accepts it.
public struct OptionHelp: Sendable, Equatable {
    /// The name without the leading dashes (`timeout` for `--timeout`).
    public let name: String
    /// The placeholder of its value (`DURATION`), or nil for a flag that takes none.
    public let value: String?
    /// What it does, in a few words.
    public let help: String

    /// An option that takes a value shown as `value` (`OptionHelp("timeout", "DURATION", "…")`).
    public init(_ name: String, _ value: String?, _ help: String) {
        self.name = name
        self.value = value
        self.help = help
    }

    /// A flag, which takes no value.
    public static func flag(_ name: String, _ help: String) -> OptionHelp { OptionHelp(name, nil, help) }

    /// `--timeout DURATION` or `--wait`.
    public var label: String { value.map { "--\(name) \($0)" } ?? "--\(name)" }
}

/// The usage of one command, written once: `aftersales COMMAND --help` prints `text`, a
/// usage error of that command is followed by `synopsis`, `aftersales help` lists `summary`,
/// and the parser accepts exactly `options` (through `reader(_:)`).
public struct CommandHelp: Sendable, Equatable {
    public let name: String
    /// One line for the overview.
    public let summary: String
    /// The command lines it accepts, each starting with `aftersales NAME`.
    public let synopsis: [String]
    public let options: [OptionHelp]
    /// Paragraphs after the options: what it prints, its exit codes, examples.
    public let notes: [String]

    public init(name: String, summary: String, synopsis: [String], options: [OptionHelp] = [], notes: [String] = []) {
        self.name = name
        self.summary = summary
        self.synopsis = synopsis
        self.options = options
        self.notes = notes
    }

    /// Names of the options that take a value.
    public var valuedOptions: Set<String> { Set(options.filter { $0.value != nil }.map(\.name)) }
    /// Names of the flags.
    public var flags: Set<String> { Set(options.filter { $0.value == nil }.map(\.name)) }

    /// Reads the words after the command name against this command's options.
    public func reader(_ words: [String]) throws(UsageError) -> ArgumentReader {
        try ArgumentReader(words, options: valuedOptions, flags: flags)
    }

    /// The synopsis lines, the first after "usage:", the rest aligned under it.
    public var synopsisText: String {
        synopsis.enumerated().map { index, line in (index == 0 ? "usage: " : "       ") + line }.joined(separator: "\n")
    }

    /// The whole help of the command.
    public var text: String {
        var parts = ["aftersales \(name) — \(summary)", synopsisText]
        if !options.isEmpty {
            let width = min(28, max("-h, --help".count, options.map(\.label.count).max() ?? 0))
            let lines = options.map { option in
                let label = option.label
                return label.count > width
                    ? "  \(label)\n  \(String(repeating: " ", count: width))  \(option.help)"
                    : "  \(label.padding(toLength: width, withPad: " ", startingAt: 0))  \(option.help)"
            }
            parts.append("options:\n" + (lines + ["  " + "-h, --help".padding(toLength: width, withPad: " ", startingAt: 0)
                                                   + "  print this help"]).joined(separator: "\n"))
        } else {
            parts.append("options:\n  -h, --help  print this help")
        }
        parts += notes
        return parts.joined(separator: "\n\n")
    }
}

/// True for the words that ask for help: `--help` and `-h`.
func isHelpWord(_ word: String) -> Bool { word == "--help" || word == "-h" }
