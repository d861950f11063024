import Foundation
import InventoryService
import ServiceRuntime

// `inventory` runs the service; `inventory stock-value` prints the stock value per warehouse.
if let outcome = InventoryCommandLine.run(Array(CommandLine.arguments.dropFirst())) {
    FileHandle.standardOutput.write(Data(outcome.output.utf8))
    FileHandle.standardError.write(Data(outcome.error.utf8))
    exit(outcome.exitCode)
}
await ServiceMain.run(service: "inventory", migrations: InventoryMigrations.all) { config in
    try InventoryHandler(config: config)
}
