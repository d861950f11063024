/// Removes personal data from a description before it leaves the customer store (the
/// ticket row and the `description` of `ticket.opened`): the customer's own name and
/// address wherever they appear, and every phone-like run of 7 or more digits (spaces,
/// dashes, dots and a leading + allowed between them) and e-mail address, whoever's.
public enum DescriptionRedactor {
    /// What replaces each removed piece.
    public static let mask = "***"

    public static func redact(_ text: String, name: String? = nil, address: String? = nil) -> String {
        var result = text
        for secret in [address, name].compactMap({ $0 }) where secret.count >= 2 {
            result = result.replacingEvery(secret, with: mask)
        }
        return redactEmails(redactDigitRuns(result))
    }

    /// Replaces runs of ≥ 7 digits, possibly separated by single spaces, dashes or dots.
    static func redactDigitRuns(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            let start = index
            var digits = 0
            var end = index
            var cursor = index
            if characters[cursor] == "+" { cursor += 1 }
            while cursor < characters.count {
                let character = characters[cursor]
                if character.isASCII && character.isNumber {
                    digits += 1
                    cursor += 1
                    end = cursor
                } else if ["-", " ", "."].contains(character), cursor + 1 < characters.count,
                          characters[cursor + 1].isASCII && characters[cursor + 1].isNumber, digits > 0 {
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
