import Foundation
import Schema
import ServiceRuntime

/// Every number of intake's rules, read from `ServiceConfig.settings` (AFTERSALES_* variables)
/// with the documented defaults. A malformed or out-of-range value is a `ConfigError`
/// naming the variable, so the service refuses to start rather than guess.
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_INTAKE_MAX_MESSAGE_BYTES | 65536 |
/// | AFTERSALES_INTAKE_MAX_DESCRIPTION_CHARS | 2000 |
/// | AFTERSALES_INTAKE_MAX_PURCHASE_AGE_YEARS | 30 |
/// | AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS | 90 (at least 30) |
/// | AFTERSALES_INTAKE_WARRANTY_MONTHS_<CATEGORY> | see `WarrantyPolicy.defaultMonths` (e.g. `_AIR_CONDITIONER`) |
/// | AFTERSALES_INTAKE_SLA_<PRIORITY>_<RESPOND/ONSITE/RESOLVE>_HOURS | DESIGN.md table |
/// | AFTERSALES_INTAKE_UTC_OFFSET_HOURS | 8 (the business day: "today", ticket ids) |
/// | AFTERSALES_INTAKE_RETENTION_YEARS | 2 (at least 2) |
/// | AFTERSALES_INTAKE_RETENTION_INTERVAL_HOURS | 24 |
/// | AFTERSALES_INTAKE_EMIT_DESCRIPTION | true (the redacted description on `ticket.opened`) |
/// | AFTERSALES_INTAKE_QUARANTINE_RETENTION_DAYS | AFTERSALES_RETENTION_DAYS, else 14 (quarantined originals of dead letters) |
/// | AFTERSALES_INTAKE_PLAYBOOKS_FILE | the built-in playbooks (read by `PlaybookSource`, not here) |
public struct IntakeSettings: Sendable, Equatable {
    public var limits: RequestValidator.Limits
    public var warranty: WarrantyPolicy
    public var sla: SLAPolicy
    public var retention: RetentionRule
    /// Seconds east of UTC of the business time zone.
    public var utcOffsetSeconds: Int
    public var retentionIntervalHours: Double
    public var emitDescription: Bool
    /// Days a dead-lettered request's unmasked original is kept in quarantine.
    public var quarantineRetentionDays: Int

    public init(limits: RequestValidator.Limits = .init(), warranty: WarrantyPolicy = .init(), sla: SLAPolicy = .init(),
                retention: RetentionRule = .init(), utcOffsetSeconds: Int = 8 * 3600, retentionIntervalHours: Double = 24,
                emitDescription: Bool = true, quarantineRetentionDays: Int = 14) {
        self.limits = limits
        self.warranty = warranty
        self.sla = sla
        self.retention = retention
        self.utcOffsetSeconds = utcOffsetSeconds
        self.retentionIntervalHours = retentionIntervalHours
        self.emitDescription = emitDescription
        self.quarantineRetentionDays = quarantineRetentionDays
    }

    /// The variable name of a category's warranty months ("AIR_CONDITIONER" for air-conditioner).
    public static func warrantyVariable(_ category: ProductCategory) -> String {
        "AFTERSALES_INTAKE_WARRANTY_MONTHS_" + category.rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The variable name of one SLA target.
    public static func slaVariable(_ priority: Priority, _ target: String) -> String {
        "AFTERSALES_INTAKE_SLA_\(priority.rawValue.uppercased())_\(target)_HOURS"
    }

    /// Reads the settings from a service configuration.
    public init(config: ServiceConfig) throws(ConfigError) {
        func int(_ name: String, _ value: Int, atLeast minimum: Int, atMost maximum: Int = Int.max) throws(ConfigError) -> Int {
            let number = try config.int(name, default: value)
            guard number >= minimum, number <= maximum else {
                throw ConfigError(variable: name, problem: "must be between \(minimum) and \(maximum), not \(number)")
            }
            return number
        }
        func hours(_ name: String, _ value: Double) throws(ConfigError) -> Double {
            let number = try config.double(name, default: value)
            guard number > 0 else { throw ConfigError(variable: name, problem: "must be a positive number of hours") }
            return number
        }
        let limits = RequestValidator.Limits(
            maxMessageBytes: try int("AFTERSALES_INTAKE_MAX_MESSAGE_BYTES", 65_536, atLeast: 1_024, atMost: 16_777_216),
            maxDescriptionCharacters: try int("AFTERSALES_INTAKE_MAX_DESCRIPTION_CHARS", 2_000, atLeast: 1),
            maxPurchaseAgeYears: try int("AFTERSALES_INTAKE_MAX_PURCHASE_AGE_YEARS", 30, atLeast: 1, atMost: 200))
        var months: [ProductCategory: Int] = [:]
        for category in ProductCategory.allCases {
            months[category] = try int(IntakeSettings.warrantyVariable(category),
                                       WarrantyPolicy.defaultMonths[category] ?? 12, atLeast: 0, atMost: 1_200)
        }
        let repairDays = try int("AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS", 90,
                                 atLeast: WarrantyPolicy.minimumRepairWarrantyDays, atMost: 3_650)
        var targets: [Priority: SLATargets] = [:]
        for priority in Priority.allCases {
            let standard = SLAPolicy.defaultTargets[priority]!
            let target = SLATargets(
                respondHours: try hours(IntakeSettings.slaVariable(priority, "RESPOND"), standard.respondHours),
                onSiteHours: try hours(IntakeSettings.slaVariable(priority, "ONSITE"), standard.onSiteHours),
                resolveHours: try hours(IntakeSettings.slaVariable(priority, "RESOLVE"), standard.resolveHours))
            guard target.respondHours <= target.onSiteHours, target.onSiteHours <= target.resolveHours else {
                throw ConfigError(variable: IntakeSettings.slaVariable(priority, "RESPOND"),
                                  problem: "respond ≤ on site ≤ resolve must hold for \(priority.rawValue)")
            }
            targets[priority] = target
        }
        let offsetHours = try config.double("AFTERSALES_INTAKE_UTC_OFFSET_HOURS", default: 8)
        guard (-12...14).contains(offsetHours) else {
            throw ConfigError(variable: "AFTERSALES_INTAKE_UTC_OFFSET_HOURS", problem: "must be between -12 and 14")
        }
        // The runtime's retention window (inbox, outbox) is the default: a dead letter's
        // original is kept as long as the runtime remembers the message.
        let runtimeRetentionDays = try int("AFTERSALES_RETENTION_DAYS", 14, atLeast: 1, atMost: 3_650)
        self.init(
            limits: limits,
            warranty: WarrantyPolicy(months: months, repairWarrantyDays: repairDays),
            sla: SLAPolicy(targets: targets),
            retention: RetentionRule(years: try int("AFTERSALES_INTAKE_RETENTION_YEARS", 2, atLeast: RetentionRule.minimumYears,
                                                    atMost: 100)),
            utcOffsetSeconds: Int((offsetHours * 3600).rounded()),
            retentionIntervalHours: try hours("AFTERSALES_INTAKE_RETENTION_INTERVAL_HOURS", 24),
            emitDescription: try config.bool("AFTERSALES_INTAKE_EMIT_DESCRIPTION", default: true),
            quarantineRetentionDays: try int("AFTERSALES_INTAKE_QUARANTINE_RETENTION_DAYS", runtimeRetentionDays,
                                             atLeast: 1, atMost: 3_650))
    }

    /// The business day of an instant.
    public func businessDay(of instant: Date) -> CalendarDay {
        CalendarDay(instant: instant, offsetSeconds: utcOffsetSeconds)
    }
}
