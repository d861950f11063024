import Foundation
import ServiceRuntime

/// Dispatch's numbers, from `AFTERSALES_DISPATCH_*` variables.
public struct DispatchSettings: Sendable, Equatable {
    /// Technicians outside the ticket's region are candidates within this distance (50 km).
    public var maxDistanceKm: Double = 50
    /// An assignment not accepted within this many seconds counts as declined (900).
    public var acceptTimeoutSeconds: Double = 900

    public init() {}

    public init(config: ServiceConfig) throws {
        maxDistanceKm = try config.double("AFTERSALES_DISPATCH_MAX_DISTANCE_KM", default: maxDistanceKm)
        acceptTimeoutSeconds = try config.double("AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS", default: acceptTimeoutSeconds)
        guard maxDistanceKm >= 0 else { throw ConfigError(variable: "AFTERSALES_DISPATCH_MAX_DISTANCE_KM", problem: "must not be negative") }
        guard acceptTimeoutSeconds > 0 else {
            throw ConfigError(variable: "AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS", problem: "must be positive")
        }
    }
}
