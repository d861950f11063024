import Foundation
import Schema

/// A ticket on hold (DESIGN.md "SLA holds"): why and since when. Dispatch puts a ticket on
/// hold when a visit fails (customer-absent → customer-unreachable; no-access, wrong-address,
/// unsafe-site → customer-requested) and when it waits for backordered parts (waiting-parts).
/// The hold ends at the first of: the next `visit.scheduled`, the next `visit.started`, and —
/// for waiting-parts — every backordered line reserved; or when the ticket is finished.
public struct TicketHold: Sendable, Hashable, Codable {
    public var reason: HoldReason
    public var since: Date

    public init(reason: HoldReason, since: Date) {
        self.reason = reason
        self.since = since
    }

    /// The most `heldSeconds` the contract allows (ten years).
    public static let maxHeldSeconds = 315_360_000

    /// Whole seconds on hold at `now` (never negative, at most `maxHeldSeconds`).
    public func heldSeconds(until now: Date) -> Int {
        let seconds = now.timeIntervalSince(since)
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int(min(seconds, Double(Self.maxHeldSeconds)).rounded(.down))
    }

    /// Why a hold ends, as `ticket.resumed` says it.
    public enum EndReason: String, Sendable, CaseIterable {
        case visitScheduled = "visit-scheduled"
        case visitStarted = "visit-started"
        case partsReserved = "parts-reserved"
        case cancelled
        case closed
    }
}

/// Backordered part lines still awaited, so that a waiting-parts hold ends when all came.
public enum OutstandingParts {
    /// `outstanding` plus newly backordered lines (quantities per part number added).
    public static func adding(_ lines: [PartLine], to outstanding: [PartLine]) -> [PartLine] {
        var quantities = totals(outstanding)
        for line in lines { quantities[line.partNumber, default: 0] += line.quantity }
        return self.lines(quantities)
    }

    /// `outstanding` less reserved lines (never below zero; parts not awaited are ignored).
    public static func removing(_ lines: [PartLine], from outstanding: [PartLine]) -> [PartLine] {
        var quantities = totals(outstanding)
        for line in lines where quantities[line.partNumber] != nil {
            quantities[line.partNumber]! -= line.quantity
        }
        return self.lines(quantities.filter { $0.value > 0 })
    }

    private static func totals(_ lines: [PartLine]) -> [String: Int] {
        var quantities: [String: Int] = [:]
        for line in lines { quantities[line.partNumber, default: 0] += line.quantity }
        return quantities
    }

    private static func lines(_ quantities: [String: Int]) -> [PartLine] {
        quantities.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { PartLine(partNumber: $0.key, quantity: $0.value) }
    }
}
