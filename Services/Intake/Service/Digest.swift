import Schema
import ServiceRuntime

/// The SHA-256 intake uses (request body hashes, quarantined originals), in one place:
/// Schema's `SHA256` (the platform's only SHA-256 implementation).
enum Digest {
    /// 64 lowercase hex digits.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hex(bytes)
    }
}
