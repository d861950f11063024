import Foundation
import Schema

/// Where a ticket's quote stands (DESIGN.md "Money"; 002 §3.4: no extra charge without the
/// customer's prior consent). Dispatch keeps one per ticket.
public enum QuoteStatus: String, Sendable, CaseIterable, Codable {
    /// No quote was given (in warranty, or the diagnosis carried none).
    case none
    /// A quote awaits the customer's answer.
    case quoted
    case approved
    case declined

    /// What happens to a quote.
    public enum Event: Sendable, Hashable {
        /// `diagnosis.reported` with a `quote` (a later diagnosis with a new quote asks again).
        case quoted
        /// `quote.approved`.
        case approved
        /// `quote.declined`.
        case declined
    }

    /// The status after `event`, or why the event makes no sense now. Approving twice is
    /// harmless; a new quote replaces an earlier answer (the customer must consent again).
    public func applying(_ event: Event) -> Result<QuoteStatus, QuoteConsent.Refusal> {
        switch (self, event) {
        case (_, .quoted): return .success(.quoted)
        case (.quoted, .approved), (.approved, .approved): return .success(.approved)
        case (.quoted, .declined), (.declined, .declined): return .success(.declined)
        case (.none, .approved), (.none, .declined):
            return .failure(QuoteConsent.Refusal(reason: "there is no quote to answer"))
        case (.declined, .approved):
            return .failure(QuoteConsent.Refusal(reason: "the customer already declined the quote"))
        case (.approved, .declined):
            return .failure(QuoteConsent.Refusal(reason: "the customer already approved the quote"))
        }
    }
}

/// May chargeable work be completed, and is the completion charged? Pure.
///
/// - in-warranty and repair-warranty: free of charge; completion always allowed.
/// - out-of-warranty: chargeable; `work.completed` is refused (dead letter) unless the quote
///   was approved.
/// - unknown warranty: chargeable only with an approved quote (the customer consented to a
///   price); otherwise free, and the completion is allowed (nothing is charged without consent).
public enum QuoteConsent {
    /// The dead-letter reason for out-of-warranty work completed without an approved quote.
    public static let notApprovedReason = "chargeable work completed before the customer approved the quote (002 §3.4)"
    /// The dead-letter reason for work completed after the customer said no.
    public static let declinedReason = "chargeable work completed after the customer declined the quote (002 §3.4)"

    /// Why an event is refused (a dead-letter reason).
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// The answer for one `work.completed`.
    public enum Decision: Sendable, Hashable {
        /// Accept the completion; `chargeable` says whether its invoice is charged.
        case allowed(chargeable: Bool)
        /// Dead-letter the completion with this reason.
        case refused(reason: String)
    }

    /// Whether `work.completed` may be accepted for a ticket with this warranty and quote.
    public static func workCompletion(warranty: WarrantyStatus, quote: QuoteStatus) -> Decision {
        switch warranty {
        case .inWarranty, .repairWarranty:
            return .allowed(chargeable: false)
        case .unknown:
            return .allowed(chargeable: quote == .approved)
        case .outOfWarranty:
            switch quote {
            case .approved: return .allowed(chargeable: true)
            case .declined: return .refused(reason: declinedReason)
            case .none, .quoted: return .refused(reason: notApprovedReason)
            }
        }
    }

    /// Whether a completion of this ticket is charged to the customer (false where
    /// `workCompletion` refuses: nothing is ever charged without an approved quote).
    public static func isChargeable(warranty: WarrantyStatus, quote: QuoteStatus) -> Bool {
        if case .allowed(let chargeable) = workCompletion(warranty: warranty, quote: quote) { return chargeable }
        return false
    }
}
