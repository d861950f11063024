import Foundation
import Postgres
import ServiceRuntime

/// The operator subcommands of the `intake` executable:
///
///     intake                              run the service
///     intake erase-customer <customerId>  anonymise one customer's PII (tickets stay), delete
///                                         their quarantined dead-letter originals
///     intake retention                    delete tickets past the retention period and
///                                         quarantined originals past the quarantine window
///
/// Subcommands use the service's own configuration (AFTERSALES_INTAKE_DATABASE_URL or
/// DATABASE_URL, and the AFTERSALES_INTAKE_* settings); Kafka is not needed for them.
public enum IntakeCommand {
    /// A parsed command line.
    public enum Parsed: Equatable, Sendable {
        case runService
        case eraseCustomer(String)
        case retention
        case help
        case usageError(String)
    }

    public static let usage = """
        usage: intake                              run the intake service
               intake erase-customer <customerId>  erase one customer's name, phone and address (and quarantined dead letters)
               intake retention                    delete tickets past the retention period, old quarantined dead letters
        """

    public static func parse(_ arguments: [String]) -> Parsed {
        guard let command = arguments.first else { return .runService }
        switch command {
        case "erase-customer":
            guard arguments.count == 2, !arguments[1].isEmpty else {
                return .usageError("erase-customer takes exactly one customer id")
            }
            return .eraseCustomer(arguments[1])
        case "retention":
            return arguments.count == 1 ? .retention : .usageError("retention takes no arguments")
        case "-h", "--help", "help":
            return .help
        default:
            return .usageError("unknown command '\(command)'")
        }
    }

    /// Runs a maintenance subcommand; returns the process exit status (0 done, 1 failed or
    /// unknown customer, 2 bad usage or configuration). Prints only ids and counts.
    public static func runMaintenance(_ command: Parsed, environment: [String: String] = ProcessInfo.processInfo.environment,
                                      now: Date = Date()) -> Int32 {
        var environment = environment
        // The maintenance commands talk to PostgreSQL only.
        if environment["KAFKA_BOOTSTRAP_SERVERS"]?.isEmpty ?? true { environment["KAFKA_BOOTSTRAP_SERVERS"] = "unused:9092" }
        let config: ServiceConfig
        let settings: IntakeSettings
        do {
            config = try ServiceConfig.fromEnvironment(service: "intake", environment: environment)
            settings = try IntakeSettings(config: config)
        } catch {
            printError("intake: \(error)")
            return 2
        }
        do {
            let db = try PGConnection(url: config.databaseURL)
            defer { db.close() }
            try Migrator.migrate(db, service: "intake", migrations: IntakeMigrations.all)
            switch command {
            case .eraseCustomer(let customerId):
                let report = try db.transaction { db in try IntakeMaintenance.eraseCustomer(customerId, now: now, on: db) }
                guard report.foundAnything else {
                    printError("intake: no customer with id \(customerId)")
                    return 1
                }
                print("erased the personal data of customer \(customerId) (customer store: "
                    + "\(report.customerErased ? "anonymised" : "none"), quarantined dead letters deleted: "
                    + "\(report.quarantinedDeleted)); tickets kept")
            case .retention:
                let report = try db.transaction { db in try IntakeMaintenance.runRetention(now: now, settings: settings, on: db) }
                print("retention: cutoff \(report.cutoff), \(report.ticketsDeleted) tickets, \(report.customersDeleted) customers "
                    + "and \(report.quarantinedDeleted) quarantined dead letters deleted")
            default:
                printError(usage)
                return 2
            }
            return 0
        } catch {
            printError("intake: \(error)")
            return 1
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
