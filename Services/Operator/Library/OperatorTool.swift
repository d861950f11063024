import Foundation
import Schema

/// Entry point of the `aftersales` tool: parses, runs, and maps failures to exit codes
/// (64 bad usage, 1 failure, 0 success) with a message naming the problem.
public enum OperatorTool {
    public static func main(arguments: [String], stop: StopFlag) -> Int32 {
        let command: OperatorCommand
        do {
            command = try OperatorCommand.parse(arguments)
        } catch {
            FileHandle.standardError.write(Data("aftersales: \(error.message)\nrun 'aftersales help' for usage\n".utf8))
            return 64
        }
        let context = OperatorContext()
        let output: (String) -> Void = { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        do {
            switch command {
            case .help:
                output(OperatorCommand.usage)
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
            case .complaints(let action):
                return try ViewCommands.complaints(action, context: context, output: output)
            case .simulate(let options):
                return try SimulateCommand.run(options, context: context, stop: stop, output: output)
            case .dashboard(let refresh):
                return try ViewCommands.dashboard(refresh: refresh, context: context, stop: stop, output: output)
            case .topics:
                return try ViewCommands.topics(context: context, output: output)
            }
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("aftersales: \(error.message)\n".utf8))
            return 64
        } catch {
            FileHandle.standardError.write(Data("aftersales: \(error)\n".utf8))
            return 1
        }
    }
}
