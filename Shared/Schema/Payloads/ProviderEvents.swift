import Foundation

/// An authorised service provider (服务网点), create or replace. Keyed by `providerId` on
/// `aftersales.roster` (technicians on the same topic are keyed by `technicianId`).
public struct ProviderUpserted: EventPayload, Hashable {
    public static let eventType = EventType.providerUpserted
    public static let topic = Topic.roster

    public var providerId: String
    /// Display name.
    public var name: String
    /// Regions served (at most 100).
    public var regions: [String]
    /// Whether its technicians may be dispatched.
    public var active: Bool
    /// The agreed price per settleable visit, when known.
    public var rates: Rates?

    public init(providerId: String, name: String, regions: [String], active: Bool, rates: Rates? = nil) {
        self.providerId = providerId
        self.name = name
        self.regions = regions
        self.active = active
        self.rates = rates
    }

    public var messageKey: String { providerId }

    /// What the brand pays the provider.
    public struct Rates: Codable, Sendable, Hashable {
        /// Per settleable visit, at most two decimals.
        public var visit: Double
        public var currency: String

        public init(visit: Double, currency: String) {
            self.visit = visit
            self.currency = currency
        }
    }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(providerId, "providerId")
        checks.name(name, "name")
        checks.labels(regions, "regions")
        if let rates {
            checks.amount(rates.visit, "rates.visit")
            checks.currency(rates.currency, "rates.currency")
        }
        return checks.errors
    }
}

/// A provider's monthly settlement (DESIGN.md "Authorised service network"), on
/// `aftersales.kpis`. Keyed by `providerId` (documented in docs/contract-extensions.md), so
/// a provider's statements stay in order.
public struct SettlementStatement: EventPayload, Hashable {
    public static let eventType = EventType.settlementStatement
    public static let topic = Topic.kpis

    public var providerId: String
    /// The month, "YYYY-MM".
    public var period: String
    /// Completed visits in the period.
    public var visits: Int
    /// Visits paid this period.
    public var settleable: Int
    /// Visits held back (evidence missing).
    public var heldBack: Int
    /// Total payable, rounded to cents.
    public var amount: Double
    public var currency: String
    /// One line per completed visit (at most 10,000).
    public var lines: [Line]

    public init(
        providerId: String,
        period: String,
        visits: Int,
        settleable: Int,
        heldBack: Int,
        amount: Double,
        currency: String,
        lines: [Line]
    ) {
        self.providerId = providerId
        self.period = period
        self.visits = visits
        self.settleable = settleable
        self.heldBack = heldBack
        self.amount = amount
        self.currency = currency
        self.lines = lines
    }

    public var messageKey: String { providerId }

    /// One visit of the statement.
    public struct Line: Codable, Sendable, Hashable {
        public var ticketId: String
        /// Payable for it (0 when held back).
        public var amount: Double
        public var status: SettlementLineStatus

        public init(ticketId: String, amount: Double, status: SettlementLineStatus) {
            self.ticketId = ticketId
            self.amount = amount
            self.status = status
        }
    }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(providerId, "providerId")
        checks.calendarMonth(period, "period")
        checks.within(visits, SchemaLimits.count, "visits")
        checks.within(settleable, SchemaLimits.count, "settleable")
        checks.within(heldBack, SchemaLimits.count, "heldBack")
        checks.amount(amount, "amount")
        checks.currency(currency, "currency")
        checks.maxCount(lines.count, SchemaLimits.maxSettlementLines, "lines")
        for (index, line) in lines.prefix(SchemaLimits.maxSettlementLines).enumerated() {
            checks.identifier(line.ticketId, "lines[\(index)].ticketId")
            checks.amount(line.amount, "lines[\(index)].amount")
        }
        return checks.errors
    }
}
