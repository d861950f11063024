import Foundation
import Schema

/// A technician as the ranking sees them: skills, where they are, how loaded they are.
public struct TechnicianSnapshot: Sendable, Equatable {
    public var technicianId: String
    public var skills: Set<String>
    public var region: String
    public var location: GeoPoint
    public var dailyCapacity: Int
    public var load: Int
    public var active: Bool

    public init(technicianId: String, skills: Set<String>, region: String, location: GeoPoint, dailyCapacity: Int,
                load: Int, active: Bool) {
        self.technicianId = technicianId
        self.skills = skills
        self.region = region
        self.location = location
        self.dailyCapacity = dailyCapacity
        self.load = load
        self.active = active
    }
}

/// What a ticket needs from a technician.
public struct DispatchNeed: Sendable, Equatable {
    public var category: String
    public var region: String
    public var location: GeoPoint
    public var emergency: Bool

    public init(category: String, region: String, location: GeoPoint, emergency: Bool) {
        self.category = category
        self.region = region
        self.location = location
        self.emergency = emergency
    }
}

/// An eligible technician with the distance to the ticket.
public struct Candidate: Sendable, Equatable {
    public var technicianId: String
    public var distanceKm: Double
    public var load: Int
}

/// Who may take a ticket, best first (DESIGN.md dispatch rule): active technicians with the
/// category's skill, in the ticket's region or within `maxDistanceKm`, under their daily
/// capacity (an emergency may exceed it by one when every candidate is full); nearest by
/// great-circle distance first, then least loaded, then by id for a stable order.
///
/// When nobody qualifies the reason follows the first filter that emptied the list:
/// `no-skill` (no active technician has the skill), `out-of-range` (skilled ones exist but
/// none in the region or range), `no-capacity` (all in range are full), and
/// `candidates-exhausted` when only technicians already tried remain.
public enum CandidateRanking {
    public enum Result: Sendable, Equatable {
        case candidates([Candidate])
        case unassignable(UnassignableReason)
    }

    public static func rank(_ need: DispatchNeed, technicians: [TechnicianSnapshot], maxDistanceKm: Double,
                            excluding tried: Set<String> = []) -> Result {
        let skilled = technicians.filter { $0.active && $0.skills.contains(need.category) }
        guard !skilled.isEmpty else { return .unassignable(.noSkill) }
        let inRange = skilled.compactMap { technician -> (TechnicianSnapshot, Double)? in
            let distance = technician.location.distanceKm(to: need.location)
            return technician.region == need.region || distance <= maxDistanceKm ? (technician, distance) : nil
        }
        guard !inRange.isEmpty else { return .unassignable(.outOfRange) }
        let untried = inRange.filter { !tried.contains($0.0.technicianId) }
        guard !untried.isEmpty else { return .unassignable(.candidatesExhausted) }
        var available = untried.filter { $0.0.load < $0.0.dailyCapacity }
        if available.isEmpty && need.emergency {
            available = untried.filter { $0.0.load < $0.0.dailyCapacity + 1 }
        }
        guard !available.isEmpty else { return .unassignable(.noCapacity) }
        let ordered = available.sorted { a, b in
            if abs(a.1 - b.1) > 1e-9 { return a.1 < b.1 }
            if a.0.load != b.0.load { return a.0.load < b.0.load }
            return a.0.technicianId < b.0.technicianId
        }
        return .candidates(ordered.map { Candidate(technicianId: $0.0.technicianId, distanceKm: ($0.1 * 100).rounded() / 100, load: $0.0.load) })
    }
}
