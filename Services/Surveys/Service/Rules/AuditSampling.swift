import Foundation

/// Which completed tickets a supervisor calls back (DESIGN.md "Quality supervision":
/// a share of completed tickets, always including every safety-hazard ticket).
///
/// Deterministic: the decision depends on the ticket id and the share only, so a replay, a
/// second instance or another tool samples exactly the same tickets. The ticket id's UTF-8
/// bytes are hashed with 64-bit FNV-1a, mixed with MurmurHash3's 64-bit finaliser, and the
/// top 53 bits read as a fraction in [0, 1); the ticket is sampled when that fraction is
/// below the share. A larger share samples a superset of a smaller one.
public struct AuditSampling: Sendable, Equatable {
    /// The share of ordinary (non-hazard) completed tickets to audit, 0…1.
    public var share: Double

    public init(share: Double) { self.share = share }

    /// Whether the completed ticket is audited.
    public func isSampled(ticketId: String, safetyHazard: Bool) -> Bool {
        safetyHazard || Self.fraction(of: ticketId) < share
    }

    /// The ticket id's position in [0, 1), uniform over ticket ids.
    public static func fraction(of ticketId: String) -> Double {
        Double(mix(fnv1a(ticketId)) >> 11) / Double(UInt64(1) << 53)
    }

    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// MurmurHash3's fmix64: spreads FNV's weak low-order differences over every bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k = k &* 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k = k &* 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}
