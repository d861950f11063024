import Foundation
import Postgres
import ServiceRuntime

/// The `inventory` executable's subcommands besides running the service:
/// `inventory stock-value` prints the stock value per warehouse.
public enum InventoryCommandLine {
    /// What a subcommand printed and its exit status.
    public struct Outcome: Equatable, Sendable {
        public var exitCode: Int32
        public var output: String
        public var error: String
    }

    /// Runs the subcommand `arguments` names; nil when there is none (run the service).
    public static func run(_ arguments: [String],
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> Outcome? {
        switch arguments {
        case []:
            return nil
        case ["stock-value"]:
            do {
                let config = try ServiceConfig.fromEnvironment(service: "inventory", environment: environment)
                let db = try PGConnection(url: config.databaseURL)
                defer { db.close() }
                return Outcome(exitCode: 0, output: try StockValueReport.render(on: db) + "\n", error: "")
            } catch {
                return Outcome(exitCode: 1, output: "", error: "inventory: \(error)\n")
            }
        default:
            return Outcome(exitCode: 2, output: "",
                           error: "inventory: unknown command '\(arguments.joined(separator: " "))'; run without arguments, or 'inventory stock-value'\n")
        }
    }
}
