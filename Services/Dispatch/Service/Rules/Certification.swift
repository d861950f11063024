import Foundation
import Schema

/// The certificates a technician holds: type → the last day (`YYYY-MM-DD`) it is valid on
/// (for a type held twice, the later). A certificate is valid through its `expiresOn` day,
/// that day included, in the region's time zone (DESIGN.md "Certifications").
public struct CertificateSet: Sendable, Hashable {
    public private(set) var validThrough: [String: String]

    public init(validThrough: [String: String] = [:]) {
        self.validThrough = validThrough
    }

    /// From `technician.upserted` `certifications` (nil: none). Entries with a malformed date
    /// are left out (validation refuses them before they get here).
    public init(_ certifications: [TechnicianUpserted.Certification]?) {
        var days: [String: String] = [:]
        for certificate in certifications ?? [] where CalendarDate.isValid(certificate.expiresOn) {
            days[certificate.type] = max(days[certificate.type] ?? "", certificate.expiresOn)
        }
        validThrough = days
    }

    /// True when every `required` type is held and valid on `day` (`YYYY-MM-DD`).
    public func covers(_ required: Set<String>, on day: String) -> Bool {
        missing(required, on: day).isEmpty
    }

    /// The required types not held, or held but expired before `day`, sorted.
    public func missing(_ required: Set<String>, on day: String) -> [String] {
        required.filter { type in (validThrough[type].map { day > $0 } ?? true) }.sorted()
    }

    /// One text per certificate, `type|YYYY-MM-DD`, for the candidate index.
    public var indexEntries: [String] { validThrough.map { "\($0.key)|\($0.value)" }.sorted() }

    /// Reads `indexEntries` back.
    public init(indexEntries: [String]) {
        var days: [String: String] = [:]
        for entry in indexEntries {
            let parts = entry.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            days[parts[0]] = max(days[parts[0]] ?? "", parts[1])
        }
        validThrough = days
    }
}

/// Which work needs which certificates: by product category and by fault class
/// (configuration, `AFTERSALES_DISPATCH_REQUIRED_CERTIFICATIONS`).
///
/// Defaults (DESIGN.md): gas appliances → `gas` (the vocabulary files gas hobs and ovens under
/// `kitchen-appliance`, which has no gas/electric split), water heaters → `electrical`, air
/// conditioners → `refrigerant`; no fault class needs one.
public struct CertificationRequirements: Sendable, Hashable {
    /// `ProductCategory` raw value → certificate types.
    public var byCategory: [String: Set<String>]
    /// `FaultCategory` raw value → certificate types.
    public var byFaultClass: [String: Set<String>]

    public init(byCategory: [String: Set<String>] = [:], byFaultClass: [String: Set<String>] = [:]) {
        self.byCategory = byCategory
        self.byFaultClass = byFaultClass
    }

    public static let defaults = CertificationRequirements(byCategory: [
        ProductCategory.kitchenAppliance.rawValue: ["gas"],
        ProductCategory.waterHeater.rawValue: ["electrical"],
        ProductCategory.airConditioner.rawValue: ["refrigerant"],
    ])

    /// What a ticket of this category and fault class needs.
    public func required(category: String, faultClass: String?) -> Set<String> {
        (byCategory[category] ?? []).union(faultClass.flatMap { byFaultClass[$0] } ?? [])
    }

    /// Parses `KEY=TYPE[+TYPE…],…` where KEY is a product category (`water-heater`) or a
    /// fault class prefixed `fault:` (`fault:installation`); `none` requires nothing.
    /// Certificate types are lower-case letters, digits and dashes.
    public static func parse(_ text: String) throws(CertificationConfigError) -> CertificationRequirements {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "none" { return CertificationRequirements() }
        var result = CertificationRequirements()
        for item in trimmed.split(separator: ",") {
            let entry = item.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            guard let equals = entry.firstIndex(of: "=") else {
                throw CertificationConfigError(problem: "'\(entry)' is not KEY=TYPE")
            }
            let key = entry[..<equals].trimmingCharacters(in: .whitespaces)
            let types = entry[entry.index(after: equals)...].split(separator: "+").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !types.isEmpty, types.allSatisfy(isCertificateType) else {
                throw CertificationConfigError(problem: "'\(entry)': certificate types are lower-case letters, digits and dashes")
            }
            if key.hasPrefix("fault:") {
                let fault = String(key.dropFirst("fault:".count))
                guard FaultCategory(rawValue: fault) != nil else {
                    throw CertificationConfigError(problem: "'\(fault)' is not a fault class")
                }
                result.byFaultClass[fault, default: []].formUnion(types)
            } else {
                guard ProductCategory(rawValue: key) != nil else {
                    throw CertificationConfigError(problem: "'\(key)' is not a product category (or fault:<class>)")
                }
                result.byCategory[key, default: []].formUnion(types)
            }
        }
        return result
    }

    static func isCertificateType(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// Why a certification requirement list could not be read.
public struct CertificationConfigError: Error, Sendable, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
