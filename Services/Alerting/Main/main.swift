import AlertingService
import ServiceRuntime

await ServiceMain.run(service: "alerting", migrations: AlertingMigrations.all) { config in
    try AlertingHandler(config: config)
}
