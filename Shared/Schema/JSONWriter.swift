import Foundation

/// Compact JSON text for `JSONValue`: UTF-8 passed through, control characters, quote
/// and backslash escaped; whole numbers without a fraction; non-finite numbers as the
/// strings "NaN", "Infinity", "-Infinity" (the contract's coding settings).
public struct JSONWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    /// The compact JSON text of a value.
    public static func data(_ value: JSONValue) -> Data {
        var writer = JSONWriter()
        writer.write(value)
        return Data(writer.bytes)
    }

    /// Appends a value.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number): write(number)
        case .string(let text): write(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                write(key)
                bytes.append(UInt8(ascii: ":"))
                write(member)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a number.
    public mutating func write(_ number: Double) {
        if let integer = JSONValue.exactInteger(number) {
            append(String(integer))
        } else if number.isNaN {
            append("\"NaN\"")
        } else if number.isInfinite {
            append(number > 0 ? "\"Infinity\"" : "\"-Infinity\"")
        } else {
            append(String(number))  // shortest round-trip form, e.g. 1.5, 1e-05, 1e+20
        }
    }

    /// Appends a quoted, escaped string.
    public mutating func write(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: nothing to escape, copy the UTF-8 in one go.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(byte)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                append("\\u00")
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends raw JSON text (a literal or punctuation).
    public mutating func append(_ raw: String) {
        bytes.append(contentsOf: raw.utf8)
    }
}
