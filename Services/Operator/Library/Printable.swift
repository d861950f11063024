import Foundation

/// Text from the topics made safe for a terminal: control characters (Unicode Cc: NUL,
/// escape sequences, carriage returns…) and the bidirectional overrides are shown as
/// `\u{…}` instead of acting on the screen. Hostile input reaches the dead-letter topic by
/// design, so everything the tool prints from it goes through here.
public enum Printable {
    /// `text` with every control or bidi-override scalar spelled out; with `keepNewlines`,
    /// line feeds stay (for multi-line text such as a pretty-printed original).
    public static func clean(_ text: String, keepNewlines: Bool = false) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if keepNewlines && scalar == "\n" {
                result.append(scalar)
            } else if isUnsafe(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// At most `limit` characters of `text` on one line, cleaned, with "…" when cut.
    public static func shortened(_ text: String, to limit: Int) -> String {
        let line = clean(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
