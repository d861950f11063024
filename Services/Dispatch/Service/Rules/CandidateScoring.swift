import Foundation
import Schema

/// A technician as the ranking sees them: roster data plus the current load (tickets in an
/// active state).
public struct TechnicianProfile: Sendable, Hashable {
    public var technicianId: String
    /// `ProductCategory` raw values.
    public var skills: Set<String>
    public var region: String
    public var location: GeoPoint
    public var dailyCapacity: Int
    public var active: Bool
    /// The technician's load on the day being planned: their tickets in an active state
    /// whose assignment day (their region's service day) is that day.
    public var load: Int
    /// The certificates they hold.
    public var certificates: CertificateSet

    public init(technicianId: String, skills: Set<String>, region: String, location: GeoPoint, dailyCapacity: Int,
                active: Bool, load: Int = 0, certificates: CertificateSet = CertificateSet()) {
        self.technicianId = technicianId
        self.skills = skills
        self.region = region
        self.location = location
        self.dailyCapacity = dailyCapacity
        self.active = active
        self.load = load
        self.certificates = certificates
    }
}

/// Where and what a ticket needs.
public struct TicketSite: Sendable, Hashable {
    /// `ProductCategory` raw value.
    public var category: String
    public var region: String
    public var location: GeoPoint
    public var emergency: Bool
    /// Certificate types the work needs (`CertificationRequirements`); empty: none.
    public var requiredCertificates: Set<String>
    /// The day (`YYYY-MM-DD`, the ticket's region's zone) the certificates must be valid on.
    public var visitDay: String

    public init(category: String, region: String, location: GeoPoint, emergency: Bool,
                requiredCertificates: Set<String> = [], visitDay: String = "") {
        self.category = category
        self.region = region
        self.location = location
        self.emergency = emergency
        self.requiredCertificates = requiredCertificates
        self.visitDay = visitDay
    }
}

/// Why nobody can take a ticket (the `reason` of `ticket.unassignable`): Schema's vocabulary.
public typealias UnassignableCause = UnassignableReason

/// Who may take a ticket and in which order (DESIGN.md, dispatch rule): active technicians
/// with the category's skill, in the ticket's region or within `maxDistanceKm`, under their
/// daily capacity; nearest first (great-circle), then least loaded, then technician id.
/// An emergency may exceed capacity by `emergencyExtraCapacity` when every candidate is full.
///
/// `load` on each profile is the technician's load for the day being planned (see
/// `TechnicianProfile.load`). When the work needs certificates, only technicians holding each
/// of them valid on the visit day qualify. When nobody qualifies, the reason follows a fixed
/// precedence: `no-skill` (no active technician has the category's skill) before
/// `out-of-range` (skilled ones exist, none in the region or within the bound) before
/// `no-certified-technician` (reachable ones exist, none certified on the visit day) before
/// `candidates-exhausted` (only technicians already offered remain) before `no-capacity`
/// (the remaining ones are full).
public struct CandidateScoring: Sendable, Hashable {
    public var maxDistanceKm: Double
    public var emergencyExtraCapacity: Int

    public init(maxDistanceKm: Double = 50, emergencyExtraCapacity: Int = 1) {
        self.maxDistanceKm = maxDistanceKm
        self.emergencyExtraCapacity = emergencyExtraCapacity
    }

    /// One eligible technician.
    public struct Candidate: Sendable, Hashable {
        public var technicianId: String
        public var distanceKm: Double
        public var load: Int
        /// The load this technician may reach with this ticket: capacity, or capacity plus
        /// the emergency allowance when every candidate is full.
        public var loadLimit: Int
        /// True when the candidate is taken over capacity (emergency allowance).
        public var overCapacity: Bool
    }

    /// The ranking's verdict.
    public enum Outcome: Sendable, Hashable {
        /// Candidates, best first (never empty).
        case candidates([Candidate])
        case unassignable(UnassignableCause)

        /// The best candidate, if any.
        public var best: Candidate? {
            if case .candidates(let list) = self { return list.first }
            return nil
        }
    }

    /// Ranks `technicians` for `site`, leaving out `excluded` ids (those who already declined
    /// or timed out). When only excluded technicians would qualify, the reason is
    /// `candidates-exhausted`; otherwise no-skill / out-of-range / no-capacity, in that
    /// precedence.
    public func rank(_ site: TicketSite, technicians: [TechnicianProfile], excluding excluded: Set<String> = []) -> Outcome {
        let skilled = technicians.filter { $0.active && $0.skills.contains(site.category) }
        guard !skilled.isEmpty else { return .unassignable(.noSkill) }
        let reachable = skilled.compactMap { tech -> (TechnicianProfile, Double)? in
            let distance = site.location.distanceKm(to: tech.location)
            return tech.region == site.region || distance <= maxDistanceKm ? (tech, distance) : nil
        }
        guard !reachable.isEmpty else { return .unassignable(.outOfRange) }
        let certified = site.requiredCertificates.isEmpty ? reachable : reachable.filter {
            $0.0.certificates.covers(site.requiredCertificates, on: site.visitDay)
        }
        guard !certified.isEmpty else { return .unassignable(.noCertifiedTechnician) }
        let open = certified.filter { !excluded.contains($0.0.technicianId) }
        guard !open.isEmpty else { return .unassignable(.candidatesExhausted) }
        var list = open.filter { $0.0.load < $0.0.dailyCapacity }.map {
            Candidate(technicianId: $0.0.technicianId, distanceKm: $0.1, load: $0.0.load, loadLimit: $0.0.dailyCapacity,
                      overCapacity: false)
        }
        if list.isEmpty && site.emergency && emergencyExtraCapacity > 0 {
            list = open.filter { $0.0.load < $0.0.dailyCapacity + emergencyExtraCapacity }.map {
                Candidate(technicianId: $0.0.technicianId, distanceKm: $0.1, load: $0.0.load,
                          loadLimit: $0.0.dailyCapacity + emergencyExtraCapacity, overCapacity: true)
            }
        }
        guard !list.isEmpty else { return .unassignable(.noCapacity) }
        list.sort(by: CandidateScoring.better)
        return .candidates(list)
    }

    /// `rank` over part of the roster, knowing whether skilled active technicians exist
    /// beyond `technicians` (`skilledElsewhere`): then "nobody has the skill" is really
    /// "nobody in range" (`out-of-range`).
    public func rank(_ site: TicketSite, technicians: [TechnicianProfile], excluding excluded: Set<String> = [],
                     skilledElsewhere: Bool) -> Outcome {
        let outcome = rank(site, technicians: technicians, excluding: excluded)
        if skilledElsewhere, outcome == .unassignable(.noSkill) { return .unassignable(.outOfRange) }
        return outcome
    }

    /// Nearer first, then less loaded, then the smaller id (a stable, total order).
    static func better(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.distanceKm != b.distanceKm { return a.distanceKm < b.distanceKm }
        if a.load != b.load { return a.load < b.load }
        return a.technicianId < b.technicianId
    }
}

/// The earlier name of `CandidateScoring`, kept for callers written against it.
public typealias CandidateRanking = CandidateScoring
