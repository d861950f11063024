import Foundation
import Schema

/// Reads the `key=value;key=value` lists that service settings use (dispatch's fee tables,
/// alerting's compensation, league weights, repair-time priors), with errors that name the
/// variable and the bad item. Pure.
///
/// Items are separated by `;`; spaces around items, keys and values are ignored; empty items
/// are skipped. A key may appear once. With `bareKey`, an item without `=` is that key's value
/// (`AFTERSALES_DISPATCH_CALLOUT_FEE=50` is `default=50`).
public enum SettingEntries {
    public static func parse(_ text: String, variable: String, bareKey: String? = nil) throws(ConfigError) -> [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = []
        var seen: Set<String> = []
        for item in text.split(separator: ";", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let key: String, value: String
            if let equals = trimmed.firstIndex(of: "=") {
                key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
                value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            } else if let bareKey {
                key = bareKey
                value = trimmed
            } else {
                throw ConfigError(variable: variable, problem: "'\(trimmed)' is not KEY=VALUE")
            }
            guard !key.isEmpty, !value.isEmpty else {
                throw ConfigError(variable: variable, problem: "'\(trimmed)' needs both a key and a value")
            }
            guard seen.insert(key).inserted else {
                throw ConfigError(variable: variable, problem: "'\(key)' is given twice")
            }
            entries.append((key, value))
        }
        return entries
    }

    /// An amount of money in whole cents: a number 0…10,000,000 with at most two decimals.
    public static func cents(_ text: String, variable: String, key: String) throws(ConfigError) -> Int64 {
        guard let value = Double(text), value.isFinite, SchemaLimits.amount.contains(value), Money.isRounded(value),
              let cents = Money.cents(value) else {
            throw ConfigError(variable: variable,
                              problem: "\(key): '\(text)' is not an amount (0…10000000, at most two decimals)")
        }
        return cents
    }

    /// A three-letter currency code, upper-cased.
    public static func currency(_ text: String, variable: String) throws(ConfigError) -> String {
        let code = text.trimmingCharacters(in: .whitespaces)
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
            throw ConfigError(variable: variable, problem: "'\(text)' is not a three-letter currency code")
        }
        return code.uppercased()
    }
}

extension SettingEntries {
    /// A finite number within `range`.
    public static func number(_ text: String, variable: String, key: String? = nil, in range: ClosedRange<Double>) throws(ConfigError) -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value) else {
            let prefix = key.map { "\($0): " } ?? ""
            throw ConfigError(variable: variable, problem: "\(prefix)'\(text)' must be a number within \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// A whole number within `range`.
    public static func whole(_ text: String, variable: String, key: String? = nil, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            let prefix = key.map { "\($0): " } ?? ""
            throw ConfigError(variable: variable, problem: "\(prefix)'\(text)' must be a whole number within \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// The setting's text, nil when unset or blank.
    public static func text(_ settings: [String: String], _ variable: String) -> String? {
        guard let text = settings[variable], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}
