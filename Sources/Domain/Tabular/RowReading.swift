/// One row read into the fields of its JSON object, with what could not be read.
struct RowReading {
    /// The household's code, or the member's household code; nil when empty.
    let code: String?
    /// The object's fields; a household's `income`, `indicators`, … already grouped.
    let fields: [(key: String, value: JSONValue)]
    /// Cells that could not be read, with why.
    let unreadable: [(column: SheetColumn, message: Message)]
    /// Positions without a heading where the row holds data.
    let dataWithoutHeading: [Int]

    var hasUnreadableCell: Bool { !unreadable.isEmpty || !dataWithoutHeading.isEmpty }

    /// Nil for a blank row. `key` is the column holding the household code.
    init?(_ row: TableRow, columns: SheetColumns, key: SheetColumn) {
        guard !row.cells.allSatisfy(\.isBlank) else { return nil }
        if case let .value(.string(code)) = key.reader.read(Self.cell(row, key.position)), !code.isEmpty {
            self.code = code
        } else {
            code = nil
        }
        var fields: [(key: String, value: JSONValue)] = []
        fields.reserveCapacity(columns.columns.count)
        var objects = Array(repeating: [(key: String, value: JSONValue)](), count: SheetColumns.jsonObjects.count)
        var unreadable: [(column: SheetColumn, message: Message)] = []
        for column in columns.columns where !column.isLink {
            switch column.reader.read(Self.cell(row, column.position)) {
            case .missing:
                break
            case let .value(value):
                if let object = column.jsonObject {
                    objects[object].append((column.jsonKey, value))
                } else {
                    fields.append((column.jsonKey, value))
                }
            case let .invalid(message):
                unreadable.append((column, message))
            }
        }
        for (object, pairs) in zip(SheetColumns.jsonObjects, objects) where !pairs.isEmpty {
            fields.append((object, .object(pairs)))
        }
        self.fields = fields
        self.unreadable = unreadable
        let beyondHeadings = columns.width..<Swift.max(columns.width, row.cells.count)
        dataWithoutHeading = columns.headingless.isEmpty && beyondHeadings.isEmpty
            ? [] : (columns.headingless + beyondHeadings).filter { !Self.cell(row, $0).isBlank }
    }

    static func cell(_ row: TableRow, _ position: Int) -> TableCell {
        position < row.cells.count ? row.cells[position] : .empty
    }
}
