/// Which language a customer wrote in, for remote guidance: Chinese when the description
/// holds any Han character (simplified or traditional, alone or mixed with English such as
/// "门锁连不上WiFi"), English otherwise. Steps are kept in simplified Chinese only, which
/// readers of traditional characters read too.
public enum GuidanceLanguageRule {
    public static func language(of description: String) -> GuidanceLanguage {
        description.unicodeScalars.contains(where: isHan) ? .chinese : .english
    }

    /// CJK unified ideographs (and extension A), compatibility ideographs, and the
    /// supplementary ideographic planes (extensions B onwards).
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        default: false
        }
    }
}
