import Dispatch
import Foundation
import Postgres

/// The `main` of every service executable: reads the configuration (a problem exits 2
/// naming the variable), runs the host, stops it on SIGTERM or SIGINT (the batch in hand
/// is finished and the producer flushed), and exits 0 after a clean stop, 1 on failure.
public enum ServiceMain {
    /// The signal sources, kept for the life of the process: a local array was released
    /// early by the optimiser in release builds, cancelling the sources, and SIGTERM was lost.
    nonisolated(unsafe) private static var signalSources: [DispatchSourceSignal] = []

    public static func run(service: String, migrations: [Migration],
                           makeHandler: (ServiceConfig) throws -> any ServiceHandler) async -> Never {
        let config: ServiceConfig
        let handler: any ServiceHandler
        do {
            config = try ServiceConfig.fromEnvironment(service: service)
            _ = try RuntimeSettings(config: config)   // the runtime's own settings: a bad one exits 2 too
            handler = try makeHandler(config)
        } catch {
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            exit(2)
        }
        let host = ServiceHost(config: config, migrations: migrations, handler: handler)
        // Dispatch receives signals through a signalfd on Linux, which sees only signals that
        // no thread takes: block SIGTERM and SIGINT here, before the host starts its threads
        // (they inherit the mask). Without this the main thread took the signal, whose
        // disposition is SIG_IGN, and the service never stopped.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        signalSources = [SIGTERM, SIGINT].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { host.stop() }
            source.resume()
            return source
        }
        do {
            try await host.run()
            exit(0)
        } catch {
            Logger(service: service, minimum: config.logLevel).error("service failed", ["error": "\(error)"])
            exit(1)
        }
    }
}
