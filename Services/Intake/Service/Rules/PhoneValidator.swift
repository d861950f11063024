/// A phone number that passed validation, in a normalised form.
public struct PhoneNumber: Sendable, Equatable {
    /// Which kind of number it is.
    public enum Kind: String, Sendable {
        case mobile, landline, international
    }

    public var kind: Kind
    /// Mobile: "+86" and 11 digits; landline: "0AA(A)-NNNNNNN(N)"; international: "+" and digits.
    public var normalized: String

    public init(kind: Kind, normalized: String) {
        self.kind = kind
        self.normalized = normalized
    }
}

/// Accepts the phone numbers customers give (spaces, dashes and dots between digits are
/// tolerated; parentheses around an area code too):
/// - a mainland mobile: 1[3-9] and 9 more digits, optionally preceded by +86 or 0086;
/// - a landline with area code: 0 + a 2- or 3-digit area code (not starting with 0)
///   + a 7- or 8-digit local number ("010-12345678", "0755 2345 6789"), or the same after
///   +86/0086 without the leading 0;
/// - an international number: "+" (or "00") and a country code not starting with 0,
///   8–15 digits in all (E.164).
public enum PhoneValidator {
    /// The normalised number, or nil when the text is none of the accepted forms.
    public static func validate(_ text: String) -> PhoneNumber? {
        let trimmed = text.trimmingCharactersInSet()
        guard !trimmed.isEmpty, trimmed.count <= 32 else { return nil }
        var digits = ""
        var plus = false
        var dashPositions: [Int] = []
        for (offset, character) in trimmed.enumerated() {
            switch character {
            case "0"..."9": digits.append(character)
            case "+":
                guard offset == 0 else { return nil }
                plus = true
            case " ", "-", ".", "(", ")":
                if character == "-" || character == " " { dashPositions.append(digits.count) }
            default: return nil
            }
        }
        var national = digits
        var hadChinaPrefix = false
        var international = plus
        if plus {
            if digits.hasPrefix("86") {
                national = String(digits.dropFirst(2))
                hadChinaPrefix = true
            }
        } else if digits.hasPrefix("0086") {
            national = String(digits.dropFirst(4))
            hadChinaPrefix = true
        } else if digits.hasPrefix("00") {
            international = true
            digits = String(digits.dropFirst(2))
            national = digits
        }

        if !international || hadChinaPrefix {
            if isMobile(national) { return PhoneNumber(kind: .mobile, normalized: "+86" + national) }
            let landline = hadChinaPrefix && !national.hasPrefix("0") ? "0" + national : national
            if let formatted = landlineFormat(landline, separatorAfter: hadChinaPrefix ? nil : dashPositions.first) {
                return PhoneNumber(kind: .landline, normalized: formatted)
            }
            return nil
        }
        // International (non-Chinese) number: E.164 allows at most 15 digits.
        guard (8...15).contains(digits.count), let first = digits.first, first != "0" else { return nil }
        return PhoneNumber(kind: .international, normalized: "+" + digits)
    }

    /// 11 digits: 1, then 3–9, then 9 digits.
    static func isMobile(_ digits: String) -> Bool {
        let bytes = Array(digits.utf8)
        return bytes.count == 11 && bytes[0] == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1])
    }

    /// "0AA-NNNNNNNN" / "0AAA-NNNNNNN(N)". When the customer wrote a separator right after
    /// the area code, it decides the area code's length; otherwise 010 and 02X are the
    /// 2-digit codes of China's numbering plan and every other code has 3 digits.
    static func landlineFormat(_ digits: String, separatorAfter: Int?) -> String? {
        let bytes = Array(digits.utf8)
        guard bytes.count >= 10, bytes.count <= 12, bytes[0] == UInt8(ascii: "0"), bytes[1] != UInt8(ascii: "0") else {
            return nil
        }
        let areaLength: Int
        if let separator = separatorAfter, separator == 3 || separator == 4 {
            areaLength = separator
        } else {
            areaLength = (bytes[1] == UInt8(ascii: "1") && bytes[2] == UInt8(ascii: "0")) || bytes[1] == UInt8(ascii: "2") ? 3 : 4
        }
        let localLength = bytes.count - areaLength
        guard (7...8).contains(localLength) else { return nil }
        return String(digits.prefix(areaLength)) + "-" + String(digits.dropFirst(areaLength))
    }
}

extension String {
    /// The text without leading and trailing white space (Foundation-free).
    func trimmingCharactersInSet() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
