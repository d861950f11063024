import Foundation
import InventoryService
import Postgres
import ServiceRuntime

// `inventory` runs the service; `inventory stock-value` prints the stock value per warehouse.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["stock-value"] {
    do {
        let config = try ServiceConfig.fromEnvironment(service: "inventory")
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        print(try StockValueReport.render(on: db))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("inventory: \(error)\n".utf8))
        exit(1)
    }
} else if !arguments.isEmpty {
    FileHandle.standardError.write(Data("inventory: unknown command '\(arguments.joined(separator: " "))'; run without arguments, or 'inventory stock-value'\n".utf8))
    exit(2)
}
await ServiceMain.run(service: "inventory", migrations: InventoryMigrations.all) { config in
    try InventoryHandler(config: config)
}
