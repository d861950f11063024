// Small conversions between Swift values and librdkafka's C types.

extension Duration {
    /// Whole milliseconds, clamped to Int32 for librdkafka timeouts.
    var milliseconds32: Int32 {
        let (seconds, attoseconds) = components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, total))
    }
}

/// The text in a NUL-terminated C buffer.
func text(ofCBuffer buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Calls `body` with a pointer and length for optional UTF-8 text (nil, 0 when absent).
func withOptionalBytes<R>(_ text: String?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let text else { return body(nil, 0) }
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { body($0.baseAddress, $0.count) }
}
