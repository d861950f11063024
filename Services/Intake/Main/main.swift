import Foundation
import IntakeService
import ServiceRuntime

// `intake` runs the service; `intake erase-customer <id>` and `intake retention` are
// operator subcommands (see IntakeCommand).
switch IntakeCommand.parse(Array(CommandLine.arguments.dropFirst())) {
case .runService:
    await ServiceMain.run(service: "intake", migrations: IntakeMigrations.all) { config in
        try IntakeHandler(config: config)
    }
case .help:
    print(IntakeCommand.usage)
    exit(0)
case .usageError(let problem):
    FileHandle.standardError.write(Data("intake: \(problem)\n\(IntakeCommand.usage)\n".utf8))
    exit(2)
case let command:
    exit(IntakeCommand.runMaintenance(command))
}
