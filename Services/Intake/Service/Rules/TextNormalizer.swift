import Foundation

/// Prepares a customer's description for keyword matching: full-width forms become
/// ASCII (Ｗｉ－Ｆｉ → wi-fi), Latin letters become lower case, curly apostrophes become
/// straight ones, runs of white space become one space, and traditional Chinese
/// characters become their simplified forms (漏電 → 漏电), so that the keyword tables
/// only need simplified Chinese and lower-case English.
public enum TextNormalizer {
    /// The normalised text as Unicode scalar values (one element per character of the
    /// tables, which keeps matching a simple array scan).
    public static func normalize(_ text: String) -> [UInt32] {
        var output: [UInt32] = []
        output.reserveCapacity(text.unicodeScalars.count)
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            var value = scalar.value
            // Full-width ASCII variants (U+FF01…U+FF5E) and the ideographic space.
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
            if value == 0x3000 { value = 0x20 }
            // Curly quotes to straight ones, so that "doesn’t" matches "doesn't".
            if value == 0x2019 || value == 0x2018 { value = 0x27 }
            guard let mapped = Unicode.Scalar(value) else { continue }
            if mapped.properties.isWhitespace {
                if !lastWasSpace { output.append(0x20) }
                lastWasSpace = true
                continue
            }
            // Combining marks and zero-width characters carry no meaning for the rules.
            if mapped.properties.generalCategory == .nonspacingMark || mapped.properties.generalCategory == .format {
                continue
            }
            lastWasSpace = false
            if (65...90).contains(value) {
                output.append(value + 32)
            } else if let simplified = TraditionalChinese.simplified[mapped] {
                output.append(simplified.value)
            } else {
                output.append(value)
            }
        }
        if output.last == 0x20 { output.removeLast() }
        return output
    }

    /// The normalised text as a string (for tests and diagnostics).
    public static func normalizedString(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for value in normalize(text) { if let scalar = Unicode.Scalar(value) { result.append(scalar) } }
        return String(result)
    }

    /// True for ASCII letters and digits (the characters of an English word).
    @inline(__always)
    static func isWordCharacter(_ value: UInt32) -> Bool {
        (97...122).contains(value) || (48...57).contains(value) || (65...90).contains(value)
    }

    /// True for ASCII letters.
    @inline(__always)
    static func isLetter(_ value: UInt32) -> Bool {
        (97...122).contains(value) || (65...90).contains(value)
    }
}
