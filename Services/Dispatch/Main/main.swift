import DispatchService
import ServiceRuntime

await ServiceMain.run(service: "dispatch", migrations: DispatchMigrations.all) { config in
    try DispatchHandler(config: config)
}
