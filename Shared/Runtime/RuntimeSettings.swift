import Foundation

/// The runtime's own settings (retention windows and retry limits), read once at start-up
/// through `ServiceConfig`'s validated accessors: a malformed or out-of-range value is a
/// `ConfigError` that stops the service from starting.
struct RuntimeSettings: Sendable, Equatable {
    /// Inbox rows and parked outbox rows are deleted after this many days
    /// (`AFTERSALES_RETENTION_DAYS`, default 14). Keep it longer than the topics' retention:
    /// a message can be redelivered as long as the topic holds it, and only the inbox
    /// recognises it as a duplicate.
    var retentionDays: Int
    /// Sent outbox rows are deleted after this many hours (`AFTERSALES_OUTBOX_RETENTION_HOURS`, default 1).
    var sentOutboxRetentionHours: Int
    /// A timer whose handler keeps failing is parked after this many attempts
    /// (`AFTERSALES_TIMER_MAX_ATTEMPTS`, default 10).
    var timerMaxAttempts: Int
    /// An outbox row the broker keeps refusing with an error that may not be permanent
    /// (unknown topic, authorization…) is parked after this many attempts
    /// (`AFTERSALES_OUTBOX_MAX_ATTEMPTS`, default 5).
    var outboxMaxAttempts: Int

    init(retentionDays: Int = 14, sentOutboxRetentionHours: Int = 1, timerMaxAttempts: Int = 10,
         outboxMaxAttempts: Int = 5) {
        self.retentionDays = retentionDays
        self.sentOutboxRetentionHours = sentOutboxRetentionHours
        self.timerMaxAttempts = timerMaxAttempts
        self.outboxMaxAttempts = outboxMaxAttempts
    }

    /// Reads and validates every setting; throws the first problem found.
    init(config: ServiceConfig) throws(ConfigError) {
        func read(_ variable: String, default value: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
            let number = try config.int(variable, default: value)
            guard range.contains(number) else {
                throw ConfigError(variable: variable,
                                  problem: "must be in \(range.lowerBound)...\(range.upperBound), not \(number)")
            }
            return number
        }
        self.init(
            retentionDays: try read("AFTERSALES_RETENTION_DAYS", default: 14, range: 1...3650),
            sentOutboxRetentionHours: try read("AFTERSALES_OUTBOX_RETENTION_HOURS", default: 1, range: 0...8_760),
            timerMaxAttempts: try read("AFTERSALES_TIMER_MAX_ATTEMPTS", default: 10, range: 1...1000),
            outboxMaxAttempts: try read("AFTERSALES_OUTBOX_MAX_ATTEMPTS", default: 5, range: 1...1000))
    }
}
