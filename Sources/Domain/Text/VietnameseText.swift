/// Diacritic- and case-insensitive search over Vietnamese text.
public enum VietnameseText {
    /// The search form of `s`: lowercase, every tone and vowel mark removed, đ → d, runs of
    /// whitespace collapsed to one space, trimmed. NFC and NFD input give the same result, and
    /// old and new tone placement (hoà / hòa) fold alike. "Nguyễn Văn An" → "nguyen van an".
    ///
    /// Punctuation is kept; letters of other scripts are only lowercased.
    public static func fold(_ s: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let kind = ScalarKind.of(scalar)
            switch kind {
            case .space:
                pendingSpace = !output.isEmpty
                continue
            case .ignorable, .vowelMark, .toneMark:
                continue
            default:
                break
            }
            if pendingSpace {
                output.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            switch kind {
            case .letter(let letter, _):
                output.append(letter.folded)
            case .digit(let byte):
                output.append(byte)
            case .other:
                for lower in scalar.properties.lowercaseMapping.unicodeScalars where ScalarKind.of(lower) != .ignorable {
                    UTF8.encode(lower) { output.append($0) }
                }
            default:
                UTF8.encode(scalar) { output.append($0) }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the folded `query` occurs in the folded `haystack`; an empty query matches
    /// everything (an empty search box filters nothing).
    public static func matches(_ haystack: String, query: String) -> Bool {
        let needle = fold(query)
        guard !needle.isEmpty else { return true }
        return fold(haystack).utf8.firstRange(of: needle.utf8) != nil
    }
}
