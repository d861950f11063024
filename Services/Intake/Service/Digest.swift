import ServiceRuntime

/// The SHA-256 intake uses (request body hashes, quarantined originals), in one place:
/// this file imports only the runtime, so the name `SHA256` stays unambiguous here.
enum Digest {
    /// 64 lowercase hex digits.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hex(bytes)
    }
}
