import Foundation

// MARK: - Vocabularies of the December 2026 additions (DESIGN.md "Additions")
//
// As in `Vocabulary.swift`, the raw value is the exact string on the wire. Inbound payloads
// keep these as text (checked by `validate()`, read through a `…Value` accessor); payloads
// produced by the platform use the enums directly.

/// Why a technician could not do the visit (`visit.failed`, `ticket.visit-failed`).
public enum VisitFailureReason: String, Codable, Sendable, CaseIterable {
    case customerAbsent = "customer-absent"
    case noAccess = "no-access"
    case wrongAddress = "wrong-address"
    case unsafeSite = "unsafe-site"

    /// The hold a failed visit puts the ticket on (DESIGN.md: customer-absent →
    /// customer-unreachable; every other reason → customer-requested).
    public var holdReason: HoldReason {
        switch self {
        case .customerAbsent: .customerUnreachable
        case .noAccess, .wrongAddress, .unsafeSite: .customerRequested
        }
    }
}

/// Why a ticket is on hold (`ticket.on-hold`); each pauses some SLA clocks (configuration).
public enum HoldReason: String, Codable, Sendable, CaseIterable {
    case waitingParts = "waiting-parts"
    case customerRequested = "customer-requested"
    case customerUnreachable = "customer-unreachable"
}

/// Who moved a visit (`visit.scheduled` `requestedBy`).
public enum VisitRequester: String, Codable, Sendable, CaseIterable {
    case customer, technician
}
