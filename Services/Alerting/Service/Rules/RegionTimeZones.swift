import Foundation

/// The time zone of each region, for service days: a region's "today" runs from midnight to
/// midnight in its own zone. Regions not listed use the default zone (Asia/Shanghai unless
/// configured otherwise). Pure: the moment is always a parameter.
public struct RegionTimeZones: Sendable, Equatable {
    public var defaultZone: TimeZone
    public var byRegion: [String: TimeZone]

    public init(defaultZone: TimeZone = RegionTimeZones.shanghai, byRegion: [String: TimeZone] = [:]) {
        self.defaultZone = defaultZone
        self.byRegion = byRegion
    }

    /// Asia/Shanghai (UTC+8, no daylight saving time): the platform's default.
    public static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// The zone of `region` (the default for nil or an unlisted region).
    public func zone(for region: String?) -> TimeZone {
        region.flatMap { byRegion[$0] } ?? defaultZone
    }

    /// Midnight at the start of the region's service day holding `moment`.
    public func startOfServiceDay(_ moment: Date, region: String?) -> Date {
        calendar(region).startOfDay(for: moment)
    }

    /// The region's service day holding `moment`, as `YYYY-MM-DD`.
    public func serviceDay(_ moment: Date, region: String?) -> String {
        let day = calendar(region).dateComponents([.year, .month, .day], from: moment)
        return String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
    }

    private func calendar(_ region: String?) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone(for: region)
        return calendar
    }

    /// Why a time-zone setting was refused.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `defaultZone` (an IANA name, e.g. `Asia/Shanghai`) and `regions`
    /// (`region=Zone;region=Zone`, `,` works too, e.g. `xinjiang=Asia/Urumqi;hongkong=Asia/Hong_Kong`).
    public static func parse(defaultZone: String, regions: String) throws(Problem) -> RegionTimeZones {
        guard let zone = TimeZone(identifier: defaultZone.trimmingCharacters(in: .whitespaces)) else {
            throw Problem(description: "'\(defaultZone)' is not a time zone (use an IANA name such as Asia/Shanghai)")
        }
        var byRegion: [String: TimeZone] = [:]
        for entry in regions.split(whereSeparator: { $0 == ";" || $0 == "," }) where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw Problem(description: "'\(entry)' is not region=Zone")
            }
            guard let regionZone = TimeZone(identifier: parts[1]) else {
                throw Problem(description: "'\(parts[1])' (region \(parts[0])) is not a time zone")
            }
            byRegion[parts[0]] = regionZone
        }
        return RegionTimeZones(defaultZone: zone, byRegion: byRegion)
    }
}
