import Foundation

/// Removes personal data from a description before it leaves the customer store (the
/// ticket row, the `description` of `ticket.opened`, a dead letter's masked copy): the
/// customer's own name and address wherever they appear, and every phone-like run of 7 or
/// more digits (single spaces, dashes or dots and a leading + allowed between them) and
/// e-mail address, whoever's.
///
/// Digits are recognised after NFKC normalisation of each character, so full-width
/// (０１３８), circled, superscript and mathematical digits count, as do full-width
/// separators (＋ － ． and the ideographic space); decimal digits of other scripts
/// (Arabic-Indic ٠١٢…) count too. The text is otherwise kept as written.
public enum DescriptionRedactor {
    /// What replaces each removed piece.
    public static let mask = "***"

    public static func redact(_ text: String, name: String? = nil, address: String? = nil) -> String {
        redact(text, secrets: [address, name].compactMap { $0 })
    }

    /// Removes every occurrence of each secret (longest first; secrets shorter than 2
    /// characters are ignored), then phone-like digit runs and e-mail addresses.
    public static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 2 {
            result = result.replacingEvery(secret, with: mask)
        }
        return redactEmails(redactDigitRuns(result))
    }

    /// Replaces runs of ≥ 7 digits, possibly separated by single spaces, dashes or dots.
    static func redactDigitRuns(_ text: String) -> String {
        let characters = Array(text)
        let folded = characters.map(fold)
        let isDigit = folded.map { $0.isDigit }
        var output = ""
        var index = 0
        while index < characters.count {
            let start = index
            var digits = 0
            var end = index
            var cursor = index
            if folded[cursor] == .plus { cursor += 1 }
            while cursor < characters.count {
                if isDigit[cursor] {
                    digits += 1
                    cursor += 1
                    end = cursor
                } else if case .separator = folded[cursor], cursor + 1 < characters.count, isDigit[cursor + 1], digits > 0 {
                    cursor += 1
                } else {
                    break
                }
            }
            if digits >= 7 {
                output += mask
                index = end
            } else {
                output.append(characters[start])
                index = start + 1
            }
        }
        return output
    }

    /// A character as the phone rule sees it.
    enum Folded: Equatable {
        case digit
        case separator
        case plus
        case other

        var isDigit: Bool { self == .digit }
    }

    /// The class of a character after NFKC: ASCII at once; full-width forms by their ASCII
    /// counterpart; other characters that NFKC may fold to a digit or separator (numeric,
    /// dash or space characters) through Foundation's NFKC, which therefore runs only for
    /// those few characters.
    static func fold(_ character: Character) -> Folded {
        if let ascii = character.asciiValue { return fold(ascii: ascii) }
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else {
            return .other
        }
        if (0xFF01...0xFF5E).contains(scalar.value) { return fold(ascii: UInt8(scalar.value - 0xFEE0)) }
        let properties = scalar.properties
        let candidate = properties.numericType != nil || properties.generalCategory == .dashPunctuation
            || properties.generalCategory == .spaceSeparator
        guard candidate else { return .other }
        let normalized = String(character).precomposedStringWithCompatibilityMapping
        if normalized.unicodeScalars.count == 1, let ascii = normalized.first?.asciiValue {
            return fold(ascii: ascii)
        }
        // Decimal digits of other scripts are still digits of a phone number.
        return properties.numericType == .decimal ? .digit : .other
    }

    private static func fold(ascii: UInt8) -> Folded {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
        case UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "."): .separator
        case UInt8(ascii: "+"): .plus
        default: .other
        }
    }

    /// Replaces anything shaped like local@domain.tld.
    static func redactEmails(_ text: String) -> String {
        guard text.contains("@") else { return text }
        let isEmailCharacter: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-".contains($0)) }
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "@" {
                var start = output.endIndex
                while start > output.startIndex, isEmailCharacter(output[output.index(before: start)]) {
                    start = output.index(before: start)
                }
                var end = index + 1
                while end < characters.count, isEmailCharacter(characters[end]) { end += 1 }
                let domain = String(characters[(index + 1)..<end])
                if start < output.endIndex, domain.contains(".") {
                    output.removeSubrange(start...)
                    output += mask
                    index = end
                    continue
                }
            }
            output.append(characters[index])
            index += 1
        }
        return output
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    func replacingEvery(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    /// The first range of `target` (Foundation-free, character-wise).
    func range(of target: String) -> Range<Index>? {
        guard let first = target.first else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index] == first, self[index...].hasPrefix(target) {
                return index..<(self.index(index, offsetBy: target.count))
            }
            index = self.index(after: index)
        }
        return nil
    }
}
