import Foundation

// MARK: - Typed access to service settings

extension ServiceConfig {
    /// A numeric setting, or `defaultValue` when unset; a malformed value is a ConfigError naming the variable.
    public func double(_ variable: String, default defaultValue: Double) throws(ConfigError) -> Double {
        guard let text = settings[variable], !text.isEmpty else { return defaultValue }
        guard let value = Double(text), value.isFinite else {
            throw ConfigError(variable: variable, problem: "must be a number, not '\(text)'")
        }
        return value
    }

    /// A whole-number setting, or `defaultValue` when unset.
    public func int(_ variable: String, default defaultValue: Int) throws(ConfigError) -> Int {
        guard let text = settings[variable], !text.isEmpty else { return defaultValue }
        guard let value = Int(text) else {
            throw ConfigError(variable: variable, problem: "must be a whole number, not '\(text)'")
        }
        return value
    }

    /// A boolean setting (true/false/1/0/yes/no), or `defaultValue` when unset.
    public func bool(_ variable: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        guard let text = settings[variable]?.lowercased(), !text.isEmpty else { return defaultValue }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ConfigError(variable: variable, problem: "must be true or false, not '\(text)'")
        }
    }

    /// A text setting, or `defaultValue` when unset.
    public func string(_ variable: String, default defaultValue: String) -> String {
        guard let text = settings[variable], !text.isEmpty else { return defaultValue }
        return text
    }
}
