import Foundation
import Schema

/// The charging policy of a ticket reopened after completion (a complaint, a survey that says
/// it is not fixed). DESIGN.md, business rules: "a product repaired within the last 90 days is
/// under repair warranty (at least 30 days is required), free of charge". Pure.
///
/// The redo of a ticket reopened within `days` of its last on-site completion is free: its
/// quote becomes `waived` (`QuoteConsent`: allowed, not chargeable; its invoice is
/// `INV-<ticketId>-<n>` with `chargeable` false, total 0 and the lines at value). The
/// decision is taken once, when the ticket is reopened (that is when the customer reports the
/// fault again, as intake decides a new ticket's repair warranty when it is opened), so a
/// redo that takes long is still free.
///
/// Otherwise (reopened later, or the last completion was a remote resolution, which repaired
/// nothing) the redo is new work under the product's own warranty, and the quote starts again
/// from `none`: out of warranty the customer must approve a new quote (002 §3.4); the quote
/// approved for the earlier repair is never reused.
///
/// Days are service days in the ticket's region zone (`ServiceDay`): a repair completed on day
/// D covers reopenings through D + `days` (inclusive), like intake's `WarrantyPolicy`. A
/// completion day that is not known (tickets completed before invoices were kept) counts as
/// covered: nothing is charged without certainty.
public struct RepairWarranty: Sendable, Hashable {
    /// The smallest repair warranty the business allows (DESIGN.md).
    public static let minimumDays = 30
    public static let defaultDays = 90

    /// Days of cover after a repair (at least `minimumDays`).
    public var days: Int

    public init(days: Int = RepairWarranty.defaultDays) {
        self.days = max(days, Self.minimumDays)
    }

    /// How the ticket's last completion was done.
    public enum LastCompletion: Sendable, Hashable {
        /// A technician completed it on site, on this service day (`YYYY-MM-DD`; nil when unknown).
        case onSite(day: String?)
        /// `remote.resolved`: guidance by phone or online, no repair.
        case remote
    }

    /// Whether a ticket reopened on `reopenedOn` (`YYYY-MM-DD`) is under the repair warranty of
    /// its last completion.
    public func covers(_ last: LastCompletion, reopenedOn: String) -> Bool {
        guard case .onSite(let completedOn) = last else { return false }
        guard let completedOn, let repaired = CalendarDate.date(completedOn), let reopened = CalendarDate.date(reopenedOn) else {
            return true
        }
        let elapsedDays = Int((reopened.timeIntervalSince(repaired) / 86_400).rounded())
        return elapsedDays <= days
    }

    /// The quote status a reopened ticket starts again with: `waived` when covered, `none`
    /// otherwise (a new quote, a new consent).
    public func quoteAfterReopening(_ last: LastCompletion, reopenedOn: String) -> QuoteStatus {
        covers(last, reopenedOn: reopenedOn) ? .waived : .none
    }
}
