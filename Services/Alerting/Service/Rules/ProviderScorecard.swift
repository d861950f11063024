import Foundation

/// One completed ticket as the scorecards see it: plain facts alerting records from the
/// topics it consumes (ticket, field, surveys). Define each at completion; survey and
/// complaint facts are filled in when they arrive.
public struct ScorecardFact: Sendable, Hashable {
    public var ticketId: String
    /// The provider of the technician who completed it; nil for the brand's own staff and
    /// remote resolutions.
    public var providerId: String?
    public var region: String
    /// The product category (wire value).
    public var category: String
    /// Visits it took (at least 1; 0 for a remote resolution).
    public var visits: Int
    /// `ticket.completed` `firstTimeFix`.
    public var firstTimeFix: Bool
    /// The customer came back: the ticket was reopened, or a later ticket repeats it (`repeatOf`).
    public var returned: Bool
    /// Whether the resolve deadline was met; nil while undecided.
    public var slaMet: Bool?
    /// Part units used (sum of `partsUsed` quantities).
    public var partsUsed: Int
    /// `survey.completed` `satisfied`; nil without a survey.
    public var satisfied: Bool?
    /// Complaints opened on it.
    public var complaints: Int

    public init(ticketId: String, providerId: String? = nil, region: String, category: String, visits: Int = 1,
                firstTimeFix: Bool, returned: Bool = false, slaMet: Bool? = nil, partsUsed: Int = 0, satisfied: Bool? = nil,
                complaints: Int = 0) {
        self.ticketId = ticketId
        self.providerId = providerId
        self.region = region
        self.category = category
        self.visits = visits
        self.firstTimeFix = firstTimeFix
        self.returned = returned
        self.slaMet = slaMet
        self.partsUsed = partsUsed
        self.satisfied = satisfied
        self.complaints = complaints
    }

    /// Counts as a repeat visit: it took more than one visit, or the customer came back.
    public var isRepeatVisit: Bool { visits > 1 || returned }
}

/// The KPIs of a set of completed tickets (a provider, a region, a category, the whole
/// network). Counters add up, so a scorecard can be built incrementally; every rate is nil
/// when its denominator is 0.
public struct Scorecard: Sendable, Hashable {
    public var tickets = 0
    public var visits = 0
    public var firstTimeFixes = 0
    public var repeatVisits = 0
    public var slaDecided = 0
    public var slaMet = 0
    public var surveyed = 0
    public var satisfied = 0
    public var complaints = 0
    public var partsUsed = 0

    public init() {}

    public init<S: Sequence>(_ facts: S) where S.Element == ScorecardFact {
        for fact in facts { add(fact) }
    }

    public mutating func add(_ fact: ScorecardFact) {
        tickets += 1
        visits += max(0, fact.visits)
        firstTimeFixes += fact.firstTimeFix ? 1 : 0
        repeatVisits += fact.isRepeatVisit ? 1 : 0
        if let met = fact.slaMet {
            slaDecided += 1
            slaMet += met ? 1 : 0
        }
        if let happy = fact.satisfied {
            surveyed += 1
            satisfied += happy ? 1 : 0
        }
        complaints += max(0, fact.complaints)
        partsUsed += max(0, fact.partsUsed)
    }

    /// First-time fixes / completed tickets.
    public var firstTimeFixRate: Double? { ratio(firstTimeFixes, tickets) }
    /// Tickets needing a return (more than one visit, reopened, or repeated) / completed tickets.
    public var repeatVisitRate: Double? { ratio(repeatVisits, tickets) }
    /// Resolve deadlines met / decided.
    public var slaCompliance: Double? { ratio(slaMet, slaDecided) }
    /// Satisfied customers / completed surveys.
    public var csat: Double? { ratio(satisfied, surveyed) }
    /// Complaints / completed tickets (not per survey, unlike the network KPI `complaint.rate`).
    public var complaintRate: Double? { ratio(complaints, tickets) }
    /// Part units used / completed tickets.
    public var partsPerTicket: Double? { ratio(partsUsed, tickets) }

    /// The figures as published in a `kpi.snapshot` cut (rates rounded to 4 decimals):
    /// `tickets.completed`, `visits`, `ftf.rate`, `repeat-visit.rate`, `sla.compliance`,
    /// `csat`, `complaints.per-ticket`, `parts.per-ticket` (rates without data left out).
    public var figures: [String: Double] {
        var figures: [String: Double] = ["tickets.completed": Double(tickets), "visits": Double(visits)]
        let rates: [(String, Double?)] = [("ftf.rate", firstTimeFixRate), ("repeat-visit.rate", repeatVisitRate),
                                          ("sla.compliance", slaCompliance), ("csat", csat),
                                          ("complaints.per-ticket", complaintRate), ("parts.per-ticket", partsPerTicket)]
        for (name, value) in rates {
            if let value { figures[name] = (value * 10_000).rounded() / 10_000 }
        }
        return figures
    }

    private func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
}

/// The dimensions KPIs are cut by (`kpi.snapshot` `dimension`).
public enum ScorecardDimension: String, Sendable, CaseIterable {
    case region
    case provider = "providerId"
    case category

    /// The fact's value in this dimension (nil: the fact is left out of this cut, e.g. own
    /// staff in the provider cut).
    public func value(of fact: ScorecardFact) -> String? {
        switch self {
        case .region: fact.region
        case .provider: fact.providerId
        case .category: fact.category
        }
    }
}

/// Scorecards by provider (and by region or category). Pure.
public enum ProviderScorecard {
    /// One scorecard per value of `dimension`.
    public static func cut<S: Sequence>(_ facts: S, by dimension: ScorecardDimension) -> [String: Scorecard]
    where S.Element == ScorecardFact {
        var cards: [String: Scorecard] = [:]
        for fact in facts {
            guard let key = dimension.value(of: fact) else { continue }
            cards[key, default: Scorecard()].add(fact)
        }
        return cards
    }

    /// One scorecard per provider (own staff and remote resolutions left out).
    public static func byProvider<S: Sequence>(_ facts: S) -> [String: Scorecard] where S.Element == ScorecardFact {
        cut(facts, by: .provider)
    }

    /// The whole network: every fact, own staff and remote resolutions included.
    public static func network<S: Sequence>(_ facts: S) -> Scorecard where S.Element == ScorecardFact {
        Scorecard(facts)
    }

    /// The field network: tickets a technician visited (own staff and providers), without
    /// remote resolutions (no visit, no parts), which would make every provider look high.
    /// What `ProviderAnomaly` compares providers against.
    public static func fieldNetwork<S: Sequence>(_ facts: S) -> Scorecard where S.Element == ScorecardFact {
        Scorecard(facts.lazy.filter { $0.visits > 0 })
    }
}
