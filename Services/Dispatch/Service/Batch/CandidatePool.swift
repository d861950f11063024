import Foundation

/// What a batch has read about technicians so far: their database state (profile and load
/// counters), which of them it holds locked, and which candidate searches it ran for which
/// tickets. The fold ranks from this; what it lacks it reports as `PoolNeeds`, the handler
/// reads that (one statement per kind for the whole batch) and folds again.
struct CandidatePool: Sendable {
    /// Database state of every technician read (before this batch's roster updates).
    private(set) var technicians: [String: TechnicianProfile] = [:]
    /// Load counters read, per technician and service day (absent: 0).
    private(set) var loads: [LoadSlot: Int] = [:]
    /// Technicians whose row this batch has locked (their counters are current), or that
    /// do not exist in the database yet (nothing to race for).
    private(set) var settled: Set<String> = []
    /// Technician ids read by id from the roster (every skill known), found or not; search
    /// rows only tell the skill searched for.
    private(set) var fullyKnown: Set<String> = []
    /// Nearest-first search results per ticket.
    private(set) var nearest: [String: NearestCandidates] = [:]
    /// Complete search results per ticket.
    private(set) var complete: [String: [String]] = [:]
    /// Categories for which it is known whether some active technician outside this batch's
    /// roster updates has the skill.
    private(set) var skilled: [String: Bool] = [:]

    /// How many nearest technicians one search reads (the search's `limit`).
    let limit: Int
    /// The nearest search's radius.
    let radiusKm: Double

    init(limit: Int, radiusKm: Double) {
        self.limit = limit
        self.radiusKm = radiusKm
    }

    // MARK: Adding what was read

    mutating func add(_ records: [TechnicianRecord], days: [String]) {
        for record in records {
            let id = record.profile.technicianId
            // A search row knows only the skill searched for: skills accumulate.
            var profile = record.profile
            if let earlier = technicians[id] { profile.skills.formUnion(earlier.skills) }
            technicians[id] = profile
            guard !settled.contains(id) else { continue }  // locked values are the current ones
            for day in days { loads[LoadSlot(technicianId: id, day: day)] = record.loads[day] ?? 0 }
        }
    }

    /// Technicians asked for by id: those missing do not exist (yet).
    mutating func addLookup(ids: [String], records: [TechnicianRecord], days: [String]) {
        add(records, days: days)
        fullyKnown.formUnion(ids)
        for id in ids where technicians[id] == nil { settled.insert(id) }
    }

    mutating func addLocked(ids: [String], locked: Set<String>, loads fresh: [LoadSlot: Int], days: [String]) {
        for id in ids {
            settled.insert(id)
            guard locked.contains(id) else { continue }
            for day in days { loads[LoadSlot(technicianId: id, day: day)] = fresh[LoadSlot(technicianId: id, day: day)] ?? 0 }
        }
    }

    mutating func addNearest(_ found: [String: NearestCandidates]) {
        nearest.merge(found) { _, new in new }
    }

    mutating func addComplete(_ found: [String: [String]]) {
        complete.merge(found) { _, new in new }
    }

    mutating func addSkilled(asked: [String], found: Set<String>) {
        for category in asked { skilled[category] = found.contains(category) }
    }

    // MARK: Reading

    /// The ids read for a ticket and how far they cover the roster.
    func candidates(for ticketId: String) -> (ids: [String], coverage: SearchCoverage) {
        if let ids = complete[ticketId] { return (ids, .complete) }
        if let found = nearest[ticketId] {
            return (found.ids, .nearest(count: found.ids.count, limit: limit, boundaryKm: found.boundaryKm,
                                        radiusKm: radiusKm))
        }
        return ([], .none)
    }

    func load(_ slot: LoadSlot) -> Int { loads[slot] ?? 0 }

    func isFullyKnown(_ technicianId: String) -> Bool { fullyKnown.contains(technicianId) }
}

/// What a fold lacked: the handler reads it and folds again.
struct PoolNeeds: Sendable {
    /// Tickets (with their sites) that need a nearest-first search.
    var nearest: [String: SearchSite] = [:]
    /// Tickets that need the complete search.
    var complete: [String: SearchSite] = [:]
    /// Categories whose skill holders anywhere must be known (no-skill vs out-of-range).
    var skilled: Set<String> = []
    /// Technicians chosen whose row is not locked yet.
    var locks: Set<String> = []
    /// Technicians the batch freed a slot of, whose data was not read yet (a nearest-first
    /// search skips technicians marked full, so the fold must consider them itself).
    var lookups: Set<String> = []

    var isEmpty: Bool { nearest.isEmpty && complete.isEmpty && skilled.isEmpty && locks.isEmpty && lookups.isEmpty }
}
