import Foundation

extension VietnameseFormat {
    /// A typed whole number: "1500000", "1.500.000", "1 500 000" (also with non-breaking
    /// spaces), an optional sign. Groups must be well formed (1–3 digits, not starting with 0,
    /// then groups of 3, one kind of separator). A comma is refused, since in Vietnamese it marks
    /// decimals. Nil for anything else, including overflow.
    public static func parseInteger(_ text: String) -> Int? {
        guard let number = TypedNumber(text) else { return nil }
        if !number.separators.isEmpty {
            guard number.isGrouped(upTo: number.groups.count),
                  number.separators[0] != .comma else { return nil }
        }
        return Int(number.sign + number.groups.joined())
    }

    /// A typed decimal: "24,5", "24.5", "1.234,5", "1,234.5", "1 234,5", "1.500.000".
    /// The last separator is the decimal one when the other separators group thousands with a
    /// different character. A single dot or comma followed by exactly three digits ("1.500",
    /// "2,500") reads both as thousands and as decimals, so it is refused (nil) rather than
    /// guessed; "0,125" and "1234.5" are not ambiguous.
    public static func parseDecimal(_ text: String) -> Double? {
        if let plain = plainDecimal(text) { return plain }
        guard let number = TypedNumber(text) else { return nil }
        let count = number.groups.count
        let allGrouping = count == 1 || number.isGrouped(upTo: count)
        let decimalLast: Bool = {
            guard let last = number.separators.last, last != .space else { return false }
            return count == 2 || (number.isGrouped(upTo: count - 1) && number.separators[0] != last)
        }()
        let digits: String
        switch (allGrouping, decimalLast) {
        case (true, false): digits = number.groups.joined()
        case (false, true): digits = number.groups.dropLast().joined() + "." + number.groups[count - 1]
        default: return nil
        }
        guard let value = Double(number.sign + digits), value.isFinite else { return nil }
        return value
    }

    /// "94.2", "0.75": digits, a dot and one or two digits, as exports write decimals, read
    /// without the general parse (which gives the same value; only three digits after a lone
    /// separator are ambiguous).
    private static func plainDecimal(_ text: String) -> Double? {
        let bytes = text.utf8
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let whole = bytes[..<dot], fraction = bytes[bytes.index(after: dot)...]
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard !whole.isEmpty, (1...2).contains(fraction.count), whole.allSatisfy(isDigit), fraction.allSatisfy(isDigit) else { return nil }
        return Double(text)
    }

    /// "18/01/2022", also "18/1/2022", "18-01-2022", "18.01.2022" and ISO "2022-01-18".
    /// The year needs four digits. Nil for an impossible date.
    public static func parseDate(_ text: String) -> LocalDate? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let iso = LocalDate(iso: trimmed) { return iso }
        guard let separator = trimmed.first(where: { !$0.isASCII || !$0.isNumber }),
              "/-.".contains(separator) else { return nil }
        let parts = trimmed.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}

/// A trimmed, optionally signed run of digit groups separated by single separators.
private struct TypedNumber {
    enum Separator { case dot, comma, space }

    let sign: String
    let groups: [String]
    let separators: [Separator]

    init?(_ text: String) {
        var scalars = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines)).unicodeScalars
        switch scalars.first {
        case "-", "\u{2212}":
            sign = "-"
            scalars.removeFirst()
        case "+":
            sign = ""
            scalars.removeFirst()
        default:
            sign = ""
        }
        var groups: [String] = []
        var separators: [Separator] = []
        var group = ""
        for scalar in scalars {
            let separator: Separator
            switch scalar {
            case "0"..."9":
                group.unicodeScalars.append(scalar)
                continue
            case ".": separator = .dot
            case ",": separator = .comma
            case " ", "\u{00A0}", "\u{202F}": separator = .space
            default: return nil
            }
            guard !group.isEmpty else { return nil }
            groups.append(group)
            separators.append(separator)
            group = ""
        }
        guard !group.isEmpty else { return nil }
        groups.append(group)
        self.groups = groups
        self.separators = separators
    }

    /// Whether the first `count` groups (at least two) are thousands grouping with one separator.
    func isGrouped(upTo count: Int) -> Bool {
        guard count >= 2, let first = groups.first, (1...3).contains(first.count), !first.hasPrefix("0"),
              groups[1..<count].allSatisfy({ $0.count == 3 }) else { return false }
        return separators[0..<(count - 1)].allSatisfy { $0 == separators[0] }
    }
}
