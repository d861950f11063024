import Foundation
import Schema
import ServiceRuntime

/// Every number of dispatch's rules, read from `AFTERSALES_DISPATCH_*` variables with
/// documented defaults; a malformed or out-of-range value is a `ConfigError`.
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_DISPATCH_MAX_DISTANCE_KM | 50 (technicians outside the ticket's region must be this close; also the grid cell size) |
/// | AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS | 900 (no answer counts as a decline) |
/// | AFTERSALES_DISPATCH_EMERGENCY_EXTRA_CAPACITY | 1 (emergencies may exceed capacity by this when every candidate is full) |
/// | AFTERSALES_REGION_TIME_ZONES | empty: `SH=Asia/Shanghai;XJ=Asia/Urumqi;…` (service days per region; platform-wide, `,` or `;`; was AFTERSALES_DISPATCH_REGION_TIMEZONES) |
/// | AFTERSALES_TIME_ZONE | Asia/Shanghai (regions not listed above; platform-wide; was AFTERSALES_DISPATCH_DEFAULT_TIMEZONE) |
/// | AFTERSALES_DISPATCH_CANDIDATE_LIMIT | 8 (nearest technicians read per ticket before a wider search) |
/// | AFTERSALES_DISPATCH_REQUIRED_CERTIFICATIONS | `kitchen-appliance=gas,water-heater=electrical,air-conditioner=refrigerant`; `fault:<class>=…` too; `none` |
/// | AFTERSALES_DISPATCH_CURRENCY | CNY (invoices; quotes and part prices must match) — `InvoiceSettings` |
/// | AFTERSALES_DISPATCH_CALLOUT_FEE | `default=50;emergency=100` (fee table) |
/// | AFTERSALES_DISPATCH_LABOUR_FEE | `default=120` (fee table; labour when no approved quote names it) |
/// | AFTERSALES_DISPATCH_REMOTE_WINDOW_MINUTES | 30 (remote-first window, 0…1440; 0 = off: `RemoteWindowSettings`) |
public struct DispatchSettings: Sendable, Hashable {
    public var maxDistanceKm: Double
    public var acceptTimeoutSeconds: Double
    public var emergencyExtraCapacity: Int
    /// Service days per region.
    public var serviceDay: ServiceDay
    /// How many nearest technicians the first candidate search reads per ticket.
    public var candidateLimit: Int
    /// Which work needs which certificates.
    public var certifications: CertificationRequirements
    /// Invoice currency and fees (`InvoiceSettings`).
    public var invoicing: InvoiceSettings
    /// How long a remote-eligible ticket waits for the contact centre.
    public var remoteWindow: RemoteWindowSettings

    public init(maxDistanceKm: Double = 50, acceptTimeoutSeconds: Double = 900, emergencyExtraCapacity: Int = 1,
                serviceDay: ServiceDay = ServiceDay(), candidateLimit: Int = 8,
                certifications: CertificationRequirements = .defaults, invoicing: InvoiceSettings = InvoiceSettings(),
                remoteWindow: RemoteWindowSettings = RemoteWindowSettings()) {
        self.maxDistanceKm = maxDistanceKm
        self.acceptTimeoutSeconds = acceptTimeoutSeconds
        self.emergencyExtraCapacity = emergencyExtraCapacity
        self.serviceDay = serviceDay
        self.candidateLimit = candidateLimit
        self.certifications = certifications
        self.invoicing = invoicing
        self.remoteWindow = remoteWindow
    }

    public init(config: ServiceConfig) throws(ConfigError) {
        let distance = try config.double("AFTERSALES_DISPATCH_MAX_DISTANCE_KM", default: 50)
        guard distance >= 0, distance <= 5_000 else {
            throw ConfigError(variable: "AFTERSALES_DISPATCH_MAX_DISTANCE_KM", problem: "must be between 0 and 5000")
        }
        let timeout = try config.double("AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS", default: 900)
        guard timeout > 0 else {
            throw ConfigError(variable: "AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS", problem: "must be positive")
        }
        let extra = try config.int("AFTERSALES_DISPATCH_EMERGENCY_EXTRA_CAPACITY", default: 1)
        guard (0...100).contains(extra) else {
            throw ConfigError(variable: "AFTERSALES_DISPATCH_EMERGENCY_EXTRA_CAPACITY", problem: "must be between 0 and 100")
        }
        let limit = try config.int("AFTERSALES_DISPATCH_CANDIDATE_LIMIT", default: 8)
        guard (1...1_000).contains(limit) else {
            throw ConfigError(variable: "AFTERSALES_DISPATCH_CANDIDATE_LIMIT", problem: "must be between 1 and 1000")
        }
        // The platform-wide names (alerting reads the same); the earlier dispatch-only names
        // still work when the platform-wide one is unset.
        let zonesVariable = config.settings["AFTERSALES_REGION_TIME_ZONES"] != nil || config.settings["AFTERSALES_DISPATCH_REGION_TIMEZONES"] == nil
            ? "AFTERSALES_REGION_TIME_ZONES" : "AFTERSALES_DISPATCH_REGION_TIMEZONES"
        let zones: [String: TimeZone]
        do {
            zones = try ServiceDay.parseZones(config.string(zonesVariable, default: ""))
        } catch {
            throw ConfigError(variable: zonesVariable, problem: error.problem)
        }
        let defaultVariable = config.settings["AFTERSALES_TIME_ZONE"] != nil || config.settings["AFTERSALES_DISPATCH_DEFAULT_TIMEZONE"] == nil
            ? "AFTERSALES_TIME_ZONE" : "AFTERSALES_DISPATCH_DEFAULT_TIMEZONE"
        let defaultName = config.string(defaultVariable, default: ServiceDay.defaultZoneIdentifier)
        guard let defaultZone = TimeZone(identifier: defaultName) else {
            throw ConfigError(variable: defaultVariable, problem: "'\(defaultName)' is not a known time zone")
        }
        var certifications = CertificationRequirements.defaults
        if let text = config.settings["AFTERSALES_DISPATCH_REQUIRED_CERTIFICATIONS"], !text.isEmpty {
            do {
                certifications = try CertificationRequirements.parse(text)
            } catch {
                throw ConfigError(variable: "AFTERSALES_DISPATCH_REQUIRED_CERTIFICATIONS", problem: error.problem)
            }
        }
        self.init(maxDistanceKm: distance, acceptTimeoutSeconds: timeout, emergencyExtraCapacity: extra,
                  serviceDay: ServiceDay(zones: zones, defaultZone: defaultZone), candidateLimit: limit,
                  certifications: certifications, invoicing: try InvoiceSettings(config: config),
                  remoteWindow: try RemoteWindowSettings(config: config))
    }

    /// The candidate rule with these settings.
    public var scoring: CandidateScoring {
        CandidateScoring(maxDistanceKm: maxDistanceKm, emergencyExtraCapacity: emergencyExtraCapacity)
    }

    /// Same as `scoring` (the earlier name).
    public var ranking: CandidateScoring { scoring }

    /// The candidate grid: cells as wide as the distance bound (at least 1 km), so a search
    /// within the bound reads a few cells around the ticket.
    public var grid: GeoGrid { GeoGrid(cellKm: maxDistanceKm) }

    /// The radius of the first candidate search: the distance bound (at least 1 km).
    public var searchRadiusKm: Double { grid.cellKm }
}
