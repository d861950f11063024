import Foundation
import Schema
import ServiceRuntime

/// A fee that depends on the product category and the ticket's priority (labour, call-out),
/// in whole cents. The most specific entry wins: `category/priority`, then `category`, then
/// `priority`, then `default`.
///
/// Configuration text: `;`-separated `KEY=AMOUNT` items, KEY being `default`, a priority
/// (`emergency`), a product category (`air-conditioner`) or both (`air-conditioner/emergency`);
/// a bare amount is the default. Example: `default=50;emergency=100;refrigerator/emergency=120`.
/// A configured table must have a default.
public struct FeeTable: Sendable, Hashable {
    public var defaultCents: Int64
    public var byPriority: [Priority: Int64]
    public var byCategory: [ProductCategory: Int64]
    /// Keyed `"<category>/<priority>"` (wire values).
    public var byCategoryAndPriority: [String: Int64]

    public init(defaultCents: Int64, byPriority: [Priority: Int64] = [:], byCategory: [ProductCategory: Int64] = [:],
                byCategoryAndPriority: [String: Int64] = [:]) {
        self.defaultCents = defaultCents
        self.byPriority = byPriority
        self.byCategory = byCategory
        self.byCategoryAndPriority = byCategoryAndPriority
    }

    /// The fee for a ticket of `category` and `priority`, in cents.
    public func cents(category: ProductCategory, priority: Priority) -> Int64 {
        byCategoryAndPriority["\(category.rawValue)/\(priority.rawValue)"] ?? byCategory[category]
            ?? byPriority[priority] ?? defaultCents
    }

    /// The fee as an amount (two decimals).
    public func amount(category: ProductCategory, priority: Priority) -> Double {
        Money.amount(cents: cents(category: category, priority: priority))
    }

    /// Reads a table from its configuration text; errors name `variable` and the bad item.
    public static func parse(_ text: String, variable: String) throws(ConfigError) -> FeeTable {
        var defaultCents: Int64?
        var table = FeeTable(defaultCents: 0)
        for (key, value) in try SettingEntries.parse(text, variable: variable, bareKey: "default") {
            let cents = try SettingEntries.cents(value, variable: variable, key: key)
            if key == "default" {
                defaultCents = cents
            } else if let priority = Priority(rawValue: key) {
                table.byPriority[priority] = cents
            } else if let category = ProductCategory(rawValue: key) {
                table.byCategory[category] = cents
            } else if let slash = key.firstIndex(of: "/"),
                      let category = ProductCategory(rawValue: String(key[..<slash])),
                      let priority = Priority(rawValue: String(key[key.index(after: slash)...])) {
                table.byCategoryAndPriority["\(category.rawValue)/\(priority.rawValue)"] = cents
            } else {
                throw ConfigError(variable: variable,
                                  problem: "unknown key '\(key)' (use default, a priority, a product category or category/priority)")
            }
        }
        guard let defaultCents else {
            throw ConfigError(variable: variable, problem: "needs a default (a bare amount or default=AMOUNT)")
        }
        table.defaultCents = defaultCents
        return table
    }
}

/// What dispatch charges when it invoices a completion (DESIGN.md "Money"), read from
/// `AFTERSALES_DISPATCH_*` settings. Parts are priced from inventory's `part.upserted`, not here.
///
/// | variable | default |
/// |---|---|
/// | AFTERSALES_DISPATCH_CURRENCY | CNY (the invoice currency; quotes and part prices must match it) |
/// | AFTERSALES_DISPATCH_CALLOUT_FEE | `default=50;emergency=100` (the visit fee, charged once per ticket, not on remote resolutions) |
/// | AFTERSALES_DISPATCH_LABOUR_FEE | `default=120` (labour when no approved quote names it) |
/// | AFTERSALES_DISPATCH_REPAIR_WARRANTY_DAYS | 90, at least 30 (a reopened ticket's redo is free within it: `RepairWarranty`); unset, intake's `AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS` is read, so one value can serve both |
public struct InvoiceSettings: Sendable, Hashable {
    public static let currencyVariable = "AFTERSALES_DISPATCH_CURRENCY"
    public static let callOutVariable = "AFTERSALES_DISPATCH_CALLOUT_FEE"
    public static let labourVariable = "AFTERSALES_DISPATCH_LABOUR_FEE"
    public static let repairWarrantyVariable = "AFTERSALES_DISPATCH_REPAIR_WARRANTY_DAYS"
    /// Intake's name for the same rule, read when dispatch's own is unset.
    public static let intakeRepairWarrantyVariable = "AFTERSALES_INTAKE_REPAIR_WARRANTY_DAYS"

    /// The built-in call-out fees: 50.00, emergencies 100.00.
    public static let defaultCallOut = FeeTable(defaultCents: 5_000, byPriority: [.emergency: 10_000])
    /// The built-in labour fee: 120.00.
    public static let defaultLabour = FeeTable(defaultCents: 12_000)

    /// Three-letter code, upper case.
    public var currency: String
    public var callOut: FeeTable
    public var labour: FeeTable
    /// How long after a repair a reopened ticket's redo is free.
    public var repairWarranty: RepairWarranty

    public init(currency: String = "CNY", callOut: FeeTable = InvoiceSettings.defaultCallOut,
                labour: FeeTable = InvoiceSettings.defaultLabour, repairWarranty: RepairWarranty = RepairWarranty()) {
        self.currency = currency
        self.callOut = callOut
        self.labour = labour
        self.repairWarranty = repairWarranty
    }

    /// Reads the settings from `AFTERSALES_*` variables (a service's `config.settings`);
    /// unset or empty variables keep the defaults.
    public init(settings: [String: String]) throws(ConfigError) {
        self.init()
        if let text = Self.nonEmpty(settings[Self.currencyVariable]) {
            currency = try SettingEntries.currency(text, variable: Self.currencyVariable)
        }
        if let text = Self.nonEmpty(settings[Self.callOutVariable]) {
            callOut = try FeeTable.parse(text, variable: Self.callOutVariable)
        }
        if let text = Self.nonEmpty(settings[Self.labourVariable]) {
            labour = try FeeTable.parse(text, variable: Self.labourVariable)
        }
        for variable in [Self.repairWarrantyVariable, Self.intakeRepairWarrantyVariable] {
            guard let text = Self.nonEmpty(settings[variable]) else { continue }
            let range = RepairWarranty.minimumDays...3_650
            guard let days = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(days) else {
                throw ConfigError(variable: variable, problem: "must be a whole number of days between \(range.lowerBound) and "
                    + "\(range.upperBound) (DESIGN.md: at least \(RepairWarranty.minimumDays) days)")
            }
            repairWarranty = RepairWarranty(days: days)
            break
        }
    }

    /// Same, from the service configuration.
    public init(config: ServiceConfig) throws(ConfigError) {
        try self.init(settings: config.settings)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}
