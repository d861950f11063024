import Foundation

/// How much of the roster a ranking saw, and whether its answer is already the answer over
/// the whole roster (so that dispatch never needs to read every technician of a region).
///
/// The candidate search first reads, for a ticket, the `limit` nearest skilled active
/// technicians among the grid cells within `radiusKm` (the distance bound). Everyone it did
/// not read is either farther than `radiusKm`, or — when the list is full — at least as far
/// as the last one it read (`boundaryKm`). So a best candidate that is under capacity, within
/// the radius and strictly nearer than the boundary beats everyone unread: nearest first is
/// the ranking's first key. Anything else (nobody found, only full technicians, an emergency
/// over capacity, a tie at the boundary) needs the complete search: every skilled technician
/// of the ticket's region plus everyone within the radius.
public enum SearchCoverage: Sendable, Hashable {
    /// Nothing read yet for this ticket.
    case none
    /// The nearest `count` (≤ `limit`) within `radiusKm`; `boundaryKm` is the distance of the last.
    case nearest(count: Int, limit: Int, boundaryKm: Double, radiusKm: Double)
    /// Every technician the ranking could pick was read: its answer is final.
    case complete

    /// Slack for distances computed by PostgreSQL and by Swift from the same coordinates.
    static let toleranceKm = 1e-6

    /// True when `best` (the ranking's answer over what was read) is the answer over everyone.
    public func settles(_ best: CandidateScoring.Candidate?) -> Bool {
        switch self {
        case .none: return false
        case .complete: return true
        case .nearest(let count, let limit, let boundaryKm, let radiusKm):
            guard let best, !best.overCapacity, best.distanceKm <= radiusKm - Self.toleranceKm else { return false }
            return count < limit || best.distanceKm < boundaryKm - Self.toleranceKm
        }
    }
}
