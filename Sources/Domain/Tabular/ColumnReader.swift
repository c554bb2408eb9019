/// What one cell says for its column.
enum CellReading {
    case missing
    case value(CellValue)
    case invalid(Message)
}

/// A cell's value, typed as its column reads it: what goes into a record as it is, or into the
/// JSON format (`json`) for `HouseholdJSON` to read.
enum CellValue {
    /// Text, a code, digits kept as text.
    case text(String)
    case integer(Int)
    case decimal(Double)
    case bool(Bool)
    case date(LocalDate)
    case codes([String])

    var json: JSONValue {
        switch self {
        case let .text(text): .string(text)
        case let .integer(number): .integer(number)
        case let .decimal(number): .decimal(number)
        case let .bool(flag): .bool(flag)
        case let .date(date): .string(date.iso)
        case let .codes(codes): .array(codes.map(JSONValue.string))
        }
    }
}

/// Reads the cells of one column into values of the JSON format's types, taking what people type into
/// spreadsheets: Vietnamese numbers ("1.250.000", "24,5"), dd/mm/yyyy dates, labels for codes
/// (Nam, Có), the mapping's own words, and numbers where Excel turned digits into one.
/// A class, so that reading a cell copies none of its tables.
final class ColumnReader {
    /// The column's kind without its lists, to switch on for every cell.
    private enum Reading {
        case text, ethnicity, integer, decimal, date, bool, code, codeList, communeCode, idNumber
    }

    let column: HouseholdColumn
    private let reading: Reading
    /// `column.isRequired`, kept apart: reaching into `column` copies all of it.
    private let isRequired: Bool
    /// The spellings of each code (the code, its labels, the mapping's words) as written,
    /// compared byte for byte: hashing a string that is not ASCII normalises it first, which
    /// costs more than comparing a few dozen lengths.
    private let exactSpellings: [(utf8: [UInt8], code: String)]
    /// The same spellings folded (`VietnameseText.fold`), for what was typed another way.
    private let foldedSpellings: [String: String]
    /// Folded spellings of a list that is known to be empty.
    private let emptyList: Set<String>
    /// `emptyListCode` spells no code (no mapping made it a word for one), so a cell of just
    /// it is an empty list without looking further.
    private let noneIsNoCode: Bool

    private static let booleanSpellings = [
        ("true", "true"), ("false", "false"), ("1", "true"), ("0", "false"),
        (Translations.text("value.yes", in: .vi), "true"), (Translations.text("value.no", in: .vi), "false"),
        (Translations.text("value.yes", in: .en), "true"), (Translations.text("value.no", in: .en), "false"),
    ]

    /// Written for an empty list: an empty cell would be a missing value instead.
    static let emptyListCode = "none"

    init(_ column: HouseholdColumn, words: [String: String]) {
        self.column = column
        isRequired = column.isRequired
        reading = switch column.kind {
        case .text: .text
        case .ethnicity: .ethnicity
        case .integer: .integer
        case .decimal: .decimal
        case .date: .date
        case .bool: .bool
        case .code: .code
        case .codeList: .codeList
        case .communeCode: .communeCode
        case .idNumber: .idNumber
        }
        // The mapping's words come last, so that they win over a label spelled alike.
        let pairs = Self.builtInSpellings(column.kind) + words.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        exactSpellings = pairs.reversed().map { (Array($0.0.utf8), $0.1) }
        foldedSpellings = Dictionary(pairs.map { (VietnameseText.fold($0.0), $0.1) }) { _, later in later }
        let emptyListSpellings = [Self.emptyListCode] + Language.allCases.map { Translations.text("value.noneOfList", in: $0) }
        emptyList = Set(emptyListSpellings.map(VietnameseText.fold))
        noneIsNoCode = foldedSpellings[Self.emptyListCode] == nil
    }

    private static func builtInSpellings(_ kind: HouseholdColumn.Kind) -> [(String, String)] {
        switch kind {
        case .bool:
            return booleanSpellings
        case let .code(codes, labelPrefix), let .codeList(codes, labelPrefix):
            return codes.flatMap { code in
                [(code, code)] + Language.allCases.map { (Translations.text("\(labelPrefix).\(code)", in: $0), code) }
            }
        default:
            return []
        }
    }

    /// What a cell of a yes/no or coded column should have held instead.
    private var unknownWord: Message {
        switch column.kind {
        case let .code(codes, labelPrefix), let .codeList(codes, labelPrefix):
            return Message("tabular.notInList", [
                "labels": codes.map { Translations.text("\(labelPrefix).\($0)", in: .vi) }.joined(separator: ", "),
                "codes": codes.joined(separator: ", "),
            ])
        default:
            return Message("tabular.notABoolean")
        }
    }

    /// A blank cell is a missing value, except in a required column: there it is an empty text,
    /// which the validator reports together with every other problem of the household (an
    /// absent key would stop `HouseholdJSON` before the validator runs).
    func read(_ cell: TableCell) -> CellReading {
        if cell.isBlank { return isRequired ? .value(.text("")) : .missing }
        switch reading {
        case .text: return .value(.text(Self.trimmed(cell)))
        case .ethnicity:
            let name = Self.trimmed(cell)
            return .value(.text(EthnicGroups.canonical(name) ?? name))
        case .integer: return integer(cell)
        case .decimal: return decimal(cell)
        case .date: return date(cell)
        case .bool:
            guard let code = code(Self.trimmed(cell)) else { return .invalid(unknownWord) }
            return .value(.bool(code == "true"))
        case .code:
            guard let code = code(Self.trimmed(cell)) else { return .invalid(unknownWord) }
            return .value(.text(code))
        case .codeList: return codeList(Self.trimmed(cell))
        case .communeCode: return .value(.text(Self.digits(cell, paddedTo: Self.communeCodeLength)))
        case .idNumber: return .value(.text(Self.digits(cell, paddedTo: Self.idNumberLength)))
        }
    }

    private func code(_ text: String) -> String? {
        let exact = text.utf8.withContiguousStorageIfAvailable { bytes in
            exactSpellings.first { $0.utf8.count == bytes.count && $0.utf8.elementsEqual(bytes) }?.code
        }
        return (exact ?? nil) ?? foldedSpellings[VietnameseText.fold(text)]
    }

    private func codeList(_ text: String) -> CellReading {
        if text == Self.emptyListCode, noneIsNoCode { return .value(.codes([])) }
        if let codes = exactCodes(text) { return .value(.codes(codes)) }
        var items: [String] = []
        for piece in text.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let item = String(String(piece).trimmingWhitespace)
            guard !item.isEmpty else { continue }
            guard let code = code(item) else {
                return emptyList.contains(VietnameseText.fold(text)) ? .value(.codes([])) : .invalid(unknownWord)
            }
            items.append(code)
        }
        return .value(.codes(items))
    }

    /// The codes of a list whose every item is spelled exactly as one (`tv;smartphone`, as
    /// exports write lists), found on the text's bytes; nil for anything else, which `codeList`
    /// then reads item by item. The separators are ASCII, so they never split a character.
    private func exactCodes(_ text: String) -> [String]? {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            var codes: [String] = []
            for piece in bytes.split(omittingEmptySubsequences: false, whereSeparator: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") }) {
                guard let first = piece.firstIndex(where: { $0 != UInt8(ascii: " ") }),
                      let last = piece.lastIndex(where: { $0 != UInt8(ascii: " ") }) else { continue }
                let item = piece[first...last]
                guard let spelling = exactSpellings.first(where: { $0.utf8.count == item.count && $0.utf8.elementsEqual(item) }) else { return nil }
                codes.append(spelling.code)
            }
            return codes
        }
        return found ?? nil
    }

    private func integer(_ cell: TableCell) -> CellReading {
        let number: Int?
        switch cell {
        case let .number(value): number = Int(exactly: value)
        case let .text(text): number = Int(text) ?? VietnameseFormat.parseInteger(text)
        default: number = nil
        }
        guard let number else { return .invalid(Message("issue.notAnInteger")) }
        return .value(.integer(number))
    }

    private func decimal(_ cell: TableCell) -> CellReading {
        switch cell {
        case let .number(value) where value.isFinite:
            return .value(.decimal(value))
        case let .text(text):
            if let value = Int(text).map(Double.init) ?? VietnameseFormat.parseDecimal(text) { return .value(.decimal(value)) }
            // Read as a whole number but not as a decimal: "24.125" could be either.
            if VietnameseFormat.parseInteger(text) != nil { return .invalid(Message("tabular.ambiguousNumber")) }
            return .invalid(Message("tabular.notANumber"))
        default:
            return .invalid(Message("tabular.notANumber"))
        }
    }

    private func date(_ cell: TableCell) -> CellReading {
        let date: LocalDate?
        switch cell {
        case let .date(value): date = value
        case let .text(text): date = LocalDate(iso: text) ?? VietnameseFormat.parseDate(text)
        default: date = nil
        }
        guard let date else { return .invalid(Message("issue.invalidDate")) }
        return .value(.date(date))
    }

    /// Commune codes are five digits, the first ones 0 in the north (00004 Ba Đình).
    private static func communeCodeLength(_ digits: Int) -> Int? { digits < 5 ? 5 : nil }

    /// A CCCD number is 12 digits starting with the 3-digit code of the province of birth, a
    /// CMND number 9 digits starting with a 2- or 3-digit province code; those codes begin with
    /// 0 for a third of the country (001 Hà Nội …). Typed into Excel, such an ID becomes a number
    /// and loses its leading zeros: 10 or 11 digits are a CCCD number short of them, fewer than
    /// 9 a CMND number.
    private static func idNumberLength(_ digits: Int) -> Int? {
        switch digits {
        case 10, 11: return 12
        case ..<9: return 9
        default: return nil
        }
    }

    /// Digits kept as text. A number cell had its leading zeros dropped by Excel; they are put
    /// back up to the length `paddedTo` gives for its count of digits (nil: none is missing).
    private static func digits(_ cell: TableCell, paddedTo length: (Int) -> Int?) -> String {
        guard case let .number(value) = cell, let whole = Int(exactly: value), whole >= 0 else { return trimmed(cell) }
        let digits = String(whole)
        guard let length = length(digits.count) else { return digits }
        return String(repeating: "0", count: length - digits.count) + digits
    }

    private static func trimmed(_ cell: TableCell) -> String {
        let text = cell.plainText
        // Printable ASCII at both ends, the usual case, settles it without decoding.
        let printable: ClosedRange<UInt8> = 0x21...0x7E
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.first.map(printable.contains) == true && bytes.last.map(printable.contains) == true
        }
        if plain == true { return text }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.isWhitespace || last.isWhitespace else { return text }
        return String(text.trimmingWhitespace)
    }
}
