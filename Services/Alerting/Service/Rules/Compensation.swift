import Foundation
import Schema
import ServiceRuntime

/// What a customer receives for a breached commitment.
public enum CompensationOffer: Sendable, Hashable {
    /// A voucher worth `cents` in `currency`.
    case voucher(cents: Int64, currency: String)
    /// The warranty extended by `months` (1…120).
    case extendedWarranty(months: Int)
}

/// The compensation each priority earns (003 §4.4.7), from `AFTERSALES_ALERTING_COMPENSATION`.
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_ALERTING_COMPENSATION | `emergency=voucher:200;high=voucher:100;normal=voucher:50;low=extended-warranty:3` |
/// | AFTERSALES_ALERTING_CURRENCY | CNY (vouchers that name no currency) |
///
/// Each item is `PRIORITY=OFFER`, OFFER being `voucher:AMOUNT`, `voucher:AMOUNT:CURRENCY`,
/// `extended-warranty:MONTHS` or `none`; a priority left out gets nothing. The whole value
/// `none` turns compensation off.
public struct CompensationPolicy: Sendable, Hashable {
    public static let variable = "AFTERSALES_ALERTING_COMPENSATION"
    public static let currencyVariable = "AFTERSALES_ALERTING_CURRENCY"
    public static let defaultText = "emergency=voucher:200;high=voucher:100;normal=voucher:50;low=extended-warranty:3"

    public var offers: [Priority: CompensationOffer]

    public init(offers: [Priority: CompensationOffer]) {
        self.offers = offers
    }

    /// The built-in policy (`defaultText`, vouchers in CNY).
    public init() {
        self.init(offers: [.emergency: .voucher(cents: 20_000, currency: "CNY"), .high: .voucher(cents: 10_000, currency: "CNY"),
                           .normal: .voucher(cents: 5_000, currency: "CNY"), .low: .extendedWarranty(months: 3)])
    }

    /// Reads the policy from `AFTERSALES_*` settings; unset or blank keeps the default.
    public init(settings: [String: String]) throws(ConfigError) {
        var currency = "CNY"
        if let text = SettingEntries.text(settings, Self.currencyVariable) {
            currency = try SettingEntries.currency(text, variable: Self.currencyVariable)
        }
        let text = SettingEntries.text(settings, Self.variable) ?? Self.defaultText
        self.init(offers: try Self.parse(text, currency: currency, variable: Self.variable))
    }

    public init(config: ServiceConfig) throws(ConfigError) {
        try self.init(settings: config.settings)
    }

    /// Reads `PRIORITY=OFFER;…`; vouchers without a currency get `currency`.
    public static func parse(_ text: String, currency: String, variable: String) throws(ConfigError) -> [Priority: CompensationOffer] {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "none" { return [:] }
        var offers: [Priority: CompensationOffer] = [:]
        for (key, value) in try SettingEntries.parse(text, variable: variable) {
            guard let priority = Priority(rawValue: key) else {
                throw ConfigError(variable: variable, problem: "unknown priority '\(key)' (emergency, high, normal, low)")
            }
            let parts = value.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            switch (parts.first, parts.count) {
            case ("none", 1):
                continue
            case ("voucher", 2), ("voucher", 3):
                let cents = try SettingEntries.cents(parts[1], variable: variable, key: key)
                guard cents > 0 else { throw ConfigError(variable: variable, problem: "\(key): a voucher must be worth more than 0") }
                let code = try parts.count == 3 ? SettingEntries.currency(parts[2], variable: variable) : currency
                offers[priority] = .voucher(cents: cents, currency: code)
            case ("extended-warranty", 2):
                let months = try SettingEntries.whole(parts[1], variable: variable, key: key, in: SchemaLimits.months)
                offers[priority] = .extendedWarranty(months: months)
            default:
                throw ConfigError(variable: variable, problem: "\(key): '\(value)' is not voucher:AMOUNT[:CURRENCY], "
                                  + "extended-warranty:MONTHS or none")
            }
        }
        return offers
    }
}

/// A breached on-site or resolve deadline grants the customer one compensation per ticket,
/// sized by the ticket's priority (DESIGN.md "Money"; 003 §4.4.7). Pure.
///
/// Once per ticket, across restarts and replays: the handler records `idempotencyKey` (one
/// row per ticket, `INSERT … ON CONFLICT DO NOTHING`) in the same transaction as the emitted
/// event, and passes `alreadyGranted` from it. The second breach of the same ticket (resolve
/// after on-site), a replayed breach timer and a redelivered event all grant nothing.
/// A respond breach grants nothing (the commitment is about being there and fixing it).
public enum Compensation {
    /// The ticket's compensation key, unique per ticket: `compensation:<ticketId>`.
    public static func idempotencyKey(ticketId: String) -> String { "compensation:\(ticketId)" }

    /// The `reason` written on the grant: `on-site-breached` or `resolve-breached`.
    public static func reason(for deadline: SLAClock.Deadline) -> String { "\(deadline.rawValue)-breached" }

    /// The compensation to grant, or nil (respond deadline, already granted, or nothing for this priority).
    public static func grant(ticketId: String, customerId: String, priority: Priority, breached deadline: SLAClock.Deadline,
                             alreadyGranted: Bool, policy: CompensationPolicy) -> CompensationGranted? {
        guard deadline != .respond, !alreadyGranted, let offer = policy.offers[priority] else { return nil }
        switch offer {
        case .voucher(let cents, let currency):
            return CompensationGranted(ticketId: ticketId, customerId: customerId, kind: .voucher, amount: Money.amount(cents: cents),
                                       currency: currency, reason: reason(for: deadline))
        case .extendedWarranty(let months):
            return CompensationGranted(ticketId: ticketId, customerId: customerId, kind: .extendedWarranty, months: months,
                                       reason: reason(for: deadline))
        }
    }
}

/// A compensation the fold decided to grant, with the input (position in the fold) whose
/// cause the `compensation.granted` event carries.
public struct CompensationDue: Sendable, Equatable {
    public var grant: CompensationGranted
    public var origin: Int

    public init(grant: CompensationGranted, origin: Int) {
        self.grant = grant
        self.origin = origin
    }
}
