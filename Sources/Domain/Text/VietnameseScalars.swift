import Foundation

/// The letters of the Vietnamese alphabet plus f, j, w, z (foreign names), in collation
/// order: the raw value is the primary weight.
enum Letter: UInt8, CaseIterable, Sendable {
    case a, aBreve, aCircumflex, b, c, d, dStroke, e, eCircumflex, f, g, h, i, j, k, l, m, n
    case o, oCircumflex, oHorn, p, q, r, s, t, u, uHorn, v, w, x, y, z

    private static let byASCII: [Letter] = [
        .a, .b, .c, .d, .e, .f, .g, .h, .i, .j, .k, .l, .m,
        .n, .o, .p, .q, .r, .s, .t, .u, .v, .w, .x, .y, .z,
    ]

    /// `byte` must be an ASCII letter.
    init(ascii byte: UInt8) {
        self = Letter.byASCII[Int((byte | 0x20) - UInt8(ascii: "a"))]
    }

    /// The lowercase ASCII letter left when every mark is removed (ă → a, đ → d).
    var folded: UInt8 { Letter.foldedBytes[Int(rawValue)] }

    /// Indexed by raw value; one character per case above.
    private static let foldedBytes = Array("aaabcddeefghijklmnooopqrstuuvwxyz".utf8)

    func adding(_ mark: VowelMark) -> Letter? {
        switch (self, mark) {
        case (.a, .breve): return .aBreve
        case (.a, .circumflex): return .aCircumflex
        case (.e, .circumflex): return .eCircumflex
        case (.o, .circumflex): return .oCircumflex
        case (.o, .horn): return .oHorn
        case (.u, .horn): return .uHorn
        default: return nil
        }
    }
}

/// Marks that make a different letter (ă, â, ê, ô, ơ, ư) rather than a tone.
enum VowelMark: Sendable {
    case breve, circumflex, horn
}

/// The six tones; the raw value is the secondary collation weight
/// (ngang, huyền, hỏi, ngã, sắc, nặng).
enum Tone: UInt8, Sendable {
    case level, grave, hookAbove, tilde, acute, dotBelow
}

/// What one Unicode scalar contributes to folding and collation.
enum ScalarKind: Equatable, Sendable {
    case letter(Letter, Tone)
    case digit(UInt8)
    case vowelMark(VowelMark)
    case toneMark(Tone)
    /// Other combining marks and invisible format characters (zero-width joiner, soft hyphen).
    case ignorable
    case space
    /// Punctuation, symbols, controls: kept by folding, a word boundary for collation.
    case punctuation
    /// A letter or number of another script.
    case other

    /// Tables cover the blocks Vietnamese (and most Latin-script foreign names) use:
    /// Latin up to the combining diacritics, and Latin Extended Additional (ạ…ỹ).
    private static let low: [ScalarKind] = (0..<0x370).map { table(for: $0) }
    private static let extendedBase: UInt32 = 0x1E00
    private static let extended: [ScalarKind] = (0x1E00..<0x1F00).map { table(for: $0) }

    static func of(_ scalar: Unicode.Scalar) -> ScalarKind {
        let value = scalar.value
        if value < 0x370 { return low[Int(value)] }
        if value >= extendedBase, value < extendedBase + 0x100 { return extended[Int(value - extendedBase)] }
        return primitive(scalar)
    }

    /// Precomposed letters are classified from their canonical decomposition, so that NFC and
    /// NFD text behave alike (ặ = a + dot below + breve).
    private static func table(for value: UInt32) -> ScalarKind {
        let scalar = Unicode.Scalar(value)!
        let parts = Array(String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars)
        guard parts.count > 1 || parts.first != scalar else { return primitive(scalar) }
        guard case .letter(var letter, var tone) = primitive(parts[0]) else { return primitive(parts[0]) }
        for mark in parts.dropFirst() {
            switch primitive(mark) {
            case .vowelMark(let vowelMark): letter = letter.adding(vowelMark) ?? letter
            case .toneMark(let markTone): tone = markTone
            default: break
            }
        }
        return .letter(letter, tone)
    }

    private static func primitive(_ scalar: Unicode.Scalar) -> ScalarKind {
        switch scalar {
        case "a"..."z", "A"..."Z": return .letter(Letter(ascii: UInt8(scalar.value)), .level)
        case "0"..."9": return .digit(UInt8(scalar.value))
        // Ð/ð (eth) is often typed for Đ/đ by old keyboards and fonts.
        case "\u{0110}", "\u{0111}", "\u{00D0}", "\u{00F0}": return .letter(.dStroke, .level)
        case "\u{0306}": return .vowelMark(.breve)
        case "\u{0302}": return .vowelMark(.circumflex)
        case "\u{031B}": return .vowelMark(.horn)
        case "\u{0300}": return .toneMark(.grave)
        case "\u{0309}": return .toneMark(.hookAbove)
        case "\u{0303}": return .toneMark(.tilde)
        case "\u{0301}": return .toneMark(.acute)
        case "\u{0323}": return .toneMark(.dotBelow)
        default: break
        }
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return .ignorable
        default: break
        }
        if properties.isAlphabetic || properties.numericType != nil { return .other }
        return .punctuation
    }
}
