import Foundation
import Schema

/// Entry point of the `aftersales` tool: parses, runs, and maps failures to exit codes
/// (64 bad usage, 1 failure, 0 success) with a message naming the problem.
public enum OperatorTool {
    /// Runs the tool as a process: lines go to standard output, problems to standard error.
    /// SIGPIPE is ignored, so a reader that goes away (`aftersales watch | head`) ends the
    /// command quietly with exit 0 instead of killing the process (see `LineWriter`).
    public static func main(arguments: [String], stop: StopFlag) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let output = LineWriter(descriptor: STDOUT_FILENO, stop: stop)
        let errors = LineWriter(descriptor: STDERR_FILENO, stop: nil)
        return run(arguments: arguments, context: OperatorContext(), stop: stop,
                   output: output.writeLine, errors: errors.write)
    }

    /// Runs one command line: `output` gets each line for standard output, `errors` the text
    /// for standard error. Returns the exit code.
    public static func run(arguments: [String], context: @autoclosure () -> OperatorContext, stop: StopFlag,
                           output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let command: OperatorCommand
        do {
            command = try OperatorCommand.parse(arguments)
        } catch {
            errors(usageErrorText(error))
            return 64
        }
        let context = context()
        do {
            switch command {
            case .help:
                output(CommandCatalog.overview)
                return 0
            case .commandHelp(let name):
                output(CommandCatalog.named(name)?.text ?? CommandCatalog.overview)
                return 0
            case .submit(let options):
                return try SubmitCommand.run(options, context: context, output: output)
            case .watch(let options):
                return try ViewCommands.watch(options, context: context, stop: stop, output: output)
            case .ticket(let id, let json):
                return try ViewCommands.ticket(id: id, json: json, context: context, output: output)
            case .alerts(let all, let json):
                return try ViewCommands.alerts(all: all, json: json, context: context, output: output)
            case .kpis(let json):
                return try ViewCommands.kpis(json: json, context: context, output: output)
            case .league(let options):
                return try ViewCommands.league(options, context: context, output: output)
            case .settlement(let options):
                return try ViewCommands.settlement(options, context: context, output: output)
            case .complaints(let action):
                return try ViewCommands.complaints(action, context: context, output: output)
            case .simulate(let options):
                return try SimulateCommand.run(options, context: context, stop: stop, output: output)
            case .dashboard(let options):
                if options.stream { return try ViewCommands.liveDashboard(options, context: context, stop: stop, output: output) }
                return try ViewCommands.dashboard(refresh: options.refreshSeconds, context: context, stop: stop, output: output)
            case .topics:
                return try ViewCommands.topics(context: context, output: output)
            case .deadLetters(let action):
                return try DeadLetterCommands.run(action, context: context, output: output)
            case .console(let options):
                return try ConsoleCommand.run(options, context: context, stop: stop, output: output)
            case .schema(let options):
                return try SchemaCommand.run(options, output: output)
            case .metrics(let options):
                return try MetricsCommand.run(options, context: context, stop: stop, output: output)
            }
        } catch var error as UsageError {
            error.command = error.command ?? command.name
            errors(usageErrorText(error))
            return 64
        } catch {
            errors("aftersales: \(error)\n")
            return 1
        }
    }

    /// What a usage mistake prints: the problem, then the command's synopsis and where its
    /// help is (or, for a mistake outside any command, where the overview is).
    public static func usageErrorText(_ error: UsageError) -> String {
        guard let name = error.command, name != "help", let usage = CommandCatalog.named(name) else {
            return "aftersales: \(error.message)\nrun 'aftersales help' for the commands\n"
        }
        return "aftersales \(name): \(error.message)\n\(usage.synopsisText)\nrun 'aftersales \(name) --help' for the options\n"
    }
}
