/// One cell of a sheet. XLSX cells arrive typed; CSV cells are `.text` or `.empty`.
public enum TableCell: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    case bool(Bool)
    case date(LocalDate)

    /// The cell as CSV writes it and as issues quote it: numbers with a dot and no grouping,
    /// dates in ISO form, booleans `true`/`false`.
    public var plainText: String {
        switch self {
        case .empty: return ""
        case let .text(text): return text
        case let .number(value): return Self.plainText(value)
        case let .bool(flag): return flag ? "true" : "false"
        case let .date(date): return date.iso
        }
    }

    /// Whether the cell holds nothing a user typed (whitespace counts as nothing).
    var isBlank: Bool {
        switch self {
        case .empty: return true
        case let .text(text):
            if let first = text.utf8.first, (0x21..<0x80).contains(first) { return false }
            return text.unicodeScalars.allSatisfy(\.isWhitespace)
        default: return false
        }
    }

    /// A reader of Vietnamese numbers takes "24.125" for twenty-four thousand one hundred
    /// twenty-five; one more zero ("24.1250") keeps the value and can only be a decimal.
    private static func plainText(_ value: Double) -> String {
        let text = PlainNumber.shortest(value)
        let parts = text.split(separator: ".")
        guard parts.count == 2, parts[1].count == 3, (1...3).contains(parts[0].count),
              parts[0].first != "0", !text.contains("e") else { return text }
        return text + "0"
    }
}

/// One sheet of a workbook, or one CSV file: the heading row and the rows below it.
public struct TableSheet: Sendable, Equatable {
    /// The sheet's or file's name, as issues name it.
    public var name: String
    public var header: [TableCell]
    /// The row number the header stands on in the file.
    public var headerRow: Int
    public var rows: [TableRow]

    public init(name: String, header: [TableCell] = [], headerRow: Int = 1, rows: [TableRow] = []) {
        self.name = name
        self.header = header
        self.headerRow = headerRow
        self.rows = rows
    }

    /// Adds a record read from CSV: the first becomes the header, blank fields empty cells.
    public mutating func append(csv record: CSVRecord) {
        let cells = record.fields.map { $0.isEmpty ? TableCell.empty : .text($0) }
        if header.isEmpty && rows.isEmpty {
            header = cells
            headerRow = record.row
        } else {
            rows.append(TableRow(number: record.row, cells: cells))
        }
    }
}

public struct TableRow: Sendable, Equatable {
    /// The row number a spreadsheet shows (1-based, the header included).
    public var number: Int
    public var cells: [TableCell]

    public init(number: Int, cells: [TableCell]) {
        self.number = number
        self.cells = cells
    }
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
func columnLetter(_ index: Int) -> String {
    var letters: [UInt8] = []
    var rest = index + 1
    while rest > 0 {
        rest -= 1
        letters.append(UInt8(ascii: "A") + UInt8(rest % 26))
        rest /= 26
    }
    return String(decoding: letters.reversed(), as: UTF8.self)
}
