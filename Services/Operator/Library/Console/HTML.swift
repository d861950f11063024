import Foundation

/// Text made safe for HTML: every `&`, `<`, `>`, `"` and `'` becomes an entity (so text is
/// safe in element content and in quoted attribute values alike), and control and
/// bidirectional-override characters are spelled out (`Printable`). Everything the console
/// renders from the topics goes through `HTML.text`; customer free text (descriptions,
/// complaint and cancellation reasons, dead-letter reasons, which may quote a message)
/// goes through `HTML.freeText`, which also masks phone-like digit runs
/// (`PersonalDataMask`). Identifiers and the platform's own messages (alerts) are not
/// masked: a ticket id such as AS-20261122-000001 would look like a phone number.
public enum HTML {
    /// `text` escaped for element content or a quoted attribute.
    public static func text(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in Printable.clean(text).unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Customer free text: phone-like digit runs masked, at most `limit` characters, escaped.
    public static func freeText(_ text: String, limit: Int = 500) -> String {
        let masked = PersonalDataMask.maskDigitRuns(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        return self.text(masked.count > limit ? String(masked.prefix(limit - 1)) + "…" : masked)
    }

    /// A percent-encoded query value (`application/x-www-form-urlencoded` rules).
    public static func query(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A table: `header` cells are phrases (escaped here), `rows` cells are HTML already;
    /// `rowAttributes` (HTML too) go on each row's `<tr>`.
    static func table(header: [String], rows: [[String]], empty: String, classes: [String] = [],
                      rowAttributes: [String] = []) -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(text(empty))</p>" }
        func kind(_ index: Int) -> String {
            index < classes.count && !classes[index].isEmpty ? " class=\"\(classes[index])\"" : ""
        }
        var html = "<table><thead><tr>"
        for (index, cell) in header.enumerated() { html += "<th\(kind(index))>\(text(cell))</th>" }
        html += "</tr></thead><tbody>"
        for (number, row) in rows.enumerated() {
            html += number < rowAttributes.count && !rowAttributes[number].isEmpty ? "<tr \(rowAttributes[number])>" : "<tr>"
            for (index, cell) in row.enumerated() { html += "<td\(kind(index))>\(cell)</td>" }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }
}
