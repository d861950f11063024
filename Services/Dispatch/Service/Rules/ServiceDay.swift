import Foundation
import Schema

/// The service day of a region: the calendar date (`YYYY-MM-DD`) in the region's time zone
/// (DESIGN.md "Service days follow each region's time zone"; default Asia/Shanghai).
///
/// A technician's daily capacity counts against the service day of *their* region at the
/// moment dispatch makes the offer; a certificate is valid through its `expiresOn` day in the
/// same zone.
public struct ServiceDay: Sendable, Hashable {
    /// Region → time zone, for the regions configured explicitly.
    public var zones: [String: TimeZone]
    /// The zone of every region not configured.
    public var defaultZone: TimeZone

    public static let defaultZoneIdentifier = "Asia/Shanghai"

    public init(zones: [String: TimeZone] = [:], defaultZone: TimeZone = TimeZone(identifier: defaultZoneIdentifier)!) {
        self.zones = zones
        self.defaultZone = defaultZone
    }

    /// The zone a region's days follow.
    public func zone(of region: String) -> TimeZone { zones[region] ?? defaultZone }

    /// The region's calendar date at `moment`, as `YYYY-MM-DD`.
    public func day(region: String, at moment: Date) -> String {
        let offset = zone(of: region).secondsFromGMT(for: moment)
        return CalendarDate.format(moment.addingTimeInterval(Double(offset)))
    }

    /// The instant the region's current day (at `moment`) ends: its next local midnight.
    public func dayEnds(region: String, at moment: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone(of: region)
        let start = calendar.startOfDay(for: moment)
        return calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
    }

    /// Every date some region is on at `moment` (the default zone's and each configured
    /// zone's), sorted: at most three distinct dates on earth at any instant.
    public func possibleDays(at moment: Date) -> [String] {
        var days: Set<String> = [CalendarDate.format(moment.addingTimeInterval(Double(defaultZone.secondsFromGMT(for: moment))))]
        for zone in Set(zones.values) {
            days.insert(CalendarDate.format(moment.addingTimeInterval(Double(zone.secondsFromGMT(for: moment)))))
        }
        return days.sorted()
    }

    /// Parses `REGION=Zone/Name,REGION=Zone/Name,…` (spaces around items allowed). Throws a
    /// message naming the bad item: a missing `=`, an empty region, a repeated region or an
    /// unknown time zone identifier.
    public static func parseZones(_ text: String) throws(ServiceDayConfigError) -> [String: TimeZone] {
        var zones: [String: TimeZone] = [:]
        for item in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw ServiceDayConfigError(problem: "'\(trimmed)' is not REGION=Time/Zone")
            }
            let region = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let identifier = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !region.isEmpty else { throw ServiceDayConfigError(problem: "'\(trimmed)' names no region") }
            guard zones[region] == nil else { throw ServiceDayConfigError(problem: "region \(region) is listed twice") }
            guard let zone = TimeZone(identifier: identifier) else {
                throw ServiceDayConfigError(problem: "'\(identifier)' is not a known time zone (region \(region))")
            }
            zones[region] = zone
        }
        return zones
    }
}

/// Why a region time-zone list could not be read.
public struct ServiceDayConfigError: Error, Sendable, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
