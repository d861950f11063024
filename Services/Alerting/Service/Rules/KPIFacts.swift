import Foundation

/// Everything KPIs are computed from, as plain rows read from alerting's own tables.
public struct KPIFacts: Sendable {
    /// One ticket's lifecycle.
    public struct Ticket: Sendable, Equatable {
        public var openedAt: Date
        public var respondBy: Date, onSiteBy: Date, resolveBy: Date
        public var acceptedAt: Date?, onSiteAt: Date?, completedAt: Date?
        public var firstTimeFix: Bool?
        public var isRepeat: Bool
        public var unassignableAt: Date?
        /// The ticket's region (its service day decides "today").
        public var region: String?
        /// Every hold of the ticket, whatever it pauses.
        public var holds: [SLAClock.Pause]
        /// The holds that pause each deadline (the hold policy applied).
        public var pauses: [SLAClock.Deadline: [SLAClock.Pause]]

        public init(openedAt: Date, respondBy: Date, onSiteBy: Date, resolveBy: Date, acceptedAt: Date? = nil, onSiteAt: Date? = nil,
                    completedAt: Date? = nil, firstTimeFix: Bool? = nil, isRepeat: Bool = false, unassignableAt: Date? = nil,
                    region: String? = nil, holds: [SLAClock.Pause] = [], pauses: [SLAClock.Deadline: [SLAClock.Pause]] = [:]) {
            self.openedAt = openedAt
            self.respondBy = respondBy
            self.onSiteBy = onSiteBy
            self.resolveBy = resolveBy
            self.acceptedAt = acceptedAt
            self.onSiteAt = onSiteAt
            self.completedAt = completedAt
            self.firstTimeFix = firstTimeFix
            self.isRepeat = isRepeat
            self.unassignableAt = unassignableAt
            self.region = region
            self.holds = holds
            self.pauses = pauses
        }
    }

    /// One completed survey.
    public struct Survey: Sendable, Equatable {
        public var completedAt: Date
        public var satisfied: Bool
        public var attitude: Int, efficiency: Int, quality: Int
        /// The surveyed ticket's region.
        public var region: String?
        public init(completedAt: Date, satisfied: Bool, attitude: Int, efficiency: Int, quality: Int, region: String? = nil) {
            self.completedAt = completedAt
            self.region = region
            self.satisfied = satisfied
            self.attitude = attitude
            self.efficiency = efficiency
            self.quality = quality
        }
    }

    /// Parts lines answered by inventory: reserved (filled from stock) or backordered.
    public struct PartsAnswer: Sendable, Equatable {
        public var at: Date
        public var reservedQuantity: Int
        public var backorderedQuantity: Int
        /// The ticket's region.
        public var region: String?
        public init(at: Date, reservedQuantity: Int, backorderedQuantity: Int, region: String? = nil) {
            self.at = at
            self.region = region
            self.reservedQuantity = reservedQuantity
            self.backorderedQuantity = backorderedQuantity
        }
    }

    /// One opened complaint.
    public struct Complaint: Sendable, Equatable {
        public var openedAt: Date
        /// The ticket's region.
        public var region: String?
        public init(openedAt: Date, region: String? = nil) {
            self.openedAt = openedAt
            self.region = region
        }
    }

    public var tickets: [Ticket] = []
    public var surveys: [Survey] = []
    public var complaints: [Complaint] = []
    public var parts: [PartsAnswer] = []
    /// Open alerts right now by severity (not windowed).
    public var openAlerts: [String: Int] = [:]

    public init() {}
}
