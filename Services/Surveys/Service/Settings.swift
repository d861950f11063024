import Foundation
import ServiceRuntime

/// The surveys service's numbers, from `AFTERSALES_SURVEYS_*` variables.
public struct SurveysSettings: Sendable, Equatable {
    /// Seconds between `ticket.completed` and `survey.requested` (AFTERSALES_SURVEYS_DELAY_SECONDS, 3600).
    public var delaySeconds: Double = 3600
    /// Days a requested survey waits for an answer (AFTERSALES_SURVEYS_EXPIRY_DAYS, 7).
    public var expiryDays: Double = 7
    /// Average needed to count as satisfied (AFTERSALES_SURVEYS_SATISFIED_AVERAGE, 4.0).
    public var satisfiedAverage: Double = 4.0
    /// Share of completed tickets audited by a supervisor's call-back, besides every
    /// safety-hazard ticket (AFTERSALES_SURVEYS_AUDIT_SHARE, 0.05; 0 audits hazards only).
    public var auditShare: Double = 0.05

    public init() {}

    public init(config: ServiceConfig) throws {
        delaySeconds = try config.double("AFTERSALES_SURVEYS_DELAY_SECONDS", default: delaySeconds)
        expiryDays = try config.double("AFTERSALES_SURVEYS_EXPIRY_DAYS", default: expiryDays)
        satisfiedAverage = try config.double("AFTERSALES_SURVEYS_SATISFIED_AVERAGE", default: satisfiedAverage)
        auditShare = try config.double("AFTERSALES_SURVEYS_AUDIT_SHARE", default: auditShare)
        guard delaySeconds >= 0 else { throw ConfigError(variable: "AFTERSALES_SURVEYS_DELAY_SECONDS", problem: "must not be negative") }
        guard expiryDays > 0 else { throw ConfigError(variable: "AFTERSALES_SURVEYS_EXPIRY_DAYS", problem: "must be positive") }
        guard (1...5).contains(satisfiedAverage) else {
            throw ConfigError(variable: "AFTERSALES_SURVEYS_SATISFIED_AVERAGE", problem: "must be between 1 and 5")
        }
        guard (0...1).contains(auditShare) else {
            throw ConfigError(variable: "AFTERSALES_SURVEYS_AUDIT_SHARE", problem: "must be a share between 0 and 1 (0.05 is 5 %)")
        }
    }
}
