import Schema

/// The warranty a ticket's product is under, as decided at intake.
public struct WarrantyDecision: Sendable, Equatable {
    public var status: WarrantyStatus
    /// The last day of cover (inclusive); nil when unknown.
    public var expiresOn: CalendarDay?

    public init(status: WarrantyStatus, expiresOn: CalendarDay?) {
        self.status = status
        self.expiresOn = expiresOn
    }
}

/// A previous repair of the same serial number, as intake remembers it.
public struct PreviousRepair: Sendable, Equatable {
    public var ticketId: String
    /// The business day the repair ticket was completed.
    public var completedOn: CalendarDay

    public init(ticketId: String, completedOn: CalendarDay) {
        self.ticketId = ticketId
        self.completedOn = completedOn
    }
}

/// Warranty rules (DESIGN.md "Warranty"): a number of months from the purchase date per
/// product category, and a repair warranty of `repairWarrantyDays` after a completed
/// repair of the same serial number.
///
/// Calendar arithmetic is on days: the warranty of a product bought on 2025-01-31 with 12
/// months runs through 2026-01-31; one bought on 2024-02-29 through 2025-02-28 (month
/// ends clamp). Cover is inclusive of the expiry day. A repair completed on day D covers
/// through D + `repairWarrantyDays`.
public struct WarrantyPolicy: Sendable, Equatable {
    /// Months of cover per category; a category missing here (or set to 0) has no known
    /// policy and yields `unknown`.
    public var months: [ProductCategory: Int]
    /// Days of repair warranty after a completed repair (at least 30).
    public var repairWarrantyDays: Int

    /// The smallest repair-warranty window the business allows.
    public static let minimumRepairWarrantyDays = 30

    public init(months: [ProductCategory: Int] = WarrantyPolicy.defaultMonths, repairWarrantyDays: Int = 90) {
        self.months = months
        self.repairWarrantyDays = max(repairWarrantyDays, WarrantyPolicy.minimumRepairWarrantyDays)
    }

    /// Default months per category: whole appliances 12 (air conditioners 72, the common
    /// whole-unit promise in China; water heaters 36), furniture, doors and windows,
    /// flooring and sanitary ware 36 (main parts), smart locks 24, tiles and décor 12.
    public static let defaultMonths: [ProductCategory: Int] = [
        .furniture: 36, .doorsWindows: 36, .flooring: 36, .tiles: 12, .sanitaryWare: 36,
        .kitchenAppliance: 12, .washingMachine: 12, .refrigerator: 12, .airConditioner: 72,
        .waterHeater: 36, .rangeHood: 12, .robotVacuum: 12, .smartLock: 24, .smartSpeaker: 12,
        .homeDecor: 12,
    ]

    /// The regular warranty's last day for a purchase, or nil without a policy.
    public func regularExpiry(category: ProductCategory, purchasedOn: CalendarDay) -> CalendarDay? {
        guard let count = months[category], count > 0 else { return nil }
        return purchasedOn.adding(months: count)
    }

    /// The repair warranty's last day after a repair completed on `completedOn`.
    public func repairExpiry(completedOn: CalendarDay) -> CalendarDay {
        completedOn.adding(days: repairWarrantyDays)
    }

    /// Whether a repair completed on `completedOn` still covers `today`.
    public func repairCovers(completedOn: CalendarDay, today: CalendarDay) -> Bool {
        today >= completedOn && today <= repairExpiry(completedOn: completedOn)
    }

    /// The warranty for a product on `today`. A covering previous repair makes it a
    /// repair warranty (whose expiry is the later of the repair's and the regular
    /// warranty's, when that is still running).
    public func decide(category: ProductCategory, purchasedOn: CalendarDay?, today: CalendarDay,
                       previousRepair: PreviousRepair?) -> WarrantyDecision {
        let regular = purchasedOn.flatMap { regularExpiry(category: category, purchasedOn: $0) }
        let regularRunning = regular.map { today <= $0 } ?? false
        if let repair = previousRepair, repairCovers(completedOn: repair.completedOn, today: today) {
            let repairEnd = repairExpiry(completedOn: repair.completedOn)
            let end = regularRunning ? max(repairEnd, regular!) : repairEnd
            return WarrantyDecision(status: .repairWarranty, expiresOn: end)
        }
        guard let regular else { return WarrantyDecision(status: .unknown, expiresOn: nil) }
        return WarrantyDecision(status: regularRunning ? .inWarranty : .outOfWarranty, expiresOn: regular)
    }
}
