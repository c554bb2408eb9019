/// Vietnamese alphabetical order (a < ă < â < b < … < d < đ < … < o < ô < ơ < … < u < ư < … < y,
/// with f, j, w, z in their Latin places), case-insensitive, NFC and NFD alike.
///
/// Sort keys are ASCII strings whose byte order is the Vietnamese order, so they can be stored in
/// a TEXT column and sorted by SQL `ORDER BY`. That needs a byte-wise collation: SQLite's default
/// (BINARY) is; in PostgreSQL declare the column `COLLATE "C"`, because locale collations skip
/// the punctuation the keys use as separators.
///
/// Within a field, letters (with their vowel marks) are compared first over the whole field;
/// tones (ngang < huyền < hỏi < ngã < sắc < nặng, one per syllable, wherever the mark is placed)
/// only break ties. Numbers compare by value ("Thôn 2" < "Thôn 10"). Punctuation separates words
/// and is otherwise ignored; letters of other scripts come after z, by code point.
public enum VietnameseCollation {
    /// Key for a person's name: họ + đệm + tên, sorted by tên (the last word) and then by họ and
    /// đệm in written order. The tên is compared in full, tone included, before the họ, so that
    /// everyone named Anh is listed before anyone named Ánh, as a list sorted by a separate tên
    /// column would be.
    public static func sortKey(forName fullName: String) -> String {
        let scalars = fullName.unicodeScalars
        let words = contentWords(of: scalars)
        guard let last = words.last else { return "" }
        var key: [UInt8] = []
        key.reserveCapacity(2 * fullName.utf8.count + 4)
        var encoder = FieldEncoder()
        encoder.add(word: scalars[last])
        encoder.finish(appendingTo: &key)
        for word in words.dropLast() { encoder.add(word: scalars[word]) }
        encoder.finish(appendingTo: &key, after: fieldSeparator)
        return String(decoding: key, as: UTF8.self)
    }

    /// Key for plain text (commune names, village names…), in written order.
    public static func sortKey(forText text: String) -> String {
        var key: [UInt8] = []
        var encoder = FieldEncoder()
        encoder.add(word: text.unicodeScalars[...])
        encoder.finish(appendingTo: &key)
        return String(decoding: key, as: UTF8.self)
    }

    /// The words between spaces that hold a letter, digit or other character (not only marks
    /// or punctuation).
    private static func contentWords(of scalars: String.UnicodeScalarView) -> [Range<String.UnicodeScalarView.Index>] {
        var words: [Range<String.UnicodeScalarView.Index>] = []
        var start: String.UnicodeScalarView.Index?
        var hasContent = false
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let kind = ScalarKind.of(scalars[index])
            if kind == .space {
                if let start, hasContent { words.append(start..<index) }
                start = nil
                hasContent = false
            } else {
                if start == nil { start = index }
                hasContent = hasContent || kind.isWordContent
            }
            scalars.formIndex(after: &index)
        }
        if let start, hasContent { words.append(start..<scalars.endIndex) }
        return words
    }

    /// For `sorted(by:)`. Sorting many names is cheaper on precomputed `sortKey(forName:)`.
    public static func areNamesInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        sortKey(forName: lhs).utf8.lexicographicallyPrecedes(sortKey(forName: rhs).utf8)
    }

    /// For `sorted(by:)`. Sorting many texts is cheaper on precomputed `sortKey(forText:)`.
    public static func areTextsInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        sortKey(forText: lhs).utf8.lexicographicallyPrecedes(sortKey(forText: rhs).utf8)
    }

    /// Between the tên and the họ-đệm fields. Ends of fields, words and levels all sort below
    /// letters and digits, so that "An" < "An Bình" < "Anh" and "an" (no tone) < "án".
    private static let fieldSeparator = UInt8(ascii: "!")

}

extension ScalarKind {
    fileprivate var isWordContent: Bool {
        switch self {
        case .letter, .digit, .other: return true
        default: return false
        }
    }
}

/// Builds one field's key: primary weights (letters, words separated), then the level
/// separator, then per word its tones and a word end.
private struct FieldEncoder {
    private static let levelSeparator = UInt8(ascii: "#")
    private static let wordSeparator = UInt8(ascii: "-")
    private static let wordEnd = UInt8(ascii: "-")
    /// Letters take 'A' + their rank ('A'…'a'), above digits and number lengths ('0'…'@').
    private static let firstLetter = UInt8(ascii: "A")
    private static let otherScript = UInt8(ascii: "~")
    /// A number is its digit count (without leading zeros) as one character, then its digits.
    private static let maxCountedDigits = 16

    private var primary: [UInt8] = []
    private var secondary: [UInt8] = []
    private var inWord = false
    /// Where the letter that a following combining mark modifies was written.
    private var lastLetter: (index: Int, letter: Letter)?
    private var digits: [UInt8] = []

    mutating func add(_ scalar: Unicode.Scalar) {
        switch ScalarKind.of(scalar) {
        case .letter(let letter, let tone):
            flushNumber()
            startWord()
            lastLetter = (primary.count, letter)
            primary.append(Self.firstLetter + letter.rawValue)
            add(tone)
        case .digit(let byte):
            startWord()
            lastLetter = nil
            digits.append(byte)
        case .vowelMark(let mark):
            if let (index, letter) = lastLetter, let marked = letter.adding(mark) {
                primary[index] = Self.firstLetter + marked.rawValue
                lastLetter = (index, marked)
            }
        case .toneMark(let tone):
            if lastLetter != nil { add(tone) }
        case .ignorable:
            break
        case .space, .punctuation:
            endWord()
        case .other:
            flushNumber()
            startWord()
            lastLetter = nil
            primary.append(Self.otherScript)
            let hex = String(scalar.value, radix: 16, uppercase: true)
            primary += Array(repeating: UInt8(ascii: "0"), count: 6 - hex.utf8.count) + Array(hex.utf8)
        }
    }

    mutating func endWord() {
        flushNumber()
        lastLetter = nil
        if inWord {
            secondary.append(Self.wordEnd)
            inWord = false
        }
    }

    /// One word's scalars, then the end of the word.
    mutating func add(word: Substring.UnicodeScalarView) {
        for scalar in word { add(scalar) }
        endWord()
    }

    /// Appends the field's key, if it has one (after `separator`, when given), and starts a new
    /// field, keeping the buffers.
    mutating func finish(appendingTo key: inout [UInt8], after separator: UInt8? = nil) {
        endWord()
        if !primary.isEmpty {
            if let separator { key.append(separator) }
            key += primary
            key.append(Self.levelSeparator)
            key += secondary
        }
        primary.removeAll(keepingCapacity: true)
        secondary.removeAll(keepingCapacity: true)
    }

    private mutating func startWord() {
        guard !inWord else { return }
        if !primary.isEmpty { primary.append(Self.wordSeparator) }
        inWord = true
    }

    private mutating func add(_ tone: Tone) {
        if tone != .level { secondary.append(UInt8(ascii: "0") + tone.rawValue) }
    }

    /// Longer numbers than `maxCountedDigits` are not expected in names; they compare by digits.
    private mutating func flushNumber() {
        guard !digits.isEmpty else { return }
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        primary.append(UInt8(ascii: "0") + UInt8(min(significant.count, Self.maxCountedDigits)))
        primary += significant
        digits.removeAll(keepingCapacity: true)
    }
}
