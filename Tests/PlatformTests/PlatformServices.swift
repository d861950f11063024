import AlertingService
import DispatchService
import IntakeService
import InventoryService
import ServiceRuntime
import SurveysService
import TestSupport

/// The five services running in-process against the broker, each on a fresh database, all
/// on one topic prefix: the start-up of the whole-platform flows (`PlatformFlowTests`,
/// `ContractTrafficTests`, `SimulatorPlatformTests`).
///
/// Surveys ask after 1 s and alerting publishes KPIs every 2 s, so that a flow sees both
/// within a test's time.
struct PlatformServices {
    let intake: ServiceConfig
    let dispatch: ServiceConfig
    let inventory: ServiceConfig
    let surveys: ServiceConfig
    let alerting: ServiceConfig
    /// Intake, dispatch, inventory, surveys, alerting, started.
    let runners: [ServiceRunner]

    /// Creates the databases and starts the five; `overrides` adds settings by service name
    /// (`"surveys"`: [...]) over the defaults above.
    static func start(topicPrefix prefix: String, overrides: [String: [String: String]] = [:]) throws -> PlatformServices {
        func config(_ service: String, _ defaults: [String: String] = [:]) throws -> ServiceConfig {
            testServiceConfig(service: service, databaseURL: try makeTestDatabase(service), topicPrefix: prefix,
                              overrides: defaults.merging(overrides[service] ?? [:]) { $1 })
        }
        let intake = try config("intake")
        let dispatch = try config("dispatch")
        let inventory = try config("inventory")
        let surveys = try config("surveys", ["AFTERSALES_SURVEYS_DELAY_SECONDS": "1"])
        let alerting = try config("alerting", ["AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS": "2"])
        let runners = [
            ServiceRunner(config: intake, migrations: IntakeMigrations.all, handler: try IntakeHandler(config: intake)),
            ServiceRunner(config: dispatch, migrations: DispatchMigrations.all, handler: try DispatchHandler(config: dispatch)),
            ServiceRunner(config: inventory, migrations: InventoryMigrations.all, handler: try InventoryHandler(config: inventory)),
            ServiceRunner(config: surveys, migrations: SurveysMigrations.all, handler: try SurveysHandler(config: surveys)),
            ServiceRunner(config: alerting, migrations: AlertingMigrations.all, handler: try AlertingHandler(config: alerting)),
        ]
        for runner in runners { runner.start() }
        return PlatformServices(intake: intake, dispatch: dispatch, inventory: inventory, surveys: surveys, alerting: alerting,
                                runners: runners)
    }

    /// Stops the five, one after the other.
    func stop() async {
        for runner in runners { await runner.stop() }
    }
}
