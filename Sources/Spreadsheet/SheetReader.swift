import Foundation

/// Turns the tokens of a worksheet part into rows, one row at a time.
struct SheetReader {
    /// What cell values refer to outside the sheet.
    struct Context {
        let sharedStrings: [String]
        /// By style index: whether the style shows a number as a date.
        let dateStyles: [Bool]
        let dateSystem: DateSystem
    }

    /// A <c> element being read.
    private struct PendingCell {
        let columnIndex: Int
        let type: String?
        let styleIndex: Int
        /// The <v> text: the value itself, a shared-string index, or a formula's cached result.
        var value: String?
        var inlineText: String?
    }

    private let sheetName: String
    private let context: Context
    private var isInSheetData = false
    private var rowNumber = 0
    private var cells: [CellValue] = []
    private var cell: PendingCell?
    private var isInValue = false
    private var inlineString: RichTextCollector?

    init(sheetName: String, context: Context) {
        self.sheetName = sheetName
        self.context = context
    }

    /// Takes the next token; returns a row when the token completes one.
    mutating func consume(_ token: XMLToken) throws -> SheetRow? {
        if inlineString != nil {
            if token == .endElement(name: "is") {
                cell?.inlineText = inlineString?.text
                inlineString = nil
            } else {
                inlineString?.consume(token)
            }
            return nil
        }
        switch token {
        case .text(let text):
            if isInValue { cell?.value?.append(text) }
        case .startElement(let name, let attributes):
            try start(name, attributes)
        case .endElement(let name):
            return try end(name)
        }
        return nil
    }

    /// The most frequent elements come first: values, then cells, then rows.
    private mutating func start(_ name: String, _ attributes: [XMLAttribute]) throws {
        switch name {
        case "v" where cell != nil:
            cell?.value = ""
            isInValue = true
        case "c" where isInSheetData:
            cell = try startCell(attributes)
        case "row" where isInSheetData:
            // Rows and cells may omit their position; then they follow the previous one.
            rowNumber = try attributes.value(of: "r").map(rowNumber(from:)) ?? rowNumber + 1
            cells = []
        case "is" where cell != nil:
            inlineString = RichTextCollector()
        case "sheetData":
            isInSheetData = true
        default:
            break
        }
    }

    private mutating func end(_ name: String) throws -> SheetRow? {
        switch name {
        case "v":
            isInValue = false
        case "c" where isInSheetData:
            if let cell { try store(cell) }
            cell = nil
        case "row" where isInSheetData:
            return SheetRow(number: rowNumber, cells: cells)
        case "sheetData":
            isInSheetData = false
        default:
            break
        }
        return nil
    }

    private func rowNumber(from text: String) throws -> Int {
        guard let number = Int(text), number > 0, number <= CellReference.maximumRowNumber else {
            throw SpreadsheetError.invalidCellReference(text)
        }
        return number
    }

    private func startCell(_ attributes: [XMLAttribute]) throws -> PendingCell {
        let columnIndex: Int
        if let reference = attributes.value(of: "r") {
            let letters = reference.utf8.prefix { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
            guard let index = CellReference.columnIndex(ofLetters: letters) else { throw SpreadsheetError.invalidCellReference(reference) }
            columnIndex = index
        } else {
            columnIndex = cells.count
        }
        return PendingCell(
            columnIndex: columnIndex,
            type: attributes.value(of: "t"),
            styleIndex: attributes.value(of: "s").flatMap(Int.init) ?? 0,
        )
    }

    private mutating func store(_ cell: PendingCell) throws {
        let value = try value(of: cell)
        if cell.columnIndex >= cells.count {
            cells.append(contentsOf: repeatElement(.empty, count: cell.columnIndex - cells.count))
            cells.append(value)
        } else {
            cells[cell.columnIndex] = value
        }
    }

    private func value(of cell: PendingCell) throws -> CellValue {
        if cell.type == "inlineStr" { return cell.inlineText.map(CellValue.text) ?? .empty }
        guard let text = cell.value else { return .empty }
        switch cell.type {
        case "s":
            guard let index = Int(text), context.sharedStrings.indices.contains(index) else { throw invalid(cell, text) }
            return .text(context.sharedStrings[index])
        case "str": return .text(text)
        case "e": return .error(text)
        case "b":
            guard text == "0" || text == "1" else { throw invalid(cell, text) }
            return .boolean(text == "1")
        case "d":
            guard let date = Self.isoDate(text) else { throw invalid(cell, text) }
            return .date(date)
        default:
            guard !text.isEmpty else { return .empty }
            guard let number = Double(text), number.isFinite else { throw invalid(cell, text) }
            let isDate = context.dateStyles.indices.contains(cell.styleIndex) && context.dateStyles[cell.styleIndex]
            return isDate ? .date(context.dateSystem.date(fromSerial: number)) : .number(number)
        }
    }

    /// Cells of type "d" hold an ISO 8601 date or date-time without a zone, read as UTC like serial dates.
    private static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = text.count == 10
            ? [.withFullDate]
            : [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        return formatter.date(from: text)
    }

    private func invalid(_ cell: PendingCell, _ text: String) -> SpreadsheetError {
        let reference = CellReference(columnIndex: cell.columnIndex, rowNumber: rowNumber)
        return .invalidCellValue(sheet: sheetName, cell: reference.description, value: text)
    }
}
