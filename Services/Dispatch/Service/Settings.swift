import Foundation
import Schema
import ServiceRuntime

/// Every number of dispatch's rules, read from `AFTERSALES_DISPATCH_*` variables with
/// documented defaults; a malformed or out-of-range value is a `ConfigError`.
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_DISPATCH_MAX_DISTANCE_KM | 50 (technicians outside the ticket's region must be this close) |
/// | AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS | 900 (no answer counts as a decline) |
/// | AFTERSALES_DISPATCH_EMERGENCY_EXTRA_CAPACITY | 1 (emergencies may exceed capacity by this when every candidate is full) |
public struct DispatchSettings: Sendable, Hashable {
    public var maxDistanceKm: Double
    public var acceptTimeoutSeconds: Double
    public var emergencyExtraCapacity: Int

    public init(maxDistanceKm: Double = 50, acceptTimeoutSeconds: Double = 900, emergencyExtraCapacity: Int = 1) {
        self.maxDistanceKm = maxDistanceKm
        self.acceptTimeoutSeconds = acceptTimeoutSeconds
        self.emergencyExtraCapacity = emergencyExtraCapacity
    }

    public init(config: ServiceConfig) throws(ConfigError) {
        let distance = try config.double("AFTERSALES_DISPATCH_MAX_DISTANCE_KM", default: 50)
        guard distance >= 0 else {
            throw ConfigError(variable: "AFTERSALES_DISPATCH_MAX_DISTANCE_KM", problem: "must not be negative")
        }
        let timeout = try config.double("AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS", default: 900)
        guard timeout > 0 else {
            throw ConfigError(variable: "AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS", problem: "must be positive")
        }
        let extra = try config.int("AFTERSALES_DISPATCH_EMERGENCY_EXTRA_CAPACITY", default: 1)
        guard (0...100).contains(extra) else {
            throw ConfigError(variable: "AFTERSALES_DISPATCH_EMERGENCY_EXTRA_CAPACITY", problem: "must be between 0 and 100")
        }
        self.init(maxDistanceKm: distance, acceptTimeoutSeconds: timeout, emergencyExtraCapacity: extra)
    }

    /// The candidate rule with these settings.
    public var scoring: CandidateScoring {
        CandidateScoring(maxDistanceKm: maxDistanceKm, emergencyExtraCapacity: emergencyExtraCapacity)
    }

    /// Same as `scoring` (the earlier name).
    public var ranking: CandidateScoring { scoring }
}
