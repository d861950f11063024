import Foundation
import Kafka
import ServiceRuntime
import TestSupport

/// The configuration a service's handler is built from (`XHandler(config:)`), with `settings`
/// as its `AFTERSALES_*` variables. The harness has its own (database, topics).
func handlerConfig(_ service: String, settings: [String: String] = [:]) -> ServiceConfig {
    ServiceConfig(serviceName: service, databaseURL: "postgres://unused",
                  kafka: KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "hostile-\(service)"),
                  settings: settings)
}
