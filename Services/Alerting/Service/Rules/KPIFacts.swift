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

        public init(openedAt: Date, respondBy: Date, onSiteBy: Date, resolveBy: Date, acceptedAt: Date? = nil, onSiteAt: Date? = nil,
                    completedAt: Date? = nil, firstTimeFix: Bool? = nil, isRepeat: Bool = false, unassignableAt: Date? = nil) {
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
        }
    }

    /// One completed survey.
    public struct Survey: Sendable, Equatable {
        public var completedAt: Date
        public var satisfied: Bool
        public var attitude: Int, efficiency: Int, quality: Int
        public init(completedAt: Date, satisfied: Bool, attitude: Int, efficiency: Int, quality: Int) {
            self.completedAt = completedAt
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
        public init(at: Date, reservedQuantity: Int, backorderedQuantity: Int) {
            self.at = at
            self.reservedQuantity = reservedQuantity
            self.backorderedQuantity = backorderedQuantity
        }
    }

    public var tickets: [Ticket] = []
    public var surveys: [Survey] = []
    public var complaintTimes: [Date] = []
    public var parts: [PartsAnswer] = []
    /// Open alerts right now by severity (not windowed).
    public var openAlerts: [String: Int] = [:]

    public init() {}
}
